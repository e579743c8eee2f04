"""Recursion: Horner's rule written recursively, a Taylor series of exp summed with sum()
over a list comprehension using math.factorial, and a recursive divide-and-conquer
product of a list of matrices."""

import math

import autograd.numpy as np
from autograd import elementwise_grad, grad


def horner(coeffs, x):
    if len(coeffs) == 1:
        return coeffs[0]
    return coeffs[0] + x * horner(coeffs[1:], x)


def taylor_exp(x, order=8):
    return sum([x**k / math.factorial(k) for k in range(order + 1)])


def chain_product(mats):
    if len(mats) == 1:
        return mats[0]
    mid = len(mats) // 2
    return np.dot(chain_product(mats[:mid]), chain_product(mats[mid:]))


def rotation(theta):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s], [s, c]])


def loss(params):
    coeffs = [params[0], params[1], params[2], 0.5]
    p = horner(coeffs, 0.7) + np.sum(horner([params[3], params[4]], np.linspace(0, 1, 4)))
    t = taylor_exp(params[0] * 0.5)
    mats = [rotation(params[i]) * (1.0 + 0.1 * i) for i in range(5)]
    M = chain_product(mats)
    return p * t + np.sum(M**2) + M[0, 1]


def inputs():
    return (np.array([0.3, -0.2, 0.8, 0.1, 0.4]),)


def result():
    xs = np.linspace(-1, 1, 5)
    slope = elementwise_grad(lambda x: horner([1.0, 2.0, -0.5, 0.3], x))(xs)
    return slope, grad(taylor_exp)(0.4)
