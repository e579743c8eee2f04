"""A small module of utility functions that call one another, the way a utils.py grows:
standardize, add_bias_column, predict, residuals, mse, r2_score and ridge_objective; the
loss is one minus the validation R^2 plus the training ridge objective."""

import autograd.numpy as np
import autograd.numpy.random as npr


def standardize(x, mean=None, std=None):
    mean = np.mean(x, axis=0) if mean is None else mean
    std = np.std(x, axis=0) if std is None else std
    return (x - mean) / std


def add_bias_column(x):
    return np.hstack([np.ones((x.shape[0], 1)), x])


def predict(w, x):
    return np.dot(add_bias_column(x), w)


def residuals(w, x, y):
    return y - predict(w, x)


def mse(w, x, y):
    return np.mean(residuals(w, x, y) ** 2)


def r2_score(w, x, y):
    return 1.0 - np.sum(residuals(w, x, y) ** 2) / np.sum((y - np.mean(y)) ** 2)


def ridge_objective(w, x, y, lam):
    return mse(w, x, y) + lam * np.sum(w[1:] ** 2)


rs = npr.RandomState(3033)
RAW = rs.randn(40, 3) * np.array([1.0, 10.0, 0.1])
TARGET = RAW @ np.array([0.5, 0.05, 3.0]) + 0.2 * rs.randn(40)
MU, SD = np.mean(RAW[:30], axis=0), np.std(RAW[:30], axis=0)
XTR, XVA = standardize(RAW[:30]), standardize(RAW[30:], MU, SD)
YTR, YVA = TARGET[:30], TARGET[30:]


def loss(w):
    return (1.0 - r2_score(w, XVA, YVA)) + ridge_objective(w, XTR, YTR, lam=0.1)


def inputs():
    return (npr.RandomState(33).randn(4),)
