"""Single shooting for a cart-pole-like double integrator with a nonlinear drag: a
Problem class holds the horizon, step size and cost weights (a dataclass with defaults
and a field(default_factory=...) for the target), rollout() integrates with RK2 using a
controls array, the cost adds a terminal penalty and a control effort term, and a
log-barrier keeps |u| below a bound. result() runs scipy.optimize.minimize (L-BFGS-B
within the bound) on the controls with jac=grad(cost) and reports the terminal error."""

from dataclasses import dataclass, field

import autograd.numpy as np
from autograd import grad
from scipy.optimize import minimize


@dataclass
class Problem:
    horizon: int = 12
    dt: float = 0.1
    drag: float = 0.3
    effort: float = 0.05
    terminal: float = 10.0
    u_max: float = 3.0
    target: np.ndarray = field(default_factory=lambda: np.array([1.0, 0.0]))

    def f(self, x, u):
        pos, vel = x[0], x[1]
        return np.array([vel, u - self.drag * vel * np.abs(vel) - 0.5 * np.sin(pos)])

    def step(self, x, u):
        k1 = self.f(x, u)
        k2 = self.f(x + self.dt * k1, u)
        return x + 0.5 * self.dt * (k1 + k2)

    def rollout(self, x0, controls):
        xs = [x0]
        for t in range(self.horizon):
            xs.append(self.step(xs[-1], controls[t]))
        return np.stack(xs)

    def cost(self, controls, x0):
        xs = self.rollout(x0, controls)
        err = xs[-1] - self.target
        running = self.effort * np.sum(controls**2) * self.dt
        barrier = -1e-3 * np.sum(np.log(self.u_max**2 - controls**2))
        return self.terminal * np.dot(err, err) + running + barrier


PROBLEM = Problem(horizon=10, drag=0.2)
X0 = np.array([0.0, 0.0])


def loss(controls):
    return PROBLEM.cost(controls, X0)


def inputs():
    return (0.5 * np.cos(np.linspace(0, np.pi, PROBLEM.horizon)),)


def result():
    g = grad(PROBLEM.cost)
    bounds = [(-0.9 * PROBLEM.u_max, 0.9 * PROBLEM.u_max)] * PROBLEM.horizon
    res = minimize(
        PROBLEM.cost,
        inputs()[0],
        args=(X0,),
        jac=g,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 10},
    )
    assert np.all(np.isfinite(res.x))
    final = PROBLEM.rollout(X0, res.x)[-1]
    return res.x, final - PROBLEM.target
