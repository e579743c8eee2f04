"""Contractive autoencoder: the reconstruction error plus the squared Frobenius norm of the
encoder's Jacobian in the input, taken per example with autograd.jacobian inside the loss
(a loop over the rows of the batch), differentiated in the weights."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import jacobian


def encode(x, params):
    W, b = params["W"], params["b"]
    return np.tanh(np.dot(x, W) + b)


def decode(h, params):
    return np.dot(h, params["W"].T) + params["c"]


def loss(params, X, lam=0.1):
    H = encode(X, params)
    rec = np.sum((decode(H, params) - X) ** 2) / X.shape[0]
    penalty = 0.0
    for x in X:
        J = jacobian(encode)(x, params)
        penalty = penalty + np.sum(J**2)
    return rec + lam * penalty / X.shape[0]


def inputs():
    rs = npr.RandomState(83)
    params = {"W": 0.4 * rs.randn(4, 3), "b": 0.1 * rs.randn(3), "c": np.zeros(4)}
    return params, rs.randn(5, 4)
