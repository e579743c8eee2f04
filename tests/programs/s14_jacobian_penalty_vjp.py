"""A contractive penalty computed with autograd.vector_jacobian_product inside the loss:
the encoder's Jacobian applied (transposed) to fixed probe vectors, squared and summed,
differentiated in the encoder weights (reverse over reverse)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import vector_jacobian_product


def encode(x, W):
    return np.tanh(np.dot(W, x))


def loss(W):
    rs = npr.RandomState(1404)
    x = rs.randn(3)
    probes = rs.randn(2, 2)
    recon = np.dot(W.T, encode(x, W))
    total = np.sum((recon - x) ** 2)
    vjp = vector_jacobian_product(encode)
    for v in probes:
        total = total + 0.1 * np.sum(vjp(x, W, v) ** 2)
    return total


def inputs():
    return (0.5 * npr.RandomState(14041).randn(2, 3),)
