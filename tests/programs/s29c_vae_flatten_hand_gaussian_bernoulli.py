"""A Bernoulli-decoder VAE written with a hand-written diagonal Gaussian log density:
the ELBO is estimated by one sample as log p(x|z) + log p(z) - log q(z|x), each a
Gaussian or Bernoulli log density spelled out with np.log and np.exp. The encoder and
decoder parameters live in a dict that autograd.misc.flatten turns into one vector; the
loss is differentiated in the flat vector and unflattened inside."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.misc.flatten import flatten


def diag_gaussian_log_density(x, mu, log_std):
    return np.sum(
        -0.5 * ((x - mu) / np.exp(log_std)) ** 2 - log_std - 0.5 * np.log(2 * np.pi), axis=-1
    )


def bernoulli_log_density(targets, logits):
    return np.sum(targets * logits - np.logaddexp(0.0, logits), axis=-1)


def encode(p, x):
    h = np.tanh(np.dot(x, p["enc_W"]) + p["enc_b"])
    out = np.dot(h, p["enc_out"])
    d = out.shape[1] // 2
    return out[:, :d], out[:, d:]


def decode(p, z):
    h = np.tanh(np.dot(z, p["dec_W"]) + p["dec_b"])
    return np.dot(h, p["dec_out"])


rs = npr.RandomState(29004)
X = (rs.rand(8, 6) > 0.5).astype(float)
EPS = rs.randn(8, 2)

_r = npr.RandomState(6)
PARAMS0 = {
    "enc_W": 0.3 * _r.randn(6, 5),
    "enc_b": np.zeros(5),
    "enc_out": 0.3 * _r.randn(5, 4),
    "dec_W": 0.3 * _r.randn(2, 5),
    "dec_b": np.zeros(5),
    "dec_out": 0.3 * _r.randn(5, 6),
}
FLAT0, UNFLATTEN = flatten(PARAMS0)


def elbo(p, x, eps):
    mu, log_std = encode(p, x)
    z = mu + np.exp(log_std) * eps
    log_q = diag_gaussian_log_density(z, mu, log_std)
    log_prior = diag_gaussian_log_density(z, np.zeros_like(z), np.zeros_like(z))
    log_lik = bernoulli_log_density(x, decode(p, z))
    return np.mean(log_lik + log_prior - log_q)


def loss(flat_params):
    return -elbo(UNFLATTEN(flat_params), X, EPS)


def inputs():
    return (FLAT0.copy(),)
