"""Weibull proportional-hazards survival regression with right censoring, parameters in
a dict; trained by a hand-written gradient-descent loop over value_and_grad
with a nonlocal call counter in the closure that the factory returns."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad


def log_likelihood(params, X, t, event):
    log_k = params["log_shape"]
    k = np.exp(log_k)
    eta = np.dot(X, params["beta"]) + params["intercept"]
    log_t = np.log(t)
    cum_hazard = np.exp(eta + k * log_t)
    log_hazard = log_k + eta + (k - 1.0) * log_t
    # events contribute log f = log h - H; censored ones only the survival -H
    return np.sum(np.where(event, log_hazard, 0.0) - cum_hazard)


def make_objective(X, t, event, l2=0.1):
    calls = 0

    def objective(params):
        nonlocal calls
        calls += 1
        reg = l2 * np.sum(params["beta"] ** 2)
        return -log_likelihood(params, X, t, event) / len(t) + reg

    def n_calls():
        return calls

    return objective, n_calls


def loss(params, X, t, event):
    objective, _ = make_objective(X, t, event)
    return objective(params)


def inputs():
    rs = npr.RandomState(3)
    X = rs.randn(30, 3)
    t = rs.weibull(1.5, size=30) * np.exp(-0.3 * X[:, 0]) + 0.05
    event = rs.rand(30) < 0.7
    params = {"beta": 0.1 * rs.randn(3), "intercept": np.array(0.0), "log_shape": np.array(0.2)}
    return params, X, t, event


def result():
    params, X, t, event = inputs()
    objective, n_calls = make_objective(X, t, event)
    step = value_and_grad(objective)
    values = []
    for it in range(12):
        value, g = step(params)
        values.append(value)
        params = {name: p - 0.2 * g[name] for name, p in params.items()}
    assert n_calls() == 12, n_calls()
    return params, np.array(values)
