"""Type-II maximum likelihood for Bayesian linear regression with polynomial features: a
class computes the posterior precision and mean from alpha and beta (properties of log
hyperparameters set by a method) and the log evidence with slogdet and solve."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3018)
XS = np.linspace(-1, 1, 20)
TS = np.sin(2.5 * XS) + 0.2 * rs.randn(20)


def features(x, degree=4):
    return np.stack([x**d for d in range(degree + 1)], axis=1)


class BayesLinReg:
    def __init__(self, Phi, t):
        self.Phi = Phi
        self.t = t
        self.log_alpha = 0.0
        self.log_beta = 0.0

    def set_hypers(self, log_hypers):
        self.log_alpha, self.log_beta = log_hypers[0], log_hypers[1]

    @property
    def alpha(self):
        return np.exp(self.log_alpha)

    @property
    def beta(self):
        return np.exp(self.log_beta)

    def log_evidence(self):
        N, M = self.Phi.shape
        A = self.alpha * np.eye(M) + self.beta * self.Phi.T @ self.Phi
        m = self.beta * np.linalg.solve(A, self.Phi.T @ self.t)
        E = 0.5 * self.beta * np.sum((self.t - self.Phi @ m) ** 2) + 0.5 * self.alpha * m @ m
        _, logdet = np.linalg.slogdet(A)
        return (
            0.5 * M * self.log_alpha
            + 0.5 * N * self.log_beta
            - E
            - 0.5 * logdet
            - 0.5 * N * np.log(2 * np.pi)
        )


def loss(log_hypers):
    model = BayesLinReg(features(XS), TS)
    model.set_hypers(log_hypers)
    return -model.log_evidence()


def inputs():
    return (np.array([0.5, 2.0]),)
