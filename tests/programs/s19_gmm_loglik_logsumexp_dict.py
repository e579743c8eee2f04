"""A diagonal Gaussian mixture's log-likelihood with parameters in a dict (unconstrained:
log-variances, softmax logits), the per-point logsumexp over components from
autograd.scipy.special."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def log_normal_diag(x, mean, log_var):
    return -0.5 * np.sum(np.log(2 * np.pi) + log_var + (x - mean) ** 2 / np.exp(log_var), axis=-1)


def gmm_log_likelihood(params, data):
    log_weights = params["logits"] - logsumexp(params["logits"])
    comps = [
        log_normal_diag(data, params["means"][k], params["log_vars"][k]) + log_weights[k]
        for k in range(len(params["logits"]))
    ]
    return np.sum(logsumexp(np.stack(comps, axis=1), axis=1))


def loss(params, data):
    return -gmm_log_likelihood(params, data) / data.shape[0]


def inputs():
    rs = npr.RandomState(1903)
    data = np.concatenate([rs.randn(20, 2) * 0.5 + 1.0, rs.randn(15, 2) * 0.8 - 1.0])
    params = {"logits": np.zeros(3), "means": rs.randn(3, 2), "log_vars": 0.1 * rs.randn(3, 2)}
    return params, data
