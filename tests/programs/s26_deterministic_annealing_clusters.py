"""Deterministic annealing for clustering: soft assignments are a softmax of negative
squared distances over a temperature, and result() lowers the temperature on a
geometric schedule, taking a few gradient steps of the free energy on the centroids at
each temperature (grad made once, the temperature passed as an argument, a for-else
reporting when the schedule is exhausted)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

rs = npr.RandomState(2613)
DATA = np.concatenate([rs.randn(15, 2) * 0.3 + c for c in ([0, 0], [2, 1], [-1, 2])])


def free_energy(centroids, temperature):
    d2 = np.sum((DATA[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return -temperature * np.sum(logsumexp(-d2 / temperature, axis=1)) / len(DATA)


def loss(centroids, temperature=0.7):
    return free_energy(centroids, temperature)


def inputs():
    return (
        np.array([[0.1, 0.0], [0.0, 0.2], [0.3, 0.1]]) + 0.1 * npr.RandomState(3).randn(3, 2),
        0.7,
    )


def result():
    centroids = inputs()[0]
    step = grad(free_energy)
    temps = [2.0 * 0.7**k for k in range(6)]
    log = []
    for temperature in temps:
        for _ in range(8):
            centroids = centroids - 0.5 * step(centroids, temperature)
        log.append(free_energy(centroids, temperature))
        if temperature < 0.1:
            break
    else:
        log.append(-1.0)
    return centroids, np.array(log)
