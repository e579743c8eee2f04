"""A custom primitive around SciPy: the log normaliser of a von Mises distribution uses
scipy.special.ive (not differentiable by autograd itself), wrapped with
autograd.extend.primitive and given a VJP with defvjp; the concentration and mean angle
of directional data are fitted by maximum likelihood."""

import autograd.numpy as np
import autograd.numpy.random as npr
import scipy.special
from autograd import grad
from autograd.extend import defvjp, primitive


@primitive
def log_i0(kappa):
    """log I0(kappa), stable for large kappa through the scaled Bessel function."""
    return np.log(scipy.special.ive(0, kappa)) + kappa


def log_i0_vjp(ans, kappa):
    ratio = scipy.special.ive(1, kappa) / scipy.special.ive(0, kappa)  # I1 / I0
    return lambda g: g * ratio


defvjp(log_i0, log_i0_vjp)


def von_mises_nll(params, angles):
    mu, log_kappa = params[0], params[1]
    kappa = np.exp(log_kappa)
    ll = kappa * np.cos(angles - mu) - np.log(2 * np.pi) - log_i0(kappa)
    return -np.mean(ll)


def loss(params, angles):
    return von_mises_nll(params, angles)


def inputs():
    rs = npr.RandomState(53)
    return np.array([0.3, 0.5]), rs.vonmises(1.0, 4.0, size=40)


def result():
    params, angles = inputs()
    g = grad(von_mises_nll)
    for _ in range(30):
        params = params - 0.3 * g(params, angles)
    return params
