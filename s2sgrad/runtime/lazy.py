"""Derivatives of Dask arrays: the sweep's lazy buffers (``LazySweep``), and adding
into an adjoint where Dask has no ``np.add.at`` (scatter-add and mask-add by
``np.bincount``).
"""

from __future__ import annotations

import numpy as np

from .places import _lacking, not_implemented
from .values import _is_complex, _lazy, _shape, _size, _unknown


class LazySweep:
    """The Dask array that the derivative being computed takes (the first one found in its
    arguments), which :func:`zeros_like` makes its buffers like; ``current()`` is None
    outside such a derivative. Entered by the entry points (``with LazySweep(args)``)."""

    like = None  # a contextvars.ContextVar, made when the first Dask argument is seen

    def __init__(self, values):
        self.found = _first_lazy(values)
        self.token = None

    def __enter__(self):
        if self.found is not None:
            if LazySweep.like is None:
                import contextvars

                LazySweep.like = contextvars.ContextVar("s2sgrad_lazy_sweep", default=None)
            self.token = LazySweep.like.set(self.found)
        return self

    def __exit__(self, *exc):
        if self.token is not None:
            LazySweep.like.reset(self.token)

    @staticmethod
    def current():
        return None if LazySweep.like is None else LazySweep.like.get()


def _first_lazy(values):
    """The first Dask array among ``values`` and the items of its lists, tuples and dicts."""
    for v in values.values() if isinstance(values, dict) else values:
        if _lazy(v):
            return v
        if isinstance(v, (list, tuple, dict)):
            found = _first_lazy(v)
            if found is not None:
                return found
    return None


def _numpy_buffer(value):
    """Raise: a lazy ``value`` cannot be added into a NumPy adjoint buffer in place."""
    not_implemented(
        f"s2sgrad: the adjoint of an indexed NumPy array is a NumPy array updated in place, "
        f"and a {type(value).__module__.split('.')[0]} array cannot be added into it"
        f"; pass the Dask arrays as arguments of the derivative (one read from "
        "a global or a closure is not seen, nor are any by an ahead-of-time module from "
        "s2sgrad.emit), or the indexed array as a Dask array (da.from_array(w))"
    )


def _scatter_add(g, parts, k, idx, value):
    """``g[parts] += value`` for a lazy 1-D integer index array ``idx`` at ``parts[k]``
    (slices elsewhere): a scatter-add written as a weighted ``np.bincount`` of flat
    positions, which Dask runs chunk by chunk and sums; repeated positions accumulate."""
    if any(n != n for n in _shape(idx)):
        _lacking(
            "the derivative of indexing with an index array of unknown length (unknown "
            "chunk sizes)",
            "a scatter-add",
            g,
            "call compute_chunk_sizes() on the index array first",
        )
    key = parts[:k] + (slice(None),) + parts[k + 1 :]
    target = g[key]
    shape = tuple(_shape(target))
    n, rest = shape[k], shape[:k] + shape[k + 1 :]
    width = 1
    for m in rest:
        width *= m
    value = np.broadcast_to(value, shape[:k] + (_shape(idx)[0],) + shape[k + 1 :])
    rows = np.reshape(np.moveaxis(value, k, 0), (-1, width))
    flat = np.ravel(np.where(idx < 0, idx + n, idx)[:, None] * width + np.arange(width))
    # np.bincount on Dask wants the weights chunked like the positions
    weights = (np.zeros_like(flat, dtype=rows.dtype) + np.ravel(rows)).rechunk(flat.chunks)

    def counts(w):
        return np.bincount(flat, weights=w, minlength=n * width)

    total = (
        counts(np.real(weights)) + 1j * counts(np.imag(weights))
        if _is_complex(weights)
        else counts(weights)
    )
    scattered = np.moveaxis(np.reshape(total.astype(target.dtype), (n,) + rest), 0, k)
    g[key] = target + scattered


def _mask_add(g, mask, value):
    """``g[mask] += value`` for a boolean ``mask`` shaped like ``g`` (``value`` may have
    unknown chunk sizes): the flat positions of the selected entries, found by the same
    indexing as the forward pass's ``x[mask]`` (so cut into the same pieces as ``value``),
    weight a ``np.bincount``. Pieces that do not line up fail when computed, never
    misplace."""
    shape = tuple(_shape(g))
    size = _size(g)
    if not _lazy(mask) and _lazy(value) and _unknown(_shape(value)):
        mask = np.asarray(mask, like=g).rechunk(g.chunks)  # as Dask's x[mask] took it
    if _lazy(mask):
        positions = np.reshape(np.arange(size, like=g), shape).rechunk(g.chunks)[mask]
    else:
        positions = np.asarray(np.flatnonzero(mask), like=g)
        if _lazy(value):
            positions = positions.rechunk(value.chunks)
    value = np.broadcast_to(value, _shape(positions)) if np.ndim(value) == 0 else value
    if not _lazy(value):
        value = np.zeros_like(positions, dtype=value.dtype) + value

    def counts(w):
        return np.bincount(positions, weights=w, minlength=size)

    total = (
        counts(np.real(value)) + 1j * counts(np.imag(value))
        if _is_complex(value)
        else counts(value)
    )
    key = (slice(None),) * len(shape)
    g[key] = g + np.reshape(total.astype(g.dtype), shape)
