"""``scipy.spatial.distance``: ``cdist``, ``pdist``, ``squareform``, ``euclidean``,
``sqeuclidean``.

cdist and pdist differentiate the metrics 'euclidean', 'sqeuclidean', 'cityblock',
'minkowski' (``p=``), 'chebyshev' and 'cosine' (:mod:`s2sgrad.runtime.distance`); a zero
distance has slope 0, as ``np.linalg.norm`` at a zero vector. Any other metric (a function,
'mahalanobis', 'hamming', ...) is s2sgrad's error at the user's line when the derivative
runs; a keyword the rules do not take (``w=``, ``V=``, ``VI=``, ``out=``) is one where the
call is differentiated.
"""

from __future__ import annotations

import numpy as np
import scipy.spatial.distance

from ...runtime import (
    cdist_adjoint,
    cdist_adjoint_dx,
    cdist_tangent,
    cdist_tangent_dx,
    norm_adjoint,
    norm_tangent,
    pdist_adjoint,
    pdist_adjoint_dx,
    pdist_tangent,
    pdist_tangent_dx,
    squareform_adjoint,
)
from ..registry import d, linear_in, rule, t


@rule("scipy.spatial.distance.cdist")
def cdist(y, XA, XB, metric="euclidean", *, p=2):
    d[XA] = cdist_adjoint(d[y], y, XA, XB, metric, p, 0)
    d[XB] = cdist_adjoint(d[y], y, XA, XB, metric, p, 1)
    t[y] = cdist_tangent(t[XA], y, XA, XB, metric, p, 0) + cdist_tangent(
        t[XB], y, XA, XB, metric, p, 1
    )


@rule("scipy.spatial.distance.pdist")
def pdist(y, X, metric="euclidean", *, p=2):
    d[X] = pdist_adjoint(d[y], y, X, metric, p)
    t[y] = pdist_tangent(t[X], y, X, metric, p)


@rule("scipy.spatial.distance.squareform")
def squareform(y, X, force="no", checks=True):
    d[X] = squareform_adjoint(d[y], X)
    # the tangent of a symmetric matrix is symmetric up to rounding: checks would refuse it
    t[y] = scipy.spatial.distance.squareform(t[X], force, False)


@rule("scipy.spatial.distance.euclidean")
def euclidean(y, u, v):
    d[u] = norm_adjoint(d[y], y, u - v, None, None, False)
    d[v] = -norm_adjoint(d[y], y, u - v, None, None, False)
    t[y] = norm_tangent(t[u] - t[v], y, u - v, None, None, False)


@rule("scipy.spatial.distance.sqeuclidean")
def sqeuclidean(y, u, v):
    d[u] = 2.0 * d[y] * (u - v)
    d[v] = -2.0 * d[y] * (u - v)
    t[y] = 2.0 * np.sum((u - v) * (t[u] - t[v]))


# tangents of the helpers (forward over reverse, forward over forward)


@rule(cdist_adjoint)
def cdist_adjoint_t(r, g, y, XA, XB, metric, p, side):
    t[r] = cdist_adjoint(t[g], y, XA, XB, metric, p, side) + cdist_adjoint_dx(
        g, y, XA, XB, t[XA], t[XB], t[y], metric, p, side
    )


@rule(cdist_tangent)
def cdist_tangent_t(r, tx, y, XA, XB, metric, p, side):
    t[r] = cdist_tangent(t[tx], y, XA, XB, metric, p, side) + cdist_tangent_dx(
        tx, y, XA, XB, t[XA], t[XB], t[y], metric, p, side
    )


@rule(pdist_adjoint)
def pdist_adjoint_t(r, g, y, X, metric, p):
    t[r] = pdist_adjoint(t[g], y, X, metric, p) + pdist_adjoint_dx(g, y, X, t[X], t[y], metric, p)


@rule(pdist_tangent)
def pdist_tangent_t(r, tx, y, X, metric, p):
    t[r] = pdist_tangent(t[tx], y, X, metric, p) + pdist_tangent_dx(tx, y, X, t[X], t[y], metric, p)


linear_in(squareform_adjoint, "g")
