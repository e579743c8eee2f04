"""A physics-informed network for the heat equation u_t = k u_xx on a grid of (x, t)
points, written as a class: the derivatives of the network in x and t are made once in
__init__ with elementwise_grad (u_xx is elementwise_grad of u_x) and called in the loss,
together with initial and boundary terms; the loss is differentiated in the weights."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import elementwise_grad, grad


class HeatPINN:
    def __init__(self, diffusivity, n_points=5):
        self.k = diffusivity
        g = np.linspace(0.0, 1.0, n_points)
        self.x = np.repeat(g, n_points)
        self.t = np.tile(g * 0.5, n_points)
        self.u_x = elementwise_grad(self.u, 0)
        self.u_t = elementwise_grad(self.u, 1)
        self.u_xx = elementwise_grad(self.u_x, 0)

    def u(self, x, t, params):
        W1, b1, W2, b2 = params
        h = np.tanh(np.outer(x, W1[0]) + np.outer(t, W1[1]) + b1)
        return np.dot(h, W2) + b2

    def residual(self, params):
        return self.u_t(self.x, self.t, params) - self.k * self.u_xx(self.x, self.t, params)

    def loss(self, params):
        x0 = np.linspace(0.0, 1.0, 4)
        initial = self.u(x0, np.zeros(4), params) - np.sin(np.pi * x0)
        edges = np.array([0.0, 1.0])
        boundary = self.u(edges, np.array([0.25, 0.25]), params)
        return np.mean(self.residual(params) ** 2) + np.mean(initial**2) + np.sum(boundary**2)


MODEL = HeatPINN(0.1)


def loss(params):
    return MODEL.loss(params)


def inputs():
    rs = npr.RandomState(7)
    return ([rs.randn(2, 4) * 0.8, rs.randn(4) * 0.2, rs.randn(4) * 0.5, 0.1],)


def result():
    params = inputs()[0]
    step = grad(loss)
    for _ in range(3):
        g = step(params)
        params = [p - 0.05 * gp for p, gp in zip(params, g)]
    return loss(params), params
