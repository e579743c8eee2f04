"""Training with autograd.misc.flatten_func and autograd.misc.optimizers.sgd (with
momentum mass) and rmsprop; the callback logs with f-strings and keeps a history; the
objective takes (params, iter) and picks a minibatch by the iteration number."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.flatten import flatten_func
from autograd.misc.optimizers import rmsprop, sgd

rs = npr.RandomState(50)
X = rs.randn(24, 3)
y = np.tanh(X @ np.array([1.0, -2.0, 0.5])) + 0.05 * rs.randn(24)
BATCH = 8


def predict(params, x):
    h = np.tanh(x @ params["W1"] + params["b1"])
    return h @ params["w2"] + params["b2"][0]


def objective(params, it):
    idx = slice((it % 3) * BATCH, (it % 3 + 1) * BATCH)
    return np.mean((predict(params, X[idx]) - y[idx]) ** 2)


def loss(params, it):
    return objective(params, it)


def inputs():
    r = npr.RandomState(51)
    params = {
        "W1": 0.5 * r.randn(3, 4),
        "b1": np.zeros(4),
        "w2": 0.5 * r.randn(4),
        "b2": np.zeros(1),
    }
    return params, 1


def result():
    params, _ = inputs()
    flat_objective, unflatten, flat_params = flatten_func(objective, params)
    log = []

    def callback(x, i, g):
        log.append(
            f"iter {i}: loss {objective(unflatten(x), i):.6f} |g| {float(np.linalg.norm(g)):.6f}"
        )

    x = sgd(
        grad(flat_objective), flat_params, callback=callback, num_iters=6, step_size=0.1, mass=0.8
    )
    x = rmsprop(grad(flat_objective), x, callback=callback, num_iters=4, step_size=0.01)
    return unflatten(x), [float(s.split()[3]) for s in log]
