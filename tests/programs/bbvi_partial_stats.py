"""Black-box VI, the long way: a diagonal Gaussian q over the weights of a Bayesian linear
regression, the log joint built with scipy.stats norm.logpdf, bound with functools.partial,
fixed Monte Carlo noise drawn once at module level and the entropy in closed form."""

import functools

import autograd.numpy as np
import autograd.scipy.stats.norm as norm
from autograd import grad
from autograd.misc.optimizers import adam

np.random.seed(11)
D = 3
N_SAMPLES = 16
EPS = np.random.randn(N_SAMPLES, D)
X_DATA = np.random.randn(25, D)
TRUE_W = np.array([1.0, -2.0, 0.5])
Y_DATA = X_DATA.dot(TRUE_W) + 0.3 * np.random.randn(25)


def log_joint(w, X, y, noise_std, prior_std):
    log_prior = np.sum(norm.logpdf(w, 0.0, prior_std), axis=-1)
    preds = np.dot(w, X.T)
    log_lik = np.sum(norm.logpdf(y, preds, noise_std), axis=-1)
    return log_prior + log_lik


def gaussian_entropy(log_std):
    return 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)


def elbo(var_params, logprob):
    mean, log_std = var_params[:D], var_params[D:]
    samples = EPS * np.exp(log_std) + mean
    return gaussian_entropy(log_std) + np.mean(logprob(samples))


target = functools.partial(log_joint, X=X_DATA, y=Y_DATA, noise_std=0.3, prior_std=2.0)


def loss(var_params):
    return -elbo(var_params, target)


def inputs():
    return (np.concatenate([np.zeros(D), -1.0 * np.ones(D)]),)


def result():
    def objective(params, t):
        return loss(params)

    return adam(grad(objective), inputs()[0], step_size=0.05, num_iters=15)
