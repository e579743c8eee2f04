"""Mean-field variational inference for a Bayesian linear regression where the
variational family is a namedtuple class defined inside the objective; the ELBO draws
fixed standard normals, reparameterises through the tuple's fields, and adds the
closed-form Gaussian entropy."""

from collections import namedtuple

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2602)
D = 3
X = rs.randn(30, D)
TRUE_W = np.array([1.5, -0.7, 0.3])
Y = X @ TRUE_W + 0.2 * rs.randn(30)
EPS = rs.randn(16, D)


def log_joint(w, noise_var=0.04):
    resid = Y[None, :] - w @ X.T
    return -0.5 * np.sum(resid**2, axis=1) / noise_var - 0.5 * np.sum(w**2, axis=1)


def elbo(theta):
    Gaussian = namedtuple("Gaussian", ["mean", "log_std"])
    q = Gaussian(theta[:D], theta[D:])
    samples = q.mean + np.exp(q.log_std) * EPS
    entropy = np.sum(q.log_std) + 0.5 * D * (1.0 + np.log(2 * np.pi))
    return np.mean(log_joint(samples)) + entropy


def loss(theta):
    return -elbo(theta)


def inputs():
    return (np.concatenate([np.zeros(D), -np.ones(D)]),)
