"""Laplace approximation: Hessian and Hessian-vector products of a Poisson log posterior."""

import autograd.numpy as np
from autograd import grad, hessian, hessian_vector_product
from autograd.scipy.special import gammaln


def neg_log_post(w, X, y):
    eta = X @ w
    ll = np.sum(y * eta - np.exp(eta) - gammaln(y + 1.0))
    return -ll + 0.5 * np.sum(w**2)


loss = neg_log_post


def inputs():
    rs = np.random.RandomState(22)
    X = 0.5 * rs.randn(15, 3)
    y = rs.poisson(np.exp(X @ np.array([0.5, -0.3, 0.2]))).astype(float)
    return 0.1 * np.ones(3), X, y


def result():
    w, X, y = inputs()
    H = hessian(neg_log_post)(w, X, y)
    hvp = hessian_vector_product(neg_log_post)
    cols = np.array([hvp(w, X, y, e) for e in np.eye(3)])
    # one Newton step using conjugate gradient on hvp
    g = grad(neg_log_post)(w, X, y)
    step = np.linalg.solve(H, g)
    log_evidence = -neg_log_post(w - step, X, y) - 0.5 * np.linalg.slogdet(H)[1]
    return H, cols, log_evidence
