"""A physics-informed network for u'' = -u on [0, pi]: the network's second derivative in
its input by elementwise_grad of elementwise_grad, the residual and boundary losses in
the weights, as in tutorials on PINNs with autograd."""

import autograd.numpy as np
from autograd import elementwise_grad

XS = np.linspace(0.0, np.pi, 7)


def net(x, params):
    W1, b1, W2 = params
    h = np.tanh(np.outer(x, W1) + b1)
    return np.dot(h, W2)


def u(x, params):
    return net(x, params)


du_dx = elementwise_grad(u, 0)
d2u_dx2 = elementwise_grad(du_dx, 0)


def loss(params):
    residual = d2u_dx2(XS, params) + u(XS, params)
    boundary = u(np.array([0.0]), params) ** 2 + (u(np.array([np.pi]), params)) ** 2
    slope = (du_dx(np.array([0.0]), params) - 1.0) ** 2
    return np.mean(residual**2) + np.sum(boundary) + np.sum(slope)


def inputs():
    rs = np.random.RandomState(0)
    return ([rs.randn(5) * 0.5, rs.randn(5) * 0.1, rs.randn(5) * 0.5],)
