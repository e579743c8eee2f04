"""A whitening autoencoder written with array methods instead of np functions:
.sum(axis=0), .mean(), .reshape(-1, 2).max(axis=1), .clip(), .ravel(),
.var(), .std(), .cumsum(), .prod(), .squeeze() and .flatten()."""

import autograd.numpy as np
import autograd.numpy.random as npr

X = npr.RandomState(1504).randn(10, 4)


def loss(W):
    H = np.dot(X, W).clip(-3.0, 3.0)
    recon = np.dot(H, W.T)
    err = ((recon - X) ** 2).sum(axis=1).mean()
    pooled = H.reshape(-1, 2).max(axis=1)
    spread = H.var(axis=0).sum() + H.std()
    running = np.tanh(H.ravel()).cumsum()[-1]
    scale = (1.0 + 0.1 * W.flatten() ** 2).prod()
    col = H[:, :1].squeeze()
    return (
        err
        + 0.1 * pooled.mean()
        + 0.01 * spread
        + 0.01 * running
        + 0.1 * scale
        + 1e-3 * np.dot(col, col)
    )


def inputs():
    return (0.3 * npr.RandomState(15041).randn(4, 4),)
