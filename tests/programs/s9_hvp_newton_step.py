"""Newton-CG style: Hessian-vector products with autograd.hessian_vector_product and
conjugate-gradient iterations in a while loop with an early exit."""

import autograd.numpy as np
from autograd import grad, hessian_vector_product


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def loss(x):
    return rosen(x)


def cg(hvp, b, x, tol=1e-10, maxiter=20):
    p = np.zeros_like(b)
    r = b.copy()
    d = r.copy()
    k = 0
    while k < maxiter:
        Hd = hvp(x, d)
        alpha = np.dot(r, r) / np.dot(d, Hd)
        p = p + alpha * d
        r_new = r - alpha * Hd
        if np.dot(r_new, r_new) < tol:
            break
        beta = np.dot(r_new, r_new) / np.dot(r, r)
        d = r_new + beta * d
        r = r_new
        k += 1
    return p


def inputs():
    return (np.array([-1.2, 1.0, 0.8, 1.1]),)


def result():
    (x,) = inputs()
    hvp = hessian_vector_product(rosen)
    for _ in range(3):
        x = x - cg(hvp, grad(rosen)(x), x)
    return x
