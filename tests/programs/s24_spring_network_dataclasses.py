"""A mass-spring network simulated with semi-implicit Euler, modelled with dataclasses:
Particle (position, velocity, mass) and Spring (two indices, rest length, stiffness), a
System holding both lists with field(default_factory=list), an energy method and a step
method returning a new System whose particles are rebuilt in a list comprehension; the
loss fits the springs' log stiffnesses to an observed final configuration."""

from dataclasses import dataclass, field

import autograd.numpy as np


@dataclass
class Particle:
    pos: np.ndarray
    vel: np.ndarray
    mass: float = 1.0


@dataclass
class Spring:
    i: int
    j: int
    rest: float
    k: float


@dataclass
class System:
    particles: list = field(default_factory=list)
    springs: list = field(default_factory=list)
    damping: float = 0.05

    def forces(self):
        fs = [np.zeros(2) for _ in self.particles]
        for s in self.springs:
            d = self.particles[s.j].pos - self.particles[s.i].pos
            length = np.sqrt(np.sum(d**2))
            f = s.k * (length - s.rest) * d / length
            fs[s.i] = fs[s.i] + f
            fs[s.j] = fs[s.j] - f
        return fs

    def step(self, dt):
        new = []
        for p, f in zip(self.particles, self.forces()):
            vel = (1.0 - self.damping) * p.vel + dt * f / p.mass
            new.append(Particle(p.pos + dt * vel, vel, p.mass))
        return System(new, self.springs, self.damping)

    def energy(self):
        kinetic = sum(0.5 * p.mass * np.sum(p.vel**2) for p in self.particles)
        potential = 0.0
        for s in self.springs:
            d = self.particles[s.j].pos - self.particles[s.i].pos
            potential = potential + 0.5 * s.k * (np.sqrt(np.sum(d**2)) - s.rest) ** 2
        return kinetic + potential


EDGES = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.2), (2, 3, 0.8)]
START = [np.array([0.0, 0.0]), np.array([1.2, 0.0]), np.array([0.5, 0.9]), np.array([0.6, 2.0])]


def build(log_k):
    particles = [Particle(x, np.zeros(2), mass=1.0 + 0.5 * n) for n, x in enumerate(START)]
    springs = [Spring(i, j, rest, np.exp(lk)) for (i, j, rest), lk in zip(EDGES, log_k)]
    return System(particles, springs)


def simulate(log_k, steps=15, dt=0.05):
    system = build(log_k)
    for _ in range(steps):
        system = system.step(dt)
    return system


TARGET = np.stack([p.pos for p in simulate(np.log(np.array([2.0, 1.5, 3.0, 1.0]))).particles])


def loss(log_k):
    final = simulate(log_k)
    pos = np.stack([p.pos for p in final.particles])
    return np.sum((pos - TARGET) ** 2) + 1e-3 * final.energy()


def inputs():
    return (np.zeros(4),)
