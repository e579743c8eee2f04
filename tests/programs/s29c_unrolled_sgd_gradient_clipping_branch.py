"""Hyperparameter learning through an unrolled training loop with gradient clipping:
the inner loop takes grad of a ridge objective, clips the gradient when its norm exceeds
a threshold (a Python if on the computed norm), and steps with the learning rate
exp(log_lr); the loss is the validation error of the final weights, differentiated in
log_lr (hypergradient through grad and through the value-dependent branch)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(29033)
XT = rs.randn(20, 3)
YT = XT.dot(np.array([1.0, -2.0, 0.5])) + 0.1 * rs.randn(20)
XV = rs.randn(10, 3)
YV = XV.dot(np.array([1.0, -2.0, 0.5]))
CLIP = 2.0


def train_objective(w):
    return np.mean((np.dot(XT, w) - YT) ** 2) + 0.01 * np.sum(w**2)


def train(log_lr, steps=6):
    lr = np.exp(log_lr)
    w = np.zeros(3)
    g_fn = grad(train_objective)
    for _ in range(steps):
        g = g_fn(w)
        norm = np.sqrt(np.sum(g**2))
        if norm > CLIP:
            g = g * (CLIP / norm)
        w = w - lr * g
    return w


def loss(log_lr):
    w = train(log_lr)
    return np.mean((np.dot(XV, w) - YV) ** 2)


def inputs():
    return (np.log(0.3),)
