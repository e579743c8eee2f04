"""A hanging chain: node heights and positions found by SLSQP with equality constraints
on the link lengths; the objective's gradient is grad(energy) and the constraint's
Jacobian is jacobian(link_residuals), both handed to scipy.optimize.minimize."""

import autograd.numpy as np
from autograd import grad, jacobian
from scipy.optimize import minimize

N_LINKS = 8
LINK = 0.15
ANCHORS = (np.array([0.0, 0.0]), np.array([1.0, 0.0]))


def unpack(z):
    """Interior nodes from the flat vector, with the two anchors added at the ends."""
    inner = np.reshape(z, (N_LINKS - 1, 2))
    return np.concatenate([ANCHORS[0][None, :], inner, ANCHORS[1][None, :]], axis=0)


def link_residuals(z):
    nodes = unpack(z)
    segments = nodes[1:] - nodes[:-1]
    return np.sum(segments**2, axis=1) - LINK**2


def energy(z, mass=1.0, g=9.81):
    nodes = unpack(z)
    heights = 0.5 * (nodes[1:, 1] + nodes[:-1, 1])
    return mass * g * np.sum(heights)


def loss(z, mu=50.0):
    # penalised energy: what a quadratic-penalty method would minimise instead
    r = link_residuals(z)
    return energy(z) + mu * np.dot(r, r)


def inputs():
    xs = np.linspace(0.0, 1.0, N_LINKS + 1)[1:-1]
    ys = -0.3 * np.sin(np.pi * xs)
    return (np.stack([xs, ys], axis=1).ravel(),)


def result():
    (z0,) = inputs()
    constraints = [{"type": "eq", "fun": link_residuals, "jac": jacobian(link_residuals)}]
    res = minimize(
        energy,
        z0,
        jac=grad(energy),
        method="SLSQP",
        constraints=constraints,
        options={"maxiter": 15, "ftol": 1e-12},
    )
    return res.x, link_residuals(res.x)
