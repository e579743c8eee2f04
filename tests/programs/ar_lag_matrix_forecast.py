"""An autoregressive forecaster with np.convolve: AR(p) one-step predictions from
np.convolve(coeffs[::-1], series, mode='valid'), a learned intercept, Gaussian
negative log-likelihood with a log-scale, plus a smoothness prior on the coefficients."""

import autograd.numpy as np
import autograd.numpy.random as npr

P = 3


def predict(theta, series):
    coeffs, intercept = theta[:P], theta[P]
    n = len(series)
    lags = np.stack([series[P - k - 1 : n - k - 1] for k in range(P)], axis=1)
    return intercept + np.dot(lags, coeffs)


def loss(theta, series):
    pred = predict(theta, series)
    target = series[P:]
    log_sigma = theta[P + 1]
    nll = 0.5 * np.sum((target - pred) ** 2) / np.exp(2 * log_sigma) + len(target) * log_sigma
    return nll + np.sum(np.diff(theta[:P]) ** 2)


def inputs():
    rs = npr.RandomState(64)
    x = np.zeros(30)
    for t in range(2, 30):
        x[t] = 0.6 * x[t - 1] - 0.3 * x[t - 2] + 0.2 * rs.randn()
    return np.array([0.1, 0.0, -0.1, 0.0, -1.0]), x
