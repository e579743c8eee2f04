"""Can a call change its arguments or global state? Read from the callee's code (a
local function's tree, else its bytecode and that of the functions and methods it calls),
for a call whose result is dropped (``check_unused_result`` of :mod:`.statements`)."""

from __future__ import annotations

import dis
import inspect
import types

import gast

from .. import runtime
from ..syntax import walk
from .tables import _INPLACE_METHODS, LocalFunction

_MUTATOR_NAMES = set(_INPLACE_METHODS) | {
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "update",
    "setdefault",
    "popitem",
    "at",
    "copyto",
    "put",
    "place",
    "putmask",
    "fill_diagonal",
    "put_along_axis",
    "out",
    # dunder mutators called by name, their operator-module and builtin forms
    "__setitem__",
    "__delitem__",
    "__setattr__",
    "__delattr__",
    "setitem",
    "delitem",
    "setattr",
    "delattr",
}
# lst.__iadd__(v), operator.iadd(lst, v): every in-place operator
_MUTATOR_NAMES |= {
    f"{prefix}{op}{suffix}"
    for op in (
        "add sub mul matmul truediv floordiv mod pow lshift rshift and or xor concat".split()
    )
    for prefix, suffix in (("__i", "__"), ("i", ""))
}


# STORE_SLICE/DELETE_SLICE: ``y[a:b] = v`` on Python 3.12 and later
_STORE_OPS = {
    "STORE_SUBSCR",
    "DELETE_SUBSCR",
    "STORE_SLICE",
    "DELETE_SLICE",
    "STORE_ATTR",
    "DELETE_ATTR",
    "STORE_GLOBAL",
    "DELETE_GLOBAL",
}


def _kw_names(code, ins) -> tuple:
    """The keyword names a KW_NAMES instruction of ``code`` loads (``dis`` leaves its
    argval unresolved for some code objects)."""
    names = ins.argval
    if not isinstance(names, tuple) and isinstance(ins.arg, int) and ins.arg < len(code.co_consts):
        names = code.co_consts[ins.arg]
    return names if isinstance(names, tuple) else ()


def may_mutate(fn, seen=None) -> bool:
    """Can calling ``fn`` change an argument or global state? True unless its code, and
    the code of the module-level functions it calls, shows no item or attribute store,
    no augmented assignment and no mutating method."""
    if isinstance(fn, LocalFunction):
        for n in walk(fn.node):
            if (
                isinstance(n, (gast.AugAssign, gast.Global, gast.Nonlocal))
                or (
                    isinstance(n, (gast.Subscript, gast.Attribute))
                    and isinstance(n.ctx, (gast.Store, gast.Del))
                )
                or (isinstance(n, gast.Attribute) and n.attr in _MUTATOR_NAMES)
                or (isinstance(n, gast.keyword) and n.arg == "out")
            ):
                return True
        return False
    code = getattr(fn, "__code__", None)
    if not isinstance(code, types.CodeType):
        return True
    seen = set() if seen is None else seen
    if id(code) in seen:
        return False
    seen.add(id(code))
    scope = getattr(fn, "__globals__", {})
    user = runtime.libraries.installed_root(scope.get("__file__")) is None  # not logging
    todo = [code]
    while todo:
        code = todo.pop()
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        if _MUTATOR_NAMES & set(code.co_names):
            return True
        for n in code.co_names:
            callees = [scope.get(n), *(_methods_named(scope, n) if user else ())]
            if any(isinstance(c, types.FunctionType) and may_mutate(c, seen) for c in callees):
                return True
        for ins in dis.get_instructions(code):
            if (
                ins.opname in _STORE_OPS
                or ins.opname.startswith("INPLACE_")
                or (ins.opname == "BINARY_OP" and str(ins.argrepr).endswith("="))
                or (ins.opname == "KW_NAMES" and "out" in _kw_names(code, ins))
            ):
                return True
        if "out" in code.co_consts or any(
            isinstance(c, tuple) and "out" in c for c in code.co_consts
        ):
            return True
    return False


def _methods_named(scope: dict, attr: str) -> list:
    """The functions named ``attr`` in the classes defined in the module ``scope``:
    what ``obj.attr(...)`` may call (``self.set_one(layer, v)`` in a method), where the
    code does not say the class of ``obj``."""
    module = scope.get("__name__")
    return [
        inspect.getattr_static(c, attr)
        for c in list(scope.values())
        if isinstance(c, type)
        and c.__module__ == module
        and isinstance(inspect.getattr_static(c, attr, None), types.FunctionType)
    ]
