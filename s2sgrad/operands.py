"""Operators on values that may hold an object of a user class the transform cannot name.

The lowering calls an object's operator method where it knows the object's class
(normalize.operators); an operand it cannot tell (the result of a method, an item of a
container, a field of an object) is left to the operator, and Python then calls the
object's method, which the derivative takes for the operator on arrays. The helpers of
``+`` and ``*`` check their operands when they run; for every other operator (``-v``,
``+v``, ``~v``, ``v - 1.0``, ``v % 3.0``, ``v // 2.0``, ``v ** 2``, ``v @ w``), and for
library functions given such a value (``operator.neg(v)``, ``np.negative(v)``,
``pow(v, 3)``), the code made checks the operand before the operator::

    v = v_item % 3.0     ->    operand_check(v_item)
                               v = v_item % 3.0

an error at the user's line where it holds such an object (and nothing where it holds an
array or a number).
"""

from __future__ import annotations

import types

import gast

from . import anno, rules
from .activity import ARRAY, SCALAR, Analysis, _walk_scope
from .runtime.broadcast import _operator_class
from .runtime.libraries import installed_class
from .syntax import call, name, walk

_TOP = ("grad", "jvp-top")  # the keys of top-level units (pipeline)
# library functions that apply an operator to an object they are given (rule paths)
_LIBRARIES = ("np", "numpy", "operator", "math", "scipy")
_BUILTINS = ("pow", "abs", "divmod", "round", "min", "max", "float", "complex", "sum")

# helpers whose results are what the object held: a field of it, an item of a container
_READS = ("tree_field",)


def object_operands(fn, analysis: Analysis, active, session) -> tuple[dict, dict]:
    """``id(statement) -> (statement, [operand names to check])`` for the operator
    statements of the normal-form function ``fn`` (nested blocks included) with a
    differentiated operand that may hold an object of a user class. The parameters of a
    top-level function do not: an argument of a user class has an object kind (what a
    callee receives may be anything). Second, the same for items read (``v[i]``, of which
    loops over an object and unpacking are made) of a value that may hold such an object."""
    out: dict[int, tuple] = {}
    if not _operator_classes_in_reach(fn.info, analysis):
        return out, {}
    top = getattr(session, "key", ("",))[0] in _TOP
    params = [*fn.params, fn.vararg, fn.kwarg] if top else []
    # an argument is what the caller passed until it is bound again
    memo: dict[str, bool] = {p: False for p in params if p and not analysis.defs.get(p)}
    items: dict[int, tuple] = {}
    for node in _walk_scope(fn.body):
        if not (isinstance(node, gast.Assign) and isinstance(node.targets[0], gast.Name)):
            continue
        if isinstance(node.value, gast.Subscript):  # v[i] of an object: its __getitem__
            whole = node.value.value
            if (
                isinstance(whole, gast.Name)
                and whole.id in active
                and _may_hold_object(whole.id, analysis, memo, active)
            ):
                items[id(node)] = (node, [whole.id])
            continue
        operands, objects = _operands(node.value)
        if not any(isinstance(op, gast.Name) and op.id in active for op in operands):
            continue  # no derivative flows through it
        names = []
        for op in operands:  # c - x of an object c: its __sub__ makes a value of x
            if (
                isinstance(op, gast.Name)
                and op.id not in names
                and (
                    _may_hold_object(op.id, analysis, memo, active)
                    or (objects and isinstance(analysis.kinds.get(op.id), tuple))
                )
            ):
                names.append(op.id)
        if names:
            out[id(node)] = (node, names)
    _once(fn.body, out, set())
    return out, items


def _once(body, out: dict, checked: set) -> None:
    """Drop the checks of names already checked before in the same run of statements, and
    not bound again since (``checked``: those; a loop's body starts without the names it
    binds, which its next pass reads as bound there)."""
    for s in body:
        if id(s) in out:
            stmt, names = out[id(s)]
            keep = [n for n in names if n not in checked]
            if keep:
                out[id(s)] = (stmt, keep)
            else:
                del out[id(s)]
            checked |= set(names)
        bound = {
            n.id
            for n in walk(s)
            if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del))
        }
        if isinstance(s, (gast.If, gast.For, gast.While)):
            inner = checked - bound if isinstance(s, (gast.For, gast.While)) else checked
            for block in (s.body, s.orelse):
                _once(block, out, set(inner))
        checked -= bound


