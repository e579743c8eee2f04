"""Hyperparameter gradients through unrolled training, with the optimiser written as a
closure factory in the style of small training scripts: make_momentum(lr, mass) returns a
step function that keeps its velocity in a dict of the enclosing scope, train() calls
grad of the training loss at each step and records the losses through a callback, and
the validation loss is differentiated in the log learning rate and log L2 strength."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2411)
X_TRAIN, X_VAL = rs.randn(20, 3), rs.randn(15, 3)
W_TRUE = np.array([1.0, -2.0, 0.5])
Y_TRAIN = X_TRAIN @ W_TRUE + 0.3 * rs.randn(20)
Y_VAL = X_VAL @ W_TRUE + 0.3 * rs.randn(15)


def make_momentum(lr, mass=0.9):
    state = {"v": None}

    def step(w, g):
        v = g if state["v"] is None else mass * state["v"] + g
        state["v"] = v
        return w - lr * v

    return step


def train_loss(w, log_lam):
    resid = X_TRAIN @ w - Y_TRAIN
    return np.mean(resid**2) + np.exp(log_lam) * np.sum(w**2)


def train(log_lr, log_lam, steps=8, callback=None):
    step = make_momentum(np.exp(log_lr))
    g = grad(train_loss)
    w = np.zeros(3)
    for i in range(steps):
        w = step(w, g(w, log_lam))
        if callback is not None:
            callback(i, w)
    return w


def loss(hyper):
    w = train(hyper[0], hyper[1])
    return np.mean((X_VAL @ w - Y_VAL) ** 2)


def inputs():
    return (np.array([np.log(0.05), np.log(0.01)]),)


def result():
    seen = []
    w = train(np.log(0.05), np.log(0.01), callback=lambda i, w: seen.append(i))
    return w, grad(loss)(np.array([np.log(0.08), np.log(0.02)])), len(seen)
