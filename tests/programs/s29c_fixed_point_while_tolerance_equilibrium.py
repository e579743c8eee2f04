"""A deep-equilibrium-style layer solved by fixed-point iteration in a while loop that
stops on a tolerance (or an iteration cap): z = tanh(W z + U x) until the update is
small, for a batch of inputs; the loss is the squared error of a readout of the
equilibrium. The iteration is unrolled, as autograd differentiates it."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29034)
X = rs.randn(6, 3)
Y = rs.randn(6)


def equilibrium(W, U, x, tol=1e-6, max_iter=60):
    z = np.zeros(W.shape[0])
    it = 0
    diff = np.inf
    while diff > tol and it < max_iter:
        z_new = np.tanh(np.dot(W, z) + np.dot(U, x))
        diff = np.max(np.abs(z_new - z))
        z = z_new
        it += 1
    return z


def loss(params):
    W, U, v = params
    preds = np.array([np.dot(v, equilibrium(W, U, x)) for x in X])
    return np.mean((preds - Y) ** 2)


def inputs():
    r = npr.RandomState(34)
    return ([0.2 * r.randn(4, 4), 0.5 * r.randn(4, 3), 0.5 * r.randn(4)],)
