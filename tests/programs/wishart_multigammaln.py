"""Normal-Wishart log density: multigammaln, slogdet, trace of a solve, Cholesky factor."""

import autograd.numpy as np
from autograd.scipy.special import multigammaln


def wishart_logpdf(Lam, nu, V):
    p = Lam.shape[0]
    _, ld_lam = np.linalg.slogdet(Lam)
    _, ld_v = np.linalg.slogdet(V)
    return (
        0.5 * (nu - p - 1) * ld_lam
        - 0.5 * np.trace(np.linalg.solve(V, Lam))
        - 0.5 * nu * p * np.log(2)
        - 0.5 * nu * ld_v
        - multigammaln(0.5 * nu, p)
    )


def loss(params, X):
    L = np.tril(params["L"])
    Lam = L @ L.T + 1e-4 * np.eye(2)
    nu = 3.0 + np.exp(params["log_nu"])
    diff = X - params["mu"]
    _, ld = np.linalg.slogdet(Lam)
    ll = 0.5 * X.shape[0] * ld - 0.5 * np.sum(diff @ Lam * diff)
    return -(ll + wishart_logpdf(Lam, nu, np.eye(2)))


def inputs():
    rs = np.random.RandomState(41)
    params = {"L": np.eye(2) + 0.1 * rs.randn(2, 2), "mu": np.zeros(2), "log_nu": 0.5}
    return params, rs.randn(10, 2)
