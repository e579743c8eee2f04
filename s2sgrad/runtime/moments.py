"""Helpers of the rules of ``np.var`` and ``np.std`` with ``where=`` and ``mean=`` (NumPy
2.0+), exported through :mod:`s2sgrad.runtime.arrays`."""

from __future__ import annotations

import numpy as np

from .broadcast import _expand
from .reductions import var_adjoint

__all__ = ["mean_tangent", "var_where_adjoint"]


def _masked_centred(x, axis, where, mean):
    """``x - mean`` where ``where`` holds, 0 elsewhere; ``mean`` None: the mean of the
    entries ``where`` holds (equal entries deviate by exactly 0, as in var_adjoint)."""
    mask = np.broadcast_to(where, np.shape(x))
    if mean is not None:
        return np.where(mask, x - mean, 0.0)
    m = np.mean(x, axis=axis, keepdims=True, where=mask)
    top = np.max(x, axis=axis, keepdims=True, where=mask, initial=-np.inf)
    bottom = np.min(x, axis=axis, keepdims=True, where=mask, initial=np.inf)
    return np.where(mask & (top != bottom), x - m, 0.0)


def var_where_adjoint(g, x, axis, ddof, keepdims, where, mean):
    """Adjoint of ``np.var(x, axis, ddof=ddof, where=where, mean=mean)`` in ``x``: the
    entries ``where`` holds, ``2 conj(x - mean) / (n - ddof)`` with ``n`` their count
    along ``axis`` (0 where ``n <= ddof``: the variance is NaN or inf there); the adjoint
    in ``mean`` is minus its sum over ``axis``. Linear in ``g`` and (conjugate-linear) in
    ``x`` and ``mean`` together."""
    if where is True and mean is None:
        return var_adjoint(g, x, axis, ddof, keepdims)
    mask = np.broadcast_to(where, np.shape(x))
    n = np.sum(mask, axis=axis, keepdims=True)
    scale = np.where(n > ddof, 2.0 / np.where(n > ddof, n - ddof, 1), 0.0)
    return _expand(g, x, axis, keepdims) * np.conj(_masked_centred(x, axis, where, mean)) * scale


def mean_tangent(mean, tm):
    """The tangent of ``np.var``'s ``mean=`` argument: None where it was not given (the
    mean is then that of ``x``'s tangent), else its tangent ``tm``."""
    return None if mean is None else tm
