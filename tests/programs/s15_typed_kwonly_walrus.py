"""Modern Python in a ridge/logistic objective: type annotations, keyword-only and
positional-only parameters, a walrus in a comprehension filter and in an if, and a
chained comparison on a shape."""

from __future__ import annotations

import autograd.numpy as np
import autograd.numpy.random as npr


def data() -> tuple[np.ndarray, np.ndarray]:
    rs = npr.RandomState(1505)
    X = rs.randn(15, 3)
    y = (np.dot(X, np.array([1.0, -1.0, 0.5])) > 0).astype(float)
    return X, y


X, Y = data()


def log_sigmoid(z: np.ndarray, /) -> np.ndarray:
    return -np.logaddexp(0.0, -z)


def penalty(w: np.ndarray, *, kind: str = "l2", strength: float = 0.1) -> float:
    if kind == "l2":
        return strength * np.sum(w**2)
    return strength * np.sum(np.abs(w))


def loss(w: np.ndarray, *, reg: float = 0.05) -> float:
    z = np.dot(X, w)
    terms = [
        t
        for i in range(len(Y))
        if (t := Y[i] * log_sigmoid(z[i]) + (1 - Y[i]) * log_sigmoid(-z[i])) is not None
    ]
    nll = -sum(terms) / len(terms)
    if (n := w.shape[0]) > 2:
        nll = nll + penalty(w[: n - 1], kind="l2", strength=reg)
    if 0 < X.shape[1] <= 3:
        nll = nll + penalty(w, kind="l1", strength=reg / 10)
    return nll


def inputs():
    return (np.array([0.1, 0.2, -0.3]),)
