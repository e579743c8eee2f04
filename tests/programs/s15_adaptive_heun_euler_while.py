"""An adaptive-step ODE integrator (the embedded Heun-Euler pair) for a damped
oscillator: the step is accepted or shrunk by the local error estimate, the next step
size comes from builtin min/max of floats and arrays, and the last step is cut to land
at the end time; differentiated in the oscillator's parameters."""

import autograd.numpy as np


def rhs(y, params):
    k, c = np.exp(params[0]), np.exp(params[1])
    return np.array([y[1], -k * y[0] - c * y[1]])


def integrate(params, y0, t_end=2.0, tol=1e-4):
    t, h, y = 0.0, 0.1, y0
    while t < t_end:
        h = min(h, t_end - t)
        k1 = rhs(y, params)
        k2 = rhs(y + h * k1, params)
        y_high = y + 0.5 * h * (k1 + k2)
        err = np.max(np.abs(y_high - (y + h * k1)))
        if err <= tol or h < 1e-3:
            t, y = t + h, y_high
        h = h * min(2.0, max(0.2, 0.9 * np.sqrt(tol / (err + 1e-12))))
    return y


def loss(params):
    y = integrate(params, np.array([1.0, 0.0]))
    return (y[0] - 0.2) ** 2 + (y[1] + 0.3) ** 2


def inputs():
    return (np.array([0.5, -1.0]),)
