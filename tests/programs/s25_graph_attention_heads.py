"""A two-head graph attention layer on a small graph: node features projected per head,
pairwise attention logits from a[:d] and a[d:] with broadcasting, a LeakyReLU written
with np.where, the non-edges masked with np.where(ADJ > 0, e, -1e9) before a row
softmax, heads concatenated with np.concatenate of a list comprehension, then a mean-pool
read-out and a squared error over a few graphs given as (features, adjacency, target)."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2516)


def random_graph(n):
    A = (rs.rand(n, n) < 0.4).astype(float)
    A = np.maximum(A, A.T)
    return A + np.eye(n)


GRAPHS = [(rs.randn(n, 3), random_graph(n), rs.randn()) for n in (5, 4, 6)]


def leaky_relu(x, slope=0.2):
    return np.where(x > 0, x, slope * x)


def attention_head(H, A, W, a):
    Z = H @ W
    d = Z.shape[1]
    e = leaky_relu((Z @ a[:d])[:, None] + (Z @ a[d:])[None, :])
    e = np.where(A > 0, e, -1e9)
    e = e - np.max(e, axis=1, keepdims=True)
    alpha = np.exp(e) / np.sum(np.exp(e), axis=1, keepdims=True)
    return np.tanh(alpha @ Z)


def predict(params, H, A):
    heads = [attention_head(H, A, W, a) for W, a in params["heads"]]
    h = np.concatenate(heads, axis=1)
    return np.mean(h, axis=0) @ params["out"]


def loss(params):
    return sum((predict(params, H, A) - y) ** 2 for H, A, y in GRAPHS) / len(GRAPHS)


def inputs():
    r = npr.RandomState(16)
    heads = [(0.5 * r.randn(3, 4), 0.5 * r.randn(8)) for _ in range(2)]
    return ({"heads": heads, "out": 0.5 * r.randn(8)},)
