"""A zero-inflated Poisson regression: the zeros' likelihood through np.logaddexp of the
inflation and the Poisson zero, the positive counts through gammaln; two linear
predictors from one parameter dict; fitted by scipy.optimize.minimize on a flattened
dict with autograd.misc.flatten."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc import flatten
from autograd.scipy.special import expit, gammaln
from scipy.optimize import minimize


def log_sigmoid(z):
    return -np.logaddexp(0.0, -z)


def zip_loglik(params, X, y):
    log_rate = np.dot(X, params["count"])
    logit_pi = np.dot(X, params["zero"])
    log_pi, log_1m_pi = log_sigmoid(logit_pi), log_sigmoid(-logit_pi)
    rate = np.exp(log_rate)
    zero_ll = np.logaddexp(log_pi, log_1m_pi - rate)
    pos_ll = log_1m_pi + y * log_rate - rate - gammaln(y + 1)
    return np.sum(np.where(y == 0, zero_ll, pos_ll))


def loss(params, X, y):
    return -zip_loglik(params, X, y) / len(y)


def inputs():
    rs = npr.RandomState(29)
    X = np.column_stack([np.ones(40), rs.randn(40, 2)])
    inflated = rs.rand(40) < expit(np.dot(X, [-0.5, 0.8, 0.0]))
    y = np.where(inflated, 0, rs.poisson(np.exp(np.dot(X, [0.7, 0.2, -0.4])))).astype(float)
    return {"count": np.zeros(3), "zero": np.zeros(3)}, X, y


def result():
    params, X, y = inputs()
    flat, unflatten = flatten(params)

    def objective(v):
        return loss(unflatten(v), X, y)

    res = minimize(objective, flat, jac=grad(objective), method="BFGS", options={"maxiter": 6})
    return unflatten(res.x)
