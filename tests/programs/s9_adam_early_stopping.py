"""Ridge regression trained with autograd.misc.optimizers.adam; the callback tracks a
validation loss and raises StopIteration-free early stopping through a flag; params a
dict {"w", "b"}."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam


def predict(params, X):
    return np.dot(X, params["w"]) + params["b"]


def mse(params, X, y):
    return np.mean((predict(params, X) - y) ** 2)


def loss(params, X, y, lam=0.1):
    return mse(params, X, y) + lam * np.sum(params["w"] ** 2)


def inputs():
    rs = npr.RandomState(12)
    X = rs.randn(15, 4)
    y = np.dot(X, rs.randn(4)) + 0.3
    return {"w": np.zeros(4), "b": 0.0}, X, y


def result():
    params, X, y = inputs()
    Xtr, ytr, Xva, yva = X[:10], y[:10], X[10:], y[10:]
    state = {"best": np.inf, "best_params": params, "bad": 0}

    def objective(p, i):
        return loss(p, Xtr, ytr)

    def callback(p, i, g):
        v = mse(p, Xva, yva)
        if v < state["best"]:
            state["best"], state["best_params"], state["bad"] = v, p, 0
        else:
            state["bad"] += 1

    adam(grad(objective), params, step_size=0.1, num_iters=15, callback=callback)
    return state["best_params"]
