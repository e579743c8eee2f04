"""A denoising autoencoder whose corruption noise comes from a numpy Generator
(np.random.default_rng) passed to the loss as an argument, the way code written for the
new NumPy random API does it; inputs() makes a fresh generator with the same seed."""

import autograd.numpy as np

STATEFUL = True

_data_rng = np.random.default_rng(3002)
X = _data_rng.normal(size=(15, 4))


def encode(p, x):
    return np.tanh(x @ p["W"] + p["b"])


def decode(p, h):
    return h @ p["W"].T + p["c"]


def loss(p, rng, noise_scale=0.3):
    noisy = X + noise_scale * rng.standard_normal(X.shape)
    recon = decode(p, encode(p, noisy))
    return np.mean(np.sum((recon - X) ** 2, axis=1))


def inputs():
    r = np.random.default_rng(7)
    params = {"W": 0.3 * r.normal(size=(4, 3)), "b": np.zeros(3), "c": 0.1 * r.normal(size=4)}
    return params, np.random.default_rng(11)
