"""The class of what an operator on objects of a user class makes: the method Python calls
(``__add__`` of the left operand, else ``__radd__`` of the right, a subclass on the right
first) and the class every ``return`` of it makes.

    p = Vec(x, y)
    for _ in range(n):
        p = p + v * dt      # Vec.__add__ returns Vec(...): p holds a Vec at every turn
"""

from __future__ import annotations

import inspect
import types
import weakref

import gast
import numpy as np

from .. import anno
from ..errors import TransformError
from ..parsing import _library_function, parse_function
from ..runtime.libraries import installed_class
from ..syntax import walk
from .changed import LIBRARY_ROOTS
from .records import constructible, made_kind, returned_class
from .tables import _is_user_class, _is_user_tree

BINARY = {
    gast.Add: "add",
    gast.Sub: "sub",
    gast.Mult: "mul",
    gast.MatMult: "matmul",
    gast.Div: "truediv",
    gast.FloorDiv: "floordiv",
    gast.Mod: "mod",
    gast.Pow: "pow",
    gast.LShift: "lshift",
    gast.RShift: "rshift",
    gast.BitAnd: "and",
    gast.BitOr: "or",
    gast.BitXor: "xor",
}
UNARY = {gast.USub: "__neg__", gast.UAdd: "__pos__", gast.Invert: "__invert__"}


def method_of(cls, attr):
    """The function ``attr`` of the user class ``cls`` (read from source), or None (an
    installed library's class, such as dask's ``Array``, has rules for its operators)."""
    if not (_is_user_class(cls) or _is_user_tree(cls)) or installed_class(cls, LIBRARY_ROOTS):
        return None
    static = inspect.getattr_static(cls, attr, None)
    return static if isinstance(static, types.FunctionType) else None


def operator_result_kind(low, node):
    """The object kind of the operator expression ``node`` (a BinOp or UnaryOp) when one
    operand is an object of a user class whose method for it returns objects of one class
    (``return Vec(...)``, ``return self``); else None."""
    if isinstance(node, gast.UnaryOp):
        if type(node.op) not in UNARY:
            return None
        owner = low.operand_class(node.operand)
        fn = method_of(owner, UNARY[type(node.op)])
    elif isinstance(node, gast.BinOp) and type(node.op) in BINARY:
        op = BINARY[type(node.op)]
        left, right = low.operand_class(node.left), low.operand_class(node.right)
        forward, reflected = method_of(left, f"__{op}__"), method_of(right, f"__r{op}__")
        if reflected is not None and left is not right and isinstance(left, type):
            if issubclass(right, left):
                forward = None  # Python asks the subclass on the right first
        inplace = method_of(left, f"__i{op}__") if anno.get(node, "augmented", False) else None
        if inplace is not None:  # a += v of a class with __iadd__
            fn, owner = inplace, left
        elif forward is not None:
            fn, owner = forward, left
        elif reflected is not None and (left is not None or _plain_left(low, node.left)):
            fn, owner = reflected, right
        else:
            return None
    else:
        return None
    if fn is None:
        return None
    made = returned_class(fn, owner, method=True)
    return made_kind(made) if made is not None else None


def method_result_kind(low, node):
    """The object kind of ``obj.__class__.f(obj, ...)`` (a method call of generated code
    read back, forward over reverse) when ``f`` of the class of ``obj`` returns objects of
    one class; else None."""
    func = node.func
    if not (
        isinstance(func, gast.Attribute)
        and isinstance(func.value, gast.Attribute)
        and func.value.attr == "__class__"
        and isinstance(func.value.value, gast.Name)
        and node.args
        and isinstance(node.args[0], gast.Name)
        and node.args[0].id == func.value.value.id
    ):
        return None
    owner = low.operand_class(node.args[0])
    fn = method_of(owner, func.attr)
    made = returned_class(fn, owner, method=True) if fn is not None else None
    return made_kind(made) if made is not None else None


def _plain_left(low, node) -> bool:
    """A left operand the lowering takes for a number or an array: a constant, or a name
    the function never binds (its reflected method is called, see normalize.operators)."""
    return number_literal(node) or (isinstance(node, gast.Name) and low.stores.get(node.id, 0) == 0)


def number_parameter(low, node) -> bool:
    """A parameter never rebound that holds a number (a Python or NumPy scalar, by the
    kinds of the call): NumPy applies an object's reflected method to it once, whole."""
    if not (isinstance(node, gast.Name) and low.stores.get(node.id, 0) == 0):
        return False
    held = getattr(low, "exact_types", {}).get(node.id)
    return bool(held) and all(issubclass(t, (int, float, np.number)) for t in held)


def number_literal(node) -> bool:
    """A constant, or a signed one (``-2.0``)."""
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
        node = node.operand
    return isinstance(node, gast.Constant)


