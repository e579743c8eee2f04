"""Neural ODE with a fixed-step RK4 integrator written out by hand: the dynamics net takes
the state concatenated with time (np.concatenate([z, t * ones])), params a list of
(W, b); trajectories compared at several save times collected in a list."""

import autograd.numpy as np
import autograd.numpy.random as npr


def dynamics(params, z, t):
    h = np.concatenate([z, t * np.ones((z.shape[0], 1))], axis=1)
    for W, b in params[:-1]:
        h = np.tanh(np.dot(h, W) + b)
    W, b = params[-1]
    return np.dot(h, W) + b


def rk4_step(params, z, t, dt):
    k1 = dynamics(params, z, t)
    k2 = dynamics(params, z + 0.5 * dt * k1, t + 0.5 * dt)
    k3 = dynamics(params, z + 0.5 * dt * k2, t + 0.5 * dt)
    k4 = dynamics(params, z + dt * k3, t + dt)
    return z + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def odeint(params, z0, t_end=1.0, n_steps=12, n_saves=3):
    dt = t_end / n_steps
    z, t = z0, 0.0
    saved = []
    for i in range(n_steps):
        z = rk4_step(params, z, t, dt)
        t = t + dt
        if (i + 1) % (n_steps // n_saves) == 0:
            saved.append(z)
    return saved


def loss(params, z0, targets):
    preds = odeint(params, z0)
    return sum(np.mean((p - y) ** 2) for p, y in zip(preds, targets))


def inputs():
    rs = npr.RandomState(49)
    sizes = [3, 8, 2]
    params = [(0.4 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]
    z0 = rs.randn(4, 2)
    angles = [0.3, 0.6, 0.9]
    targets = [
        np.dot(z0, np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])) for a in angles
    ]
    return params, z0, targets
