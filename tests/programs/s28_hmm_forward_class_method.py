"""A discrete HMM as a small class: the negative log likelihood is a method that runs
the forward algorithm in log space over observation sequences (emissions picked by
integer-array indexing of the log emission matrix), and grad is taken of the bound
method. The model's parameters are unconstrained logits normalised by logsumexp."""

import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp


class DiscreteHMM:
    def __init__(self, n_states, n_symbols):
        self.n_states = n_states
        self.n_symbols = n_symbols

    @staticmethod
    def normalise(logits, axis=-1):
        return logits - logsumexp(logits, axis=axis, keepdims=True)

    def unpack(self, params):
        pi_logits, A_logits, B_logits = params
        return self.normalise(pi_logits), self.normalise(A_logits), self.normalise(B_logits)

    def log_likelihood(self, params, obs):
        log_pi, log_A, log_B = self.unpack(params)
        log_alpha = log_pi + log_B[:, obs[0]]
        for o in obs[1:]:
            log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + log_B[:, o]
        return logsumexp(log_alpha)

    def nll(self, params, sequences):
        return -sum(self.log_likelihood(params, seq) for seq in sequences)


MODEL = DiscreteHMM(3, 4)
rs = npr.RandomState(2808)
SEQUENCES = [rs.randint(0, 4, size=n) for n in (6, 9, 4)]


def loss(params):
    return MODEL.nll(params, SEQUENCES)


def inputs():
    r = npr.RandomState(8)
    return ((r.randn(3), r.randn(3, 3), r.randn(3, 4)),)


def result():
    params = inputs()[0]
    g = grad(MODEL.nll)
    for _ in range(3):
        d = g(params, SEQUENCES)
        params = tuple(p - 0.1 * dp for p, dp in zip(params, d))
    return loss(params)
