"""Mean-field inference for a Potts model on a ring: the marginals q (n sites by k
states) are iterated to a fixed point with a while loop that stops when the change is
below a tolerance or after a maximum count, each update a softmax of the field plus the
neighbours' marginals (np.roll). The loss is the variational free energy at the fixed
point, differentiated in the coupling and the local fields."""

import autograd.numpy as np
import autograd.numpy.random as npr

N_SITES, N_STATES = 8, 3
rs = npr.RandomState(2612)
Q0 = np.ones((N_SITES, N_STATES)) / N_STATES


def softmax_rows(a):
    a = a - np.max(a, axis=1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)


def free_energy(q, coupling, fields):
    pair = np.sum(q * np.roll(q, 1, axis=0))
    entropy = -np.sum(q * np.log(q + 1e-12))
    return -coupling * pair - np.sum(q * fields) - entropy


def mean_field(coupling, fields, tol=1e-10, max_iter=300):
    q = Q0
    delta, it = np.inf, 0
    while delta > tol and it < max_iter:
        neighbours = np.roll(q, 1, axis=0) + np.roll(q, -1, axis=0)
        q_new = softmax_rows(fields + coupling * neighbours)
        delta = np.max(np.abs(q_new - q))
        q = 0.5 * q + 0.5 * q_new
        it += 1
    return q


def loss(coupling, fields):
    q = mean_field(coupling, fields)
    return free_energy(q, coupling, fields)


ARGNUM = (0, 1)


def inputs():
    return 0.4, 0.5 * npr.RandomState(12).randn(N_SITES, N_STATES)
