"""A two-layer graph convolutional network (Kipf and Welling) for node classification:
self-loops added, the symmetric normalisation D^-1/2 (A + I) D^-1/2 by broadcasting the
degree vector, ReLU-free (tanh) hidden layer, cross-entropy only over the labelled nodes
selected by a boolean mask."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def normalize_adjacency(A):
    A_hat = A + np.eye(A.shape[0])
    d = np.sum(A_hat, axis=1)
    d_inv_sqrt = 1.0 / np.sqrt(d)
    return d_inv_sqrt[:, None] * A_hat * d_inv_sqrt[None, :]


def gcn(params, A_norm, X):
    W1, W2 = params
    H = np.tanh(A_norm @ X @ W1)
    return A_norm @ H @ W2


def loss(params, A, X, labels, train_mask, weight_decay=5e-3):
    logits = gcn(params, normalize_adjacency(A), X)
    logits = logits - np.max(logits, axis=1, keepdims=True)
    logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    picked = logp[np.arange(len(labels)), labels]
    return -np.mean(picked[train_mask]) + weight_decay * np.sum(params[0] ** 2)


def inputs():
    rs = npr.RandomState(88)
    n = 8
    A = (rs.rand(n, n) < 0.3).astype(float)
    A = np.triu(A, 1)
    A = A + A.T
    X = rs.randn(n, 4)
    labels = rs.randint(0, 3, size=n)
    train_mask = np.array([True, False, True, True, False, True, False, True])
    return [0.5 * rs.randn(4, 5), 0.5 * rs.randn(5, 3)], A, X, labels, train_mask


def result():
    params, A, X, labels, mask = inputs()
    g = grad(loss)
    for epoch in range(5):
        params = [p - 0.2 * d for p, d in zip(params, g(params, A, X, labels, mask))]
    return params
