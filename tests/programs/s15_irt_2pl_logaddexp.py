"""A two-parameter item response model: the probability that student s answers item i
is sigmoid(a_i * (theta_s - b_i)), the log-likelihood uses np.logaddexp(0, -z) for
stability, parameters are one flat vector split with np.split, and index arrays pick
each response's student and item."""

import autograd.numpy as np
import autograd.numpy.random as npr

STUDENTS, ITEMS = 6, 4


def responses():
    rs = npr.RandomState(1506)
    s = np.repeat(np.arange(STUDENTS), ITEMS)
    i = np.tile(np.arange(ITEMS), STUDENTS)
    correct = (rs.rand(STUDENTS * ITEMS) < 0.6).astype(float)
    return s, i, correct


S_IDX, I_IDX, CORRECT = responses()


def loss(params):
    theta, log_a, b = np.split(params, [STUDENTS, STUDENTS + ITEMS])
    z = np.exp(log_a)[I_IDX] * (theta[S_IDX] - b[I_IDX])
    loglik = CORRECT * -np.logaddexp(0, -z) + (1 - CORRECT) * -np.logaddexp(0, z)
    prior = 0.5 * np.sum(theta**2) + 0.5 * np.sum(log_a**2) + 0.1 * np.sum(b**2)
    return -np.sum(loglik) + prior


def inputs():
    return (0.1 * npr.RandomState(15061).randn(STUDENTS + 2 * ITEMS),)
