"""Fitting Lotka-Volterra parameters with autograd.scipy.integrate.odeint: the dynamics as
a function of (y, t, params), the parameters passed through args=(...), a log-space
squared error against noisy observations."""

import autograd.numpy as np
from autograd import grad
from autograd.builtins import tuple
from autograd.scipy.integrate import odeint

T = np.linspace(0.0, 4.0, 9)
Y0 = np.array([1.0, 0.5])
rs = np.random.RandomState(1)
OBS = np.abs(np.array([[1.0, 0.5]] * len(T)) + 0.2 * rs.randn(len(T), 2)) + 0.1


def dynamics(y, t, params):
    alpha, beta, delta, gamma = params[0], params[1], params[2], params[3]
    prey, pred = y[0], y[1]
    dprey = alpha * prey - beta * prey * pred
    dpred = delta * prey * pred - gamma * pred
    return np.array([dprey, dpred])


def loss(log_params):
    traj = odeint(dynamics, Y0, T, tuple((np.exp(log_params),)), rtol=1e-10, atol=1e-10)
    return np.sum((np.log(traj) - np.log(OBS)) ** 2)


def inputs():
    return (np.log(np.array([1.0, 0.8, 0.6, 0.9])),)


def result():
    x = inputs()[0]
    g = grad(loss)
    for _ in range(2):
        step = g(x)
        x = [a - 0.01 * b for a, b in zip(x, step)] if isinstance(x, list) else x - 0.01 * step
    return x
