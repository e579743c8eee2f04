"""Truncated natural gradient (as in TRPO-style code): the Fisher-vector product of a
softmax policy is the Hessian-vector product of the KL to a frozen copy, conjugate
gradient solves F s = g in a few iterations, and result() takes the step; the loss is
the surrogate objective."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, hessian_vector_product


def log_softmax(z):
    m = np.max(z, 1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), 1, keepdims=True))


def policy_logp(theta, S):
    return log_softmax(np.dot(S, theta.reshape(3, 2)))


def kl_to(theta, theta_old, S):
    p_old = np.exp(policy_logp(theta_old, S))
    return np.mean(np.sum(p_old * (np.log(p_old) - policy_logp(theta, S)), axis=1))


def surrogate(theta, S, A, adv):
    return -np.mean(policy_logp(theta, S)[np.arange(len(A)), A] * adv)


def conjugate_gradient(fvp, b, iters=5):
    x = np.zeros_like(b)
    r, p = b.copy(), b.copy()
    rr = np.dot(r, r)
    for _ in range(iters):
        Ap = fvp(p)
        alpha = rr / (np.dot(p, Ap) + 1e-10)
        x += alpha * p
        r -= alpha * Ap
        rr_new = np.dot(r, r)
        p = r + rr_new / rr * p
        rr = rr_new
    return x


def data():
    rs = npr.RandomState(166)
    S = rs.randn(12, 3)
    A = rs.randint(0, 2, 12)
    adv = rs.randn(12)
    return 0.1 * rs.randn(6), S, A, adv


def loss(theta, S, A, adv):
    return surrogate(theta, S, A, adv)


def inputs():
    return data()


def result():
    theta, S, A, adv = data()
    hvp = hessian_vector_product(kl_to)

    def fisher_vector_product(theta):
        return lambda v: hvp(theta, theta.copy(), S, v) + 1e-3 * v

    for _ in range(2):
        g = grad(surrogate)(theta, S, A, adv)
        step = conjugate_gradient(fisher_vector_product(theta), -g)
        theta = theta + 0.5 * step
    return theta
