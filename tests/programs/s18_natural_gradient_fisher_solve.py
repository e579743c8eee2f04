"""A natural-gradient step for a softmax regression: the per-example score vectors
come from a jacobian of the per-example log-likelihoods, the empirical Fisher is their
Gram matrix plus damping, and the loss after one natural step (the direction found with
np.linalg.solve) is what is differentiated, in the step size and the initial weights
flattened into one vector."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp

RS = npr.RandomState(31)
X = RS.randn(12, 3)
LABELS = RS.randint(0, 3, size=12)
Y = np.eye(3)[LABELS]


def log_lik(w_flat):
    W = np.reshape(w_flat, (3, 3))
    logits = np.dot(X, W)
    return np.sum(Y * (logits - logsumexp(logits, axis=1, keepdims=True)), axis=1)


def mean_nll(w_flat):
    return -np.mean(log_lik(w_flat))


def fisher(w_flat, damping=1e-2):
    W = np.reshape(w_flat, (3, 3))
    logits = np.dot(X, W)
    p = np.exp(logits - logsumexp(logits, axis=1, keepdims=True))
    scores = ((Y - p)[:, None, :] * X[:, :, None]).reshape(len(X), -1)
    return np.dot(scores.T, scores) / len(X) + damping * np.eye(9)


def loss(params):
    step, w = params[0], params[1:]
    g = grad(mean_nll)(w)
    direction = np.linalg.solve(fisher(w), g)
    return mean_nll(w - step * direction)


def inputs():
    return (np.concatenate([[0.5], 0.1 * npr.RandomState(8).randn(9)]),)
