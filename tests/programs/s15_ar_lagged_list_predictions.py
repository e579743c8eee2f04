"""Conditional maximum likelihood of an AR(3) model with a Student-t style robust loss:
the predictions are built one by one in a Python list with append and turned into an
array with np.array, the noise scale is exp of a parameter, and stationarity is
encouraged by a penalty on the coefficients."""

import autograd.numpy as np
import autograd.numpy.random as npr

P = 3


def series(n=30):
    rs = npr.RandomState(1517)
    y = [0.0, 0.1, -0.1]
    for _ in range(n):
        y.append(0.6 * y[-1] - 0.2 * y[-2] + 0.1 * y[-3] + 0.2 * rs.randn())
    return np.array(y)


Y = series()


def loss(params, nu=4.0):
    phi, log_sigma = params[:P], params[P]
    preds = []
    for t in range(P, len(Y)):
        preds.append(np.dot(phi, Y[t - P : t][::-1]))
    preds = np.array(preds)
    r = (Y[P:] - preds) / np.exp(log_sigma)
    nll = np.sum(0.5 * (nu + 1) * np.log1p(r**2 / nu)) + len(r) * log_sigma
    return nll / len(r) + 0.1 * np.maximum(0.0, np.sum(np.abs(phi)) - 1.0) ** 2


def inputs():
    return (np.array([0.3, 0.0, 0.0, np.log(0.3)]),)
