"""Ridge regression whose objective counts its calls with a `global` counter and prints
progress, as a blog post's training loop does; trained with scipy.optimize.minimize."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad
from scipy.optimize import minimize

rs = npr.RandomState(143)
X = rs.randn(15, 3)
y = X @ np.array([1.0, -0.5, 2.0]) + 0.1 * rs.randn(15)
n_calls = 0


def loss(w, lam=0.1):
    global n_calls
    n_calls += 1
    r = X @ w - y
    val = 0.5 * np.dot(r, r) / len(y) + lam * np.sum(w**2)
    if n_calls % 20 == 0:
        print("call", n_calls)
    return val


def inputs():
    return (np.zeros(3),)


def result():
    res = minimize(value_and_grad(loss), np.zeros(3), jac=True, method="L-BFGS-B")
    return res.x
