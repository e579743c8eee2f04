"""Truncated-Newton steps for an L2-regularised softmax regression: the inner conjugate
gradient solve uses autograd's hessian_vector_product as its matrix-vector product in a
plain for loop with an early break, and the loss is the objective after two such steps,
differentiated in the regularisation strength's log (a hypergradient through the
solver). The weights are a flat vector reshaped inside."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, hessian_vector_product
from autograd.scipy.special import logsumexp

rs = npr.RandomState(29030)
X = rs.randn(15, 3)
T = np.eye(3)[rs.randint(0, 3, size=15)]
XV = rs.randn(10, 3)
TV = np.eye(3)[rs.randint(0, 3, size=10)]


def objective(w, log_lam, X, T):
    W = np.reshape(w, (3, 3))
    logits = np.dot(X, W)
    log_p = logits - logsumexp(logits, axis=1, keepdims=True)
    return -np.sum(T * log_p) / len(X) + 0.5 * np.exp(log_lam) * np.sum(w**2)


def conjugate_gradient(hvp, b, iters=4, tol=1e-10):
    x = np.zeros_like(b)
    r = b
    p = r
    rr = np.dot(r, r)
    for _ in range(iters):
        Ap = hvp(p)
        alpha = rr / np.dot(p, Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rr_new = np.dot(r, r)
        if rr_new < tol:
            break
        p = r + (rr_new / rr) * p
        rr = rr_new
    return x


def newton_steps(log_lam, steps=2):
    w = np.zeros(9)
    g = grad(objective)
    H = hessian_vector_product(objective)
    for _ in range(steps):
        direction = conjugate_gradient(lambda v: H(w, log_lam, X, T, v), g(w, log_lam, X, T))  # noqa: B023
        w = w - direction
    return w


def loss(log_lam):
    w = newton_steps(log_lam)
    return objective(w, -20.0, XV, TV)


def inputs():
    return (np.array(-1.0),)
