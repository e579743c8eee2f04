"""A scikit-learn-like model class whose objective writes the parameters it is given
into the object (self.coef_, self.intercept_ = ...) and then calls its own predict
method; the loss is a regularised logistic regression written as a method, and
grad is taken of a lambda that calls it."""

import autograd.numpy as np
import autograd.numpy.random as npr


class LogisticModel:
    def __init__(self, n_features, C=1.0):
        self.coef_ = np.zeros(n_features)
        self.intercept_ = 0.0
        self.C = C

    def set_params(self, theta):
        self.coef_ = theta[:-1]
        self.intercept_ = theta[-1]

    def decision_function(self, X):
        return np.dot(X, self.coef_) + self.intercept_

    def objective(self, theta, X, y):
        self.set_params(theta)
        margins = y * self.decision_function(X)
        return np.sum(np.logaddexp(0.0, -margins)) + 0.5 / self.C * np.sum(self.coef_**2)


rs = npr.RandomState(2609)
X = rs.randn(30, 4)
Y = np.sign(X @ np.array([1.0, -2.0, 0.0, 0.5]) + 0.3 * rs.randn(30))
MODEL = LogisticModel(4, C=2.0)


def loss(theta):
    return MODEL.objective(theta, X, Y)


def inputs():
    return (np.array([0.1, -0.2, 0.3, 0.0, 0.05]),)
