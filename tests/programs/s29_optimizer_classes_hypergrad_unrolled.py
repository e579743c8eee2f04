"""Optimizers written as classes (SGD with momentum keeping its velocity on self) used to
unroll a few steps of training on a ridge-regression objective; the validation loss after
the unrolled steps is differentiated with respect to the log learning rate and the log
regularisation strength (a hypergradient)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class Momentum:
    def __init__(self, learning_rate, momentum=0.9):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.w_updt = None

    def update(self, w, grad_wrt_w):
        if self.w_updt is None:
            self.w_updt = np.zeros(np.shape(w))
        self.w_updt = self.momentum * self.w_updt + (1 - self.momentum) * grad_wrt_w
        return w - self.learning_rate * self.w_updt


rs = npr.RandomState(2902)
X_train, X_val = rs.randn(20, 4), rs.randn(10, 4)
true_w = np.array([1.0, -2.0, 0.5, 0.0])
y_train = X_train @ true_w + 0.3 * rs.randn(20)
y_val = X_val @ true_w + 0.3 * rs.randn(10)


def train_loss(w, log_alpha):
    return np.mean((X_train @ w - y_train) ** 2) + np.exp(log_alpha) * np.sum(w**2)


train_grad = grad(train_loss)


def loss(hypers, n_steps=4):
    log_lr, log_alpha = hypers[0], hypers[1]
    opt = Momentum(np.exp(log_lr), momentum=0.5)
    w = np.zeros(4)
    for _ in range(n_steps):
        w = opt.update(w, train_grad(w, log_alpha))
    return np.mean((X_val @ w - y_val) ** 2)


def inputs():
    return (np.array([np.log(0.1), np.log(0.01)]),)
