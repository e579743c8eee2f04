"""Fitting a sum of two sinusoids (amplitude, frequency, phase) to noisy samples; the
objective counts its calls in a module-level dict and prints an f-string every few calls,
as a blog post's training loop does."""

import autograd.numpy as np
from autograd import grad
from autograd.misc.optimizers import adam

rng = np.random.RandomState(131)
T = np.linspace(0.0, 2.0 * np.pi, 25)
Y = 1.5 * np.sin(2.0 * T + 0.3) + 0.5 * np.sin(5.0 * T - 1.0) + 0.1 * rng.randn(25)
calls = {"n": 0}


def model(theta, t):
    amps, freqs, phases = theta[0:2], theta[2:4], theta[4:6]
    return np.sum(amps[:, None] * np.sin(freqs[:, None] * t[None, :] + phases[:, None]), axis=0)


def loss(theta):
    calls["n"] += 1
    residual = model(theta, T) - Y
    err = np.mean(residual**2)
    if calls["n"] % 50 == 0:
        print(f"call {calls['n']}: mse = {err}")
    return err


def inputs():
    return (np.array([1.0, 0.4, 2.1, 4.8, 0.0, -0.5]),)


def result():
    (theta,) = inputs()
    trace = []

    def callback(x, i, g):
        trace.append(float(np.sum(g**2)))

    theta = adam(lambda x, i: grad(loss)(x), theta, num_iters=8, step_size=0.05, callback=callback)
    return theta, trace
