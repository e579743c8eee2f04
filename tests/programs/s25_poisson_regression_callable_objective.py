"""Poisson regression with an exposure offset, written the way a scikit-learn-minded user
would: the objective is a class whose __call__ takes the weight vector (data and the
ridge strength held on the instance), differentiated as grad(objective) of the object
itself; result() fits it with a hand-written gradient descent loop that keeps a history
of the loss in a list."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2507)
X = np.hstack([np.ones((30, 1)), rs.randn(30, 2)])
EXPOSURE = rs.uniform(0.5, 2.0, size=30)
COUNTS = rs.poisson(EXPOSURE * np.exp(X @ np.array([0.2, 0.5, -0.3])))


class PoissonObjective:
    def __init__(self, X, y, exposure, alpha=0.1):
        self.X = X
        self.y = y
        self.log_exposure = np.log(exposure)
        self.alpha = alpha

    def linear_predictor(self, w):
        return self.X @ w + self.log_exposure

    def __call__(self, w):
        eta = self.linear_predictor(w)
        nll = np.sum(np.exp(eta) - self.y * eta) / len(self.y)
        return nll + 0.5 * self.alpha * np.sum(w[1:] ** 2)


loss = PoissonObjective(X, COUNTS, EXPOSURE)


def inputs():
    return (np.array([0.1, 0.0, 0.0]),)


def result():
    w = inputs()[0]
    objective_grad = grad(loss)
    history = []
    for step in range(20):
        w = w - 0.2 * objective_grad(w)
        history.append(loss(w))
    return w, np.array(history)
