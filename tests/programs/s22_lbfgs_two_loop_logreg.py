"""L2-regularised logistic regression fitted by a hand-written L-BFGS: the objective and
its gradient come from closures over the data, the two-loop recursion keeps the last few
(s, y) pairs in lists trimmed with pop(0), and a backtracking line search halves the step.
result() returns the fitted weights after a few iterations."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

rs = npr.RandomState(2209)
X = np.hstack([rs.randn(30, 3), np.ones((30, 1))])
Y = (np.dot(X, np.array([1.0, -2.0, 0.5, 0.3])) + rs.randn(30) > 0).astype(float)


def make_objective(X, y, alpha=0.1):
    def objective(w):
        z = np.dot(X, w)
        nll = np.sum(np.logaddexp(0.0, z) - y * z)
        return nll / len(y) + 0.5 * alpha * np.dot(w[:-1], w[:-1])

    return objective


loss = make_objective(X, Y)


def two_loop(g, s_list, y_list):
    q = g
    alphas = []
    for s, y in zip(reversed(s_list), reversed(y_list)):
        a = np.dot(s, q) / np.dot(y, s)
        alphas.append(a)
        q = q - a * y
    if s_list:
        q = q * np.dot(s_list[-1], y_list[-1]) / np.dot(y_list[-1], y_list[-1])
    for s, y, a in zip(s_list, y_list, reversed(alphas)):
        b = np.dot(y, q) / np.dot(y, s)
        q = q + (a - b) * s
    return q


def lbfgs(f, w, iters=5, memory=3):
    df = grad(f)
    s_list, y_list = [], []
    g = df(w)
    for _ in range(iters):
        d = -two_loop(g, s_list, y_list)
        step = 1.0
        while f(w + step * d) > f(w) + 1e-4 * step * np.dot(g, d):
            step = step / 2
        w_new = w + step * d
        g_new = df(w_new)
        s_list.append(w_new - w)
        y_list.append(g_new - g)
        if len(s_list) > memory:
            s_list.pop(0)
            y_list.pop(0)
        w, g = w_new, g_new
    return w


def inputs():
    return (np.zeros(4) + 0.1,)


def result():
    return lbfgs(loss, inputs()[0])
