"""A chain of masses joined by springs, integrated with velocity Verlet; the spring forces
built from neighbouring pairs with zip over the positions, the total energy with sum()
over a generator; the loss matches the final positions to targets by the spring constants."""

import autograd.numpy as np

N_MASSES = 4
REST = 1.0
DT = 0.05
STEPS = 20
MASS = np.array([1.0, 2.0, 1.5, 1.0])
X0 = np.array([0.0, 1.2, 2.1, 3.3])
V0 = np.zeros(N_MASSES)
TARGET = np.array([0.05, 1.1, 2.15, 3.2])


def forces(x, k):
    f = [0.0] * N_MASSES
    for i, (left, right) in enumerate(zip(x[:-1], x[1:])):
        stretch = right - left - REST
        f[i] = f[i] + k[i] * stretch
        f[i + 1] = f[i + 1] - k[i] * stretch
    return np.array(f)


def energy(x, v, k):
    kinetic = 0.5 * np.sum(MASS * v**2)
    potential = sum(0.5 * ki * (b - a - REST) ** 2 for ki, a, b in zip(k, x[:-1], x[1:]))
    return kinetic + potential


def simulate(k):
    x, v = X0, V0
    a = forces(x, k) / MASS
    for _ in range(STEPS):
        x = x + v * DT + 0.5 * a * DT**2
        a_new = forces(x, k) / MASS
        v = v + 0.5 * (a + a_new) * DT
        a = a_new
    return x, v


def loss(log_k):
    k = np.exp(log_k)
    x, v = simulate(k)
    return np.sum((x - TARGET) ** 2) + 1e-3 * energy(x, v, k)


def inputs():
    return (np.log(np.array([2.0, 3.0, 1.5])),)
