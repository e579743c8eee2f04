"""Huber regression written element by element with plain Python: the residuals are
walked with a for loop and each one takes the quadratic or the linear branch by an
if on abs(r) (builtin abs and a comparison of a differentiated scalar), the pieces
collected with sum() of a list; the slope and intercept are a length-2 array."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2923)
XS = np.linspace(0, 1, 12)
YS = 2.0 * XS + 0.5 + 0.05 * rs.randn(12)
YS[[2, 9]] += np.array([3.0, -2.5])


def huber(r, delta=0.3):
    if abs(r) <= delta:
        return 0.5 * r**2
    return delta * (abs(r) - 0.5 * delta)


def loss(theta):
    slope, intercept = theta
    terms = []
    for x, y in zip(XS, YS):
        terms.append(huber(y - (slope * x + intercept)))
    return sum(terms) / len(terms)


def inputs():
    return (np.array([1.0, 0.2]),)
