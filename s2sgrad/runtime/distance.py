"""Derivatives of ``scipy.spatial.distance``: ``cdist``, ``pdist`` and ``squareform``.

A distance ``y = dist(a, b)`` of two rows has the slopes ``dy/da`` and ``dy/db``
(:func:`_slope`, ``side`` 0 and 1) and their derivatives (:func:`_slope_dx`). The norms of
``a - b`` (euclidean, cityblock, minkowski, chebyshev) take :mod:`.norms`'s slopes: 0 at a
zero distance (as ``np.linalg.norm`` and abs), ties of chebyshev's max split evenly. cdist
pairs every row of ``XA`` with every row of ``XB``; pdist the rows ``i < j`` of ``X``, in
the condensed order (that of ``np.triu_indices``). Any other metric is an error when the
derivative runs (never a wrong one). NumPy only: no SciPy import here.
"""

from __future__ import annotations

import numpy as np

from .norms import norm_slope, norm_slope_dx
from .places import not_implemented

# scipy's names (and its aliases) of the metrics with derivatives -> (kind, ord)
_METRICS = {
    "euclidean": ("norm", 2),
    "euclid": ("norm", 2),
    "eu": ("norm", 2),
    "e": ("norm", 2),
    "cityblock": ("norm", 1),
    "cblock": ("norm", 1),
    "cb": ("norm", 1),
    "c": ("norm", 1),
    "manhattan": ("norm", 1),
    "chebyshev": ("norm", np.inf),
    "chebychev": ("norm", np.inf),
    "cheby": ("norm", np.inf),
    "cheb": ("norm", np.inf),
    "ch": ("norm", np.inf),
    "sqeuclidean": ("sq", None),
    "sqe": ("sq", None),
    "sqeuclid": ("sq", None),
    "cosine": ("cos", None),
    "cos": ("cos", None),
}
_MINKOWSKI = ("minkowski", "mi", "m", "pnorm")
_SUPPORTED = "'euclidean', 'sqeuclidean', 'cityblock', 'minkowski' (p > 0), 'chebyshev', 'cosine'"


def _metric(metric, p):
    """``(kind, ord)`` of a metric with a derivative; s2sgrad's error for any other."""
    name = metric.lower() if isinstance(metric, str) else None
    if name in _MINKOWSKI and isinstance(p, (int, float, np.number)) and p > 0:
        return ("norm", float(p))
    if name in _METRICS:
        return _METRICS[name]
    shown = repr(metric)
    if callable(metric):
        shown = f"{getattr(metric, '__name__', type(metric).__name__)} (a function)"
    if name in _MINKOWSKI:
        shown = f"'minkowski' with p={p!r}"
    not_implemented(
        f"s2sgrad: scipy.spatial.distance has no derivative of the metric {shown}; "
        f"use one of {_SUPPORTED}, or write the distance out with NumPy "
        "(np.sum, np.abs, np.sqrt of the differences of the rows)"
    )


def _cosine_slope(a, b, y):
    """``d(1 - a.b / (|a| |b|)) / da`` along the last axis."""
    na = np.sqrt(np.sum(a * a, axis=-1, keepdims=True))
    nb = np.sqrt(np.sum(b * b, axis=-1, keepdims=True))
    c = 1.0 - np.expand_dims(y, -1)
    return c * a / (na * na) - b / (na * nb)


def _cosine_slope_dx(a, b, y, ta, tb, ty):
    """The derivative of :func:`_cosine_slope` along ``ta``, ``tb`` (``ty``: y's)."""
    na = np.sqrt(np.sum(a * a, axis=-1, keepdims=True))
    nb = np.sqrt(np.sum(b * b, axis=-1, keepdims=True))
    dna = np.sum(a * ta, axis=-1, keepdims=True) / na
    dnb = np.sum(b * tb, axis=-1, keepdims=True) / nb
    c = 1.0 - np.expand_dims(y, -1)
    dc = -np.expand_dims(ty, -1)
    return (
        (dc * a + c * ta - 2.0 * c * a * dna / na) / (na * na)
        - tb / (na * nb)
        + b * (dna / na + dnb / nb) / (na * nb)
    )


def _slope(a, b, y, metric, p, side):
    """``dy/da`` (side 0) or ``dy/db`` (side 1) of ``y = dist(a, b)`` along the last axis;
    ``a`` and ``b`` broadcast to ``y.shape + (n,)``."""
    kind, ord = _metric(metric, p)
    if kind == "cos":
        return _cosine_slope(a, b, y) if side == 0 else _cosine_slope(b, a, y)
    sign = 1.0 if side == 0 else -1.0
    if kind == "sq":
        return sign * 2.0 * (a - b)
    return sign * norm_slope(a - b, y, ord, -1, False)


