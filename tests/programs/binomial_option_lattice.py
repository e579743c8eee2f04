"""An American put on a Cox-Ross-Rubinstein binomial lattice: the terminal payoffs by
np.maximum over a price vector, backward induction over the levels with slicing
(v[1:], v[:-1]) and early exercise by np.maximum; the greeks (delta, vega, rho) are the
gradient of the price in (spot, volatility, rate)."""

import autograd.numpy as np
from autograd import grad


def american_put(spot, vol, rate, strike=1.0, maturity=1.0, steps=30):
    dt = maturity / steps
    u = np.exp(vol * np.sqrt(dt))
    d = 1.0 / u
    p = (np.exp(rate * dt) - d) / (u - d)
    disc = np.exp(-rate * dt)
    j = np.arange(steps + 1)
    prices = spot * u ** (steps - j) * d**j
    values = np.maximum(strike - prices, 0.0)
    for level in range(steps - 1, -1, -1):
        j = np.arange(level + 1)
        prices = spot * u ** (level - j) * d**j
        cont = disc * (p * values[:-1] + (1 - p) * values[1:])
        values = np.maximum(cont, strike - prices)
    return values[0]


def loss(params):
    spot, vol, rate = params
    return american_put(spot, vol, rate)


def inputs():
    return (np.array([1.013, 0.25, 0.03]),)


def result():
    greeks = grad(loss)(*inputs())
    return greeks
