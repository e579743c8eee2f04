"""A soft k-means objective annealed over a temperature schedule that comes from an
infinite generator (while True: yield t; t *= decay), consumed with zip(range(n),
schedule()) inside the loss; differentiated in the cluster centres."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def schedule(start=2.0, decay=0.7):
    t = start
    while True:
        yield t
        t *= decay


POINTS = np.concatenate(
    [npr.RandomState(1519).randn(8, 2) * 0.3 + c for c in ([0.0, 0.0], [2.0, 1.0], [-1.0, 2.0])]
)


def loss(centres, stages=4):
    d2 = np.sum((POINTS[:, None, :] - centres[None, :, :]) ** 2, axis=2)
    total = 0.0
    for _, temp in zip(range(stages), schedule()):
        total = total - temp * np.sum(logsumexp(-d2 / temp, axis=1))
    return total / stages


def inputs():
    return (np.array([[0.5, 0.5], [1.5, 0.5], [-0.5, 1.5]]),)
