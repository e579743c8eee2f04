"""An MLP whose parameters live in one flat vector, cut into layers with
np.split(theta, np.cumsum(sizes)[:-1]) and reshaped to the shapes in a list, then given
names with dict(zip(names, pieces)); the network reads the dict with string keys built by
f-strings, uses a softplus written with np.logaddexp, and the loss is a mean squared error
plus a weight decay over the dict's values."""

import autograd.numpy as np
import autograd.numpy.random as npr

LAYER_SIZES = [2, 5, 4, 1]
SHAPES = []
NAMES = []
for i, (m, n) in enumerate(zip(LAYER_SIZES[:-1], LAYER_SIZES[1:])):
    SHAPES += [(m, n), (n,)]
    NAMES += [f"W{i}", f"b{i}"]
SIZES = [int(np.prod(s)) for s in SHAPES]

rs = npr.RandomState(2506)
X = rs.randn(20, 2)
Y = np.sin(X[:, :1]) * np.cos(X[:, 1:])


def unflatten(theta):
    pieces = np.split(theta, np.cumsum(SIZES)[:-1])
    return dict(zip(NAMES, [p.reshape(s) for p, s in zip(pieces, SHAPES)]))


def softplus(x):
    return np.logaddexp(0.0, x)


def forward(params, x):
    n_layers = len(LAYER_SIZES) - 1
    for i in range(n_layers):
        x = np.dot(x, params[f"W{i}"]) + params[f"b{i}"]
        if i < n_layers - 1:
            x = softplus(x)
    return x


def loss(theta, decay=1e-3):
    params = unflatten(theta)
    mse = np.mean((forward(params, X) - Y) ** 2)
    return mse + decay * sum(np.sum(v**2) for v in params.values())


def inputs():
    return (0.5 * npr.RandomState(4).randn(sum(SIZES)),)
