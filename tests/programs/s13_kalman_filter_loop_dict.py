"""A 1-D local-level Kalman filter: the process and observation noise are a dict of
log-variances, the filter is a loop with scalar updates and the loss is the negative log
likelihood of the innovations (prediction-error decomposition)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def kalman_nll(params, ys):
    q, r = np.exp(params["log_q"]), np.exp(params["log_r"])
    m, P = 0.0, 10.0
    nll = 0.0
    for t in range(len(ys)):
        P = P + q
        S = P + r
        innov = ys[t] - m
        nll = nll + 0.5 * (np.log(2 * np.pi * S) + innov**2 / S)
        K = P / S
        m = m + K * innov
        P = (1 - K) * P
    return nll


def loss(params, ys):
    return kalman_nll(params, ys)


def inputs():
    rs = npr.RandomState(145)
    level = np.cumsum(0.3 * rs.randn(20))
    ys = level + 0.5 * rs.randn(20)
    return {"log_q": np.array(-1.0), "log_r": np.array(0.0)}, ys


def result():
    params, ys = inputs()
    g = grad(loss)
    for step in range(10):
        grads = g(params, ys)
        for k in params:
            params[k] = params[k] - 0.05 * grads[k]
    return params
