"""GARCH(1,1) maximum likelihood for a return series: the conditional variances follow
sigma2_t = omega + alpha r_{t-1}^2 + beta sigma2_{t-1}, kept in a list and stacked, with
the parameters mapped to the stationary region by exp and a softmax-like split; the
likelihood is norm.logpdf with scale sqrt(sigma2)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import norm


def simulate(n, omega=0.1, alpha=0.15, beta=0.75, seed=2212):
    rs = npr.RandomState(seed)
    s2, out = omega / (1 - alpha - beta), []
    r = 0.0
    for _ in range(n):
        s2 = omega + alpha * r**2 + beta * s2
        r = np.sqrt(s2) * rs.randn()
        out.append(r)
    return np.array(out)


RETURNS = simulate(40)


def unpack(theta):
    omega = np.exp(theta[0])
    e = np.exp(theta[1:])
    total = 1.0 + np.sum(e)
    return omega, e[0] / total, e[1] / total


def conditional_variances(returns, omega, alpha, beta):
    sigma2 = [np.var(returns)]
    for r in returns[:-1]:
        sigma2.append(omega + alpha * r**2 + beta * sigma2[-1])
    return np.stack(sigma2)


def loss(theta):
    omega, alpha, beta = unpack(theta)
    sigma2 = conditional_variances(RETURNS, omega, alpha, beta)
    return -np.sum(norm.logpdf(RETURNS, 0.0, np.sqrt(sigma2)))


def inputs():
    return (np.array([-2.0, -1.0, 1.0]),)
