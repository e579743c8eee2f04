"""A Weibull accelerated failure time model with right censoring: the parameters are a
dict (coefficients and a log shape), the log hazard and log survival are helper
functions, and censored observations contribute only their log survival through the
event indicator."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2913)
N = 40
COVARIATES = rs.randn(N, 2)
scale_true = np.exp(0.5 + COVARIATES @ np.array([0.4, -0.3]))
T_EVENT = scale_true * rs.weibull(1.5, size=N)
T_CENSOR = rs.uniform(0.5, 3.0, size=N)
TIMES = np.minimum(T_EVENT, T_CENSOR)
EVENT = (T_EVENT <= T_CENSOR).astype(float)


def log_hazard(t, k, lam):
    return np.log(k) - np.log(lam) + (k - 1) * (np.log(t) - np.log(lam))


def log_survival(t, k, lam):
    return -((t / lam) ** k)


def log_likelihood(params, times=TIMES, event=EVENT, x=COVARIATES):
    k = np.exp(params["log_shape"])
    lam = np.exp(params["intercept"] + x @ params["coef"])
    return np.sum(event * log_hazard(times, k, lam) + log_survival(times, k, lam))


def loss(params):
    return -log_likelihood(params) / N


def inputs():
    return ({"intercept": 0.1, "coef": np.array([0.0, 0.1]), "log_shape": 0.2},)
