"""A deep-equilibrium layer: z = tanh(W z + U x + b) solved by autograd's fixed_point,
differentiated by the implicit function theorem; a softmax cross-entropy on top."""

import autograd.numpy as np
from autograd.builtins import tuple
from autograd.misc.fixed_points import fixed_point


def layer(params):
    W, U, b, x = params

    def step(z):
        return np.tanh(np.dot(W, z) + np.dot(U, x) + b)

    return step


def max_change(z, z_prev):
    return np.max(np.abs(z - z_prev))


def loss(W, U, b, x, label):
    z = fixed_point(layer, tuple((W, U, b, x)), np.zeros(4), max_change, 1e-12)
    logits = z * 3.0
    return np.log(np.sum(np.exp(logits))) - logits[label]


ARGNUM = (0, 1, 2, 3)


def inputs():
    rs = np.random.RandomState(5)
    return rs.randn(4, 4) * 0.25, rs.randn(4, 3) * 0.5, rs.randn(4) * 0.1, rs.randn(3), 2


def result():
    """A second derivative: of the first entry of the gradient in b, in b."""
    from autograd import grad

    W, U, b, x, label = inputs()

    def first_slope(b):
        return grad(loss, 2)(W, U, b, x, label)[0]

    return grad(first_slope)(b)
