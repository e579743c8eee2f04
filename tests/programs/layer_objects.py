"""Layers as objects of several classes in a list, each reading its weights from a
parameter vector through a parser object (the style of autograd's convnet example)."""

import autograd.numpy as np
import autograd.numpy.random as npr


class WeightsParser:
    def __init__(self):
        self.idxs_and_shapes = {}
        self.N = 0

    def add_weights(self, name, shape):
        start = self.N
        self.N += int(np.prod(shape))
        self.idxs_and_shapes[name] = (slice(start, self.N), shape)

    def get(self, vect, name):
        idxs, shape = self.idxs_and_shapes[name]
        return np.reshape(vect[idxs], shape)


class full_layer:
    def __init__(self, size):
        self.size = size

    def build_weights_dict(self, input_shape):
        self.parser = WeightsParser()
        self.parser.add_weights("params", (input_shape[0], self.size))
        self.parser.add_weights("biases", (self.size,))
        return self.parser.N, (self.size,)

    def forward_pass(self, inputs, param_vector):
        params = self.parser.get(param_vector, "params")
        biases = self.parser.get(param_vector, "biases")
        return self.nonlinearity(np.dot(inputs, params) + biases)


class tanh_layer(full_layer):
    def nonlinearity(self, x):
        return np.tanh(x)


class softmax_layer(full_layer):
    def nonlinearity(self, x):
        return x - np.log(np.sum(np.exp(x), axis=1, keepdims=True))


class dropout_free_layer:
    def build_weights_dict(self, input_shape):
        return 0, input_shape

    def forward_pass(self, inputs, param_vector):
        return inputs * 0.5 + 0.25 * inputs**2


LAYERS = [tanh_layer(5), dropout_free_layer(), tanh_layer(4), softmax_layer(3)]
PARSER = WeightsParser()
shape = (3,)
for layer in LAYERS:
    n, shape = layer.build_weights_dict(shape)
    PARSER.add_weights(layer, (n,))


def loss(W, X, T):
    cur = X
    for layer in LAYERS:
        cur = layer.forward_pass(cur, PARSER.get(W, layer))
    return -np.sum(cur * T) + 0.1 * np.dot(W, W)


def inputs():
    rs = npr.RandomState(40)
    return rs.randn(PARSER.N) * 0.3, rs.randn(6, 3), np.eye(3)[[0, 1, 2, 0, 1, 2]]
