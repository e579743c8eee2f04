"""A generator trained by maximum mean discrepancy: RBF kernels at several bandwidths
summed with a generator expression, the unbiased MMD^2 estimate with the diagonals
removed by (1 - np.eye(n)), pairwise squared distances by broadcasting; moment terms
with np.var(ddof=1) and np.std."""

import autograd.numpy as np
import autograd.numpy.random as npr

BANDWIDTHS = (0.5, 1.0, 2.0)


def sq_dists(a, b):
    return np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1)


def kernel(a, b):
    d = sq_dists(a, b)
    return sum(np.exp(-d / (2 * s**2)) for s in BANDWIDTHS)


def mmd2(x, y):
    n, m = x.shape[0], y.shape[0]
    kxx = kernel(x, x) * (1 - np.eye(n))
    kyy = kernel(y, y) * (1 - np.eye(m))
    return np.sum(kxx) / (n * (n - 1)) + np.sum(kyy) / (m * (m - 1)) - 2 * np.mean(kernel(x, y))


def generator(params, z):
    W1, W2 = params
    return np.dot(np.tanh(np.dot(z, W1)), W2)


def loss(params, z, data):
    x = generator(params, z)
    moments = np.sum((np.var(x, axis=0, ddof=1) - np.var(data, axis=0, ddof=1)) ** 2)
    return mmd2(x, data) + 0.1 * moments + 0.01 * np.sum(np.std(x, axis=0))


def inputs():
    rs = npr.RandomState(94)
    data = rs.randn(8, 2) * np.array([1.0, 0.3]) + np.array([0.5, -0.5])
    return [0.5 * rs.randn(3, 5), 0.5 * rs.randn(5, 2)], rs.randn(7, 3), data
