"""The Whittaker-Eilers smoother with its penalty chosen by generalised cross-validation:
a second-difference matrix from np.diff(np.eye(n), 2, axis=0), the smoothed signal from
np.linalg.solve of (I + lam D'D), the hat-matrix trace from np.linalg.inv, and the GCV
score differentiated in log lambda (one scalar, a float gradient)."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2216)
N = 20
T = np.linspace(0, 1, N)
SIGNAL = np.sin(2 * np.pi * T) + 0.3 * rs.randn(N)
D = np.diff(np.eye(N), 2, axis=0)
PENALTY = np.dot(D.T, D)


def whittaker(y, lam):
    A = np.eye(len(y)) + lam * PENALTY
    return np.linalg.solve(A, y), A


def gcv(log_lam, y=SIGNAL):
    lam = np.exp(log_lam)
    z, A = whittaker(y, lam)
    trace_h = np.trace(np.linalg.inv(A))
    rss = np.sum((y - z) ** 2)
    return len(y) * rss / (len(y) - trace_h) ** 2


def loss(log_lam):
    return gcv(log_lam)


def inputs():
    return (1.5,)
