"""Batch of independent linear-Gaussian systems: einsum and batched @ through a filter loop."""

import autograd.numpy as np


def loss(log_noise, A, ys):
    B, T, D = ys.shape
    Q = np.exp(log_noise[0]) * np.eye(D)
    R = np.exp(log_noise[1]) * np.eye(D)
    m = np.zeros((B, D))
    P = np.tile(np.eye(D), (B, 1, 1))
    nll = 0.0
    for t in range(T):
        m = np.einsum("ij,bj->bi", A, m)
        P = A @ P @ A.T + Q
        S = P + R
        v = ys[:, t, :] - m
        Sinv = np.linalg.inv(S)
        K = P @ Sinv
        m = m + np.einsum("bij,bj->bi", K, v)
        P = P - K @ P
        sign, logdet = np.linalg.slogdet(S)
        nll = nll + 0.5 * np.sum(logdet + np.einsum("bi,bij,bj->b", v, Sinv, v))
    return nll


def inputs():
    rs = np.random.RandomState(38)
    A = np.array([[0.9, 0.1], [0.0, 0.8]])
    return np.array([-1.0, -0.5]), A, rs.randn(3, 6, 2)
