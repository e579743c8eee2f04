"""Derivatives of tanh by repeated elementwise_grad, as in autograd's tanh plot."""

import autograd.numpy as np
from autograd import elementwise_grad as egrad
from autograd import grad


def tanh(x):
    return (1.0 - np.exp(-2 * x)) / (1.0 + np.exp(-(2 * x)))


def loss(x):
    return np.sum(egrad(tanh)(x) ** 2)


def inputs():
    return (np.linspace(-2.0, 2.0, 7),)


def result():
    x = inputs()[0]
    return (
        egrad(tanh)(x),
        egrad(egrad(tanh))(x),
        egrad(egrad(egrad(tanh)))(x),
        grad(egrad(egrad(tanh)))(0.3),
    )
