"""A program that imports the operators from autograd.differential_operators (where
autograd defines them) rather than from the package: a Laplace approximation of a
Bayesian logistic regression whose loss is the negative log evidence, using hessian of
the log joint at a fixed mode estimate and np.linalg.slogdet, plus jacobian and
make_hvp in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.differential_operators import hessian, jacobian, make_hvp

rs = npr.RandomState(2511)
X = rs.randn(20, 3)
Y = (rs.rand(20) < 0.5).astype(float)


def log_joint(w, log_prior_scale):
    z = X @ w
    loglik = np.sum(Y * z - np.logaddexp(0.0, z))
    s2 = np.exp(2 * log_prior_scale)
    return loglik - 0.5 * np.sum(w**2) / s2 - 0.5 * len(w) * np.log(2 * np.pi * s2)


W_MODE = np.array([0.2, -0.1, 0.3])


def loss(log_prior_scale):
    H = -hessian(log_joint)(W_MODE, log_prior_scale)
    sign, logdet = np.linalg.slogdet(H)
    return -(
        log_joint(W_MODE, log_prior_scale) + 0.5 * len(W_MODE) * np.log(2 * np.pi) - 0.5 * logdet
    )


def inputs():
    return (0.3,)


def result():
    J = jacobian(lambda w: X @ w)(W_MODE)
    hvp, _ = make_hvp(log_joint)(W_MODE, 0.3)
    return J, hvp(np.ones(3))
