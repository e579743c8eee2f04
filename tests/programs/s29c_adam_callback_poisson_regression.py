"""Poisson regression fitted by autograd.misc.optimizers.adam: the objective takes
(params, iter) and uses a minibatch chosen by iter % n_batches through a batch_indices
helper, the parameters are a dict with the weights and the intercept, and the callback
records the full-data loss every few iterations."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

rs = npr.RandomState(29018)
X = rs.randn(24, 3)
COUNTS = rs.poisson(np.exp(0.3 + X.dot(np.array([0.5, -0.4, 0.2]))))
BATCH = 8
N_BATCHES = len(X) // BATCH


def batch_indices(it):
    idx = it % N_BATCHES
    return slice(idx * BATCH, (idx + 1) * BATCH)


def neg_log_lik(params, X, y):
    eta = np.dot(X, params["w"]) + params["b"]
    return np.sum(np.exp(eta) - y * eta)


def objective(params, it):
    idx = batch_indices(it)
    return neg_log_lik(params, X[idx], COUNTS[idx]) + 0.05 * np.sum(params["w"] ** 2)


def loss(params, it):
    return objective(params, it)


def inputs():
    return ({"w": np.zeros(3), "b": 0.1}, 1)


def result():
    history = []

    def callback(params, it, g):
        if it % 3 == 0:
            history.append(neg_log_lik(params, X, COUNTS))

    params = adam(grad(objective), inputs()[0], step_size=0.05, num_iters=10, callback=callback)
    return params, np.array(history)
