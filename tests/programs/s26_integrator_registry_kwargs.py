"""Fitting Lotka-Volterra rates to noisy counts with an integrator chosen from a dict of
step functions by a string in a config; integrate() takes the step's options as
**solver_opts and forwards them, the dynamics get their parameters by *args, and the
trajectory is collected in a list and stacked."""

import autograd.numpy as np
import autograd.numpy.random as npr


def lotka_volterra(y, t, alpha, beta, delta, gamma):
    prey, pred = y[0], y[1]
    return np.array([alpha * prey - beta * prey * pred, delta * prey * pred - gamma * pred])


def euler_step(f, y, t, dt, *args):
    return y + dt * f(y, t, *args)


def rk4_step(f, y, t, dt, *args):
    k1 = f(y, t, *args)
    k2 = f(y + 0.5 * dt * k1, t + 0.5 * dt, *args)
    k3 = f(y + 0.5 * dt * k2, t + 0.5 * dt, *args)
    k4 = f(y + dt * k3, t + dt, *args)
    return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


STEPPERS = {"euler": euler_step, "rk4": rk4_step}
CONFIG = {"method": "rk4", "dt": 0.05, "steps_per_obs": 4}


def integrate(f, y0, n_obs, *args, method="rk4", dt=0.1, steps_per_obs=1):
    step = STEPPERS[method]
    y, t = y0, 0.0
    out = [y0]
    for _ in range(n_obs - 1):
        for _ in range(steps_per_obs):
            y = step(f, y, t, dt, *args)
            t = t + dt
        out.append(y)
    return np.stack(out)


Y0 = np.array([1.0, 0.5])
TRUE = (1.0, 0.8, 0.6, 0.9)
OBS = integrate(lotka_volterra, Y0, 10, *TRUE, **CONFIG)
OBS = OBS * np.exp(0.05 * npr.RandomState(2616).randn(*OBS.shape))


def loss(log_rates):
    rates = np.exp(log_rates)
    traj = integrate(lotka_volterra, Y0, len(OBS), *rates, **CONFIG)
    return np.sum((np.log(traj) - np.log(OBS)) ** 2)


def inputs():
    return (np.log(np.array([0.9, 0.7, 0.7, 1.0])),)
