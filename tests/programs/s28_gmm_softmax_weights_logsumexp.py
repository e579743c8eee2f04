"""A diagonal Gaussian mixture fitted by gradient descent on the negative log
likelihood: the mixture weights are a softmax of unconstrained logits, each component's
log density is built in a list comprehension and np.stack-ed, and the per-point mixture
is a logsumexp over components."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

K, D = 3, 2


def unpack_params(params):
    logits, means, log_stds = params["logits"], params["means"], params["log_stds"]
    log_weights = logits - logsumexp(logits)
    return log_weights, means, log_stds


def component_logpdf(X, mean, log_std):
    z = (X - mean) / np.exp(log_std)
    return -0.5 * np.sum(z**2, axis=1) - np.sum(log_std) - 0.5 * D * np.log(2 * np.pi)


def mixture_loglik(params, X):
    log_w, means, log_stds = unpack_params(params)
    comps = np.stack(
        [lw + component_logpdf(X, m, s) for lw, m, s in zip(log_w, means, log_stds)], axis=1
    )
    return np.sum(logsumexp(comps, axis=1))


rs = npr.RandomState(2807)
centers = np.array([[0.0, 0.0], [3.0, 1.0], [-2.0, 2.5]])
DATA = np.concatenate([c + 0.6 * rs.randn(12, D) for c in centers])


def loss(params):
    return -mixture_loglik(params, DATA) / len(DATA)


def inputs():
    r = npr.RandomState(7)
    return (
        {
            "logits": np.zeros(K),
            "means": DATA[r.choice(len(DATA), K, replace=False)] + 0.1,
            "log_stds": np.zeros((K, D)),
        },
    )


def result():
    params = inputs()[0]
    g = grad(loss)
    for _ in range(5):
        d = g(params)
        params = {k: v - 0.3 * d[k] for k, v in params.items()}
    return params, loss(params)
