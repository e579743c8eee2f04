"""One pre-norm transformer block from scratch: layer norm, multi-head causal
self-attention with np.einsum ('bhqd,bhkd->bhqk'), a mask added as -1e9 * np.triu(...),
a GELU feed-forward (tanh form), residual connections, and a next-token cross-entropy."""

import autograd.numpy as np
import autograd.numpy.random as npr


def layer_norm(x, gain, bias, eps=1e-5):
    mu = np.mean(x, axis=-1, keepdims=True)
    var = np.var(x, axis=-1, keepdims=True)
    return gain * (x - mu) / np.sqrt(var + eps) + bias


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(p, x, n_heads):
    B, T, D = x.shape
    hd = D // n_heads
    qkv = np.dot(x, p["w_qkv"])  # (B, T, 3D)
    q, k, v = qkv[..., :D], qkv[..., D : 2 * D], qkv[..., 2 * D :]

    def heads(t):
        return np.transpose(np.reshape(t, (B, T, n_heads, hd)), (0, 2, 1, 3))

    q, k, v = heads(q), heads(k), heads(v)
    scores = np.einsum("bhqd,bhkd->bhqk", q, k) / np.sqrt(hd)
    mask = np.triu(np.ones((T, T)), k=1)
    weights = softmax(scores - 1e9 * mask)
    out = np.einsum("bhqk,bhkd->bhqd", weights, v)
    out = np.reshape(np.transpose(out, (0, 2, 1, 3)), (B, T, D))
    return np.dot(out, p["w_o"])


def block(p, x, n_heads=2):
    x = x + attention(p, layer_norm(x, p["ln1_g"], p["ln1_b"]), n_heads)
    h = gelu(np.dot(layer_norm(x, p["ln2_g"], p["ln2_b"]), p["w_fc"]) + p["b_fc"])
    return x + np.dot(h, p["w_proj"])


def loss(params, tokens):
    x = params["embed"][tokens] + params["pos"][: tokens.shape[1]]
    x = block(params, x)
    logits = np.dot(layer_norm(x, params["lnf_g"], params["lnf_b"]), params["embed"].T)
    logits = logits[:, :-1]
    targets = tokens[:, 1:]
    logp = logits - np.log(np.sum(np.exp(logits), axis=-1, keepdims=True))
    B, T = targets.shape
    picked = logp[np.arange(B)[:, None], np.arange(T)[None, :], targets]
    return -np.mean(picked)


def inputs():
    rs = npr.RandomState(40)
    V, D, T = 7, 4, 5
    params = {
        "embed": 0.3 * rs.randn(V, D),
        "pos": 0.1 * rs.randn(T, D),
        "w_qkv": 0.3 * rs.randn(D, 3 * D),
        "w_o": 0.3 * rs.randn(D, D),
        "w_fc": 0.3 * rs.randn(D, 2 * D),
        "b_fc": np.zeros(2 * D),
        "w_proj": 0.3 * rs.randn(2 * D, D),
    }
    for name in ("ln1", "ln2", "lnf"):
        params[name + "_g"] = np.ones(D) + 0.1 * rs.randn(D)
        params[name + "_b"] = 0.1 * rs.randn(D)
    return params, rs.randint(0, V, size=(2, T))
