"""A network over a dict of parameters trained through a flat vector: autograd.misc.flatten
gives the vector and unflatten, the objective reads the dict back inside the loss."""

import autograd.numpy as np
from autograd import grad
from autograd.misc import flatten

rs = np.random.RandomState(0)
init = {
    "hidden": {"W": rs.randn(2, 4) * 0.5, "b": np.zeros(4)},
    "out": {"W": rs.randn(4, 1) * 0.5, "b": np.zeros(1)},
    "log_noise": np.array(-1.0),
}
flat0, unflatten = flatten(init)
X = rs.randn(9, 2)
Y = np.sin(X[:, :1]) * np.cos(X[:, 1:])


def neg_log_lik(params):
    h = np.tanh(np.dot(X, params["hidden"]["W"]) + params["hidden"]["b"])
    pred = np.dot(h, params["out"]["W"]) + params["out"]["b"]
    var = np.exp(2 * params["log_noise"])
    return 0.5 * np.sum((pred - Y) ** 2) / var + len(Y) * params["log_noise"]


def loss(flat):
    return neg_log_lik(unflatten(flat))


def inputs():
    return (flat0.copy(),)


def result():
    flat = inputs()[0]
    g = grad(loss)
    for _ in range(5):
        flat = flat - 0.01 * g(flat)
    return unflatten(flat)["out"]["W"], grad(neg_log_lik)(unflatten(flat))
