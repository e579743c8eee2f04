"""A linear-Gaussian state-space model as a class built inside the loss from unconstrained
parameters: __init__ turns an angle and log scales into a rotation-like transition, a
diagonal process noise and an observation noise; predict/update are methods returning
tuples that the filter method calls in a loop over the observations; the log likelihood
reads a @property and a @staticmethod."""

import autograd.numpy as np
from autograd import grad

T, D = 12, 2


class LinearGaussianModel:
    def __init__(self, theta):
        angle, decay = theta[0], np.exp(theta[1])
        c, s = np.cos(angle), np.sin(angle)
        self.A = np.array([[c, -s], [s, c]]) * (1.0 / (1.0 + decay))
        self.Q = np.diag(np.exp(2.0 * theta[2:4]))
        self.r = np.exp(2.0 * theta[4])
        self.H = np.array([1.0, 0.5])

    @property
    def m0(self):
        return np.zeros(D)

    @staticmethod
    def gaussian_logpdf(y, mean, var):
        return -0.5 * (np.log(2.0 * np.pi * var) + (y - mean) ** 2 / var)

    def predict(self, m, P):
        return np.dot(self.A, m), np.dot(np.dot(self.A, P), self.A.T) + self.Q

    def update(self, m, P, y):
        S = np.dot(self.H, np.dot(P, self.H)) + self.r
        k = np.dot(P, self.H) / S
        ll = self.gaussian_logpdf(y, np.dot(self.H, m), S)
        m = m + k * (y - np.dot(self.H, m))
        P = P - np.outer(k, np.dot(self.H, P))
        return m, P, ll

    def log_likelihood(self, ys):
        m, P = self.m0, np.eye(D)
        total = 0.0
        for y in ys:
            m, P = self.predict(m, P)
            m, P, ll = self.update(m, P, y)
            total = total + ll
        return total


def loss(theta, ys):
    return -LinearGaussianModel(theta).log_likelihood(ys) / len(ys)


def inputs():
    rs = np.random.RandomState(11)
    x, ys = np.array([1.0, 0.0]), []
    for _ in range(T):
        x = np.dot(np.array([[0.9, -0.3], [0.3, 0.9]]), x) + 0.2 * rs.randn(D)
        ys.append(np.dot(np.array([1.0, 0.5]), x) + 0.3 * rs.randn())
    return np.array([0.3, -0.5, -1.0, -1.2, -0.8]), np.array(ys)


def result():
    theta, ys = inputs()
    for _ in range(4):
        theta = theta - 0.2 * grad(loss)(theta, ys)
    return theta
