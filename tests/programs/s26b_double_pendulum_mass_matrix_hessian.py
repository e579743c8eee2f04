"""A double pendulum from its Lagrangian, as in "Lagrangian neural network" notebooks:
the mass matrix is the Hessian of L in the velocities (autograd.hessian), the Coriolis
term the Jacobian of grad_qdot L in q, and the accelerations solve
M qdd = dL/dq - C qdot (np.linalg.solve); an RK4 integrator steps the state. The loss
fits the pendulum's two lengths and masses (log-parametrised) to an observed final
state, so the gradient differentiates through Hessians and Jacobians of L."""

import autograd.numpy as np
from autograd import grad, hessian, jacobian

G = 9.81
DT, N_STEPS = 0.02, 10


def lagrangian(q, qdot, params):
    m1, m2, l1, l2 = np.exp(params)
    t1, t2 = q[0], q[1]
    w1, w2 = qdot[0], qdot[1]
    T1 = 0.5 * m1 * (l1 * w1) ** 2
    T2 = 0.5 * m2 * ((l1 * w1) ** 2 + (l2 * w2) ** 2 + 2 * l1 * l2 * w1 * w2 * np.cos(t1 - t2))
    V1 = -m1 * G * l1 * np.cos(t1)
    V2 = -m2 * G * (l1 * np.cos(t1) + l2 * np.cos(t2))
    return T1 + T2 - V1 - V2


def accelerations(q, qdot, params):
    M = hessian(lagrangian, 1)(q, qdot, params)
    dL_dq = grad(lagrangian, 0)(q, qdot, params)
    C = jacobian(grad(lagrangian, 1), 0)(q, qdot, params)
    return np.linalg.solve(M, dL_dq - C @ qdot)


def dynamics(state, params):
    q, qdot = state[:2], state[2:]
    return np.concatenate([qdot, accelerations(q, qdot, params)])


def rk4_step(state, params, dt=DT):
    k1 = dynamics(state, params)
    k2 = dynamics(state + 0.5 * dt * k1, params)
    k3 = dynamics(state + 0.5 * dt * k2, params)
    k4 = dynamics(state + dt * k3, params)
    return state + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def simulate(state, params, n_steps=N_STEPS):
    states = [state]
    for _ in range(n_steps):
        state = rk4_step(state, params)
        states.append(state)
    return np.stack(states)


def energy(state, params):
    q, qdot = state[:2], state[2:]
    L = lagrangian(q, qdot, params)
    p = grad(lagrangian, 1)(q, qdot, params)
    return np.dot(p, qdot) - L


TRUE_PARAMS = np.log(np.array([1.0, 0.8, 1.2, 0.9]))
STATE0 = np.array([np.pi / 3, np.pi / 2, 0.0, 0.5])
OBSERVED = simulate(STATE0, TRUE_PARAMS)[-1]


def loss(params):
    final = simulate(STATE0, params)[-1]
    return np.sum((final - OBSERVED) ** 2)


def inputs():
    return (TRUE_PARAMS + np.array([0.1, -0.05, 0.08, 0.02]),)


def result():
    params = inputs()[0]
    traj = simulate(STATE0, params)
    drift = energy(traj[-1], params) - energy(traj[0], params)
    mass = hessian(lagrangian, 1)(STATE0[:2], STATE0[2:], params)
    return traj, drift, mass
