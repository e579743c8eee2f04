"""Single-shooting optimal control of a damped cart on a slope: the controls are the
decision variables, the state (position, velocity) is advanced by semi-implicit Euler with
a tuple assignment in a loop, the cost sums control effort and tracking error, a terminal
penalty pins the final state, and result() runs autograd.misc.optimizers.sgd."""

import autograd.numpy as np
from autograd import grad
from autograd.misc.optimizers import sgd

DT, STEPS, DRAG, SLOPE = 0.1, 15, 0.4, 0.2
GOAL = np.array([1.0, 0.0])


def simulate(controls, x0=0.0, v0=0.0):
    x, v = x0, v0
    path = []
    for u in controls:
        v = v + DT * (u - DRAG * v - SLOPE * np.sin(x))
        x = x + DT * v
        path.append((x, v))
    return path


def cost(controls, effort=0.05, terminal=10.0):
    path = simulate(controls)
    running = sum((x - GOAL[0]) ** 2 for x, _ in path) * DT
    x_end, v_end = path[-1]
    end = terminal * ((x_end - GOAL[0]) ** 2 + (v_end - GOAL[1]) ** 2)
    return running + effort * np.sum(controls**2) * DT + end


def loss(controls):
    return cost(controls)


def inputs():
    return (0.5 * np.cos(np.linspace(0, 3, STEPS)),)


def result():
    return sgd(lambda u, i: grad(loss)(u), inputs()[0], step_size=0.02, num_iters=6, mass=0.8)
