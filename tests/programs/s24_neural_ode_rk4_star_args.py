"""A neural ODE fitted to a spiral, with a fixed-step RK4 integrator written as a general
helper taking the dynamics and its parameters through *args (rk4_step(f, y, t, dt,
*args)), the time grid walked by zip(ts[:-1], ts[1:]), the states collected in a list and
stacked, and the MLP's layers passed as *params."""

import autograd.numpy as np
import autograd.numpy.random as npr

TS = np.linspace(0.0, 2.0, 11)


def true_dynamics(y, t):
    return np.array([[-0.1, 2.0], [-2.0, -0.1]]) @ y


def rk4_step(f, y, t, dt, *args):
    k1 = f(y, t, *args)
    k2 = f(y + 0.5 * dt * k1, t + 0.5 * dt, *args)
    k3 = f(y + 0.5 * dt * k2, t + 0.5 * dt, *args)
    k4 = f(y + dt * k3, t + dt, *args)
    return y + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def odeint_rk4(f, y0, ts, *args):
    ys = [y0]
    y = y0
    for t0, t1 in zip(ts[:-1], ts[1:]):
        y = rk4_step(f, y, t0, t1 - t0, *args)
        ys.append(y)
    return np.stack(ys)


Y0 = np.array([1.0, 0.0])
TARGET = odeint_rk4(lambda y, t: true_dynamics(y, t), Y0, TS)


def mlp_dynamics(y, t, W1, b1, W2, b2):
    h = np.tanh(np.dot(W1, y) + b1)
    return np.dot(W2, h) + b2


def loss(params):
    pred = odeint_rk4(mlp_dynamics, Y0, TS, *params)
    return np.mean((pred - TARGET) ** 2)


def inputs():
    rs = npr.RandomState(2405)
    return ([0.5 * rs.randn(8, 2), np.zeros(8), 0.5 * rs.randn(2, 8), np.zeros(2)],)
