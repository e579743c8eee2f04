"""How generated code binds the names of the runtime helpers that normalization writes by
name (``tree_field(p, 'w')``, ``dict_get(d, k)``): the helper, or the program's own
function of that name where the code calls only that one.

    def tree_field(p, name): ...       # the program's own, called as written in the code
    result = tree_field(p, 'a')    ->  # made for a Hessian: bound to it, not to the helper
"""

from __future__ import annotations

import gast

from . import anno, runtime
from .errors import UnsupportedSyntaxError
from .parsing import _MISSING
from .syntax import walk

_METHOD_HELPERS = {  # normalization writes these by name
    *("array_astype", "array_item", "array_tolist", "dict_get", "dict_keys"),
    "dict_key",
    *("returning_changes", "sequence_length", "sorted_keys", "column_shape"),
    *("sorted_order", "best_position", "first_items"),
    *("enter_context", "exit_context", "tree_field", "tree_node", "tree_replace"),
}


def helper_or_own(tree, n: str, info):
    """The binding of ``n``, a runtime helper's name the generated ``tree`` calls: the
    helper, or the program's own function of that name (``info`` looks it up) where every
    call is of that one (a primal call written as it is, in code made for a Hessian); an
    error where both are called (one name cannot hold both)."""
    own = info.lookup(n)
    if own is _MISSING or own is getattr(runtime, n) or not callable(own):
        return ("helper", n)
    calls = [
        c
        for c in walk(tree)
        if isinstance(c, gast.Call) and isinstance(c.func, gast.Name) and c.func.id == n
    ]
    mine = [c for c in calls if anno.get(c, "fn", None) is own]
    if not mine:
        return ("helper", n)
    if len(mine) < len(calls):
        where = mine[0]
        raise info.error(
            where if isinstance(getattr(where, "lineno", None), int) else None,
            f"the name {n!r} of a function the program calls is the name of the s2sgrad "
            "helper its derivative calls",
            "rename the function",
            UnsupportedSyntaxError,
        )
    return ("value", own)
