"""Triplet embedding loss with a soft margin: an embedding net maps anchors, positives and
negatives; distances by np.linalg.norm(axis=1); both a hinge form (np.maximum) and a
softplus form (np.log1p(np.exp(.))) summed, as in metric-learning code."""

import autograd.numpy as np
import autograd.numpy.random as npr


def embed(params, x):
    W1, b1, W2 = params
    h = np.tanh(np.dot(x, W1) + b1)
    e = np.dot(h, W2)
    return e / np.sqrt(np.sum(e**2, axis=1, keepdims=True))


def triplet_loss(params, anchors, positives, negatives, margin=0.5):
    a, p, n = (embed(params, z) for z in (anchors, positives, negatives))
    d_ap = np.linalg.norm(a - p, axis=1)
    d_an = np.linalg.norm(a - n, axis=1)
    hinge = np.maximum(d_ap - d_an + margin, 0.0)
    soft = np.log1p(np.exp(d_ap - d_an))
    return np.mean(hinge) + np.mean(soft)


def loss(params, anchors, positives, negatives):
    return triplet_loss(params, anchors, positives, negatives)


def inputs():
    rs = npr.RandomState(12)
    params = [0.5 * rs.randn(4, 6), 0.1 * rs.randn(6), 0.5 * rs.randn(6, 3)]
    anchors = rs.randn(7, 4)
    positives = anchors + 0.3 * rs.randn(7, 4)
    negatives = rs.randn(7, 4)
    return params, anchors, positives, negatives
