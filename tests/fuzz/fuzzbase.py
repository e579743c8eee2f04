"""Shapes, bounds and formatting shared by the fuzz generator and its constructs."""

from __future__ import annotations

import math
from dataclasses import dataclass

BOUND_LIMIT = 20.0  # a value whose bound exceeds this is rescaled to bound 1
MAX_ELEMENTS = 14  # total number of input scalars (finite differences stay cheap)


@dataclass
class Var:
    """A variable in scope: its name, static shape (None: Python float) and a bound on
    the absolute value of its elements."""

    name: str
    shape: tuple | None
    bound: float

    @property
    def ndim(self) -> int:
        return 0 if self.shape is None else len(self.shape)

    @property
    def size(self) -> int:
        return 1 if self.shape is None else math.prod(self.shape)


def broadcast(*shapes):
    """The broadcast of static shapes (None counts as ``()``), or None if incompatible."""
    shapes = [() if s is None else s for s in shapes]
    nd = max(len(s) for s in shapes)
    out = []
    for i in range(nd):
        dims = {s[len(s) - nd + i] for s in shapes if len(s) - nd + i >= 0}
        dims.discard(1)
        if len(dims) > 1:
            return None
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def fits_into(shape, target) -> bool:
    """Does ``shape`` broadcast to exactly ``target``?"""
    return broadcast(shape, target) == (() if target is None else target)


def fmt(c: float) -> str:
    return repr(round(c, 2))
