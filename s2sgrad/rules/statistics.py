"""``np.cov`` and ``np.corrcoef``: quadratic in the centred data.

With the variables the rows of ``x`` (``runtime.cov_data``), weights ``w`` and factor
``f`` as NumPy computes them, ``c = xc diag(w) xc^H / f`` for the centred data
``xc = x - (x w / sum w) 1^T`` (``runtime.cov_adjoint``, ``cov_tangent``); the weights carry
no derivative (a differentiated weight is an error). Complex data: the adjoint in
autograd's convention.
"""

from __future__ import annotations

import numpy as np

from ..runtime import (
    cov_adjoint,
    cov_data,
    cov_data_adjoint,
    cov_data_tangent,
    cov_factor,
    cov_tangent,
    cov_weights,
    diag_embed,
)
from .registry import d, linear_in, nondifferentiable_object, rule, t


@rule("numpy.cov", constant=("rowvar", "bias", "ddof", "dtype"))
def cov(
    c, m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None
):
    rows = cov_data(m, y, rowvar)
    w = cov_weights(rows, fweights, aweights)
    fact = cov_factor(rows, bias, ddof, fweights, aweights)
    n = np.shape(rows)[0]
    grows = cov_adjoint(np.reshape(d[c], (n, n)), rows, w, fact)
    d[m] = cov_data_adjoint(grows, m, y, rowvar, 0)
    d[y] = cov_data_adjoint(grows, m, y, rowvar, 1)
    trows = cov_data_tangent(t[m], t[y], m, y, rowvar)
    t[c] = np.reshape(cov_tangent(trows, rows, w, fact), np.shape(c))


@rule("numpy.corrcoef", constant=("rowvar", "dtype"))
def corrcoef(r, x, y=None, rowvar=True, *, dtype=None):
    # r = c / (s s^T), s = sqrt(diag c) for c = np.cov(x, y, rowvar): dr = dc / (s s^T) -
    # r (ds_i / s_i + ds_j / s_j) with ds_i / s_i = dc_ii / (2 c_ii). (NumPy clips r to
    # [-1, 1]: only rounding errors, on the diagonal, where the derivative is 0.)
    rows = cov_data(x, y, rowvar)
    w = cov_weights(rows, None, None)
    fact = cov_factor(rows, False, None, None, None)
    n = np.shape(rows)[0]
    cm = np.reshape(np.cov(rows), (n, n))
    s = np.sqrt(np.real(np.diagonal(cm)))
    ss = np.outer(s, s)
    rm = cm / ss
    g = np.reshape(d[r], (n, n))
    gc = g / ss - diag_embed(
        np.real(np.sum(g * rm, axis=1) + np.sum(g * rm, axis=0)) / (2.0 * s * s)
    )
    grows = cov_adjoint(gc, rows, w, fact)
    d[x] = cov_data_adjoint(grows, x, y, rowvar, 0)
    d[y] = cov_data_adjoint(grows, x, y, rowvar, 1)
    tc = cov_tangent(cov_data_tangent(t[x], t[y], x, y, rowvar), rows, w, fact)
    ts = np.real(np.diagonal(tc)) / (2.0 * s * s)
    t[r] = np.reshape(tc / ss - rm * (np.expand_dims(ts, -1) + ts), np.shape(r))


linear_in(cov_data, "m", "y")
linear_in(cov_data_tangent, "tm", "ty")
linear_in(cov_data_adjoint, "g")
nondifferentiable_object(cov_weights, "cov_weights")
nondifferentiable_object(cov_factor, "cov_factor")


@rule(cov_adjoint)
def cov_adjoint_t(r, g, x, w, fact):
    t[r] = cov_adjoint(t[g], x, w, fact) + cov_adjoint(g, t[x], w, fact)


@rule(cov_tangent)
def cov_tangent_t(r, tx, x, w, fact):
    t[r] = cov_tangent(t[tx], x, w, fact) + cov_tangent(tx, t[x], w, fact)
