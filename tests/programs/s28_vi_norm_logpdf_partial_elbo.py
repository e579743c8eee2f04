"""Black-box variational inference for a 2-d banana-shaped posterior: the log density
is bound to its data by functools.partial, the Gaussian variational family is
reparameterised with fixed noise, and the ELBO uses scipy.stats norm.logpdf for the
entropy term estimated by Monte Carlo."""

from functools import partial

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam
from autograd.scipy.stats import norm


def log_density(z, a=1.0, b=0.5):
    x, y = z[:, 0], z[:, 1]
    return norm.logpdf(x, 0.0, a) + norm.logpdf(y, b * x**2, 0.5)


def unpack(params):
    D = params.shape[0] // 2
    return params[:D], params[D:]


def elbo(params, logprob, eps):
    mean, log_std = unpack(params)
    samples = mean + np.exp(log_std) * eps
    log_q = np.sum(norm.logpdf(samples, mean, np.exp(log_std)), axis=1)
    return np.mean(logprob(samples) - log_q)


EPS = npr.RandomState(2806).randn(64, 2)
target = partial(log_density, a=1.5, b=0.8)


def loss(params):
    return -elbo(params, target, EPS)


def inputs():
    return (np.array([0.3, -0.2, -0.5, -0.1]),)


def result():
    objective = lambda params, t: loss(params)  # noqa: E731
    return adam(grad(objective), inputs()[0], step_size=0.05, num_iters=15)
