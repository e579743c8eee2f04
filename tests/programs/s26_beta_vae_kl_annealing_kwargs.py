"""A beta-VAE on binary vectors whose objective takes its options by keyword (beta,
n_samples, seed) and forwards **kwargs to an encoder/decoder helper; the KL weight is
annealed by the iteration number inside result()'s rmsprop run, the reparameterised
draws come from np.random.RandomState(seed) made inside the objective, and the Bernoulli
log-likelihood is written with np.logaddexp."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import rmsprop

rs = npr.RandomState(2623)
DATA = (rs.rand(12, 6) < np.linspace(0.1, 0.9, 6)).astype(float)
LATENT, HIDDEN = 2, 5


def mlp(params, x, activation=np.tanh, final=None):
    *hidden, last = params
    for W, b in hidden:
        x = activation(x @ W + b)
    W, b = last
    out = x @ W + b
    return final(out) if final is not None else out


def bernoulli_loglik(logits, x):
    return np.sum(x * logits - np.logaddexp(0.0, logits), axis=-1)


def elbo(params, beta=1.0, n_samples=2, seed=0, **net_opts):
    enc, dec = params
    stats = mlp(enc, DATA, **net_opts)
    mean, log_std = stats[:, :LATENT], stats[:, LATENT:]
    eps = np.random.RandomState(seed).randn(n_samples, *mean.shape)
    z = mean + np.exp(log_std) * eps
    rec = np.mean(bernoulli_loglik(mlp(dec, z, **net_opts), DATA), axis=0)
    kl = 0.5 * np.sum(np.exp(2 * log_std) + mean**2 - 1.0 - 2 * log_std, axis=1)
    return np.mean(rec - beta * kl)


def loss(params, beta=0.5):
    return -elbo(params, beta=beta, n_samples=3, seed=1, activation=np.tanh)


def init(rs, sizes):
    return [(0.3 * rs.randn(m, n), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def inputs():
    r = npr.RandomState(23)
    return ((init(r, [6, HIDDEN, 2 * LATENT]), init(r, [LATENT, HIDDEN, 6])), 0.5)


def result():
    def objective(params, i):
        beta = min(1.0, 0.1 + 0.2 * i)
        return -elbo(params, beta=beta, seed=i)

    return rmsprop(grad(objective), inputs()[0], step_size=0.05, num_iters=6)
