"""A multi-level Haar wavelet transform by recursion on strided slices (x[::2], x[1::2]),
the detail coefficients collected in a list; a sparsity-promoting denoising objective
(data fit plus a smoothed L1 on the details), differentiated in the signal."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def haar(x, levels):
    if levels == 0 or len(x) < 2:
        return x, []
    even, odd = x[::2], x[1::2]
    approx = (even + odd) / np.sqrt(2.0)
    detail = (even - odd) / np.sqrt(2.0)
    coarse, details = haar(approx, levels - 1)
    return coarse, [detail] + details


def loss(x, noisy, lam=0.3):
    coarse, details = haar(x, 3)
    sparsity = sum(np.sum(np.sqrt(d**2 + 1e-4)) for d in details)
    return 0.5 * np.sum((x - noisy) ** 2) + lam * sparsity + 0.0 * np.sum(coarse)


def inputs():
    rs = npr.RandomState(97)
    clean = np.repeat(np.array([0.0, 1.0, -0.5, 0.5]), 4)
    noisy = clean + 0.1 * rs.randn(16)
    return noisy.copy(), noisy


def result():
    x, noisy = inputs()
    g = grad(loss)
    for _ in range(10):
        x = x - 0.2 * g(x, noisy)
    return x
