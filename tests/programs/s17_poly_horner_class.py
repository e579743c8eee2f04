"""A polynomial class over array coefficients with __add__, __radd__, __mul__, __sub__,
__neg__ and __matmul__ (evaluation at a point, `p @ t`); a Horner loop builds
p(t) = (...(c_n t + c_{n-1}) t ...) as Poly objects rebound each step, and the loss
fits the polynomial's values at a few points."""

import autograd.numpy as np


class Poly:
    def __init__(self, c):
        self.c = c

    def __add__(self, other):
        return Poly(self.c + other.c)

    def __radd__(self, k):
        return Poly(self.c + k)

    def __sub__(self, other):
        return Poly(self.c - other.c)

    def __mul__(self, k):
        return Poly(self.c * k)

    def __neg__(self):
        return Poly(-self.c)

    def __matmul__(self, t):
        return np.sum(self.c * t ** np.arange(len(self.c)))


TS = np.array([-1.0, -0.3, 0.4, 1.2])
YS = np.array([0.5, -0.1, 0.3, 1.7])


def loss(coefs):
    basis = [Poly(np.eye(3)[i]) for i in range(3)]
    p = basis[0] * 0.0
    for i, c in enumerate(coefs, 0):
        p = p + basis[i] * c
    q = 1.0 + (p - -p * 0.5)
    err = 0.0
    for t, y in zip(TS, YS):
        err = err + (q @ t - y) ** 2
    return err


def inputs():
    return (np.array([0.2, 0.8, -0.3]),)
