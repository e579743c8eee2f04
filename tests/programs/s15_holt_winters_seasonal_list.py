"""Holt-Winters additive exponential smoothing of a seasonal series: the smoothing
constants come from expit of unconstrained parameters, the seasonal terms live in a
Python list updated by index (season[t % m] = ...), and the loss is the one-step-ahead
squared forecast error."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import expit

PERIOD = 4


def series():
    rs = npr.RandomState(1501)
    t = np.arange(24)
    return 5.0 + 0.2 * t + np.sin(2 * np.pi * t / PERIOD) + 0.1 * rs.randn(24)


Y = series()


def loss(params):
    alpha, beta, gamma = expit(params[0]), expit(params[1]), expit(params[2])
    level, trend = Y[0], Y[1] - Y[0]
    season = [Y[i] - np.mean(Y[:PERIOD]) for i in range(PERIOD)]
    sse = 0.0
    for t in range(1, len(Y)):
        forecast = level + trend + season[t % PERIOD]
        sse = sse + (Y[t] - forecast) ** 2
        previous = level
        level = alpha * (Y[t] - season[t % PERIOD]) + (1 - alpha) * (level + trend)
        trend = beta * (level - previous) + (1 - beta) * trend
        season[t % PERIOD] = gamma * (Y[t] - level) + (1 - gamma) * season[t % PERIOD]
    return sse / len(Y)


def inputs():
    return (np.array([-0.5, -2.0, -1.0]),)
