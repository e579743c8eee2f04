"""Matrix factorisation with a mask of observed entries."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(U, V, R, mask, lam=0.05):
    err = mask * (R - np.dot(U, V.T))
    return np.sum(err**2) + lam * (np.sum(U**2) + np.sum(V**2))


ARGNUM = (0, 1)


def inputs():
    rs = npr.RandomState(35)
    return rs.randn(5, 2), rs.randn(4, 2), rs.randn(5, 4), (rs.rand(5, 4) > 0.3).astype(float)
