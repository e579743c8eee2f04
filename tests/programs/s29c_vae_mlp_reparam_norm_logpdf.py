"""A Gaussian VAE on a small batch: encoder and decoder are MLPs over lists of (W, b)
tuples, the encoder outputs a mean and a log standard deviation side by side, the latent
is drawn by the reparameterisation trick from a fixed standard-normal draw, and the
ELBO is the decoder's norm.logpdf plus the analytic KL term. Parameters are a tuple
(encoder params, decoder params)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm

LATENT = 2


def init_net_params(scale, layer_sizes, rs):
    return [
        (scale * rs.randn(m, n), scale * rs.randn(n))
        for m, n in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def neural_net_predict(params, inputs):
    for W, b in params:
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs


def nn_predict_gaussian(params, inputs):
    out = neural_net_predict(params, inputs)
    return out[:, :LATENT], out[:, LATENT:]


def sample_diag_gaussian(mean, log_std, noise):
    return noise * np.exp(log_std) + mean


def gaussian_kl(mean, log_std):
    return 0.5 * np.sum(np.exp(2 * log_std) + mean**2 - 1.0 - 2 * log_std, axis=1)


rs = npr.RandomState(29003)
DATA = rs.randn(10, 4) * 0.5 + np.array([1.0, 0.0, -1.0, 0.5])
NOISE = rs.randn(10, LATENT)


def vae_lower_bound(gen_params, rec_params, data, noise):
    q_means, q_log_stds = nn_predict_gaussian(rec_params, data)
    latents = sample_diag_gaussian(q_means, q_log_stds, noise)
    recon = neural_net_predict(gen_params, latents)
    log_lik = np.sum(norm.logpdf(data, recon, 0.5), axis=1)
    return np.mean(log_lik - gaussian_kl(q_means, q_log_stds))


def loss(params):
    rec_params, gen_params = params
    return -vae_lower_bound(gen_params, rec_params, DATA, NOISE)


def inputs():
    r = npr.RandomState(5)
    rec = init_net_params(0.3, [4, 6, 2 * LATENT], r)
    gen = init_net_params(0.3, [LATENT, 6, 4], r)
    return ((rec, gen),)
