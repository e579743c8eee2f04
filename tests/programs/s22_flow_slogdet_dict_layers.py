"""A normalising flow of invertible linear layers with leaky-ReLU-free smooth
nonlinearities (x + u tanh(w.x + b) planar steps alternating with full linear maps), the
layers held as a list of dicts beside a list of their kinds, the density evaluated through the
layers with np.linalg.slogdet for the linear log-determinants, and the data scored under
a standard normal base; differentiated in the list of dicts."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import multivariate_normal as mvn

rs = npr.RandomState(2221)
DATA = np.dot(rs.randn(30, 2), np.array([[1.0, 0.5], [0.0, 0.6]])) + np.array([0.5, -1.0])


def linear_forward(layer, z):
    return np.dot(z, layer["A"].T) + layer["c"], np.linalg.slogdet(layer["A"])[1]


def planar_forward(layer, z):
    u, w, b = layer["u"], layer["w"], layer["b"]
    a = np.tanh(np.dot(z, w) + b)
    psi = (1 - a**2)[:, None] * w
    logdet = np.log(np.abs(1 + np.dot(psi, u)))
    return z + a[:, None] * u, logdet


FORWARD = {"linear": linear_forward, "planar": planar_forward}
KINDS = ["linear", "planar", "linear"]


def log_density(layers, x):
    z, total_logdet = x, 0.0
    for kind, layer in zip(KINDS, layers):
        z, logdet = FORWARD[kind](layer, z)
        total_logdet = total_logdet + logdet
    return mvn.logpdf(z, np.zeros(2), np.eye(2)) + total_logdet


def loss(layers):
    return -np.mean(log_density(layers, DATA))


def inputs():
    init = npr.RandomState(11)
    return (
        [
            {"A": np.eye(2) + 0.2 * init.randn(2, 2), "c": 0.1 * init.randn(2)},
            {"u": 0.3 * init.randn(2), "w": 0.5 * init.randn(2), "b": 0.1},
            {"A": np.eye(2) + 0.2 * init.randn(2, 2), "c": np.zeros(2)},
        ],
    )
