"""A discrete HMM's scaled forward and backward passes written with Python lists of
vectors; the loss is the negative log-likelihood plus the entropy of the smoothed state
posteriors, differentiated in the unnormalised transition and emission logits."""

import autograd.numpy as np
import autograd.numpy.random as npr


def softmax_rows(a):
    e = np.exp(a - np.max(a, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def forward_backward(A, B, pi, obs):
    alphas, scales = [], []
    a = pi * B[:, obs[0]]
    for t, o in enumerate(obs):
        if t > 0:
            a = np.dot(alphas[-1], A) * B[:, o]
        c = np.sum(a)
        alphas.append(a / c)
        scales.append(c)
    betas = [np.ones(A.shape[0])]
    for t in range(len(obs) - 1, 0, -1):
        b = np.dot(A, B[:, obs[t]] * betas[0]) / scales[t]
        betas.insert(0, b)
    posts = [al * be for al, be in zip(alphas, betas)]
    return np.sum(np.log(np.array(scales))), posts


OBS = [0, 1, 1, 2, 0, 2, 2, 1]
PI = np.array([0.5, 0.3, 0.2])


def loss(logits):
    A = softmax_rows(logits[:, :3])
    B = softmax_rows(logits[:, 3:])
    loglik, posts = forward_backward(A, B, PI, OBS)
    entropy = -sum(np.sum(p * np.log(p + 1e-12)) for p in posts)
    return -loglik + 0.1 * entropy


def inputs():
    return (0.5 * npr.RandomState(1438).randn(3, 6),)
