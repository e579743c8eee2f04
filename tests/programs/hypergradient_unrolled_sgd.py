"""Hyperparameter gradients through training: ridge logistic regression trained by ten
unrolled SGD steps, each taking grad of the training loss inside the outer function;
the validation loss is differentiated in the log learning rate and the log L2 weight."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def logistic_loss(w, X, y):
    margins = y * np.dot(X, w)
    return np.mean(np.logaddexp(0.0, -margins))


def train(hypers, w0, X, y, num_steps=10):
    log_lr, log_l2 = hypers
    lr, l2 = np.exp(log_lr), np.exp(log_l2)

    def train_objective(w):
        return logistic_loss(w, X, y) + l2 * np.sum(w**2)

    dobj = grad(train_objective)
    w = w0
    for step in range(num_steps):
        w = w - lr * dobj(w)
    return w


def loss(hypers, w0, data):
    (X_tr, y_tr), (X_val, y_val) = data
    w = train(hypers, w0, X_tr, y_tr)
    return logistic_loss(w, X_val, y_val)


def inputs():
    rs = npr.RandomState(11)
    true_w = rs.randn(4)

    def make(n):
        X = rs.randn(n, 4)
        return X, np.sign(np.dot(X, true_w) + 0.5 * rs.randn(n))

    return np.array([np.log(0.5), np.log(0.01)]), np.zeros(4), (make(30), make(20))
