"""One VAE training objective on binarised toy data: encoder and decoder are dicts of
layers built by a helper, the encoder's output is split into mean and log-variance with
np.split, the latent is reparameterised with fixed noise, the decoder gives Bernoulli
logits scored with np.logaddexp, and the KL to the standard normal is in closed form."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

D_X, D_Z, D_H = 6, 2, 5


def dense(rs, n_in, n_out, scale=0.3):
    return {"W": scale * rs.randn(n_in, n_out), "b": np.zeros(n_out)}


def init_vae(seed=0):
    rs = npr.RandomState(seed)
    enc = [dense(rs, D_X, D_H), dense(rs, D_H, 2 * D_Z)]
    dec = [dense(rs, D_Z, D_H), dense(rs, D_H, D_X)]
    return {"enc": enc, "dec": dec}


def mlp(layers, x, act=np.tanh):
    *hidden, last = layers
    for layer in hidden:
        x = act(x @ layer["W"] + layer["b"])
    return x @ last["W"] + last["b"]


def bernoulli_loglik(x, logits):
    return np.sum(x * logits - np.logaddexp(0.0, logits), axis=1)


def neg_elbo(params, x, eps):
    mu, log_var = np.split(mlp(params["enc"], x), 2, axis=1)
    z = mu + np.exp(0.5 * log_var) * eps
    rec = bernoulli_loglik(x, mlp(params["dec"], z))
    kl = -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)
    return -np.mean(rec - kl)


rs = npr.RandomState(2810)
X = (rs.rand(10, D_X) < np.linspace(0.2, 0.8, D_X)).astype(float)
EPS = rs.randn(10, D_Z)


def loss(params):
    return neg_elbo(params, X, EPS)


def inputs():
    return (init_vae(5),)


def result():
    params = inputs()[0]
    g = grad(loss)(params)
    step = lambda ps, gs: [{k: p[k] - 0.1 * q[k] for k in p} for p, q in zip(ps, gs)]  # noqa: E731
    return {"enc": step(params["enc"], g["enc"]), "dec": step(params["dec"], g["dec"])}