def _slope_dx(a, b, y, ta, tb, ty, metric, p, side):
    """The derivative of :func:`_slope` along ``ta``, ``tb`` (``ty``: y's tangent)."""
    kind, ord = _metric(metric, p)
    if kind == "cos":
        if side == 0:
            return _cosine_slope_dx(a, b, y, ta, tb, ty)
        return _cosine_slope_dx(b, a, y, tb, ta, ty)
    sign = 1.0 if side == 0 else -1.0
    if kind == "sq":
        return sign * 2.0 * (ta - tb)
    return sign * norm_slope_dx(a - b, y, ta - tb, ty, ord, -1, False)


def _rows(XA, XB):
    return np.expand_dims(XA, 1), np.expand_dims(XB, 0)


def cdist_adjoint(g, y, XA, XB, metric, p, side):
    """The adjoint of ``XA`` (side 0) or ``XB`` (1) of ``y = cdist(XA, XB, metric)``."""
    a, b = _rows(XA, XB)
    return np.sum(np.expand_dims(g, -1) * _slope(a, b, y, metric, p, side), axis=1 - side)


def cdist_tangent(tx, y, XA, XB, metric, p, side):
    """The tangent of ``y = cdist(XA, XB, metric)`` from ``tx``, that of ``XA`` (side 0)
    or ``XB`` (1)."""
    a, b = _rows(XA, XB)
    return np.sum(_slope(a, b, y, metric, p, side) * np.expand_dims(tx, 1 - side), axis=-1)


def cdist_adjoint_dx(g, y, XA, XB, tA, tB, ty, metric, p, side):
    """The derivative of :func:`cdist_adjoint` in ``XA``, ``XB`` along ``tA``, ``tB``."""
    a, b = _rows(XA, XB)
    ta, tb = _rows(tA, tB)
    slope = _slope_dx(a, b, y, ta, tb, ty, metric, p, side)
    return np.sum(np.expand_dims(g, -1) * slope, axis=1 - side)


def cdist_tangent_dx(tx, y, XA, XB, tA, tB, ty, metric, p, side):
    """The derivative of :func:`cdist_tangent` in ``XA``, ``XB`` along ``tA``, ``tB``."""
    a, b = _rows(XA, XB)
    ta, tb = _rows(tA, tB)
    slope = _slope_dx(a, b, y, ta, tb, ty, metric, p, side)
    return np.sum(slope * np.expand_dims(tx, 1 - side), axis=-1)


def _pairs(X):
    return np.triu_indices(np.shape(X)[0], 1)


def _scatter(X, i, j, gi, gj):
    """``sum_k gi[k] e_i[k] + gj[k] e_j[k]``: rows ``gi``, ``gj`` added at rows ``i``, ``j``."""
    out = np.zeros(np.shape(X), dtype=np.result_type(gi, gj))
    np.add.at(out, i, gi)
    np.add.at(out, j, gj)
    return out


def pdist_adjoint(g, y, X, metric, p):
    """The adjoint of ``X`` of ``y = pdist(X, metric)``."""
    i, j = _pairs(X)
    a, b, gk = X[i], X[j], np.expand_dims(g, -1)
    return _scatter(X, i, j, gk * _slope(a, b, y, metric, p, 0), gk * _slope(a, b, y, metric, p, 1))


def pdist_tangent(tx, y, X, metric, p):
    """The tangent of ``y = pdist(X, metric)`` from ``tx``, that of ``X``."""
    i, j = _pairs(X)
    a, b = X[i], X[j]
    return np.sum(
        _slope(a, b, y, metric, p, 0) * tx[i] + _slope(a, b, y, metric, p, 1) * tx[j], axis=-1
    )


def pdist_adjoint_dx(g, y, X, tX, ty, metric, p):
    """The derivative of :func:`pdist_adjoint` in ``X`` along ``tX``."""
    i, j = _pairs(X)
    a, b, ta, tb, gk = X[i], X[j], tX[i], tX[j], np.expand_dims(g, -1)
    return _scatter(
        X,
        i,
        j,
        gk * _slope_dx(a, b, y, ta, tb, ty, metric, p, 0),
        gk * _slope_dx(a, b, y, ta, tb, ty, metric, p, 1),
    )


def pdist_tangent_dx(tx, y, X, tX, ty, metric, p):
    """The derivative of :func:`pdist_tangent` in ``X`` along ``tX``."""
    i, j = _pairs(X)
    a, b, ta, tb = X[i], X[j], tX[i], tX[j]
    return np.sum(
        _slope_dx(a, b, y, ta, tb, ty, metric, p, 0) * tx[i]
        + _slope_dx(a, b, y, ta, tb, ty, metric, p, 1) * tx[j],
        axis=-1,
    )


def squareform_adjoint(g, X):
    """The adjoint of ``X`` of ``squareform(X)``: a condensed vector ``X`` (its square
    matrix holds each entry twice, above and below the diagonal), or a square matrix ``X``
    (of which only the upper triangle is read)."""
    if np.ndim(X) == 1:
        n = np.shape(g)[0]
        i, j = np.triu_indices(n, 1)
        return g[i, j] + g[j, i]
    n = np.shape(X)[0]
    i, j = np.triu_indices(n, 1)
    out = np.zeros(np.shape(X), dtype=np.result_type(g, float))
    out[i, j] = g
    return out
