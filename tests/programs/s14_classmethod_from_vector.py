"""An object with a classmethod constructor from a flat vector and a staticmethod helper;
the loss makes the object with the classmethod and calls its methods (a Gaussian
mixture in one dimension with a softmax over weights)."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Mixture1D:
    def __init__(self, means, log_sds, logits):
        self.means, self.log_sds, self.logits = means, log_sds, logits

    @classmethod
    def from_vector(cls, v, k):
        return cls(v[:k], v[k : 2 * k], v[2 * k :])

    @staticmethod
    def logsumexp(a, axis):
        m = np.max(a, axis=axis, keepdims=True)
        return np.squeeze(m, axis) + np.log(np.sum(np.exp(a - m), axis=axis))

    def log_weights(self):
        return self.logits - self.logsumexp(self.logits, 0)

    def log_prob(self, x):
        z = (x[:, None] - self.means) / np.exp(self.log_sds)
        comp = -0.5 * z**2 - self.log_sds - 0.5 * np.log(2 * np.pi)
        return self.logsumexp(comp + self.log_weights(), 1)


def data():
    rs = npr.RandomState(1429)
    return np.concatenate([rs.randn(20) - 2, 0.5 * rs.randn(15) + 1.5])


XS = data()


def loss(v):
    return -np.sum(Mixture1D.from_vector(v, 2).log_prob(XS))


def inputs():
    return (np.array([-1.0, 1.0, 0.0, 0.0, 0.1, -0.1]),)
