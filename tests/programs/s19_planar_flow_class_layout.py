"""Planar flows for variational inference, their parameters in one flat vector that a
class slices by a class-level LAYOUT read through self and type(self) in __init__;
the ELBO of a 2-D banana target with fixed base samples."""

import autograd.numpy as np
import autograd.numpy.random as npr


class PlanarFlow:
    LAYOUT = (("u", 2), ("w", 2), ("b", 1))
    N_LAYERS = 3

    def __init__(self, vector):
        self.size = sum(n for _, n in type(self).LAYOUT)
        self.layers = []
        start = 0
        for _ in range(PlanarFlow.N_LAYERS):
            layer = {}
            for name, n in self.LAYOUT:
                layer[name] = vector[start : start + n]
                start = start + n
            self.layers.append(layer)

    def forward(self, z):
        log_det = np.zeros(z.shape[0])
        for layer in self.layers:
            u, w, b = layer["u"], layer["w"], layer["b"][0]
            a = np.tanh(np.dot(z, w) + b)
            z = z + np.outer(a, u)
            psi = np.outer(1 - a**2, w)
            log_det = log_det + np.log(np.abs(1 + np.dot(psi, u)) + 1e-8)
        return z, log_det


def log_target(z):
    return -0.5 * (z[:, 0] ** 2 / 2.0 + (z[:, 1] - z[:, 0] ** 2 / 2.0) ** 2 / 0.5)


EPS = npr.RandomState(1911).randn(40, 2)


def loss(vector):
    z, log_det = PlanarFlow(vector).forward(EPS)
    log_q0 = -0.5 * np.sum(EPS**2, axis=1)
    return -np.mean(log_target(z) - (log_q0 - log_det))


def inputs():
    return (0.1 * npr.RandomState(19111).randn(15),)
