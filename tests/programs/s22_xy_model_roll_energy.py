"""The energy of a 2-D XY spin model with periodic boundaries plus a Ginzburg-Landau
amplitude field: neighbour couplings through np.roll along both axes, cos of the angle
differences, an external field term, and a gradient-energy term for the amplitude;
differentiated in the angle field (as a relaxation step would)."""

import autograd.numpy as np
import autograd.numpy.random as npr

L = 5
J, FIELD, KAPPA = 1.0, 0.3, 0.5
rs = npr.RandomState(2208)
AMPLITUDE = 1.0 + 0.1 * rs.randn(L, L)


def neighbour_pairs(field):
    for axis in (0, 1):
        yield field, np.roll(field, -1, axis=axis)


def xy_energy(theta, amp):
    coupling = 0.0
    for here, there in neighbour_pairs(theta):
        coupling = coupling - J * np.sum(np.cos(here - there))
    external = -FIELD * np.sum(amp * np.cos(theta))
    gradient = sum(np.sum((amp - np.roll(amp, 1, axis=ax)) ** 2) for ax in range(2))
    potential = np.sum((amp**2 - 1.0) ** 2)
    return coupling + external + KAPPA * gradient + potential


def loss(theta, amp):
    return xy_energy(theta, amp)


ARGNUM = (0, 1)


def inputs():
    return npr.RandomState(5).uniform(-np.pi, np.pi, (L, L)), AMPLITUDE.copy()
