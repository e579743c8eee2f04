"""autograd's operators on one small model: elementwise_grad of an activation, jacobian of
a vector map, hessian of a scalar, make_vjp with a cotangent, value_and_grad over two
arguments and grad with respect to a keyword-defaulted argument."""

import autograd.numpy as np
from autograd import elementwise_grad, grad, hessian, jacobian, make_vjp, value_and_grad

A = np.array([[2.0, -1.0, 0.5], [0.3, 1.5, -0.7]])


def swish(x, beta=1.0):
    return x / (1.0 + np.exp(-beta * x))


def vector_map(w):
    return np.tanh(np.dot(A, w)) + w[:2] ** 2


def energy(w, scale=0.5):
    return scale * np.sum(vector_map(w) ** 2) + np.sum(swish(w))


def loss(w):
    J = jacobian(vector_map)(w)
    return energy(w) + np.sum(J**2)


def inputs():
    return (np.array([0.2, -0.4, 0.9]),)


def result():
    w = inputs()[0]
    slope = elementwise_grad(swish)(np.linspace(-2, 2, 5))
    J = jacobian(vector_map)(w)
    H = hessian(energy)(w)
    vjp, value = make_vjp(vector_map)(w)
    ct = vjp(np.array([1.0, -2.0]))
    v, (gw, gs) = value_and_grad(energy, (0, 1))(w, 0.7)
    return slope, J, H, value, ct, v, gw, gs, grad(swish, 1)(0.5, 2.0)
