"""A mixture of Gaussians whose parameters arrive as a list and are named with
dict(zip(NAMES, arrays)); options filled in with setdefault on a local copy of a
defaults dict; log-sum-exp over components with autograd.scipy.special.logsumexp."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

NAMES = ("logits", "means", "log_scales")
DEFAULTS = {"prior_scale": 3.0}


def mixture_nll(param_list, x, **options):
    opts = dict(options)
    opts.setdefault("prior_scale", DEFAULTS["prior_scale"])
    opts.setdefault("temperature", 1.0)
    p = dict(zip(NAMES, param_list))
    log_w = p["logits"] / opts["temperature"] - logsumexp(p["logits"] / opts["temperature"])
    z = (x[:, None] - p["means"][None, :]) / np.exp(p["log_scales"])[None, :]
    comp = -0.5 * z**2 - p["log_scales"][None, :] - 0.5 * np.log(2 * np.pi)
    ll = np.sum(logsumexp(log_w[None, :] + comp, axis=1))
    prior = -0.5 * np.sum(p["means"] ** 2) / opts["prior_scale"] ** 2
    return -(ll + prior)


def loss(param_list, x):
    return mixture_nll(param_list, x, temperature=1.0)


def inputs():
    rs = npr.RandomState(61)
    x = np.concatenate([rs.randn(15) - 2.0, 0.5 * rs.randn(10) + 1.5])
    return [np.zeros(3), np.array([-1.0, 0.0, 1.0]), np.zeros(3)], x


def result():
    params, x = inputs()
    g = grad(mixture_nll)
    for _ in range(5):
        params = [p - 0.01 * d for p, d in zip(params, g(params, x, prior_scale=2.0))]
    return params
