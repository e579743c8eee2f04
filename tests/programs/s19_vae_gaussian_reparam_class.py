"""A VAE with an MLP encoder/decoder as methods of a class, Gaussian latent with the
reparameterisation trick (noise drawn from a RandomState passed in), an analytic KL and
a Bernoulli likelihood on logits."""

import autograd.numpy as np
import autograd.numpy.random as npr


def mlp(layers, x):
    for i, (W, b) in enumerate(layers):
        x = np.dot(x, W) + b
        if i < len(layers) - 1:
            x = np.tanh(x)
    return x


class VAE:
    def __init__(self, params, latent):
        self.enc, self.dec = params
        self.latent = latent

    def encode(self, x):
        out = mlp(self.enc, x)
        return out[:, : self.latent], out[:, self.latent :]

    def elbo(self, x, eps):
        mean, log_std = self.encode(x)
        z = mean + np.exp(log_std) * eps
        logits = mlp(self.dec, z)
        log_lik = np.sum(x * logits - np.logaddexp(0.0, logits), axis=1)
        kl = 0.5 * np.sum(np.exp(2 * log_std) + mean**2 - 1.0 - 2 * log_std, axis=1)
        return np.mean(log_lik - kl)


def loss(params, x, rs):
    vae = VAE(params, 2)
    eps = rs.randn(x.shape[0], 2)
    return -vae.elbo(x, eps)


STATEFUL = True


def init(sizes, rs):
    return [(0.3 * rs.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def inputs():
    rs = npr.RandomState(1910)
    x = (rs.rand(8, 6) > 0.5).astype(float)
    params = (init([6, 5, 4], rs), init([2, 5, 6], rs))
    return params, x, npr.RandomState(19101)
