"""A VAE with its parameters in a NamedTuple of two lists of (W, b) pairs, the encoder
output split into mean and log-std with np.split, the reparameterization with noise drawn
once, a Bernoulli likelihood through np.logaddexp and the closed-form Gaussian KL."""

from typing import List, NamedTuple, Tuple  # noqa: UP035

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

Layer = Tuple[np.ndarray, np.ndarray]  # noqa: UP006


class VAEParams(NamedTuple):
    encoder: List[Layer]  # noqa: UP006
    decoder: List[Layer]  # noqa: UP006


LATENT_DIM = 2
rs = npr.RandomState(0)
DATA = (rs.rand(6, 5) > 0.5).astype(float)
NOISE = rs.randn(6, LATENT_DIM)


def mlp(layers, x):
    for i, (W, b) in enumerate(layers):
        x = np.dot(x, W) + b
        if i < len(layers) - 1:
            x = np.tanh(x)
    return x


def encode(params: VAEParams, x):
    out = mlp(params.encoder, x)
    mean, log_std = np.split(out, 2, axis=1)
    return mean, log_std


def bernoulli_log_density(targets, logits):
    # log p(x | logits) for x in {0, 1}
    signs = targets * 2 - 1
    return -np.sum(np.logaddexp(0.0, -signs * logits), axis=1)


def kl_to_standard_normal(mean, log_std):
    return 0.5 * np.sum(np.exp(2 * log_std) + mean**2 - 1.0 - 2 * log_std, axis=1)


def loss(param_list):
    params = VAEParams(*param_list)  # autograd differentiates lists, not NamedTuples
    mean, log_std = encode(params, DATA)
    z = mean + np.exp(log_std) * NOISE
    logits = mlp(params.decoder, z)
    elbo = bernoulli_log_density(DATA, logits) - kl_to_standard_normal(mean, log_std)
    return -np.mean(elbo)


def init_layers(sizes, rs, scale=0.2):
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def inputs():
    r = npr.RandomState(1)
    return ([init_layers([5, 4, 2 * LATENT_DIM], r), init_layers([LATENT_DIM, 4, 5], r)],)


def result():
    return adam(grad(lambda p, t: loss(p)), inputs()[0], step_size=0.01, num_iters=10)
