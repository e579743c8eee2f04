"""ML-from-scratch regression family: a Regression base class whose fit() runs gradient
descent with ``grad(self._objective)``, l1/l2/elastic-net regularizer classes with
__call__ (the penalty), and Ridge/Lasso/ElasticNet subclasses that pick their
regularizer in __init__ via super().__init__; polynomial features by a helper. loss is
an ElasticNet's objective."""

import math

import autograd.numpy as np
from autograd import grad

np.random.seed(2642)


class l1_regularization:
    def __init__(self, alpha):
        self.alpha = alpha

    def __call__(self, w):
        return self.alpha * np.sum(np.sqrt(w**2 + 1e-6))


class l2_regularization:
    def __init__(self, alpha):
        self.alpha = alpha

    def __call__(self, w):
        return self.alpha * 0.5 * np.dot(w, w)


class l1_l2_regularization:
    def __init__(self, alpha, l1_ratio=0.5):
        self.alpha = alpha
        self.l1_ratio = l1_ratio

    def __call__(self, w):
        l1 = self.l1_ratio * np.sum(np.sqrt(w**2 + 1e-6))
        l2 = (1 - self.l1_ratio) * 0.5 * np.dot(w, w)
        return self.alpha * (l1 + l2)


def polynomial_features(X, degree):
    cols = [np.ones(X.shape[0])]
    for d in range(1, degree + 1):
        for j in range(X.shape[1]):
            cols.append(X[:, j] ** d)
    return np.stack(cols, axis=1)


def normalize(X):
    return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)


class Regression:
    def __init__(self, n_iterations, learning_rate):
        self.n_iterations = n_iterations
        self.learning_rate = learning_rate
        self.training_errors = []

    def initialize_weights(self, n_features):
        limit = 1 / math.sqrt(n_features)
        rs = np.random.RandomState(0)
        self.w = rs.uniform(-limit, limit, (n_features,))

    def _objective(self, w, X, y):
        y_pred = np.dot(X, w)
        mse = np.mean(0.5 * (y - y_pred) ** 2)
        return mse + self.regularization(w)

    def fit(self, X, y):
        self.initialize_weights(n_features=X.shape[1])
        gradient = grad(self._objective)
        for i in range(self.n_iterations):
            self.training_errors.append(self._objective(self.w, X, y))
            self.w = self.w - self.learning_rate * gradient(self.w, X, y)

    def predict(self, X):
        return X.dot(self.w)


class RidgeRegression(Regression):
    def __init__(self, reg_factor, n_iterations=100, learning_rate=0.01):
        self.regularization = l2_regularization(alpha=reg_factor)
        super().__init__(n_iterations, learning_rate)


class LassoRegression(Regression):
    def __init__(self, degree, reg_factor, n_iterations=300, learning_rate=0.01):
        self.degree = degree
        self.regularization = l1_regularization(alpha=reg_factor)
        super().__init__(n_iterations, learning_rate)

    def fit(self, X, y):
        X = normalize(polynomial_features(X, degree=self.degree)[:, 1:])
        super().fit(X, y)


class ElasticNet(Regression):
    def __init__(
        self, degree=1, reg_factor=0.05, l1_ratio=0.5, n_iterations=300, learning_rate=0.01
    ):
        self.degree = degree
        self.regularization = l1_l2_regularization(alpha=reg_factor, l1_ratio=l1_ratio)
        super().__init__(n_iterations, learning_rate)


X = np.random.uniform(-1, 1, (30, 2))
Y = 1.5 * X[:, 0] - 0.7 * X[:, 1] ** 2 + 0.1 * np.random.randn(30)
FEATURES = polynomial_features(X, 2)
NET = ElasticNet(degree=2, reg_factor=0.1, l1_ratio=0.3)


def loss(w):
    return NET._objective(w, FEATURES, Y)


def inputs():
    return (np.linspace(-0.5, 0.5, FEATURES.shape[1]),)


def result():
    ridge = RidgeRegression(reg_factor=0.1, n_iterations=25, learning_rate=0.1)
    ridge.fit(FEATURES, Y)
    lasso = LassoRegression(degree=2, reg_factor=0.05, n_iterations=25, learning_rate=0.1)
    lasso.fit(X, Y)
    return ridge.w, np.array(ridge.training_errors), lasso.w, lasso.training_errors[-1]


if __name__ == "__main__":
    model = ElasticNet(degree=2)
    model.fit(FEATURES, Y)
    print(f"final mse {model.training_errors[-1]:.4f}")
