"""A VAE class from a course assignment: the encoder and decoder are lists of (W, b)
pairs held in one params dict {"enc": [...], "dec": [...]}; encode() returns mean and
log-variance, reparameterize() draws z = mu + exp(0.5 * logvar) * eps with eps given,
decode() gives Bernoulli logits; the negative ELBO sums the reconstruction
cross-entropy (binary_cross_entropy_with_logits helper) and the analytic KL. The
minibatch generator yields index batches; result() runs a few epochs of SGD."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def binary_cross_entropy_with_logits(logits, targets):
    return np.sum(np.maximum(logits, 0) - logits * targets + np.log1p(np.exp(-np.abs(logits))))


def batches(n, batch_size, rs):
    order = rs.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


class VAE:
    def __init__(self, x_dim, h_dim, z_dim, seed=0):
        self.x_dim, self.h_dim, self.z_dim = x_dim, h_dim, z_dim
        rs = npr.RandomState(seed)
        self.params = {
            "enc": self._layers(rs, [x_dim, h_dim, 2 * z_dim]),
            "dec": self._layers(rs, [z_dim, h_dim, x_dim]),
        }

    @staticmethod
    def _layers(rs, sizes):
        return [(rs.randn(m, n) * 0.1, np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]

    @staticmethod
    def _mlp(layers, x):
        for W, b in layers[:-1]:
            x = np.tanh(x @ W + b)
        W, b = layers[-1]
        return x @ W + b

    def encode(self, params, x):
        out = self._mlp(params["enc"], x)
        return out[:, : self.z_dim], out[:, self.z_dim :]

    def reparameterize(self, mu, logvar, eps):
        return mu + np.exp(0.5 * logvar) * eps

    def decode(self, params, z):
        return self._mlp(params["dec"], z)

    def negative_elbo(self, params, x, eps):
        mu, logvar = self.encode(params, x)
        z = self.reparameterize(mu, logvar, eps)
        logits = self.decode(params, z)
        recon = binary_cross_entropy_with_logits(logits, x)
        kld = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar))
        return (recon + kld) / x.shape[0]


rs = npr.RandomState(2647)
PROTOS = (rs.rand(3, 8) > 0.5).astype(float)
DATA = np.abs(PROTOS[rs.randint(0, 3, size=20)] - (rs.rand(20, 8) < 0.1))
MODEL = VAE(8, 6, 2, seed=1)
EPS = rs.randn(20, 2)


def loss(params):
    return MODEL.negative_elbo(params, DATA, EPS)


def inputs():
    return (MODEL.params,)


def result(epochs=3, batch_size=8, lr=0.1):
    model = VAE(8, 6, 2, seed=1)
    params = model.params
    rs = npr.RandomState(5)
    g = grad(model.negative_elbo)
    history = []
    for epoch in range(epochs):
        for idx in batches(len(DATA), batch_size, rs):
            eps = rs.randn(len(idx), model.z_dim)
            grads = g(params, DATA[idx], eps)
            params = {
                name: [
                    (W - lr * dW, b - lr * db)
                    for (W, b), (dW, db) in zip(params[name], grads[name])
                ]
                for name in params
            }
        history.append(model.negative_elbo(params, DATA, EPS))
    return params, np.array(history)
