"""A pre-norm transformer block in plain NumPy: multi-head causal self-attention with
heads split by reshape/transpose, a mask from np.triu, layer norm and a GELU MLP; the
helpers take keyword options (eps=..., causal=...) and the parameters are a dict."""

import autograd.numpy as np
import autograd.numpy.random as npr


def layer_norm(x, gain, bias, eps=1e-5):
    mean = np.mean(x, axis=-1, keepdims=True)
    var = np.var(x, axis=-1, keepdims=True)
    return gain * (x - mean) / np.sqrt(var + eps) + bias


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(x, p, n_heads=2, causal=True):
    T, d = x.shape
    hd = d // n_heads
    qkv = x @ p["w_qkv"]
    q, k, v = qkv[:, :d], qkv[:, d : 2 * d], qkv[:, 2 * d :]

    def heads(m):
        return m.reshape(T, n_heads, hd).transpose((1, 0, 2))

    q, k, v = heads(q), heads(k), heads(v)
    scores = q @ k.transpose((0, 2, 1)) / np.sqrt(hd)
    if causal:
        mask = np.triu(np.ones((T, T)), k=1)
        scores = scores - 1e9 * mask
    out = softmax(scores) @ v
    return out.transpose((1, 0, 2)).reshape(T, d) @ p["w_o"]


def block(x, p, **attn_kwargs):
    x = x + attention(layer_norm(x, p["ln1_g"], p["ln1_b"]), p, **attn_kwargs)
    h = gelu(layer_norm(x, p["ln2_g"], p["ln2_b"]) @ p["w_fc"])
    return x + h @ p["w_proj"]


rs = npr.RandomState(2907)
T, D = 5, 4
X = rs.randn(T, D)
TARGET = rs.randn(T, D)


def loss(p):
    out = block(X, p, n_heads=2, causal=True)
    return np.mean((out - TARGET) ** 2)


def inputs():
    r = npr.RandomState(7)
    return (
        {
            "w_qkv": 0.3 * r.randn(D, 3 * D),
            "w_o": 0.3 * r.randn(D, D),
            "ln1_g": np.ones(D),
            "ln1_b": np.zeros(D),
            "ln2_g": np.ones(D),
            "ln2_b": np.zeros(D),
            "w_fc": 0.3 * r.randn(D, 8),
            "w_proj": 0.3 * r.randn(8, D),
        },
    )
