"""Sensitivities of a chemical reaction network's final concentrations to its log rate
constants: make_vjp once (one forward run of an explicit-Euler simulation), then the
returned vjp applied to each basis vector gives the rows of the Jacobian."""

import autograd.numpy as np
from autograd import grad, jacobian, make_vjp


def rates(conc, k):
    a, b, c = conc[0], conc[1], conc[2]
    r1 = k[0] * a * b  # A + B -> C
    r2 = k[1] * c  # C -> A + B
    r3 = k[2] * c * c  # 2C -> products
    return np.array([-r1 + r2, -r1 + r2, r1 - r2 - 2 * r3])


def simulate(log_k, conc0=np.array([1.0, 0.8, 0.0]), dt=0.05, steps=40):  # noqa: B008
    k = np.exp(log_k)
    conc = conc0
    for _ in range(steps):
        conc = conc + dt * rates(conc, k)
    return conc


def loss(log_k):
    target = np.array([0.45, 0.25, 0.2])
    return np.sum((simulate(log_k) - target) ** 2)


def inputs():
    return (np.log(np.array([1.5, 0.3, 0.2])),)


def result():
    (log_k,) = inputs()
    vjp, final = make_vjp(simulate)(log_k)
    rows = np.array([vjp(e) for e in np.eye(len(final))])
    assert np.allclose(rows, jacobian(simulate)(log_k))
    return final, rows, grad(loss)(log_k)
