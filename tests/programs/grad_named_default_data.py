"""Gradients by argument name: grad_named over a function of named hyperparameters of
a GP-style kernel regression (data as default arguments), and grad with an argnum tuple
for all three at once."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, grad_named

rs = npr.RandomState(4)
X = np.sort(rs.rand(12)) * 5
Y = np.cos(X) + 0.1 * rs.randn(12)


def kernel_ridge_loss(log_amp, log_ls, log_noise, x=X, y=Y):
    d2 = (x[:, None] - x[None, :]) ** 2
    K = np.exp(2 * log_amp) * np.exp(-0.5 * d2 / np.exp(2 * log_ls))
    A = K + np.exp(2 * log_noise) * np.eye(len(x))
    alpha = np.linalg.solve(A, y)
    return 0.5 * np.dot(y, alpha) + 0.5 * np.linalg.slogdet(A)[1]


def loss(hypers):
    return kernel_ridge_loss(hypers[0], hypers[1], hypers[2])


def inputs():
    return (np.array([0.1, -0.2, -1.0]),)


def result():
    amp, ls, noise = inputs()[0]
    all_grads = grad(kernel_ridge_loss, argnum=(0, 1, 2))(amp, ls, noise)
    named = {
        name: grad_named(kernel_ridge_loss, name)(amp, ls, noise)
        for name in ("log_ls", "log_noise")
    }
    return list(all_grads), named
