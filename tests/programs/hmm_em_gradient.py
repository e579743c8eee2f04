"""HMM EM: expected sufficient statistics as the gradient of the log partition function."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad as vgrad
from autograd.scipy.special import logsumexp


def EM(init_params, data, callback=None):
    def EStep(params):
        natural_params = list(map(np.log, params))
        loglike, E_stats = vgrad(log_partition_function)(natural_params, data)
        return loglike, E_stats

    def MStep(E_stats):
        initial, transition, emission = E_stats
        return [normalize(initial), normalize(transition), normalize(emission)]

    params = init_params
    history = []
    for i in range(5):
        loglike, E_stats = EStep(params)
        history.append(loglike)
        params = MStep(E_stats)
    return params, history


def normalize(a):
    def replace_zeros(a):
        return np.where(a > 0.0, a, 1.0)

    return a / replace_zeros(a.sum(-1, keepdims=True))


def log_partition_function(natural_params, data):
    if isinstance(data, list):
        return sum(map(lambda x: log_partition_function(natural_params, x), data))
    log_pi, log_A, log_B = natural_params
    log_alpha = log_pi
    for y in data:
        log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + log_B[:, y]
    return logsumexp(log_alpha)


def loss(natural_params, data):
    return -log_partition_function(natural_params, data)


def inputs():
    rs = npr.RandomState(70)
    params = [normalize(rs.rand(3)), normalize(rs.rand(3, 3)), normalize(rs.rand(3, 4))]
    data = [rs.randint(0, 4, size=6), rs.randint(0, 4, size=4)]
    return [np.log(p) for p in params], data


def result():
    rs = npr.RandomState(71)
    params = [normalize(rs.rand(3)), normalize(rs.rand(3, 3)), normalize(rs.rand(3, 4))]
    _, data = inputs()
    return EM(params, data)
