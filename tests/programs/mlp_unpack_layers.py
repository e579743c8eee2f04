"""autograd's classic style: one flat parameter vector, unpacked by a generator."""

import autograd.numpy as np
import autograd.numpy.random as npr

LAYER_SIZES = [3, 4, 2]


def num_params(sizes):
    return sum((m + 1) * n for m, n in zip(sizes[:-1], sizes[1:]))


def unpack_layers(weights):
    for m, n in zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]):
        yield weights[: m * n].reshape((m, n)), weights[m * n : m * n + n]
        weights = weights[(m + 1) * n :]


def predictions(weights, inputs):
    for W, b in unpack_layers(weights):
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs


def loss(weights, inputs, targets):
    return np.sum((predictions(weights, inputs) - targets) ** 2)


def inputs():
    rs = npr.RandomState(2)
    return rs.randn(num_params(LAYER_SIZES)), rs.randn(5, 3), rs.randn(5, 2)
