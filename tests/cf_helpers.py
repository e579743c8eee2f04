"""User functions in a separate module, called from functions in test_control_flow.py.

They exercise calling a function whose source lives in another file, with its own
module globals, default arguments, branches, loops and calls to its own helpers.
"""

import numpy as np

OFFSET = 0.25  # a module global of this module, read by ``shifted_square``


def scaled_sin(x, scale=1.0):
    return scale * np.sin(x)


def shifted_square(x):
    return (x + OFFSET) ** 2


def soft_abs(x):
    """Piecewise: a smooth quadratic near zero, |x| - 1/2 outside."""
    if x > 1.0:
        return x - 0.5
    elif x < -1.0:
        return -x - 0.5
    return 0.5 * x * x


def horner(x, coeffs):
    """Evaluate a polynomial with a loop over a tuple of coefficients."""
    acc = 0.0 * x
    for c in coeffs:
        acc = acc * x + c
    return acc


def _inner(x):
    return np.exp(-x * x)


def outer(x, k=2):
    """Calls another function of this module ``k`` times."""
    acc = x
    for _ in range(k):
        acc = _inner(acc) + acc
    return acc


def rpow(x, n):
    """Recursive power: x ** n for an integer n >= 0."""
    if n == 0:
        return 1.0 + 0.0 * x
    return x * rpow(x, n - 1)