def helper_result_kind(fn, arg_classes: list, named: dict | None = None):
    """The object kind of what the user function ``fn`` returns when every ``return`` is an
    operator expression on its parameters (``return p + v * dt``) or a local bound only to
    such values and to objects it makes (``pos = Vec(...)``, ``pos = pos + vel * dt``;
    ``return pos``), given the classes of its positional arguments (None where not
    known; ``named``: those of its keyword arguments); else None."""
    if not isinstance(fn, types.FunctionType) or _library_function(fn):
        return None
    if fn not in _OPERATOR_RETURNS:  # its source read once
        _OPERATOR_RETURNS[fn] = _operator_returns(fn)
    found = _OPERATOR_RETURNS[fn]
    if found is None:
        return None
    params, returns, defs = found
    classes = dict(zip(params, arg_classes))
    for k, cls in (named or {}).items():
        if k not in params[len(arg_classes) :]:
            return None  # **kwargs, or a parameter given twice: a TypeError when it runs
        classes[k] = cls
    view = _Parameters(fn, classes, defs)
    kinds = {view.kind(r) for r in returns}
    return kinds.pop() if len(kinds) == 1 else None


_OPERATOR_RETURNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _operator_returns(fn):
    """``(parameters, return values, {local: values})`` of ``fn`` when no parameter is
    rebound, the locals in ``{local: values}`` being those bound only by ``name = value``
    (``a, b = u, v`` too) and ``name op= value``; else None."""
    try:
        node, _ = parse_function(fn)
    except TransformError:
        return None
    own = list(walk(gast.Module(body=node.body, type_ignores=[])))
    if any(isinstance(n, (gast.FunctionDef, gast.Lambda, gast.Yield)) for n in own):
        return None
    params = [a.id for a in node.args.posonlyargs + node.args.args]
    counts: dict = {}
    for n in own:
        if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
            counts[n.id] = counts.get(n.id, 0) + 1
    returns = [n.value for n in own if isinstance(n, gast.Return)]
    if not returns or any(r is None for r in returns):
        return None
    defs: dict = {}
    for n in own:
        if isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name):
            value = gast.BinOp(
                left=gast.Name(id=n.target.id, ctx=gast.Load(), annotation=None, type_comment=None),
                op=n.op,
                right=n.value,
            )
            anno.set(value, "augmented", True)
            defs.setdefault(n.target.id, []).append(value)
        elif isinstance(n, gast.Assign) and len(n.targets) == 1:
            t, v = n.targets[0], n.value
            pairs = [(t, v)]
            if (
                isinstance(t, gast.Tuple)
                and isinstance(v, gast.Tuple)
                and len(t.elts) == len(v.elts)
            ):
                pairs = list(zip(t.elts, v.elts))
            for a, b in pairs:
                if isinstance(a, gast.Name):
                    defs.setdefault(a.id, []).append(b)
    for p in params:  # a rebound parameter: its argument first, then its values
        if p in counts:
            defs.setdefault(p, []).insert(0, ("argument", p))
            counts[p] += 1
    defs = {k: vs for k, vs in defs.items() if counts.get(k) == len(vs)}
    if set(counts) & set(params) - set(defs):
        return None  # a parameter rebound otherwise (a loop's target)
    return params, returns, defs


class _Parameters:
    """What :func:`operator_result_kind` asks of the lowering, for a helper's returns: the
    classes of its parameters (an unknown one is never taken for a number) and of its
    locals bound to objects (an optimistic guess, checked on every value)."""

    def __init__(self, fn, classes: dict, defs: dict):
        self.fn = fn
        self.classes = classes
        self.defs = defs
        self.assumed: dict = {}
        self.seen: set = set()
        self.stores = {p: 1 for p, c in classes.items() if c is None or p in defs}
        self.stores.update((k, 1) for k in defs)

    def operand_class(self, node):
        kind = self.kind(node)
        return kind[1] if isinstance(kind, tuple) and kind[0] == "object" else None

    def kind(self, node):
        if isinstance(node, tuple):  # ("argument", p): what the call passes
            cls = self.classes.get(node[1])
            return made_kind(cls) if cls is not None else None
        if isinstance(node, gast.Name):
            if node.id in self.classes and node.id not in self.defs:
                cls = self.classes[node.id]
                return made_kind(cls) if cls is not None else None
            if node.id in self.assumed:
                return self.assumed[node.id]
            if node.id in self.defs and node.id not in self.seen:
                return self.bound(node.id)
            return None
        if isinstance(node, (gast.BinOp, gast.UnaryOp)):
            return operator_result_kind(self, node)
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
            cls = self.fn.__globals__.get(node.func.id)
            return made_kind(cls) if constructible(cls) else None  # pos = Vec2(...)
        return None

    def bound(self, var):
        values = self.defs[var]
        self.seen.add(var)
        try:
            kinds = {self.kind(v) for v in values}
            if len(kinds) == 1:
                return kinds.pop()
            if len(kinds) != 2 or None not in kinds:
                return None
            (seed,) = kinds - {None}
            self.assumed[var] = seed
            try:
                again = [self.kind(v) for v in values]
            finally:
                del self.assumed[var]
            return seed if all(k == seed for k in again) else None
        finally:
            self.seen.discard(var)
