"""A heteroscedastic regression model object built inside the loss from unconstrained
parameters: properties turn log-scales into positive scales, and methods call each
other (mean, variance, log_likelihood)."""

import autograd.numpy as np
import autograd.numpy.random as npr


class HeteroModel:
    def __init__(self, params):
        self.coef = params[:2]
        self._log_noise = params[2:4]

    @property
    def noise_coef(self):
        return np.exp(self._log_noise)

    def mean(self, x):
        return self.coef[0] + self.coef[1] * x

    def variance(self, x):
        a, b = self.noise_coef[0], self.noise_coef[1]
        return a + b * x**2

    def log_likelihood(self, x, y):
        var = self.variance(x)
        return -0.5 * np.sum(np.log(2 * np.pi * var) + (y - self.mean(x)) ** 2 / var)


def data():
    rs = npr.RandomState(1422)
    x = rs.uniform(-2, 2, 40)
    y = 0.5 + 1.5 * x + np.sqrt(0.1 + 0.3 * x**2) * rs.randn(40)
    return x, y


XS, YS = data()


def loss(params):
    return -HeteroModel(params).log_likelihood(XS, YS)


def inputs():
    return (np.array([0.1, 1.0, -1.0, -0.5]),)
