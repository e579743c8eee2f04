"""Kalman filter log likelihood of a local-level / constant-velocity model."""

import autograd.numpy as np
from autograd import value_and_grad


def kalman_loglik(log_q, log_r, ys):
    F = np.array([[1.0, 1.0], [0.0, 1.0]])
    H = np.array([[1.0, 0.0]])
    Q = np.exp(log_q) * np.eye(2)
    R = np.exp(log_r) * np.eye(1)
    m = np.zeros(2)
    P = np.eye(2)
    ll = 0.0
    for y in ys:
        m = F @ m
        P = F @ P @ F.T + Q
        S = H @ P @ H.T + R
        v = y - H @ m
        Sinv = np.linalg.inv(S)
        K = P @ H.T @ Sinv
        m = m + K @ v
        P = P - K @ S @ K.T
        ll = ll - 0.5 * (np.log(np.linalg.det(2 * np.pi * S)) + v @ Sinv @ v)
    return ll


def loss(log_q, log_r, ys):
    return -kalman_loglik(log_q, log_r, ys)


ARGNUM = (0, 1)


def inputs():
    rs = np.random.RandomState(11)
    ys = np.cumsum(0.3 + 0.2 * rs.randn(8))[:, None] + 0.1 * rs.randn(8, 1)
    return -2.0, -1.0, ys


def result():
    lq, lr, ys = inputs()
    vg = value_and_grad(loss, argnum=[0, 1])
    out = []
    for _ in range(3):
        v, (gq, gr) = vg(lq, lr, ys)
        lq, lr = lq - 0.1 * gq, lr - 0.1 * gr
        out.append(v)
    return out, lq, lr
