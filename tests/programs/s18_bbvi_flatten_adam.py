"""Black-box variational inference for Bayesian logistic regression with a mean-field
Gaussian over the weights held in a dict of (mean, log_std) tuples; autograd.misc.flatten
gives the flat vector and unflatten, autograd.misc.optimizers.adam runs a few steps with
a callback, and the objective draws with a RandomState made from the step number."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc import flatten
from autograd.misc.optimizers import adam
from autograd.scipy.stats import norm

RS = npr.RandomState(0)
X = RS.randn(20, 3)
Y = (np.dot(X, np.array([1.0, -2.0, 0.5])) + 0.3 * RS.randn(20) > 0).astype(float)


def log_joint(w, b):
    logits = np.dot(X, w.T).T + b[:, None]
    log_lik = np.sum(Y * logits - np.logaddexp(0.0, logits), axis=1)
    return log_lik + np.sum(norm.logpdf(w, 0.0, 1.0), axis=1) + norm.logpdf(b, 0.0, 1.0)


def elbo(params, t, num_samples=6):
    rs = npr.RandomState(t)
    draws = {}
    entropy = 0.0
    for key, (mean, log_std) in sorted(params.items()):
        eps = rs.randn(num_samples, *np.shape(mean))
        draws[key] = mean + np.exp(log_std) * eps
        entropy = entropy + np.sum(log_std)
    return np.mean(log_joint(draws["w"], draws["b"])) + entropy


INIT = {"w": (np.zeros(3), -1.0 * np.ones(3)), "b": (0.0, -1.0)}
FLAT, UNFLATTEN = flatten(INIT)


def loss(flat, t):
    return -elbo(UNFLATTEN(flat), t)


def inputs():
    return FLAT + 0.05 * np.arange(len(FLAT)), 3


def result():
    seen = []

    def callback(x, i, g):
        seen.append(loss(x, i))

    out = adam(grad(loss), inputs()[0], step_size=0.1, num_iters=4, callback=callback)
    return out, np.array(seen)
