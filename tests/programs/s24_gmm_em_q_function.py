"""The EM view of a one-dimensional Gaussian mixture: the E-step's responsibilities are
computed from the current parameters as plain numbers (the parameters' values), and the
M-step's expected complete-data log-likelihood (the Q function) is maximised by gradient
ascent on unconstrained parameters (means, log scales, mixing logits) with norm.logpdf
and a log-softmax; result() runs a few EM rounds, each with an inner gradient loop."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp
from autograd.scipy.stats import norm

rs = npr.RandomState(2404)
DATA = np.concatenate([rs.randn(25) * 0.5 - 2.0, rs.randn(35) * 0.8 + 1.5])
K = 2


def unpack(theta):
    return theta[:K], theta[K : 2 * K], theta[2 * K :]


def log_joint(theta, x):
    means, log_scales, logits = unpack(theta)
    log_weights = logits - logsumexp(logits)
    return norm.logpdf(x[:, None], means, np.exp(log_scales)) + log_weights


def responsibilities(theta_old, x):
    lj = log_joint(theta_old, x)
    return np.exp(lj - logsumexp(lj, axis=1, keepdims=True))


def q_function(theta, resp, x):
    return np.sum(resp * log_joint(theta, x)) / len(x)


THETA0 = np.array([-1.0, 1.0, 0.0, 0.0, 0.0, 0.0])
RESP0 = responsibilities(THETA0, DATA)


def loss(theta):
    return -q_function(theta, RESP0, DATA)


def inputs():
    return (np.array([-1.5, 0.5, -0.2, 0.1, 0.3, -0.1]),)


def result():
    theta = THETA0
    dq = grad(q_function)
    for _ in range(3):
        resp = responsibilities(theta, DATA)
        for _ in range(5):
            theta = theta + 0.5 * dq(theta, resp, DATA)
    return theta
