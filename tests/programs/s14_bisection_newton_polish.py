"""The root of a parameterised monotone function found by bisection in a while loop with
a tolerance (the bracket carries no gradient), then one Newton step from the bracketed
root, which makes the gradient of the root the implicit-function one; the loss matches
roots to targets."""

import autograd.numpy as np


def f(x, theta):
    return x**3 + theta[0] * x - theta[1]


def dfdx(x, theta):
    return 3 * x**2 + theta[0]


def root(theta, lo=-5.0, hi=5.0, tol=1e-12):
    lo_v, hi_v = lo, hi
    while hi_v - lo_v > tol:
        mid = 0.5 * (lo_v + hi_v)
        if f(mid, theta) > 0:
            hi_v = mid
        else:
            lo_v = mid
    x = 0.5 * (lo_v + hi_v)
    return x - f(x, theta) / dfdx(x, theta)


def loss(theta):
    r = root(theta)
    return (r - 0.8) ** 2 + 0.1 * np.sum(theta**2)


def inputs():
    return (np.array([1.3, 0.4]),)
