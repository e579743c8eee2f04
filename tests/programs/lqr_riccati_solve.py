"""Finite-horizon LQR by the backward Riccati recursion written with np.linalg.solve and
.T, the optimal feedback gains collected in a list and reversed, then a closed-loop
rollout; the total cost is differentiated in the cost weights (log-diagonal of Q)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def riccati_gains(A, B, Q, R, horizon):
    P = Q
    gains = []
    for _ in range(horizon):
        K = np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)
        P = Q + A.T @ P @ (A - B @ K)
        P = 0.5 * (P + P.T)
        gains.append(K)
    return gains[::-1]


def rollout_cost(log_q, A, B, x0, horizon=8):
    Q = np.diag(np.exp(log_q))
    R = 0.1 * np.eye(B.shape[1])
    gains = riccati_gains(A, B, Q, R, horizon)
    x = x0
    cost = 0.0
    for K in gains:
        u = -K @ x
        cost = cost + x @ x + 0.1 * u @ u  # true cost: identity weights
        x = A @ x + B @ u
    return cost + x @ x


def loss(log_q, A, B, x0):
    return rollout_cost(log_q, A, B, x0)


def inputs():
    rs = npr.RandomState(66)
    A = np.eye(3) + 0.1 * rs.randn(3, 3)
    B = rs.randn(3, 1)
    return np.zeros(3), A, B, rs.randn(3)


def result():
    log_q, A, B, x0 = inputs()
    g = grad(loss)
    for _ in range(3):
        log_q = log_q - 0.1 * g(log_q, A, B, x0)
    return log_q
