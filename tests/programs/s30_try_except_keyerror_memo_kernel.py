"""A kernel matrix cache inside the objective: a dict keyed by the dataset name is looked
up in try/except KeyError and filled on a miss, the way people memoise expensive
intermediate results; a kernel ridge validation loss over two splits reuses it."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3007)
DATA = {"train": rs.randn(10, 2), "valid": rs.randn(6, 2)}
TARGET = {k: np.sin(v[:, 0]) + v[:, 1] ** 2 for k, v in DATA.items()}


def rbf(a, b, log_ell):
    d2 = np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1)
    return np.exp(-0.5 * d2 / np.exp(2 * log_ell))


def loss(hypers):
    log_ell, log_lam = hypers[0], hypers[1]
    cache = {}

    def gram(a, b):
        key = (a, b)
        try:
            return cache[key]
        except KeyError:
            cache[key] = rbf(DATA[a], DATA[b], log_ell)
            return cache[key]

    K = gram("train", "train") + np.exp(log_lam) * np.eye(10)
    alpha = np.linalg.solve(K, TARGET["train"])
    pred = np.dot(gram("valid", "train"), alpha)
    fit = np.dot(gram("train", "train"), alpha)
    return np.mean((pred - TARGET["valid"]) ** 2) + 0.1 * np.mean((fit - TARGET["train"]) ** 2)


def inputs():
    return (np.array([0.1, -1.0]),)
