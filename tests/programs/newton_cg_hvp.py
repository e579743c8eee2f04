"""Truncated Newton for regularized logistic regression: hessian_vector_product inside a
conjugate-gradient loop that stops on the residual norm (a Python float through float()),
with the gradient from grad; the loss itself checked in its weights."""

import autograd.numpy as np
from autograd import grad, hessian_vector_product

rs = np.random.RandomState(0)
X = rs.randn(30, 4)
y = (X.dot(np.array([1.0, -2.0, 0.5, 0.0])) + 0.3 * rs.randn(30) > 0).astype(float)
L2 = 0.1


def loss(w):
    z = np.dot(X, w)
    return np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * L2 * np.dot(w, w)


def conjugate_gradient(hvp, b, tol=1e-10, max_iter=20):
    x = np.zeros_like(b)
    r = b.copy()
    p = r.copy()
    rr = float(np.dot(r, r))
    for _ in range(max_iter):
        Ap = hvp(p)
        alpha = rr / np.dot(p, Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rr_new = float(np.dot(r, r))
        if np.sqrt(rr_new) < tol:
            break
        p = r + (rr_new / rr) * p
        rr = rr_new
    return x


def inputs():
    return (np.array([0.1, 0.0, -0.1, 0.2]),)


def result():
    w = inputs()[0]
    g = grad(loss)
    H = hessian_vector_product(loss)
    for _ in range(3):
        step = conjugate_gradient(lambda v: H(w, v), -g(w))  # noqa: B023
        w = w + step
    return w, g(w)
