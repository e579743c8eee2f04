"""A VAE on binary data: encoder and decoder are dicts of weights, the reparameterised
sample uses rs.randn with a RandomState argument, the decoder returns logits and the
Bernoulli log likelihood is written with np.logaddexp; KL in closed form."""

import autograd.numpy as np
import autograd.numpy.random as npr

STATEFUL = True
D, H, Z = 6, 5, 2


def encode(p, x):
    h = np.tanh(np.dot(x, p["enc_W"]) + p["enc_b"])
    out = np.dot(h, p["enc_out"])
    return out[:, :Z], out[:, Z:]


def decode(p, z):
    h = np.tanh(np.dot(z, p["dec_W"]) + p["dec_b"])
    return np.dot(h, p["dec_out"])


def bernoulli_loglik(x, logits):
    return np.sum(x * logits - np.logaddexp(0, logits), axis=1)


def loss(p, x, rs):
    mu, log_var = encode(p, x)
    eps = rs.randn(*mu.shape)
    z = mu + np.exp(0.5 * log_var) * eps
    rec = bernoulli_loglik(x, decode(p, z))
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return -np.mean(rec - kl)


def inputs():
    rs = npr.RandomState(141)
    p = {
        "enc_W": 0.3 * rs.randn(D, H),
        "enc_b": np.zeros(H),
        "enc_out": 0.3 * rs.randn(H, 2 * Z),
        "dec_W": 0.3 * rs.randn(Z, H),
        "dec_b": np.zeros(H),
        "dec_out": 0.3 * rs.randn(H, D),
    }
    x = (rs.rand(7, D) > 0.5).astype(float)
    return p, x, npr.RandomState(0)
