"""A VAE as a class that owns its RandomState (self.rs) and draws the reparameterisation
noise in a method; the ELBO method is differentiated as a bound method with respect to a
dict of parameters, with a Gaussian decoder and a closed-form KL."""

import autograd.numpy as np
import autograd.numpy.random as npr


class GaussianVAE:
    def __init__(self, seed, latent=2):
        self.rs = npr.RandomState(seed)
        self.latent = latent

    def encode(self, p, x):
        h = np.tanh(np.dot(x, p["We"]))
        return np.dot(h, p["Wm"]), np.dot(h, p["Ws"])

    def sample(self, mu, log_std):
        return mu + np.exp(log_std) * self.rs.randn(*mu.shape)

    def neg_elbo(self, p, x):
        mu, log_std = self.encode(p, x)
        z = self.sample(mu, log_std)
        x_hat = np.dot(np.tanh(np.dot(z, p["Wd"])), p["Wo"])
        rec = -0.5 * np.sum((x - x_hat) ** 2, axis=1)
        kl = 0.5 * np.sum(mu**2 + np.exp(2 * log_std) - 2 * log_std - 1, axis=1)
        return -np.mean(rec - kl)


STATEFUL = True


def loss(p, x, model):
    return model.neg_elbo(p, x)


def inputs():
    rs = npr.RandomState(164)
    p = {
        "We": 0.3 * rs.randn(4, 5),
        "Wm": 0.3 * rs.randn(5, 2),
        "Ws": 0.3 * rs.randn(5, 2),
        "Wd": 0.3 * rs.randn(2, 5),
        "Wo": 0.3 * rs.randn(5, 4),
    }
    return p, rs.randn(6, 4), GaussianVAE(7)
