"""VAE: Gaussian encoder, Bernoulli decoder, fixed reparameterisation noise, dict params."""

import autograd.numpy as np
import autograd.numpy.random as npr


def encode(params, x):
    h = np.tanh(np.dot(x, params["enc_W"]) + params["enc_b"])
    out = np.dot(h, params["enc_out"])
    D = out.shape[1] // 2
    return out[:, :D], out[:, D:]


def decode(params, z):
    h = np.tanh(np.dot(z, params["dec_W"]))
    return np.dot(h, params["dec_out"])


def bernoulli_log_likelihood(x, logits):
    return np.sum(x * logits - np.logaddexp(0.0, logits), axis=1)


def loss(params, x, eps):
    mean, log_std = encode(params, x)
    z = mean + np.exp(log_std) * eps
    rec = bernoulli_log_likelihood(x, decode(params, z))
    kl = 0.5 * np.sum(np.exp(2 * log_std) + mean**2 - 1.0 - 2 * log_std, axis=1)
    return -np.mean(rec - kl)


def inputs():
    rs = npr.RandomState(18)
    params = {
        "enc_W": 0.3 * rs.randn(6, 5),
        "enc_b": np.zeros(5),
        "enc_out": 0.3 * rs.randn(5, 4),
        "dec_W": 0.3 * rs.randn(2, 5),
        "dec_out": 0.3 * rs.randn(5, 6),
    }
    x = (rs.rand(4, 6) > 0.5).astype(float)
    return params, x, rs.randn(4, 2)
