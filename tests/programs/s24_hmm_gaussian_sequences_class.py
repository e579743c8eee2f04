"""A Gaussian-emission HMM fitted by direct likelihood maximisation over several
sequences of different lengths: a class turns unconstrained parameters into the initial
distribution and transition matrix by row-wise log-softmax (a staticmethod), a property
gives the emission scales, the forward recursion runs in log space with scipy's logsumexp,
and the emissions come from norm.logpdf broadcast over states."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm

rs = npr.RandomState(2414)
SEQUENCES = [rs.randn(n) + np.where(rs.rand(n) < 0.5, -1.5, 1.5) for n in (7, 5, 9)]
N_STATES = 2


class GaussianHMM:
    def __init__(self, params):
        self.log_pi = self.log_normalize(params["pi"])
        self.log_A = self.log_normalize(params["A"])
        self.means = params["means"]
        self._log_scales = params["log_scales"]

    @staticmethod
    def log_normalize(logits):
        return logits - logsumexp(logits, axis=-1, keepdims=True)

    @property
    def scales(self):
        return np.exp(self._log_scales)

    def emission_logp(self, x):
        return norm.logpdf(x[:, None], self.means, self.scales)

    def log_likelihood(self, x):
        log_b = self.emission_logp(x)
        log_alpha = self.log_pi + log_b[0]
        for t in range(1, len(x)):
            log_alpha = logsumexp(log_alpha[:, None] + self.log_A, axis=0) + log_b[t]
        return logsumexp(log_alpha)


def loss(params):
    model = GaussianHMM(params)
    return -sum(model.log_likelihood(seq) for seq in SEQUENCES) / len(SEQUENCES)


def inputs():
    return (
        {
            "pi": np.zeros(N_STATES),
            "A": np.array([[1.0, 0.0], [0.0, 1.0]]),
            "means": np.array([-1.0, 1.0]),
            "log_scales": np.zeros(N_STATES),
        },
    )
