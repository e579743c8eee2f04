"""Gaussian mixture: zip(*unpack(params)) over components, fitted by Newton-CG on the
flattened parameters (flatten_func, hessian_vector_product)."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.multivariate_normal as mvn
from autograd import grad, hessian_vector_product
from autograd.misc.flatten import flatten_func
from autograd.scipy.special import logsumexp


def init(k, d, seed=0):
    rs = npr.RandomState(seed)
    return {
        "log weights": rs.randn(k) * 0.1,
        "means": rs.randn(k, d),
        "chol": np.zeros((k, d, d)) + np.eye(d),
    }


def unpack(params):
    w = params["log weights"]
    return w - logsumexp(w), params["means"], params["chol"]


def log_likelihood(params, data):
    per_component = []
    for log_w, mean, chol in zip(*unpack(params)):
        cov = np.dot(chol.T, chol) + 1e-3 * np.eye(len(mean))
        per_component.append(log_w + mvn.logpdf(data, mean, cov))
    return np.sum(logsumexp(np.vstack(per_component), axis=0))


DATA = npr.RandomState(2).randn(12, 2)


def loss(params):
    return -log_likelihood(params, DATA)


def inputs():
    return (init(3, 2),)


def result():
    flat_loss, unflatten, x0 = flatten_func(loss, init(3, 2))
    v = np.linspace(-1, 1, len(x0))
    return grad(flat_loss)(x0), hessian_vector_product(flat_loss)(x0, v)
