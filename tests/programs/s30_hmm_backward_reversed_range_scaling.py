"""HMM forward and backward passes with scaling, the backward pass over
`for t in reversed(range(T - 1))`, written with preallocated lists indexed by t; the loss
is the negative expected complete-data log likelihood of the emissions under the
posterior marginals (gamma = alpha * beta), whose weights are themselves differentiated."""

import autograd.numpy as np
import autograd.numpy.random as npr

OBS = npr.RandomState(3037).randint(0, 3, size=12)


def softmax_rows(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def loss(params):
    A = softmax_rows(params["A"])
    B = softmax_rows(params["B"])
    pi = np.ones(2) / 2
    T = len(OBS)
    alphas, scales = [None] * T, [None] * T
    a = pi * B[:, OBS[0]]
    scales[0] = np.sum(a)
    alphas[0] = a / scales[0]
    for t in range(1, T):
        a = (alphas[t - 1] @ A) * B[:, OBS[t]]
        scales[t] = np.sum(a)
        alphas[t] = a / scales[t]
    betas = [None] * T
    betas[T - 1] = np.ones(2)
    for t in reversed(range(T - 1)):
        betas[t] = (A @ (B[:, OBS[t + 1]] * betas[t + 1])) / scales[t + 1]
    ll = sum(np.log(s) for s in scales)
    expected = sum(np.sum(alphas[t] * betas[t] * np.log(B[:, OBS[t]])) for t in range(T))
    return -ll - 0.1 * expected


def inputs():
    r = npr.RandomState(37)
    return ({"A": r.randn(2, 2), "B": r.randn(2, 3)},)
