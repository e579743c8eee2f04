"""Multi-head self-attention written with np.einsum throughout (projections 'btd,hde->bhte',
scores 'bhqe,bhke->bhqk', mixing 'bhqk,bhke->bhqe', output 'bhqe,hed->bqd'); the heads
are a class with a softmax staticmethod, and the loss regresses a target sequence."""

import autograd.numpy as np
import autograd.numpy.random as npr

B, T, D, H, E = 2, 5, 4, 2, 3


class MultiHead:
    def __init__(self, n_heads, d_head):
        self.n_heads = n_heads
        self.scale = 1.0 / np.sqrt(d_head)

    @staticmethod
    def softmax(z, axis=-1):
        z = z - np.max(z, axis=axis, keepdims=True)
        e = np.exp(z)
        return e / np.sum(e, axis=axis, keepdims=True)

    def __call__(self, p, x):
        q = np.einsum("btd,hde->bhte", x, p["Wq"])
        k = np.einsum("btd,hde->bhte", x, p["Wk"])
        v = np.einsum("btd,hde->bhte", x, p["Wv"])
        att = self.softmax(np.einsum("bhqe,bhke->bhqk", q, k) * self.scale)
        mixed = np.einsum("bhqk,bhke->bhqe", att, v)
        return np.einsum("bhqe,hed->bqd", mixed, p["Wo"]) + x


ATTN = MultiHead(H, E)
rs = npr.RandomState(3010)
X = rs.randn(B, T, D)
Y = np.cumsum(X, axis=1) / np.arange(1, T + 1)[None, :, None]


def loss(p):
    return np.mean((ATTN(p, X) - Y) ** 2)


def inputs():
    r = npr.RandomState(10)
    return (
        {k: 0.4 * r.randn(H, D, E) for k in ("Wq", "Wk", "Wv")} | {"Wo": 0.4 * r.randn(H, E, D)},
    )
