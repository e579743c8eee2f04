"""A VAE as a class with encode/decode/reparameterize methods and the ELBO as a method;
the noise comes from np.random.default_rng(seed) made inside the loss so that each call
draws the same eps; the KL term is a staticmethod and the decoder likelihood Bernoulli."""

import autograd.numpy as np
import autograd.numpy.random as npr


class VAE:
    def __init__(self, seed=0):
        self.seed = seed

    def encode(self, p, x):
        h = np.tanh(x @ p["We"] + p["be"])
        return h @ p["Wmu"], h @ p["Wlv"]

    def decode(self, p, z):
        return np.tanh(z @ p["Wd"] + p["bd"]) @ p["Wo"]

    def reparameterize(self, mu, log_var):
        rng = np.random.default_rng(self.seed)
        eps = rng.standard_normal(mu.shape)
        return mu + np.exp(0.5 * log_var) * eps

    @staticmethod
    def kl(mu, log_var):
        return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)

    def negative_elbo(self, p, x):
        mu, log_var = self.encode(p, x)
        logits = self.decode(p, self.reparameterize(mu, log_var))
        rec = np.sum(x * logits - np.logaddexp(0.0, logits), axis=1)
        return np.mean(self.kl(mu, log_var) - rec)


rs = npr.RandomState(3021)
X = (rs.rand(10, 6) > 0.5).astype(float)
MODEL = VAE(seed=5)


def loss(p):
    return MODEL.negative_elbo(p, X)


def inputs():
    r = npr.RandomState(21)
    shapes = {
        "We": (6, 4),
        "be": (4,),
        "Wmu": (4, 2),
        "Wlv": (4, 2),
        "Wd": (2, 4),
        "bd": (4,),
        "Wo": (4, 6),
    }
    return ({k: 0.3 * r.randn(*s) for k, s in shapes.items()},)
