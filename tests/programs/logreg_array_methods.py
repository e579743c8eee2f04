"""Logistic regression written with array methods: np.dot, .T, .reshape(-1, 1), .clip,
.astype, .mean(axis=0, keepdims=True), a boolean mask and np.where."""

import autograd.numpy as np
from autograd import grad, hessian

rng = np.random.RandomState(42)
N, D = 20, 3
X_raw = rng.randn(N, D) * np.array([1.0, 3.0, 0.5]) + 2.0
labels = (X_raw[:, 0] + 0.3 * X_raw[:, 1] > 2.5).astype(int)


def standardize(X):
    mu = X.mean(axis=0, keepdims=True)
    sd = X.std(axis=0, keepdims=True)
    return (X - mu) / sd


X = standardize(X_raw)
y = labels.reshape(-1, 1).astype(np.float64)
pos = labels == 1


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(w):
    b = w[-1]
    coef = w[:-1].reshape(-1, 1)
    z = np.dot(X, coef) + b
    p = sigmoid(z).clip(1e-10, 1 - 1e-10)
    ll = y * np.log(p) + (1 - y) * np.log(1 - p)
    weights = np.where(pos.reshape(-1, 1), 2.0, 1.0)
    penalty = 0.01 * np.dot(coef.T, coef)[0, 0]
    margin = z[pos].sum() - z[~pos].sum()
    return -(weights * ll).mean() + penalty - 1e-3 * margin


def inputs():
    return (np.array([0.1, -0.2, 0.3, 0.05]),)


def result():
    w = inputs()[0]
    for _ in range(3):  # Newton's method
        H = hessian(loss)(w)
        w = w - np.linalg.solve(H, grad(loss)(w))
    return w
