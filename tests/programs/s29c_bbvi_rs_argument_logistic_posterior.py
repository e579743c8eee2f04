"""Mean-field Gaussian BBVI for Bayesian logistic regression with a RandomState argument:
the variational parameters are a tuple (mean, log_std), the ELBO averages the log joint
over reparameterised samples drawn from rs inside the loss, the log likelihood uses
np.logaddexp and the prior is a hand-written isotropic Gaussian."""

import autograd.numpy as np
import autograd.numpy.random as npr

STATEFUL = True

data_rs = npr.RandomState(29027)
X = data_rs.randn(25, 3)
Y = (X.dot(np.array([2.0, -1.0, 0.5])) + data_rs.randn(25) > 0).astype(float) * 2 - 1
PRIOR_VAR = 4.0


def log_joint(w):
    logits = np.dot(w, X.T)
    log_lik = -np.sum(np.logaddexp(0.0, -Y * logits), axis=-1)
    log_prior = -0.5 * np.sum(w**2, axis=-1) / PRIOR_VAR
    return log_lik + log_prior


def loss(var_params, rs, num_samples=16):
    mean, log_std = var_params
    eps = rs.randn(num_samples, len(mean))
    samples = mean + np.exp(log_std) * eps
    entropy = np.sum(log_std)
    return -(np.mean(log_joint(samples)) + entropy)


def inputs():
    return (np.zeros(3), -1.0 * np.ones(3)), npr.RandomState(28)
