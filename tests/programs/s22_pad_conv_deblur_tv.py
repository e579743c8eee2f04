"""Blind 1-D deconvolution: a blur kernel and a sharp signal are both estimated, the
forward model is a "same" convolution written with np.pad and a sum of shifted slices
(autograd has no np.convolve derivative), the kernel is normalised by a softmax, and a
smoothed total-variation prior on the signal uses np.diff."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2206)
TRUE = np.repeat(np.array([0.0, 1.0, 0.3, 0.8]), 5)
BLUR = np.array([0.25, 0.5, 0.25])


def convolve_same(x, k):
    half = len(k) // 2
    padded = np.pad(x, (half, half), mode="constant")
    return sum(k[::-1][j] * padded[j : j + len(x)] for j in range(len(k)))


OBSERVED = convolve_same(TRUE, BLUR) + 0.02 * rs.randn(len(TRUE))


def tv(x, eps=1e-2):
    return np.sum(np.sqrt(np.diff(x) ** 2 + eps))


def loss(signal, kernel_logits, lam=0.05):
    kernel = np.exp(kernel_logits) / np.sum(np.exp(kernel_logits))
    blurred = convolve_same(signal, kernel)
    return 0.5 * np.sum((blurred - OBSERVED) ** 2) + lam * tv(signal)


ARGNUM = (0, 1)


def inputs():
    return OBSERVED + 0.05 * np.cos(np.arange(len(OBSERVED))), np.array([-0.5, 0.3, -0.2])
