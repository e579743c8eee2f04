"""A variational autoencoder with Gaussian encoder and Bernoulli decoder: both networks
are lists of (W, b) pairs run by one mlp helper taking the output activation as a
keyword (**kwargs passed through), the encoder output is split in half into mean and
log-variance, the reparameterised draw uses a RandomState passed in, and the KL term is
closed form."""

import autograd.numpy as np
import autograd.numpy.random as npr

STATEFUL = True


def relu(x):
    return np.maximum(x, 0.0)


def identity(x):
    return x


def mlp(layers, x, hidden=relu, out=identity):
    for W, b in layers[:-1]:
        x = hidden(np.dot(x, W) + b)
    W, b = layers[-1]
    return out(np.dot(x, W) + b)


def encode(enc, x, **kwargs):
    h = mlp(enc, x, **kwargs)
    d = h.shape[1] // 2
    return h[:, :d], h[:, d:]


def bernoulli_loglik(logits, x):
    return np.sum(x * logits - np.logaddexp(0.0, logits), axis=1)


def loss(params, x, rs):
    enc, dec = params
    mu, logvar = encode(enc, x, hidden=np.tanh)
    z = mu + np.exp(0.5 * logvar) * rs.randn(*mu.shape)
    logits = mlp(dec, z)
    kl = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=1)
    return -np.mean(bernoulli_loglik(logits, x) - kl)


def init(sizes, rs):
    return [(0.3 * rs.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def inputs():
    rs = npr.RandomState(2)
    x = (rs.rand(6, 5) > 0.5).astype(float)
    params = (init([5, 4, 4], rs), init([2, 4, 5], rs))
    return params, x, npr.RandomState(17)