def _operands(value) -> tuple[list, bool]:
    """The operands of an operator (``-v``, ``v % k``) or of a call of a library function
    that applies one (``operator.sub(v, k)``, ``np.negative(v)``, ``pow(v, 3)``); and
    whether an object of a known class is checked too (a function form is no method call
    the lowering dispatches)."""
    if isinstance(value, gast.UnaryOp) and not isinstance(value.op, gast.Not):
        return [value.operand], False
    if isinstance(value, gast.BinOp):
        return [value.left, value.right], False
    if isinstance(value, gast.Call):
        prim = rules.lookup(anno.get(value, "fn", None))
        path = prim.path if prim is not None else ""
        if path.split(".")[0] in _LIBRARIES or path in _BUILTINS:
            return [*value.args, *(k.value for k in value.keywords)], True
    return [], False


def _operator_classes_in_reach(info, analysis: Analysis) -> bool:
    """Does a user class with operator methods reach the function: a class or an object
    of one among its free values (globals and closure), or an object kind of its names?
    (Only such classes make an object that an operator of the function may meet; a
    function of arrays and numbers gets no checks.)"""
    values = [*info.globals.values(), *info.closure.values()]
    for v in values:
        cls = v if isinstance(v, type) else type(v)
        if _operator_class(cls) or _item_class(cls):
            return True
    todo = list(analysis.kinds.values())
    while todo:
        k = todo.pop()
        if isinstance(k, type) and (_operator_class(k) or _item_class(k)):
            return True
        if isinstance(k, tuple):
            todo.extend(k)
    return False


def _item_class(cls) -> bool:
    """A user class with ``__getitem__`` or ``__iter__`` in Python."""
    module = getattr(cls, "__module__", "")  # a class may make it anything (a property)
    if isinstance(module, str) and module.split(".")[0] in ("numpy", "builtins", "s2sgrad"):
        return False
    return not installed_class(cls) and any(  # an installed library's arrays have rules
        isinstance(vars(c).get(m), types.FunctionType)
        for c in cls.__mro__
        for m in ("__getitem__", "__iter__")
    )


def guards(helper, names, check="operand_check") -> list[gast.stmt]:
    """``operand_check(v)`` (or ``item_check(v)``) for each name."""
    return [gast.Expr(value=call(helper(check), name(n))) for n in names]


def _may_hold_object(n: str, analysis: Analysis, memo: dict, active) -> bool:
    if n in memo:
        return memo[n]
    memo[n] = False  # a cycle through loops adds nothing of its own
    kind = analysis.kinds.get(n)
    if kind in (SCALAR, ARRAY) or isinstance(kind, tuple):
        result = False  # an array, a number, or an object whose class the lowering knew
    else:
        entries = analysis.defs.get(n, [])
        # a parameter or free value of unknown kind may be anything
        result = not entries or any(_value_may_hold(v, analysis, memo, active) for v, _ in entries)
    memo[n] = result
    return result


def _value_may_hold(value, analysis: Analysis, memo: dict, active) -> bool:
    if isinstance(value, gast.Constant):
        return False
    if isinstance(value, gast.Name):
        return _may_hold_object(value.id, analysis, memo, active)
    if isinstance(value, (gast.Compare, gast.JoinedStr)):
        return False
    if isinstance(value, (gast.BinOp, gast.UnaryOp)):
        operands = [value.operand] if isinstance(value, gast.UnaryOp) else [value.left, value.right]
        if any(isinstance(op, gast.Name) and op.id in active for op in operands):
            # checked where it runs (object_operands): an array, a number or a sequence
            # (whose items are read by subscripts)
            return False
        return any(_value_may_hold(op, analysis, memo, active) for op in operands)
    if isinstance(value, gast.Call):
        fn = anno.get(value, "fn", None)
        if getattr(fn, "__name__", None) in _READS:
            return True
        if rules.lookup(fn) is not None or rules.is_nondifferentiable(fn):
            return False  # a library function's result: an array or a number
        return True  # a user function or method: whatever it returns
    if isinstance(value, (gast.Subscript, gast.Attribute)):
        inner = value.value
        if isinstance(inner, gast.Name) and analysis.kinds.get(inner.id) in (ARRAY, SCALAR):
            return False  # an item of an array
        return True
    return True  # a loop's item, a display: may be anything
