"""Loss and activation classes in the style of ML-from-scratch code: a Loss base class
with loss and acc methods, CrossEntropy clipping probabilities with np.clip, Sigmoid and
Softmax activations as callables with a gradient method (unused here), a small network
object whose layers are created in __init__ from a list of sizes, and a
LogisticRegression-style model whose predict uses X.dot(w), which autograd cannot trace
when only w is differentiated (its ORACLE spells it np.dot(X, w))."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2415)
X = rs.randn(24, 4)
Y = (X[:, 0] - X[:, 1] + 0.3 * rs.randn(24) > 0).astype(float)
Y_ONEHOT = np.eye(3)[(X[:, 2] > 0).astype(int) + (X[:, 3] > 0.5).astype(int)]


class Loss:
    def loss(self, y_true, y_pred):
        raise NotImplementedError()

    def acc(self, y, y_pred):
        return 0


class CrossEntropy(Loss):
    def __init__(self):
        pass

    def loss(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)

    def gradient(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -(y / p) + (1 - y) / (1 - p)


class Sigmoid:
    def __call__(self, x):
        return 1 / (1 + np.exp(-x))

    def gradient(self, x):
        return self.__call__(x) * (1 - self.__call__(x))


class Softmax:
    def __call__(self, x):
        e_x = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return e_x / np.sum(e_x, axis=-1, keepdims=True)


class SoftmaxCrossEntropy(Loss):
    def loss(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -np.sum(y * np.log(p), axis=-1)


class LogisticRegression:
    def __init__(self):
        self.sigmoid = Sigmoid()
        self.loss_fn = CrossEntropy()

    def predict(self, X, w):
        return self.sigmoid(X.dot(w[:-1]) + w[-1])

    def objective(self, w, X, y):
        return np.mean(self.loss_fn.loss(y, self.predict(X, w)))


class TwoLayerNet:
    def __init__(self, sizes):
        self.sizes = sizes
        self.activation = Sigmoid()
        self.output = Softmax()
        self.loss_fn = SoftmaxCrossEntropy()

    def forward(self, params, X):
        h = X
        for W, b in params[:-1]:
            h = self.activation(np.dot(h, W) + b)
        W, b = params[-1]
        return self.output(np.dot(h, W) + b)

    def objective(self, params, X, y):
        return np.mean(self.loss_fn.loss(y, self.forward(params, X)))


LOGREG = LogisticRegression()
NET = TwoLayerNet([4, 5, 3])


def loss(w, params):
    return LOGREG.objective(w, X, Y) + NET.objective(params, X, Y_ONEHOT)


def oracle_loss(w, params):
    p = np.clip(LOGREG.sigmoid(np.dot(X, w[:-1]) + w[-1]), 1e-15, 1 - 1e-15)
    logreg = np.mean(-Y * np.log(p) - (1 - Y) * np.log(1 - p))
    return logreg + NET.objective(params, X, Y_ONEHOT)


ARGNUM = (0, 1)
ORACLE = "oracle_loss"


def inputs():
    init = npr.RandomState(10)
    params = [(0.5 * init.randn(m, n), np.zeros(n)) for m, n in zip(NET.sizes[:-1], NET.sizes[1:])]
    return 0.1 * init.randn(5), params
