"""Variational mean-field for a 2-D Ising model on a torus: magnetisations m = tanh(h)
of free fields h, the energy through np.roll neighbours, the entropy of independent
spins with a clipped log; the free energy's gradient drives a damped fixed-point loop."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

J, FIELD, BETA = 1.0, 0.1, 0.6


def entropy(m, eps=1e-10):
    p = np.clip(0.5 * (1 + m), eps, 1 - eps)
    return -np.sum(p * np.log(p) + (1 - p) * np.log(1 - p))


def free_energy(h, coupling=J, field=FIELD, beta=BETA):
    m = np.tanh(h)
    neighbours = np.roll(m, 1, axis=0) + np.roll(m, 1, axis=1)
    energy = -coupling * np.sum(m * neighbours) - field * np.sum(m)
    return energy - entropy(m) / beta


def loss(h):
    return free_energy(h)


def inputs():
    return (0.5 * npr.RandomState(79).randn(5, 5),)


def result():
    (h,) = inputs()
    g = grad(free_energy)
    values = []
    for _ in range(8):
        h = h - 0.1 * g(h)
        values.append(free_energy(h))
    return h, np.array(values)
