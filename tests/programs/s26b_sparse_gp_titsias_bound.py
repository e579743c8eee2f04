"""Sparse GP regression with Titsias' collapsed variational bound, the inducing inputs
and the kernel hyperparameters optimised together. Parameters are packed in a flat
vector by a small Params class with a classmethod constructor, an unpack() giving a
dict, and a counter of objective evaluations kept in a module global (``global
N_EVALS``) as people do for scipy.optimize callbacks; result() runs L-BFGS-B on
value_and_grad with jac=True."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad
from scipy.optimize import minimize

N_EVALS = 0
JITTER = 1e-6


class Params:
    def __init__(self, n_inducing, dim):
        self.n_inducing = n_inducing
        self.dim = dim
        self.sizes = {"log_ell": dim, "log_sf": 1, "log_noise": 1, "Z": n_inducing * dim}

    @classmethod
    def for_data(cls, X, n_inducing):
        return cls(n_inducing, X.shape[1])

    def unpack(self, flat):
        out, i = {}, 0
        for name, size in self.sizes.items():
            out[name] = flat[i : i + size]
            i += size
        out["Z"] = out["Z"].reshape(self.n_inducing, self.dim)
        out["log_sf"], out["log_noise"] = out["log_sf"][0], out["log_noise"][0]
        return out

    def pack(self, log_ell, log_sf, log_noise, Z):
        return np.concatenate([log_ell, [log_sf], [log_noise], Z.ravel()])


def ard_rbf(A, B, log_ell, log_sf):
    A, B = A / np.exp(log_ell), B / np.exp(log_ell)
    sq = np.sum(A**2, 1)[:, None] + np.sum(B**2, 1)[None, :] - 2 * A @ B.T
    return np.exp(2 * log_sf - 0.5 * np.maximum(sq, 0.0))


def titsias_bound(p, X, y):
    n, m = len(y), len(p["Z"])
    sigma2 = np.exp(2 * p["log_noise"])
    Kuu = ard_rbf(p["Z"], p["Z"], p["log_ell"], p["log_sf"]) + JITTER * np.eye(m)
    Kuf = ard_rbf(p["Z"], X, p["log_ell"], p["log_sf"])
    Luu = np.linalg.cholesky(Kuu)
    A = np.linalg.solve(Luu, Kuf) / np.sqrt(sigma2)
    B = np.eye(m) + A @ A.T
    LB = np.linalg.cholesky(B)
    c = np.linalg.solve(LB, A @ y) / np.sqrt(sigma2)
    bound = -0.5 * n * np.log(2 * np.pi * sigma2) - np.sum(np.log(np.diag(LB)))
    bound = bound - 0.5 * y @ y / sigma2 + 0.5 * c @ c
    trace_term = n * np.exp(2 * p["log_sf"]) / sigma2 - np.sum(A**2)
    return bound - 0.5 * trace_term


rs = npr.RandomState(2655)
X = np.sort(rs.uniform(-3, 3, (25, 1)), axis=0)
Y = np.sin(2 * X[:, 0]) + 0.1 * rs.randn(25)
SPEC = Params.for_data(X, 5)


def loss(flat):
    global N_EVALS
    N_EVALS += 1
    return -titsias_bound(SPEC.unpack(flat), X, Y) / len(Y)


def inputs():
    Z0 = np.linspace(-2.5, 2.5, 5)[:, None]
    return (SPEC.pack(np.array([0.0]), 0.0, np.log(0.3), Z0),)


def result():
    res = minimize(
        value_and_grad(loss), inputs()[0], jac=True, method="L-BFGS-B", options={"maxiter": 15}
    )
    return res.x, res.fun
