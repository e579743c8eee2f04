"""Kernel ridge regression hyperparameters by validation error: an RBF kernel closure
made by a factory (make_rbf(lengthscale, variance)), the dual coefficients from
np.linalg.solve of (K + lambda I), and the mean squared validation error as a function
of the log hyperparameters [log lengthscale, log variance, log lambda]."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2917)
X_TR = np.sort(rs.uniform(-3, 3, size=(15, 1)), axis=0)
Y_TR = np.sin(X_TR[:, 0]) + 0.1 * rs.randn(15)
X_VA = rs.uniform(-3, 3, size=(8, 1))
Y_VA = np.sin(X_VA[:, 0])


def make_rbf(lengthscale, variance):
    def kernel(A, B):
        d2 = np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=-1)
        return variance * np.exp(-0.5 * d2 / lengthscale**2)

    return kernel


def fit_predict(kernel, lam, X, y, X_new):
    K = kernel(X, X)
    alpha = np.linalg.solve(K + lam * np.eye(len(X)), y)
    return kernel(X_new, X) @ alpha


def loss(log_hypers):
    ell, var, lam = np.exp(log_hypers)
    pred = fit_predict(make_rbf(ell, var), lam, X_TR, Y_TR, X_VA)
    return np.mean((pred - Y_VA) ** 2)


def inputs():
    return (np.array([0.0, 0.0, np.log(0.1)]),)
