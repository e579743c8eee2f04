"""The log likelihood of a local-linear-trend state-space model by a Kalman filter: the
model matrices live in a dataclass built by a function of the log variances, and the
filter is a method that returns the running log likelihood after a predict/update loop
using np.linalg.solve and slogdet."""

from dataclasses import dataclass

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3012)
OBS = np.cumsum(np.cumsum(0.1 * rs.randn(25))) + 0.3 * rs.randn(25)


@dataclass
class StateSpace:
    F: np.ndarray
    H: np.ndarray
    Q: np.ndarray
    R: np.ndarray

    def filter_loglik(self, ys, m0, P0):
        m, P, ll = m0, P0, 0.0
        for y in ys:
            m = self.F @ m
            P = self.F @ P @ self.F.T + self.Q
            S = self.H @ P @ self.H.T + self.R
            resid = y - self.H @ m
            _, logdet = np.linalg.slogdet(S)
            ll = ll - 0.5 * (logdet + resid @ np.linalg.solve(S, resid) + np.log(2 * np.pi))
            K = P @ self.H.T @ np.linalg.inv(S)
            m = m + K @ resid
            P = P - K @ S @ K.T
        return ll


def build(log_vars):
    F = np.array([[1.0, 1.0], [0.0, 1.0]])
    H = np.array([[1.0, 0.0]])
    Q = np.diag(np.exp(log_vars[:2]))
    R = np.exp(log_vars[2]) * np.eye(1)
    return StateSpace(F, H, Q, R)


def loss(log_vars):
    ssm = build(log_vars)
    return -ssm.filter_loglik(OBS[:, None], np.zeros(2), 10.0 * np.eye(2))


def inputs():
    return (np.array([-3.0, -4.0, -2.0]),)
