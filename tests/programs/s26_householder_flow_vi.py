"""Variational inference with a Householder flow: a diagonal Gaussian base sample is
passed through K Householder reflections H = I - 2 v v^T / (v^T v) built with np.outer
(volume preserving, so the log-determinant is zero), and the ELBO of a correlated 2-D
Gaussian target is estimated with a fixed RandomState's draws. Parameters are a tuple of
the base mean, log-std and a list of reflection vectors."""

import autograd.numpy as np
import autograd.numpy.random as npr

TARGET_COV = np.array([[1.0, 0.8], [0.8, 1.0]])
TARGET_PREC = np.linalg.inv(TARGET_COV)


def log_target(z):
    return -0.5 * np.einsum("ni,ij,nj->n", z, TARGET_PREC, z)


def householder(v):
    return np.eye(len(v)) - 2.0 * np.outer(v, v) / np.dot(v, v)


def elbo(params, n_samples=50, seed=0):
    mean, log_std, vs = params
    eps = npr.RandomState(seed).randn(n_samples, 2)
    z = mean + np.exp(log_std) * eps
    for v in vs:
        z = z @ householder(v).T
    entropy = np.sum(log_std)
    return np.mean(log_target(z)) + entropy


def loss(params):
    return -elbo(params)


def inputs():
    return (
        (
            np.array([0.1, -0.1]),
            np.array([-0.3, 0.2]),
            [np.array([1.0, 0.5]), np.array([-0.2, 1.0])],
        ),
    )
