"""Fitting the damping and stiffness of an oscillator to observed positions: an ODE
solver class with an RK4 staticmethod step and a classmethod constructor from a step
count, integrating a state tuple; the rhs takes the parameter dict as **kwargs."""

import autograd.numpy as np


def oscillator(state, t, k=1.0, c=0.1):
    x, v = state
    return np.array([v, -k * x - c * v + 0.2 * np.sin(t)])


class Solver:
    def __init__(self, dt, n_steps):
        self.dt = dt
        self.n_steps = n_steps

    @classmethod
    def over(cls, t_end, n_steps):
        return cls(t_end / n_steps, n_steps)

    @staticmethod
    def rk4(f, y, t, dt, **kw):
        k1 = f(y, t, **kw)
        k2 = f(y + 0.5 * dt * k1, t + 0.5 * dt, **kw)
        k3 = f(y + 0.5 * dt * k2, t + 0.5 * dt, **kw)
        k4 = f(y + dt * k3, t + dt, **kw)
        return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)

    def trajectory(self, f, y0, **kw):
        ys, y, t = [y0], y0, 0.0
        for _ in range(self.n_steps):
            y = self.rk4(f, y, t, self.dt, **kw)
            t += self.dt
            ys.append(y)
        return np.stack(ys)


SOLVER = Solver.over(4.0, 40)
TRUE = SOLVER.trajectory(oscillator, np.array([1.0, 0.0]), k=2.0, c=0.3)
OBS = TRUE[:, 0]


def loss(log_kc):
    params = {"k": np.exp(log_kc[0]), "c": np.exp(log_kc[1])}
    traj = SOLVER.trajectory(oscillator, np.array([1.0, 0.0]), **params)
    return np.mean((traj[:, 0] - OBS) ** 2)


def inputs():
    return (np.array([0.3, -1.5]),)
