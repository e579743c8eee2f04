"""Pathwise Monte Carlo greeks of an arithmetic Asian call: geometric Brownian paths from
fixed normal increments with np.cumsum over time, antithetic paths by stacking -Z, the
average price along each path, a smoothed payoff (softplus with a small width instead of
max) so that the pathwise derivative is well defined."""

import autograd.numpy as np
import autograd.numpy.random as npr


def smooth_max0(x, width=0.02):
    return width * np.logaddexp(0.0, x / width)


def asian_price(params, Z, strike=1.0, T=1.0):
    spot, vol, rate = params[0], params[1], params[2]
    n_steps = Z.shape[1]
    dt = T / n_steps
    Z = np.concatenate([Z, -Z], axis=0)
    log_paths = np.log(spot) + np.cumsum((rate - 0.5 * vol**2) * dt + vol * np.sqrt(dt) * Z, axis=1)
    average = np.mean(np.exp(log_paths), axis=1)
    return np.exp(-rate * T) * np.mean(smooth_max0(average - strike))


def loss(params, Z):
    return asian_price(params, Z)


def inputs():
    rs = npr.RandomState(85)
    return np.array([1.05, 0.3, 0.02]), rs.randn(20, 12)
