"""Image deblurring with autograd.scipy.signal.convolve: a 2-D kernel convolved with the
image ('valid' and 'full' modes), a total-variation penalty from slicing differences,
and the loss differentiated in the latent image."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.signal import convolve


def blur(image, kernel):
    return convolve(image, kernel, mode="valid")


def tv(image, eps=1e-3):
    dx = image[1:, :-1] - image[:-1, :-1]
    dy = image[:-1, 1:] - image[:-1, :-1]
    return np.sum(np.sqrt(dx**2 + dy**2 + eps))


def loss(latent, kernel, observed, lam=0.05):
    data = np.sum((blur(latent, kernel) - observed) ** 2)
    padded = convolve(latent, kernel, mode="full")
    return data + lam * tv(latent) + 1e-3 * np.sum(padded**2)


def inputs():
    rs = npr.RandomState(42)
    kernel = np.array([[0.05, 0.1, 0.05], [0.1, 0.4, 0.1], [0.05, 0.1, 0.05]])
    truth = rs.rand(7, 7)
    observed = blur(truth, kernel) + 0.01 * rs.randn(5, 5)
    return rs.rand(7, 7), kernel, observed


def result():
    latent, kernel, observed = inputs()
    g = grad(loss)
    for _ in range(5):
        latent = latent - 0.1 * g(latent, kernel, observed)
    return latent
