"""GP classification with the Laplace approximation (Rasmussen & Williams, algorithm 3.1),
as researchers write it: Newton iterations for the posterior mode in a while loop with a
convergence test, B = I + W^1/2 K W^1/2 by cholesky, solve_triangular for the solves, and
the approximate log marginal likelihood differentiated in the kernel hyper-parameters
(through the Newton iterations, as autograd does)."""

import autograd.numpy as np
import autograd.scipy.linalg as spla
from autograd import grad

rs = np.random.RandomState(3)
N = 10
X = np.sort(rs.uniform(-3, 3, N))[:, None]
Y = np.where(np.sin(X[:, 0]) + 0.3 * rs.randn(N) > 0, 1.0, -1.0)


def kernel(A, B, log_ell, log_sf):
    d2 = (A[:, None, 0] - B[None, :, 0]) ** 2
    return np.exp(2 * log_sf) * np.exp(-0.5 * d2 / np.exp(2 * log_ell))


def sigmoid(z):
    return 0.5 * (np.tanh(0.5 * z) + 1)


def laplace_mode(K, y, tol=1e-8, max_iter=30):
    f = np.zeros(len(y))
    t = (y + 1) / 2
    obj_old = np.inf
    it = 0
    while it < max_iter:
        pi = sigmoid(f)
        W = pi * (1 - pi)
        sW = np.sqrt(W)
        B = np.eye(len(y)) + sW[:, None] * K * sW[None, :]
        L = np.linalg.cholesky(B)
        b = W * f + (t - pi)
        v = spla.solve_triangular(L, sW * np.dot(K, b), lower=True)
        a = b - sW * spla.solve_triangular(L.T, v, lower=False)
        f = np.dot(K, a)
        obj = -0.5 * np.dot(a, f) + np.sum(np.log(sigmoid(y * f)))
        if abs(obj - obj_old) < tol:
            break
        obj_old = obj
        it += 1
    return f, a, L


def neg_log_marginal(log_hyp):
    K = kernel(X, X, log_hyp[0], log_hyp[1]) + 1e-8 * np.eye(N)
    f, a, L = laplace_mode(K, Y)
    return 0.5 * np.dot(a, f) - np.sum(np.log(sigmoid(Y * f))) + np.sum(np.log(np.diag(L)))


def loss(log_hyp):
    return neg_log_marginal(log_hyp)


def inputs():
    return (np.array([0.2, 0.5]),)


def result():
    x = inputs()[0]
    g = grad(loss)
    for _ in range(2):
        step = g(x)
        x = [a - 0.01 * b for a, b in zip(x, step)] if isinstance(x, list) else x - 0.01 * step
    return x
