"""A model class that is iterable: __iter__ yields (W, b, activation) triples from its
parameter list and a tuple of activation names, __len__ gives the depth; forward is
`for W, b, act in self`, and the loss builds a Model around the differentiated list."""

import autograd.numpy as np
import autograd.numpy.random as npr

ACTS = {"tanh": np.tanh, "identity": lambda z: z, "sin": np.sin}


class Model:
    def __init__(self, params, acts):
        self.params = params
        self.acts = acts

    def __len__(self):
        return len(self.params) // 2

    def __iter__(self):
        for k in range(len(self)):
            yield self.params[2 * k], self.params[2 * k + 1], ACTS[self.acts[k]]

    def forward(self, x):
        for W, b, act in self:
            x = act(x @ W + b)
        return x


rs = npr.RandomState(3026)
X = rs.uniform(-1, 1, (20, 1))
Y = np.sin(3 * X)


def loss(params):
    model = Model(params, ("sin", "tanh", "identity"))
    return np.mean((model.forward(X) - Y) ** 2)


def inputs():
    r = npr.RandomState(26)
    return (
        [
            r.randn(1, 5),
            r.randn(5),
            0.5 * r.randn(5, 4),
            np.zeros(4),
            0.5 * r.randn(4, 1),
            np.zeros(1),
        ],
    )
