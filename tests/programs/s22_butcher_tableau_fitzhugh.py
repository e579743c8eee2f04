"""FitzHugh-Nagumo parameter fitting with a generic explicit Runge-Kutta integrator
driven by its Butcher tableau (lists of lists for A, b and c, here Ralston's third-order
method): the stages are appended to a list and combined with zip in a sum, and the
trajectory is stacked and compared with noisy observations."""

import autograd.numpy as np
import autograd.numpy.random as npr

RALSTON3 = {
    "A": [[], [0.5], [0.0, 0.75]],
    "b": [2.0 / 9.0, 1.0 / 3.0, 4.0 / 9.0],
    "c": [0.0, 0.5, 0.75],
}


def fitzhugh_nagumo(state, t, params):
    v, w = state[0], state[1]
    a, b, tau, current = params
    dv = v - v**3 / 3.0 - w + current
    dw = (v + a - b * w) / tau
    return np.array([dv, dw])


def rk_step(f, y, t, h, params, tableau):
    stages = []
    for row, c in zip(tableau["A"], tableau["c"]):
        y_stage = y + h * sum(a * k for a, k in zip(row, stages))
        stages.append(f(y_stage, t + c * h, params))
    return y + h * sum(b * k for b, k in zip(tableau["b"], stages))


def integrate(f, y0, ts, params, tableau=RALSTON3):
    ys = [y0]
    for t0, t1 in zip(ts[:-1], ts[1:]):
        ys.append(rk_step(f, ys[-1], t0, t1 - t0, params, tableau))
    return np.stack(ys)


TS = np.linspace(0.0, 6.0, 25)
Y0 = np.array([-1.0, 1.0])
OBS = integrate(fitzhugh_nagumo, Y0, TS, (0.7, 0.8, 3.0, 0.5)) + 0.05 * npr.RandomState(2207).randn(
    25, 2
)


def loss(theta):
    params = (theta[0], theta[1], np.exp(theta[2]), theta[3])
    traj = integrate(fitzhugh_nagumo, Y0, TS, params)
    return np.mean((traj - OBS) ** 2)


def inputs():
    return (np.array([0.6, 0.9, np.log(2.5), 0.4]),)
