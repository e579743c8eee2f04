"""The log evidence of Bayesian linear regression in its precision hyper-parameters alpha
and beta (Bishop 3.86), with np.linalg.inv, slogdet and solve, and a polynomial basis
built with np.vander; maximised by gradient ascent in log space."""

import autograd.numpy as np
from autograd import grad

np.random.seed(3)
N, DEGREE = 15, 4
x = np.random.uniform(-1, 1, N)
t = np.sin(np.pi * x) + 0.2 * np.random.randn(N)
PHI = np.vander(x, DEGREE + 1, increasing=True)
M = PHI.shape[1]


def log_evidence(log_alpha, log_beta):
    alpha, beta = np.exp(log_alpha), np.exp(log_beta)
    A = alpha * np.eye(M) + beta * PHI.T @ PHI
    m_N = beta * np.linalg.solve(A, PHI.T @ t)
    E = 0.5 * beta * np.sum((t - PHI @ m_N) ** 2) + 0.5 * alpha * m_N @ m_N
    sign, logdet = np.linalg.slogdet(A)
    return 0.5 * M * log_alpha + 0.5 * N * log_beta - E - 0.5 * logdet - 0.5 * N * np.log(2 * np.pi)


def posterior_trace(log_alpha, log_beta):
    A = np.exp(log_alpha) * np.eye(M) + np.exp(log_beta) * PHI.T @ PHI
    return np.trace(np.linalg.inv(A))


def loss(log_hyp):
    return -log_evidence(log_hyp[0], log_hyp[1]) + posterior_trace(log_hyp[0], log_hyp[1])


def inputs():
    return (np.array([0.5, 1.0]),)


def result():
    h = inputs()[0]
    for _ in range(10):
        h = h + 0.01 * grad(lambda v: log_evidence(v[0], v[1]))(h)
    return h
