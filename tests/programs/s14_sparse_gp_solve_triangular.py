"""A DTC/FITC-style sparse GP with inducing inputs: Kuu = L L^T by cholesky, the
projection A = L^{-1} Kuf by autograd.scipy.linalg.solve_triangular(lower=True), and the
Woodbury form of the log marginal likelihood; differentiated in the inducing inputs."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.linalg import solve_triangular


def rbf(A, B, ls=0.8):
    d2 = np.sum(A**2, 1)[:, None] + np.sum(B**2, 1)[None, :] - 2 * np.dot(A, B.T)
    return np.exp(-0.5 * d2 / ls**2)


def data():
    rs = npr.RandomState(1417)
    X = np.sort(rs.uniform(-3, 3, (20, 1)), axis=0)
    y = np.sin(X[:, 0]) + 0.1 * rs.randn(20)
    return X, y


X, Y = data()
NOISE = 0.05


def loss(Z):
    m = Z.shape[0]
    Kuu = rbf(Z, Z) + 1e-6 * np.eye(m)
    Kuf = rbf(Z, X)
    L = np.linalg.cholesky(Kuu)
    A = solve_triangular(L, Kuf, lower=True) / np.sqrt(NOISE)
    B = np.eye(m) + np.dot(A, A.T)
    LB = np.linalg.cholesky(B)
    c = solve_triangular(LB, np.dot(A, Y), lower=True) / np.sqrt(NOISE)
    n = len(Y)
    logdet = 2 * np.sum(np.log(np.diag(LB))) + n * np.log(NOISE)
    quad = np.dot(Y, Y) / NOISE - np.dot(c, c)
    trace = (n - np.sum(A**2) * NOISE) / NOISE  # the Titsias trace term, with Kff diag = 1
    return 0.5 * (logdet + quad + n * np.log(2 * np.pi)) + 0.5 * trace


def inputs():
    return (np.linspace(-2.5, 2.5, 5)[:, None] + 0.1,)
