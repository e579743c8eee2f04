"""Lower a parsed function to one operation per statement (A-normal form).

    h = np.tanh(x @ w + b)     ->    h_matmul = x @ w
                                     h_add = h_matmul + b
                                     h = np.tanh(h_add)

Every call is resolved to the object it names (``anno.get(node, "fn")``); loops over
arrays, ``enumerate``, ``zip`` and ``reversed`` become loops over ``range``;
``and``/``or``/``x if c else y`` become ``if`` statements; early exits are
lowered by :mod:`s2sgrad.exits`.

The pass is one class, :class:`lowering._Lowering`, whose methods come from one
module per kind of construct, in the order the data flows through them: ``statements``,
``loops``, ``targets``, ``expressions``, ``calls``, ``objects``, ``arguments``, ``methods``,
``effects``, ``kinds`` (objects by their kinds); ``tables`` holds what they know about
Python and NumPy callables.
"""

from __future__ import annotations

from .arguments import closure_free
from .endless import generator_as_list
from .folds import type_spec
from .kinds import (
    USER_OBJECT_HINT,
    _is_user_class,
    common_item_kind,
    object_classes,
    object_kind,
    sub_kind,
)
from .lowering import normalize
from .stars import length_spec
from .tables import (
    _INACTIVE_ATTRS,
    CALLED_VALUE,
    OBJECT_METHOD,
    LocalFunction,
    NormalFunction,
    Same,
    _is_function_value,
    value_spec,
)

__all__ = [
    "LocalFunction",
    "NormalFunction",
    "CALLED_VALUE",
    "OBJECT_METHOD",
    "USER_OBJECT_HINT",
    "Same",
    "_INACTIVE_ATTRS",
    "_is_function_value",
    "_is_user_class",
    "closure_free",
    "common_item_kind",
    "generator_as_list",
    "length_spec",
    "normalize",
    "object_classes",
    "object_kind",
    "sub_kind",
    "type_spec",
    "value_spec",
]
