"""A minibatch objective with batches from rng.permutation of a numpy Generator passed in
(np.random.default_rng), split with np.array_split; the loss averages the logistic loss of
the batches after one SGD step on the first batch taken with grad inside the loss."""

import autograd.numpy as np
from autograd import grad

STATEFUL = True

_rng = np.random.default_rng(3040)
X = _rng.normal(size=(24, 3))
T = (X @ np.array([1.0, -1.0, 0.5]) > 0).astype(float)


def batch_loss(w, idx):
    z = X[idx] @ w
    return np.mean(np.logaddexp(0.0, z) - T[idx] * z)


def loss(w, rng, n_batches=3, lr=0.5):
    batches = np.array_split(rng.permutation(len(X)), n_batches)
    w1 = w - lr * grad(batch_loss)(w, batches[0])
    return sum(batch_loss(w1, idx) for idx in batches) / n_batches


def inputs():
    return np.array([0.1, 0.2, -0.1]), np.random.default_rng(0)
