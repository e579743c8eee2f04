"""A scikit-learn-like estimator: LogisticRegression(C=...).fit(X, y) stores the data on
self, differentiates its private _loss method with grad inside fit, keeps coef_ and
intercept_ attributes, and predict_proba uses them; the loss is the bound _loss method
of a fitted instance."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


class LogisticRegression:
    def __init__(self, C=1.0, max_iter=20, lr=0.5):
        self.C = C
        self.max_iter = max_iter
        self.lr = lr

    def _unpack(self, theta):
        return theta[:-1], theta[-1]

    def _loss(self, theta):
        w, b = self._unpack(theta)
        z = np.dot(self.X_, w) + b
        nll = np.mean(np.logaddexp(0.0, z) - self.y_ * z)
        return nll + 0.5 / (self.C * len(self.y_)) * np.dot(w, w)

    def fit(self, X, y):
        self.X_, self.y_ = X, y
        theta = np.zeros(X.shape[1] + 1)
        g = grad(self._loss)
        for _ in range(self.max_iter):
            theta = theta - self.lr * g(theta)
        self.coef_, self.intercept_ = self._unpack(theta)
        return self

    def predict_proba(self, X):
        p = 1.0 / (1.0 + np.exp(-(np.dot(X, self.coef_) + self.intercept_)))
        return np.stack([1 - p, p], axis=1)


def data():
    rs = npr.RandomState(1516)
    X = rs.randn(25, 3)
    y = (np.dot(X, np.array([1.5, -1.0, 0.3])) + 0.5 * rs.randn(25) > 0).astype(float)
    return X, y


MODEL = LogisticRegression(C=2.0).fit(*data())
loss = MODEL._loss


def inputs():
    return (np.array([0.2, -0.1, 0.3, 0.0]),)


def result():
    model = LogisticRegression(C=0.5, max_iter=10).fit(*data())
    return model.coef_, model.intercept_, model.predict_proba(data()[0][:4])
