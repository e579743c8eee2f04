"""A regression model whose parameters are exposed as a property with a setter: setting
model.flat = theta splits the vector into the weight matrix and bias attributes, and the
getter concatenates them back; the loss assigns the property and calls predict()."""

import autograd.numpy as np
import autograd.numpy.random as npr


class Model:
    def __init__(self, n_in, n_out):
        self.n_in, self.n_out = n_in, n_out
        self.W = np.zeros((n_in, n_out))
        self.b = np.zeros(n_out)

    @property
    def flat(self):
        return np.concatenate([self.W.ravel(), self.b])

    @flat.setter
    def flat(self, theta):
        k = self.n_in * self.n_out
        self.W = np.reshape(theta[:k], (self.n_in, self.n_out))
        self.b = theta[k:]

    def predict(self, x):
        return np.tanh(x @ self.W + self.b)


MODEL = Model(3, 2)
rs = npr.RandomState(3029)
X = rs.randn(15, 3)
Y = np.tanh(X @ rs.randn(3, 2) + 0.2)


def loss(theta):
    MODEL.flat = theta
    return np.sum((MODEL.predict(X) - Y) ** 2) + 0.01 * np.sum(MODEL.flat**2)


def inputs():
    return (0.2 * npr.RandomState(29).randn(8),)
