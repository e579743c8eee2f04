"""What the primal sweep saves for the adjoint sweep: copies of values that are
overwritten later, and which writes of a fancy-indexed assignment survive.
"""

from __future__ import annotations

import numpy as np

from .values import _is_basic_index


def last_writes(index, y):
    """Which elements of ``value`` survive ``y[index] = value``.

    A fancy index that names a position more than once writes it more than once and
    only one write stays; the mask (shaped like ``y[index]``) is True for that one.
    It is found by doing the same assignment with write ordinals, so it follows
    NumPy's own order. Indices that cannot repeat a position (and items of a list or
    dict, which take one key) give 1.0.
    """
    if isinstance(y, (list, dict)) or _is_basic_index(index):
        return 1.0
    shape = np.shape(y)
    written = np.zeros(shape, dtype=bool)[index]
    ordinals = np.arange(written.size).reshape(written.shape)
    scratch = np.full(shape, -1, dtype=ordinals.dtype)
    scratch[index] = ordinals
    kept = np.zeros(written.size, dtype=bool)
    kept[scratch[scratch >= 0]] = True
    return kept.reshape(written.shape)


def kept_writes(adjoint, index, y):
    """``adjoint`` (of ``y[index]``) masked by :func:`last_writes`, or as it is where every
    write survives: an item of a list or dict (whose adjoint may be a list) or a basic
    index."""
    if isinstance(y, (list, dict)) or _is_basic_index(index):
        return adjoint
    return adjoint * last_writes(index, y)


def snapshot(value):
    """A copy of ``value`` that later in-place writes cannot change."""
    return value.copy() if hasattr(value, "copy") else value


class Absent:
    """What :func:`save_item` saves for a dict key that is not there yet (the class
    itself is the marker)."""


def save_item(container, key):
    """A copy of ``container[key]`` before it is overwritten (Absent for a new dict key)."""
    if isinstance(container, dict) and key not in container:
        return Absent
    return snapshot(container[key])


def restore_value(container, key, saved):
    """The value :func:`save_item` saved; a key that was new keeps its value, unread
    by the adjoint sweep before it was set."""
    return container[key] if saved is Absent else saved
