"""Black-box variational inference: reparameterised ELBO with a RandomState argument."""

import autograd.numpy as np
import autograd.numpy.random as npr

STATEFUL = True  # the RandomState argument draws new samples on each call


def log_density(z):
    return -0.5 * np.sum(z**2 / np.array([1.0, 4.0]), axis=1) - 0.1 * np.sum(z**4, axis=1)


def loss(params, rs, num_samples=20):
    mean, log_std = params[:2], params[2:]
    samples = rs.randn(num_samples, 2) * np.exp(log_std) + mean
    entropy = np.sum(log_std)
    return -(np.mean(log_density(samples)) + entropy)


def inputs():
    return np.array([0.3, -0.2, 0.1, -0.4]), npr.RandomState(9)
