"""VAE with a reparameterised sample drawn as rs.randn(*mean.shape), x.reshape(*shape)."""

import autograd.numpy as np
import autograd.numpy.random as npr

STATEFUL = True
D, Z = 4, 2


def unpack(params):
    enc = params[: D * 2 * Z].reshape(*(D, 2 * Z))
    dec = params[D * 2 * Z :].reshape(Z, D)
    return enc, dec


def sample_diag_gaussian(mean, log_std, rs):
    return rs.randn(*mean.shape) * np.exp(log_std) + mean


def diag_gaussian_log_density(x, mu, log_std):
    return np.sum(
        -0.5 * ((x - mu) / np.exp(log_std)) ** 2 - log_std - 0.5 * np.log(2 * np.pi), axis=-1
    )


def loss(params, data, rs):
    enc, dec = unpack(params)
    stats = np.dot(data, enc)
    mean, log_std = stats[:, :Z], stats[:, Z:]
    z = sample_diag_gaussian(mean, log_std, rs)
    noise = rs.rand(*z.shape[:1])
    logits = np.dot(z, dec).reshape(*data.shape)
    like = -np.sum(np.logaddexp(0, -logits * (2 * data - 1)), axis=1)
    prior = diag_gaussian_log_density(z, 0.0, 0.0)
    entropy = -diag_gaussian_log_density(z, mean, log_std)
    return -np.mean(like + prior + entropy + 0.0 * noise)


def inputs():
    rs = npr.RandomState(4)
    data = (rs.rand(5, D) > 0.5).astype(float)
    return rs.randn(D * 2 * Z + Z * D) * 0.2, data, npr.RandomState(6)
