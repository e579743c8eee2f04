"""A Gaussian mixture fitted two ways, as in a lecture notebook: a few EM iterations
(responsibilities by a log-sum-exp E-step, closed-form M-step, no gradients) give a
starting point, then the log marginal likelihood is refined by gradient ascent in
unconstrained coordinates (mixing logits, means, log standard deviations per component
and dimension). Diagonal Gaussians; the log-density helper broadcasts points against
components with [:, None, :]."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

K, D = 3, 2
LOG2PI = np.log(2 * np.pi)


def diag_gaussian_logpdf(X, means, log_stds):
    z = (X[:, None, :] - means[None, :, :]) / np.exp(log_stds)[None, :, :]
    return -0.5 * np.sum(z**2, axis=2) - np.sum(log_stds, axis=1)[None, :] - 0.5 * D * LOG2PI


def log_marginal(params, X):
    log_weights = params["logits"] - logsumexp(params["logits"])
    joint = diag_gaussian_logpdf(X, params["means"], params["log_stds"]) + log_weights
    return np.sum(logsumexp(joint, axis=1))


def e_step(params, X):
    log_weights = params["logits"] - logsumexp(params["logits"])
    joint = diag_gaussian_logpdf(X, params["means"], params["log_stds"]) + log_weights
    return np.exp(joint - logsumexp(joint, axis=1, keepdims=True))


def m_step(resp, X):
    Nk = resp.sum(axis=0) + 1e-10
    means = resp.T @ X / Nk[:, None]
    var = np.stack([resp[:, k] @ (X - means[k]) ** 2 / Nk[k] for k in range(K)]) + 1e-6
    return {"logits": np.log(Nk / Nk.sum()), "means": means, "log_stds": 0.5 * np.log(var)}


def em(params, X, n_iter=5, tol=1e-8):
    prev = -np.inf
    for it in range(n_iter):
        params = m_step(e_step(params, X), X)
        cur = log_marginal(params, X)
        if abs(cur - prev) < tol:
            break
        prev = cur
    return params


rs = npr.RandomState(2652)
CENTRES = np.array([[-2.0, 0.0], [2.0, 1.0], [0.0, -2.5]])
X = np.concatenate([c + 0.6 * rs.randn(15, D) for c in CENTRES])


def init_params(rs):
    return {
        "logits": np.zeros(K),
        "means": X[rs.choice(len(X), K, replace=False)],
        "log_stds": np.zeros((K, D)),
    }


def loss(params):
    return -log_marginal(params, X) / len(X)


def inputs():
    return (em(init_params(npr.RandomState(0)), X, n_iter=2),)


def result():
    params = em(init_params(npr.RandomState(0)), X, n_iter=3)
    g = grad(loss)
    for step in range(15):
        grads = g(params)
        params = {k: params[k] - 0.1 * grads[k] for k in params}
    return params, -loss(params), e_step(params, X).argmax(axis=1)
