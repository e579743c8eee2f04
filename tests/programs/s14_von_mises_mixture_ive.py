"""A two-component von Mises mixture for angles: the normaliser uses the exponentially
scaled Bessel function log I0(k) = log ive(0, k) + k (autograd.scipy.special.ive), and
the mixture log-likelihood uses logsumexp over components."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import ive, logsumexp


def vm_logpdf(x, mu, kappa):
    return kappa * np.cos(x - mu) - np.log(2 * np.pi) - (np.log(ive(0, kappa)) + kappa)


def data():
    rs = npr.RandomState(1420)
    return np.concatenate([rs.vonmises(0.5, 4.0, 25), rs.vonmises(2.5, 2.0, 15)])


ANGLES = data()


def loss(params):
    mus = params[:2]
    kappas = np.exp(params[2:4])
    logw = params[4:] - logsumexp(params[4:])
    comps = vm_logpdf(ANGLES[:, None], mus[None, :], kappas[None, :]) + logw[None, :]
    return -np.sum(logsumexp(comps, axis=1))


def inputs():
    return (np.array([0.3, 2.0, 1.0, 0.5, 0.2, -0.1]),)
