"""Metric learning from a blog post: an embedding network (two dense layers, outputs
L2-normalised with np.linalg.norm(axis=1, keepdims=True)), a contrastive loss over
labelled pairs with a margin, a triplet loss with batch-hard mining (the hardest
positive and negative per anchor found with masks and np.max/np.min on the pairwise
distance matrix), and an InfoNCE term with a temperature. Pairs and triplets are built
with itertools from the labels. autograd's derivative of np.linalg.norm with
keepdims=True has the wrong shape (it broadcasts), so ORACLE spells the norm out."""

import itertools

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

MARGIN, TEMPERATURE = 0.5, 0.2
ORACLE = "loss_sqrt"


def embed(params, X, norm=np.linalg.norm):
    h = np.tanh(X @ params["W1"] + params["b1"])
    z = h @ params["W2"]
    return z / norm(z, axis=1, keepdims=True)


def sqrt_norm(z, axis, keepdims):
    return np.sqrt(np.sum(z**2, axis=axis, keepdims=keepdims))


def pairwise_sq_dists(Z):
    sq = np.sum(Z**2, axis=1)
    return np.maximum(sq[:, None] + sq[None, :] - 2 * Z @ Z.T, 0.0)


def contrastive_loss(Z, pairs, same):
    d = np.sqrt(np.sum((Z[pairs[:, 0]] - Z[pairs[:, 1]]) ** 2, axis=1) + 1e-12)
    return np.mean(same * d**2 + (1 - same) * np.maximum(0.0, MARGIN - d) ** 2)


def batch_hard_triplet(Z, labels):
    D = pairwise_sq_dists(Z)
    same = labels[:, None] == labels[None, :]
    pos_mask = same & ~np.eye(len(labels), dtype=bool)
    hardest_pos = np.max(np.where(pos_mask, D, -np.inf), axis=1)
    hardest_neg = np.min(np.where(same, np.inf, D), axis=1)
    return np.mean(np.maximum(hardest_pos - hardest_neg + MARGIN, 0.0))


def info_nce(Z1, Z2):
    logits = Z1 @ Z2.T / TEMPERATURE
    log_probs = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    return -np.mean(np.diag(log_probs))


rs = npr.RandomState(2658)
LABELS = np.repeat(np.arange(3), 4)
CENTRES = rs.randn(3, 5) * 2
X = CENTRES[LABELS] + 0.5 * rs.randn(12, 5)
X_AUG = X + 0.1 * rs.randn(12, 5)
PAIRS = np.array(list(itertools.combinations(range(12), 2)))
SAME = (LABELS[PAIRS[:, 0]] == LABELS[PAIRS[:, 1]]).astype(float)


def loss(params, norm=np.linalg.norm):
    Z = embed(params, X, norm)
    total = contrastive_loss(Z, PAIRS, SAME) + batch_hard_triplet(Z, LABELS)
    return total + 0.5 * info_nce(Z, embed(params, X_AUG, norm))


def loss_sqrt(params):
    return loss(params, sqrt_norm)


def inputs():
    r = npr.RandomState(0)
    return ({"W1": 0.5 * r.randn(5, 8), "b1": 0.1 * r.randn(8), "W2": 0.5 * r.randn(8, 3)},)


def result():
    params = inputs()[0]
    g = grad(loss_sqrt)
    for _ in range(6):
        params = {k: v - 0.1 * d for (k, v), d in zip(params.items(), g(params).values())}
    return params, loss(params)
