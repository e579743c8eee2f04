"""Variational inference with a planar normalising flow (Rezende and Mohamed): K layers
z + u * tanh(w.z + b) with u constrained by the softplus trick so the flow is invertible;
the log-det-Jacobian term log|1 + u.psi|; base samples fixed."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad


def softplus(x):
    return np.log1p(np.exp(x))


def constrain_u(u, w):
    wu = np.dot(w, u)
    return u + (-1 + softplus(wu) - wu) * w / np.sum(w**2)


def planar_layer(z, u, w, b):
    u_hat = constrain_u(u, w)
    a = np.dot(z, w) + b
    h = np.tanh(a)
    psi = (1 - h**2)[:, None] * w[None, :]
    log_det = np.log(np.abs(1 + np.dot(psi, u_hat)))
    return z + h[:, None] * u_hat[None, :], log_det


def target_log_density(z):
    z1, z2 = z[:, 0], z[:, 1]
    w1 = np.sin(2 * np.pi * z1 / 4)
    return -0.5 * ((z2 - w1) / 0.4) ** 2 - 0.1 * z1**2


def loss(flow_params, eps):
    z = eps
    base_logq = -0.5 * np.sum(eps**2, axis=1) - np.log(2 * np.pi)
    sum_log_det = 0.0
    for u, w, b in flow_params:
        z, log_det = planar_layer(z, u, w, b)
        sum_log_det = sum_log_det + log_det
    return np.mean(base_logq - sum_log_det - target_log_density(z))


def inputs():
    rs = npr.RandomState(45)
    flow = [(0.3 * rs.randn(2), 0.5 * rs.randn(2), 0.1 * rs.randn()) for _ in range(3)]
    return flow, rs.randn(10, 2)


def result():
    flow, eps = inputs()
    vg = value_and_grad(loss)
    values = []
    for i in range(4):
        v, g = vg(flow, eps)
        values.append(v)
        flow = [
            tuple(p - 0.05 * dp for p, dp in zip(layer, dlayer)) for layer, dlayer in zip(flow, g)
        ]
    return flow, values
