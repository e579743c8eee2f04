"""Binary GP classification with the Laplace approximation (Rasmussen & Williams,
algorithms 3.1 and 5.1): an inner Newton iteration finds the posterior mode f_hat with
a convergence test on the objective (a while loop with a max-iteration guard), and the
approximate log marginal likelihood is differentiated in the kernel's log
hyperparameters. The Newton steps use B = I + W^1/2 K W^1/2 and its Cholesky factor,
solve_triangular for the back-substitutions, and a logistic likelihood."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.linalg import solve_triangular


def rbf(X1, X2, log_ell, log_sf):
    d2 = np.sum((X1[:, None, :] - X2[None, :, :]) ** 2, axis=-1)
    return np.exp(2 * log_sf) * np.exp(-0.5 * d2 / np.exp(2 * log_ell))


def sigmoid(f):
    return 1.0 / (1.0 + np.exp(-f))


def log_lik(y, f):
    # y in {-1, +1}
    return -np.sum(np.logaddexp(0.0, -y * f))


def newton_mode(K, y, max_iter=20, tol=1e-9):
    n = len(y)
    f = np.zeros(n)
    t = (y + 1) / 2.0
    obj_old, it = np.inf, 0
    while it < max_iter:
        pi = sigmoid(f)
        W = pi * (1 - pi)
        sW = np.sqrt(W)
        B = np.eye(n) + sW[:, None] * K * sW[None, :]
        L = np.linalg.cholesky(B)
        b = W * f + (t - pi)
        v = solve_triangular(L, sW * (K @ b), lower=True)
        a = b - sW * solve_triangular(L.T, v, lower=False)
        f = K @ a
        obj = -0.5 * a @ f + log_lik(y, f)
        if abs(obj - obj_old) < tol:
            break
        obj_old = obj
        it += 1
    return f, a


def laplace_log_marginal(hypers, X, y):
    K = rbf(X, X, hypers[0], hypers[1]) + 1e-8 * np.eye(len(y))
    f, a = newton_mode(K, y)
    pi = sigmoid(f)
    sW = np.sqrt(pi * (1 - pi))
    L = np.linalg.cholesky(np.eye(len(y)) + sW[:, None] * K * sW[None, :])
    return -0.5 * a @ f + log_lik(y, f) - np.sum(np.log(np.diag(L)))


rs = npr.RandomState(2654)
X = rs.randn(14, 2)
Y = np.where(X[:, 0] * X[:, 1] + 0.3 * rs.randn(14) > 0, 1.0, -1.0)


def loss(hypers):
    return -laplace_log_marginal(hypers, X, Y)


def inputs():
    return (np.array([0.2, 0.5]),)


def result():
    hypers = inputs()[0]
    g = grad(loss)
    for _ in range(5):
        hypers = hypers - 0.1 * g(hypers)
    return hypers, loss(hypers)
