"""An implicit equation solved inside the loss with Newton's method in a while loop with a
convergence test on abs(step), and a for loop that returns early once a bisection
bracket is small enough: autograd differentiates through every iteration taken."""

import autograd.numpy as np
from autograd import grad

TOL = 1e-10
MAX_ITER = 50


def solve_kepler(M, e):
    """E - e sin E = M."""
    E = M if e < 0.8 else np.pi
    step = 1.0
    it = 0
    while abs(step) > TOL and it < MAX_ITER:
        f = E - e * np.sin(E) - M
        fp = 1.0 - e * np.cos(E)
        step = f / fp
        E = E - step
        it += 1
    return E


def bisect_sqrt(a, lo=0.0, hi=4.0):
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if hi - lo < 1e-3:
            return mid
        if mid * mid > a:
            hi = mid
        else:
            lo = mid
    return mid


def loss(params):
    M, e = params[0], params[1]
    E = solve_kepler(M, e)
    r = 1.0 - e * np.cos(E)
    return r**2 + np.sin(E) * M + bisect_sqrt(2.0) * e


def inputs():
    return (np.array([1.1, 0.3]),)


def result():
    return grad(loss)(np.array([0.4, 0.6])), grad(solve_kepler)(2.0, 0.5)
