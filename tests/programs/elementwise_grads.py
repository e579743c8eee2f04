"""elementwise_grad of NumPy functions and of a user function, as in autograd's tanh plot."""

import autograd.numpy as np
from autograd import elementwise_grad as egrad


def tanh(x):
    y = np.exp(-2.0 * x)
    return (1.0 - y) / (1.0 + y)


def loss(x):
    return np.sum(tanh(x))


def inputs():
    return (np.linspace(-3, 3, 7),)


def result():
    x = inputs()[0]
    return egrad(tanh)(x), egrad(egrad(tanh))(x), egrad(np.sin)(x)
