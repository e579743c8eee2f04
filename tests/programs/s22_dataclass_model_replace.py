"""A damped-oscillator model kept in a frozen dataclass: the differentiated parameters are
placed into the dataclass inside the loss, a method simulates the system with velocity
Verlet, dataclasses.replace makes a stiffer variant for a second experiment, and both
trajectories are scored against their observations."""

import dataclasses

import autograd.numpy as np
import autograd.numpy.random as npr


@dataclasses.dataclass(frozen=True)
class Oscillator:
    stiffness: float
    damping: float
    mass: float = 1.0
    dt: float = 0.1

    def acceleration(self, x, v):
        return -(self.stiffness * x + self.damping * v) / self.mass

    def simulate(self, x0, v0, steps):
        x, v = x0, v0
        a = self.acceleration(x, v)
        xs = []
        for _ in range(steps):
            x = x + self.dt * v + 0.5 * self.dt**2 * a
            a_new = self.acceleration(x, v)
            v = v + 0.5 * self.dt * (a + a_new)
            a = a_new
            xs.append(x)
        return np.array(xs)


rs = npr.RandomState(2223)
STEPS = 20
BASE = Oscillator(stiffness=2.0, damping=0.3)
OBS_A = BASE.simulate(1.0, 0.0, STEPS) + 0.02 * rs.randn(STEPS)
OBS_B = dataclasses.replace(BASE, stiffness=4.0).simulate(1.0, 0.0, STEPS) + 0.02 * rs.randn(STEPS)


def loss(theta):
    model = Oscillator(stiffness=np.exp(theta[0]), damping=np.exp(theta[1]), mass=np.exp(theta[2]))
    stiffer = dataclasses.replace(model, stiffness=2.0 * model.stiffness)
    err_a = model.simulate(1.0, 0.0, STEPS) - OBS_A
    err_b = stiffer.simulate(1.0, 0.0, STEPS) - OBS_B
    return np.sum(err_a**2) + np.sum(err_b**2)


def inputs():
    return (np.log(np.array([1.5, 0.5, 1.2])),)
