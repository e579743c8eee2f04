"""Benchmark workloads: forward functions, hand-written gradients and input builders.

Each forward function is plain NumPy code returning a scalar loss. s2sgrad and tangent
transform these exact functions from source; autograd, JAX and PyTorch run the same code
with the global ``np`` rebound (see ``competitors.rebind_numpy``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

DT = 0.05
L2 = 1e-3


# --- forward functions -------------------------------------------------------------------


def tiny(x):
    """f(x) = x * x on a Python float (per-call overhead probe)."""
    return x * x


def oscillator(k, c, x0):
    """Damped oscillator with a one-sided spring, 200 explicit Euler steps on Python floats."""
    x = x0
    v = 0.0
    loss = 0.0
    for _ in range(200):
        a = -k * x - c * v
        if x > 0.0:
            a = a - 0.5 * x * x
        else:
            a = a + 0.1 * x
        v = v + DT * a
        x = x + DT * v
        loss = loss + x * x
    return loss


def logistic(w, X, y):
    """Mean logistic loss with labels in {-1, +1} plus an L2 penalty."""
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * L2 * np.sum(w * w)


def mlp(W1, b1, W2, b2, X, Y):
    """Two-layer tanh MLP with a max-shifted log-sum-exp softmax cross-entropy."""
    h = np.tanh(X @ W1 + b1)
    z = h @ W2 + b2
    s = z - np.max(z, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse)) / X.shape[0]


def rnn(W, U, h0, xs):
    """Elman RNN unrolled with a Python loop; loss = sum of the final state squared."""
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(h @ W + xs[t] @ U)
    return np.sum(h * h)


def chain(x, y):
    """Elementwise chain of sin, exp, log1p and products, summed."""
    a = np.sin(x) * y
    b = np.exp(-a * a)
    c = np.log1p(b * b + x * x)
    return np.sum(a * b + c * y)


# --- hand-written gradients (tuples ordered like the workload's argnums) ------------------


def tiny_grad(x):
    return (2.0 * x,)


def oscillator_grad(k, c, x0):
    xs = [x0]
    vs = [0.0]
    x, v = x0, 0.0
    for _ in range(200):
        a = -k * x - c * v
        a = a - 0.5 * x * x if x > 0.0 else a + 0.1 * x
        v = v + DT * a
        x = x + DT * v
        xs.append(x)
        vs.append(v)
    gk = gc = 0.0
    gx = gv = 0.0  # adjoints of the state after the current step
    for t in range(199, -1, -1):
        x, v = xs[t], vs[t]
        gx += 2.0 * xs[t + 1]
        gv += DT * gx
        ga = DT * gv
        gk -= x * ga
        gc -= v * ga
        gx += (-k + (-x if x > 0.0 else 0.1)) * ga
        gv -= c * ga
    return gk, gc, gx


def logistic_grad(w, X, y):
    e = np.exp(-y * (X @ w))
    gz = -y * (e / (1.0 + e)) / X.shape[0]
    return (X.T @ gz + L2 * w,)


def mlp_grad(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    z = h @ W2 + b2
    p = np.exp(z - np.max(z, axis=1, keepdims=True))
    p /= np.sum(p, axis=1, keepdims=True)
    gz = (p * np.sum(Y, axis=1, keepdims=True) - Y) / X.shape[0]
    ga = (gz @ W2.T) * (1.0 - h * h)
    return X.T @ ga, ga.sum(axis=0), h.T @ gz, gz.sum(axis=0)


def rnn_grad(W, U, h0, xs):
    hs = [h0]
    for t in range(xs.shape[0]):
        hs.append(np.tanh(hs[-1] @ W + xs[t] @ U))
    gW = np.zeros_like(W)
    gU = np.zeros_like(U)
    gh = 2.0 * hs[-1]
    for t in range(xs.shape[0] - 1, -1, -1):
        ga = gh * (1.0 - hs[t + 1] ** 2)
        gW += hs[t].T @ ga
        gU += xs[t].T @ ga
        gh = ga @ W.T
    return gW, gU


def chain_grad(x, y):
    sx = np.sin(x)
    a = sx * y
    b = np.exp(-a * a)
    q = b * b + x * x
    c = np.log1p(q)
    gq = y / (1.0 + q)
    ga = b - 2.0 * a * b * (a + 2.0 * b * gq)
    gx = 2.0 * x * gq + ga * np.cos(x) * y
    gy = c + ga * sx
    return gx, gy


# --- input builders -----------------------------------------------------------------------


def tiny_args(smoke):
    return (3.0,)


def oscillator_args(smoke):
    return (1.3, 0.2, 0.8)


def logistic_args(smoke):
    rng = np.random.default_rng(1)
    n, d = (200, 20) if smoke else (1000, 100)
    X = rng.standard_normal((n, d))
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    return 0.1 * rng.standard_normal(d), X, y


def mlp_args(smoke):
    return mlp_inputs(16, 64, 32) if smoke else mlp_inputs(256)


def mlp_inputs(n, d=784, hidden=256, k=10):
    """MLP weights and a batch of ``n`` examples (also used by ``gpu.py``)."""
    rng = np.random.default_rng(2)
    W1 = rng.standard_normal((d, hidden)) / np.sqrt(d)
    W2 = rng.standard_normal((hidden, k)) / np.sqrt(hidden)
    b1 = 0.1 * rng.standard_normal(hidden)
    b2 = 0.1 * rng.standard_normal(k)
    X = rng.standard_normal((n, d))
    Y = np.eye(k)[rng.integers(0, k, n)]
    return W1, b1, W2, b2, X, Y


def rnn_args(smoke):
    rng = np.random.default_rng(3)
    hidden, d, batch, steps = (16, 8, 4, 10) if smoke else (128, 64, 32, 50)
    W = rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)
    U = rng.standard_normal((d, hidden)) / np.sqrt(d)
    h0 = 0.1 * rng.standard_normal((batch, hidden))
    xs = rng.standard_normal((steps, batch, d))
    return W, U, h0, xs


def chain_args(smoke):
    return chain_inputs(1000 if smoke else 1_000_000)


def chain_inputs(n):
    """Two arrays of ``n`` elements for the elementwise chain (also used by ``gpu.py``)."""
    rng = np.random.default_rng(4)
    return rng.standard_normal(n), rng.standard_normal(n)


@dataclass(frozen=True)
class Workload:
    """One benchmark: forward function, hand gradient, differentiated args, input builder."""

    name: str
    size: str
    fun: Callable
    hand_grad: Callable
    argnums: tuple[int, ...]
    make_args: Callable[[bool], tuple]


WORKLOADS = [
    Workload("tiny", "x*x, float", tiny, tiny_grad, (0,), tiny_args),
    Workload("scalar", "200 steps, if", oscillator, oscillator_grad, (0, 1, 2), oscillator_args),
    Workload("logistic", "X 1000x100", logistic, logistic_grad, (0,), logistic_args),
    Workload("mlp", "784-256-10, B=256", mlp, mlp_grad, (0, 1, 2, 3), mlp_args),
    Workload("rnn", "H=128, T=50, B=32", rnn, rnn_grad, (0, 1), rnn_args),
    Workload("chain", "1e6 elements", chain, chain_grad, (0, 1), chain_args),
]
