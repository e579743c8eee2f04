"""A categorical latent autoencoder trained with the Gumbel-softmax relaxation: the
Gumbel noise -log(-log(u)) drawn once from fixed uniforms, a stable softmax with the row
maximum subtracted, the temperature annealed over a schedule the loss averages over, and
the KL to a uniform prior from the encoder's log-softmax."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2409)
N, D, K = 10, 4, 3
DATA = rs.randn(N, D)
UNIFORM = rs.rand(N, K) * 0.98 + 0.01
GUMBEL = -np.log(-np.log(UNIFORM))
SCHEDULE = [1.0, 0.7, 0.5]


def softmax(z, axis=-1):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def gumbel_softmax(logits, tau):
    return softmax((logits + GUMBEL) / tau)


def elbo(params, tau):
    enc, dec = params["enc"], params["dec"]
    logits = DATA @ enc
    y = gumbel_softmax(logits, tau)
    recon = y @ dec
    log_q = log_softmax(logits)
    kl = np.sum(np.exp(log_q) * (log_q + np.log(K)), axis=1)
    return -np.mean(0.5 * np.sum((DATA - recon) ** 2, axis=1) + kl)


def loss(params):
    return -sum(elbo(params, tau) for tau in SCHEDULE) / len(SCHEDULE)


def inputs():
    init = npr.RandomState(8)
    return ({"enc": 0.5 * init.randn(D, K), "dec": 0.5 * init.randn(K, D)},)
