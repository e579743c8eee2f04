"""A kernel SVM dual objective with an RBF Gram matrix; the box constraint is handled
with a sigmoid reparameterisation alpha = C * sigmoid(a), the equality constraint with a
quadratic penalty; np.outer for the label products."""

import autograd.numpy as np
import autograd.numpy.random as npr

C = 1.0


def rbf_gram(X, gamma=0.5):
    sq = np.sum(X**2, 1)
    return np.exp(-gamma * (sq[:, None] + sq[None, :] - 2 * np.dot(X, X.T)))


def dual_objective(a, K, y, penalty=10.0):
    alpha = C / (1.0 + np.exp(-a))
    Q = np.outer(y, y) * K
    obj = np.sum(alpha) - 0.5 * np.dot(alpha, np.dot(Q, alpha))
    return -obj + penalty * np.dot(alpha, y) ** 2


def loss(a, K, y):
    return dual_objective(a, K, y)


def inputs():
    rs = npr.RandomState(156)
    X = rs.randn(10, 2)
    y = np.sign(X[:, 0] * X[:, 1] + 0.1)
    return 0.1 * rs.randn(10), rbf_gram(X), y
