"""Soft-DTW between two sequences (Cuturi and Blondel): the dynamic-programming table is a
Python list of lists filled cell by cell (R[i][j] = D[i-1, j-1] + softmin of three
neighbours), the softmin written with a max-shifted log-sum-exp over a Python list."""

import autograd.numpy as np
import autograd.numpy.random as npr


def softmin(values, gamma):
    vals = np.array([-v / gamma for v in values])
    m = np.max(vals)
    return -gamma * (m + np.log(np.sum(np.exp(vals - m))))


def soft_dtw(x, y, gamma=0.5):
    n, m = x.shape[0], y.shape[0]
    D = np.sum((x[:, None, :] - y[None, :, :]) ** 2, axis=-1)
    inf = 1e10
    R = [[inf] * (m + 1) for _ in range(n + 1)]
    R[0][0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            R[i][j] = D[i - 1, j - 1] + softmin([R[i - 1][j], R[i][j - 1], R[i - 1][j - 1]], gamma)
    return R[n][m]


def loss(x, y):
    return soft_dtw(x, y)


def inputs():
    rs = npr.RandomState(60)
    t = np.linspace(0, 2 * np.pi, 5)
    x = np.stack([np.sin(t), np.cos(t)], axis=1) + 0.1 * rs.randn(5, 2)
    y = np.stack([np.sin(t[:4] + 0.3), np.cos(t[:4] + 0.3)], axis=1)
    return x, y
