"""A few unrolled steps of gradient descent on a regularised least-squares objective with
a backtracking (Armijo) line search written with assignment expressions: the trial value
is bound in the while test, the gradient norm in an if; the loss differentiates the final
objective value with respect to the data weights."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(1702)
A = rs.randn(6, 3)
B = rs.randn(6)


def objective(w, scale):
    r = np.dot(A, w) * scale - B
    return 0.5 * np.sum(r**2) + 0.05 * np.sum(w**2)


def gradient(w, scale):
    r = np.dot(A, w) * scale - B
    return np.dot(A.T, scale * r) + 0.1 * w


def loss(scale):
    w = np.zeros(3)
    for _ in range(4):
        if (gnorm2 := np.sum((g := gradient(w, scale)) ** 2)) < 1e-12:
            break
        t = 1.0
        f0 = objective(w, scale)
        while (trial := objective(w - t * g, scale)) > f0 - 0.3 * t * gnorm2:
            t = 0.5 * t
        w = w - t * g
    return trial + 0.01 * np.sum(w)


def inputs():
    return (np.array([0.8, 1.1, 0.9, 1.2, 1.0, 0.7]),)
