"""A linear-Gaussian state space model as a class; the Kalman filter's prediction-error
log-likelihood, differentiated in the log noise variances and the transition's
parameter (a tuple of arrays)."""

import autograd.numpy as np
import autograd.numpy.random as npr


class LocalLevelTrend:
    def __init__(self, log_q, log_r, rho):
        self.F = np.array([[1.0, 1.0], [0.0, 1.0]]) * np.array([[1.0, 1.0], [1.0, rho]])
        self.H = np.array([[1.0, 0.0]])
        self.Q = np.diag(np.exp(log_q))
        self.R = np.exp(log_r)

    def log_likelihood(self, ys):
        m = np.zeros(2)
        P = np.eye(2)
        total = 0.0
        for y in ys:
            m = np.dot(self.F, m)
            P = np.dot(np.dot(self.F, P), self.F.T) + self.Q
            S = np.dot(np.dot(self.H, P), self.H.T)[0, 0] + self.R
            v = y - np.dot(self.H, m)[0]
            K = np.dot(P, self.H.T)[:, 0] / S
            m = m + K * v
            P = P - np.outer(K, K) * S
            total = total - 0.5 * (np.log(2 * np.pi * S) + v**2 / S)
        return total


def loss(theta, ys):
    log_q, log_r, rho = theta
    return -LocalLevelTrend(log_q, log_r, rho).log_likelihood(ys)


def inputs():
    rs = npr.RandomState(1905)
    ys = np.cumsum(0.3 + 0.5 * rs.randn(15))
    return (np.array([-1.0, -2.0]), np.array(-0.5), np.array(0.9)), ys
