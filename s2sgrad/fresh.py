"""Is a value a new object? What the in-place validation (:mod:`s2sgrad.validate`) and
the reverse sweep's pseudo-statements ask of the value an assignment binds.

    fresh_value(np.zeros(3))  -> True    (a new array: safe to change in place)
    is_fresh(y[1:])           -> False   (a view of y)
"""

from __future__ import annotations

import gast
import numpy as np

from . import aliasing, anno, rules

_ALLOCATORS = {
    "zeros",
    "ones",
    "empty",
    "zeros_like",
    "ones_like",
    "empty_like",
    "full",
    "full_like",
    "copy",
    "array",
    "eye",
    "identity",
    "linspace",
    "logspace",
    "geomspace",
}
# allocators without a derivative rule, so without a canonical name
_NEW_ARRAYS = (np.arange, np.tri, np.indices, np.logspace, np.geomspace)


def fresh_value(value) -> bool:
    """Is ``value`` a new object or an immutable number (safe to update with ``+=``)?"""
    if isinstance(value, (gast.Constant, gast.BinOp, gast.UnaryOp)):
        return True
    if isinstance(value, gast.Call):
        if anno.get(value, "made", None) is not None:
            return True  # m = Model(w): a new object (p.a = v rebinds it, normalize.records)
        path = rules.canonical_name(anno.get(value, "fn", None))
        return path is not None and not aliasing.is_view(path, value) and not uncopied(value)
    return False


def uncopied(value) -> bool:
    """``np.array(a, copy=False)`` or ``copy=None``: ``a`` itself where no copy is needed."""
    if rules.canonical_name(anno.get(value, "fn", None)) != "np.array":
        return False
    copy = next((k.value for k in value.keywords if k.arg == "copy"), None)
    return copy is not None and not (isinstance(copy, gast.Constant) and copy.value is True)


def is_fresh(value) -> bool:
    """Does ``value`` make a new list, dict, set or array (``[]``, ``np.zeros(n)``, ``a + b``,
    a user function whose every return is new)?"""
    if isinstance(value, (gast.List, gast.ListComp, gast.Dict, gast.DictComp, gast.Set)):
        return True
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        path = rules.canonical_name(fn) or ""
        if uncopied(value):
            return False
        if (
            path.split(".")[-1] in _ALLOCATORS
            or fn is list
            or fn is dict
            or fn is set
            or any(fn is f for f in _NEW_ARRAYS)
        ):
            return True
        # a user function whose every return makes a new array (s = make(x); s[1:3] = 1.0)
        return path == "" and aliasing.returns_fresh(fn)
    return isinstance(value, gast.BinOp)
