"""Mixture model with a hand-written, numerically stable logsumexp."""

import autograd.numpy as np
import autograd.numpy.random as npr


def logsumexp(a, axis=None):
    m = np.max(a, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(a - m), axis=axis))


def loss(params, data):
    logits, means, log_vars = params["logits"], params["means"], params["log_vars"]
    log_pi = logits - logsumexp(logits, axis=0)
    diff = data[:, None, :] - means[None, :, :]
    ll = -0.5 * np.sum(diff**2 / np.exp(log_vars) + log_vars + np.log(2 * np.pi), axis=2)
    return -np.mean(logsumexp(ll + log_pi, axis=1))


def inputs():
    rs = npr.RandomState(13)
    params = {"logits": rs.randn(3), "means": rs.randn(3, 2), "log_vars": 0.1 * rs.randn(3, 2)}
    return params, rs.randn(15, 2)
