"""A VAE written as a class: encode and decode are methods over parameter lists unpacked
with a starred target (W1, b1, *rest = enc), the latent size is a property, the
reconstruction term is norm.logpdf(x, loc=..., scale=...) by keyword, and the KL term
is a staticmethod. The reparameterisation noise is a fixed draw stored at module level."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm


class VAE:
    def __init__(self, n_in, n_hidden, n_latent, obs_scale=0.3):
        self.n_in = n_in
        self.n_hidden = n_hidden
        self._n_latent = n_latent
        self.obs_scale = obs_scale

    @property
    def n_latent(self):
        return self._n_latent

    def init_params(self, rs):
        enc = [0.3 * rs.randn(self.n_in, self.n_hidden), np.zeros(self.n_hidden)]
        enc += [0.3 * rs.randn(self.n_hidden, 2 * self.n_latent), np.zeros(2 * self.n_latent)]
        dec = [0.3 * rs.randn(self.n_latent, self.n_hidden), np.zeros(self.n_hidden)]
        dec += [0.3 * rs.randn(self.n_hidden, self.n_in), np.zeros(self.n_in)]
        return [enc, dec]

    def encode(self, enc, x):
        W1, b1, *rest = enc
        h = np.tanh(np.dot(x, W1) + b1)
        out = np.dot(h, rest[0]) + rest[1]
        return out[:, : self.n_latent], out[:, self.n_latent :]

    def decode(self, dec, z):
        W1, b1, W2, b2 = dec
        return np.dot(np.tanh(np.dot(z, W1) + b1), W2) + b2

    @staticmethod
    def kl(mu, log_sigma):
        return -0.5 * np.sum(1 + 2 * log_sigma - mu**2 - np.exp(2 * log_sigma), axis=1)

    def elbo(self, params, x, eps):
        enc, dec = params
        mu, log_sigma = self.encode(enc, x)
        z = mu + np.exp(log_sigma) * eps
        x_mean = self.decode(dec, z)
        rec = np.sum(norm.logpdf(x, x_mean, self.obs_scale), axis=1)
        return np.mean(rec - VAE.kl(mu, log_sigma))


MODEL = VAE(5, 4, 2)
rs = npr.RandomState(29022)
DATA = rs.randn(9, 5) * 0.4 + np.linspace(-1, 1, 5)
EPS = rs.randn(9, MODEL.n_latent)


def loss(params):
    return -MODEL.elbo(params, DATA, EPS)


def inputs():
    return (MODEL.init_params(npr.RandomState(24)),)
