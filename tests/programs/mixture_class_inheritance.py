"""A 1-D Gaussian mixture as a subclass built inside the loss: the base class's
__init__ (called through super()) stores the dimension, the subclass's __init__ turns
unconstrained parameters into weights, means and scales, a @staticmethod log density is
called through self, a @property gives the log weights, and the negative log likelihood
uses a manual logsumexp; a dataclass made in the loss holds a prior with a method."""

import dataclasses

import autograd.numpy as np
from autograd import grad

K = 3


class Density:
    def __init__(self, dim):
        self.dim = dim

    def nll(self, x):
        return -np.mean(self.log_prob(x))


class Mixture(Density):
    def __init__(self, theta):
        super().__init__(1)
        logits = theta[:K]
        self.weights = np.exp(logits - np.max(logits)) / np.sum(np.exp(logits - np.max(logits)))
        self.means = theta[K : 2 * K]
        self.scales = np.exp(theta[2 * K :])

    @property
    def log_weights(self):
        return np.log(self.weights)

    @staticmethod
    def log_normal(x, mean, scale):
        return -0.5 * ((x - mean) / scale) ** 2 - np.log(scale) - 0.5 * np.log(2.0 * np.pi)

    def log_prob(self, x):
        terms = self.log_normal(x[:, None], self.means[None, :], self.scales[None, :])
        terms = terms + self.log_weights[None, :]
        top = np.max(terms, axis=1, keepdims=True)
        return top[:, 0] + np.log(np.sum(np.exp(terms - top), axis=1))


@dataclasses.dataclass
class Prior:
    scale: float

    def penalty(self, theta):
        return 0.5 * np.sum((theta / self.scale) ** 2)


def loss(theta, x):
    model = Mixture(theta)
    prior = Prior(np.exp(theta[0] * 0.0 + 1.0))
    return model.nll(x) + prior.penalty(theta) / len(x)


def inputs():
    rs = np.random.RandomState(8)
    x = np.concatenate([rs.randn(10) - 2.0, 0.5 * rs.randn(8) + 1.0, rs.randn(6) + 3.0])
    theta = np.concatenate([np.zeros(K), np.array([-1.5, 0.5, 2.5]), np.zeros(K)])
    return theta, x


def result():
    theta, x = inputs()
    for _ in range(5):
        theta = theta - 0.3 * grad(loss)(theta, x)
    return theta
