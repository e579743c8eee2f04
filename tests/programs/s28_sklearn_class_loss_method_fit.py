"""An sklearn-style Poisson regressor whose objective is a method: fit() runs
gradient descent on grad(self._objective) with keyword hyperparameters set in
__init__, an intercept is stacked on with np.concatenate, and predict() exponentiates
the linear predictor. The loss differentiates the method of a fixed instance."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class PoissonRegressor:
    def __init__(self, alpha=1.0, lr=0.05, max_iter=20, fit_intercept=True):
        self.alpha = alpha
        self.lr = lr
        self.max_iter = max_iter
        self.fit_intercept = fit_intercept

    def _design(self, X):
        if self.fit_intercept:
            return np.concatenate([np.ones((X.shape[0], 1)), X], axis=1)
        return X

    def _objective(self, coef, X, y):
        eta = self._design(X) @ coef
        penalty = 0.5 * self.alpha * np.sum(coef[1:] ** 2 if self.fit_intercept else coef**2)
        return np.mean(np.exp(eta) - y * eta) + penalty

    def fit(self, X, y, coef=None):
        n_coef = X.shape[1] + int(self.fit_intercept)
        coef = np.zeros(n_coef) if coef is None else coef
        g = grad(self._objective)
        for it in range(self.max_iter):
            step = g(coef, X, y)
            if np.max(np.abs(step)) < 1e-6:
                break
            coef = coef - self.lr * step
        return coef

    def predict(self, coef, X):
        return np.exp(self._design(X) @ coef)


rs = npr.RandomState(2813)
X = rs.randn(30, 3)
Y = rs.poisson(np.exp(0.3 + X @ np.array([0.5, -0.2, 0.1]))).astype(float)
MODEL = PoissonRegressor(alpha=0.1)


def loss(coef):
    return MODEL._objective(coef, X, Y)


def inputs():
    return (np.array([0.1, 0.2, -0.1, 0.0]),)


def result():
    coef = MODEL.fit(X, Y)
    return coef, MODEL.predict(coef, X[:5])
