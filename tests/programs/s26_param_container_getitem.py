"""A parameter container class in the style of autograd's WeightsParser examples:
Params keeps named shapes and offsets in a dict, __getitem__(vector, name) is spelled
as a method get(vector, name) and a __call__ returning a dict; the network reads its
weights by name from the flat vector, asserts the vector's length, and fits a small
regression."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Params:
    def __init__(self):
        self.idxs_and_shapes = {}
        self.num_weights = 0

    def add(self, name, shape):
        start = self.num_weights
        self.num_weights += int(np.prod(shape))
        self.idxs_and_shapes[name] = (slice(start, self.num_weights), shape)

    def get(self, vect, name):
        idxs, shape = self.idxs_and_shapes[name]
        return np.reshape(vect[idxs], shape)

    def __call__(self, vect):
        return {name: self.get(vect, name) for name in self.idxs_and_shapes}


PARSER = Params()
for layer, (m, n) in enumerate([(2, 6), (6, 1)]):
    PARSER.add(f"W{layer}", (m, n))
    PARSER.add(f"b{layer}", (n,))

rs = npr.RandomState(2628)
X = rs.randn(25, 2)
Y = np.sin(X[:, :1] * 2.0) * X[:, 1:]


def loss(vect):
    assert vect.shape == (PARSER.num_weights,), f"expected {PARSER.num_weights} weights"
    p = PARSER(vect)
    h = np.tanh(X @ p["W0"] + p["b0"])
    out = h @ PARSER.get(vect, "W1") + p["b1"]
    return np.mean((out - Y) ** 2)


def inputs():
    return (0.3 * npr.RandomState(28).randn(PARSER.num_weights),)
