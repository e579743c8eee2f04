"""A sparse GP with the FITC approximation (Snelson & Ghahramani): Q = Kxz Kzz^-1 Kzx, a
diagonal correction Lambda = diag(Kxx - Q) + noise, and the marginal likelihood through the
Woodbury identity with cholesky and solve; differentiated in the inducing inputs."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.linalg as spla

rs = npr.RandomState(2203)
X = np.sort(rs.uniform(-3, 3, 16))
Y = np.sin(X) + 0.2 * rs.randn(16)
NOISE = 0.05
LS, SF2 = 0.9, 1.2


def rbf(a, b):
    return SF2 * np.exp(-0.5 * (a[:, None] - b[None, :]) ** 2 / LS**2)


def fitc_nlml(Z, x, y):
    n, m = len(x), len(Z)
    Kzz = rbf(Z, Z) + 1e-6 * np.eye(m)
    Kxz = rbf(x, Z)
    Lz = np.linalg.cholesky(Kzz)
    V = spla.solve_triangular(Lz, Kxz.T, lower=True)  # m x n, Q = V.T V
    lam = SF2 - np.sum(V**2, axis=0) + NOISE
    A = np.eye(m) + np.dot(V / lam, V.T)
    La = np.linalg.cholesky(A)
    beta = spla.solve_triangular(La, np.dot(V, y / lam), lower=True)
    quad = np.sum(y**2 / lam) - np.sum(beta**2)
    logdet = np.sum(np.log(lam)) + 2 * np.sum(np.log(np.diag(La)))
    return 0.5 * (quad + logdet + n * np.log(2 * np.pi))


def loss(Z):
    return fitc_nlml(Z, X, Y)


def inputs():
    return (np.array([-2.5, -1.0, 0.2, 1.4, 2.6]),)
