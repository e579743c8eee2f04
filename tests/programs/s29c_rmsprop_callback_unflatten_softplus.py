"""Heteroscedastic regression trained by autograd.misc.optimizers.rmsprop: the mean and
the softplus-transformed scale of each prediction come from one linear map of features,
the parameters are a dict {'mean': ..., 'scale': ...} that rmsprop flattens itself, and
the callback keeps the objective; the loss is the Gaussian negative log likelihood."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import rmsprop

rs = npr.RandomState(29029)
x = np.linspace(-2, 2, 18)
y = 0.7 * x + (0.2 + 0.3 * np.abs(x)) * rs.randn(18)
FEATURES = np.stack([np.ones_like(x), x, np.abs(x)], axis=1)


def softplus(z):
    return np.logaddexp(0.0, z)


def nll(params):
    mean = np.dot(FEATURES, params["mean"])
    scale = softplus(np.dot(FEATURES, params["scale"])) + 1e-3
    return np.sum(0.5 * ((y - mean) / scale) ** 2 + np.log(scale))


def loss(params):
    return nll(params)


def inputs():
    return ({"mean": np.zeros(3), "scale": np.array([-1.0, 0.0, 0.1])},)


def result():
    trace = []

    def objective(params, it):
        return nll(params)

    def callback(params, it, g):
        trace.append(objective(params, it))

    out = rmsprop(grad(objective), inputs()[0], step_size=0.05, num_iters=6, callback=callback)
    return out, np.array(trace)
