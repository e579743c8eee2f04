"""Identify the stiffnesses of a chain of masses and springs from an observed
trajectory: the forces come from a spring energy through grad (inside the loss), the
motion is integrated with the leapfrog (velocity Verlet) scheme in a Python loop, and
the loss is the squared error of the positions at the observed times."""

import autograd.numpy as np
from autograd import grad

N_MASS = 4
DT = 0.05
N_STEPS = 30
REST = 1.0


def spring_energy(x, log_k):
    k = np.exp(log_k)
    ext = np.diff(np.concatenate([[0.0], x])) - REST
    return 0.5 * np.sum(k * ext**2)


force = grad(spring_energy)


def simulate(log_k, x0, v0, n_steps=N_STEPS, dt=DT):
    x, v = x0, v0
    traj = [x]
    a = -force(x, log_k)
    for step in range(n_steps):
        v_half = v + 0.5 * dt * a
        x = x + dt * v_half
        a = -force(x, log_k)
        v = v_half + 0.5 * dt * a
        traj.append(x)
    return np.stack(traj)


X0 = np.arange(1, N_MASS + 1) * REST + np.array([0.1, -0.05, 0.08, 0.0])
V0 = np.zeros(N_MASS)
TRUE_LOG_K = np.log(np.array([2.0, 1.5, 3.0, 1.0]))
OBSERVED = simulate(TRUE_LOG_K, X0, V0)[::5]


def loss(log_k):
    pred = simulate(log_k, X0, V0)[::5]
    return np.sum((pred - OBSERVED) ** 2)


def inputs():
    return (np.zeros(N_MASS),)
