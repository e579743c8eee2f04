"""A hidden Markov model as a class: unconstrained logits for the initial, transition and
emission distributions are normalised with scipy.special.logsumexp; the forward algorithm
keeps a list of log-alphas and the loss is the negative log likelihood of two sequences."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp


class HMM:
    def __init__(self, num_states, num_symbols):
        self.K = num_states
        self.V = num_symbols

    def normalise(self, logits, axis=-1):
        return logits - logsumexp(logits, axis=axis, keepdims=True)

    def unpack(self, params):
        log_pi = self.normalise(params["pi"])
        log_A = self.normalise(params["A"], axis=1)
        log_B = self.normalise(params["B"], axis=1)
        return log_pi, log_A, log_B

    def log_likelihood(self, params, obs):
        log_pi, log_A, log_B = self.unpack(params)
        alphas = [log_pi + log_B[:, obs[0]]]
        for t in range(1, len(obs)):
            prev = alphas[-1]
            alphas.append(logsumexp(prev[:, None] + log_A, axis=0) + log_B[:, obs[t]])
        return logsumexp(alphas[-1])


MODEL = HMM(3, 4)
SEQS = [np.array([0, 1, 1, 3, 2, 0]), np.array([2, 2, 1, 0])]


def loss(params):
    total = 0.0
    for seq in SEQS:
        total = total - MODEL.log_likelihood(params, seq)
    return total / len(SEQS)


def inputs():
    rs = npr.RandomState(130)
    return ({"pi": rs.randn(3), "A": rs.randn(3, 3), "B": rs.randn(3, 4)},)


def result():
    (params,) = inputs()
    g = grad(loss)
    history = []
    for i in range(5):
        grads = g(params)
        params = {k: v - 0.2 * grads[k] for k, v in params.items()}
        history.append(loss(params))
    return params, history
