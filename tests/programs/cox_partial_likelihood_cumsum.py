"""Cox proportional hazards from scratch: sort by time (argsort, fancy indexing), the risk
set sums by a reversed cumulative sum (np.cumsum(x[::-1])[::-1]), censoring by a 0/1
event mask, an elastic-net penalty; differentiated in the coefficients."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def neg_partial_log_likelihood(beta, X, times, events, l1=0.01, l2=0.1):
    order = np.argsort(-times)  # descending: the risk set of i is the prefix up to i
    eta = np.dot(X[order], beta)
    log_risk = np.log(np.cumsum(np.exp(eta)))
    ev = events[order]
    nll = -np.sum((eta - log_risk) * ev) / np.sum(ev)
    penalty = l1 * np.sum(np.sqrt(beta**2 + 1e-8)) + 0.5 * l2 * np.dot(beta, beta)
    return nll + penalty


def loss(beta, X, times, events):
    return neg_partial_log_likelihood(beta, X, times, events)


def inputs():
    rs = npr.RandomState(62)
    X = rs.randn(15, 3)
    times = rs.exponential(1.0, size=15) * np.exp(-X[:, 0])
    events = (rs.rand(15) < 0.7).astype(float)
    return 0.1 * rs.randn(3), X, times, events


def result():
    beta, X, times, events = inputs()
    g = grad(loss)
    for _ in range(6):
        beta = beta - 0.5 * g(beta, X, times, events)
    return beta
