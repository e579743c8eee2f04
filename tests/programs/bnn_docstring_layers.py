"""Bayesian neural net: closures with docstrings, a generator of layers, einsum over samples."""

import autograd.numpy as np
import autograd.numpy.random as npr


def make_net(layer_sizes, noise=0.1, nonlinearity=np.tanh):
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    count = sum((m + 1) * n for m, n in shapes)

    def layers(weights):
        """Split each row of weights into
        the matrices and biases of every layer."""
        rows = len(weights)
        for m, n in shapes:
            yield (
                weights[:, : m * n].reshape((rows, m, n)),
                weights[:, m * n : m * n + n].reshape((rows, 1, n)),
            )
            weights = weights[:, (m + 1) * n :]

    def predict(weights, x):
        """weights: (samples, count)
        x: (points, dims)"""
        x = np.expand_dims(x, 0)
        for W, b in layers(weights):
            out = np.einsum("mnd,mdo->mno", x, W) + b
            x = nonlinearity(out)
        return out

    def logprob(weights, x, y):
        prior = -0.5 * np.sum(weights**2, axis=1)
        lik = -np.sum((predict(weights, x) - y) ** 2, axis=1)[:, 0] / noise
        return prior + lik

    return count, predict, logprob


COUNT, PREDICT, LOGPROB = make_net([1, 4, 1])


def loss(params, x, y, rs):
    mean, log_std = params[:COUNT], params[COUNT:]
    samples = rs.randn(3, COUNT) * np.exp(log_std) + mean
    entropy = np.sum(log_std)
    return -(np.mean(LOGPROB(samples, x, y)) + entropy)


STATEFUL = True


def inputs():
    rs = npr.RandomState(0)
    x = np.linspace(-2, 2, 6).reshape((6, 1))
    params = np.concatenate([rs.randn(COUNT) * 0.3, -2.0 * np.ones(COUNT)])
    return params, x, np.cos(x), npr.RandomState(1)
