"""A small classifier MLP whose parameters are a list of (W, b) tuples, with the
nonlinearity passed as a default argument, trained by autograd's adam with a callback
that keeps the loss history (the way the autograd examples write it)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam
from autograd.scipy.special import logsumexp


def init_random_params(scale, layer_sizes, rs=npr.RandomState(2801)):  # noqa: B008
    return [
        (scale * rs.randn(m, n), scale * rs.randn(n))
        for m, n in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def neural_net_predict(params, inputs, nonlinearity=np.tanh):
    for W, b in params[:-1]:
        inputs = nonlinearity(np.dot(inputs, W) + b)
    W, b = params[-1]
    outputs = np.dot(inputs, W) + b
    return outputs - logsumexp(outputs, axis=1, keepdims=True)


def l2_norm(params):
    return sum(np.sum(W**2) + np.sum(b**2) for W, b in params)


rs = npr.RandomState(0)
X = rs.randn(24, 3)
labels = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 2] > 1.0)
T = np.eye(3)[labels]


def log_posterior(params, inputs, targets, L2_reg=0.01):
    log_prior = -L2_reg * l2_norm(params)
    log_lik = np.sum(neural_net_predict(params, inputs) * targets)
    return log_prior + log_lik


def loss(params):
    return -log_posterior(params, X, T) / len(X)


def inputs():
    return (init_random_params(0.3, [3, 5, 4, 3], rs=npr.RandomState(2801)),)


def result():
    history = []

    def objective(params, it):
        return loss(params)

    def callback(params, it, g):
        if it % 5 == 0:
            history.append(objective(params, it))

    trained = adam(grad(objective), inputs()[0], step_size=0.05, num_iters=20, callback=callback)
    return trained, np.array(history)
