"""Operators on objects of user classes as calls of their dunder methods.

    y = a * x      ->    y = a.__mul__(x)       (a of a class with __mul__)
    y = x * a      ->    y = a.__rmul__(x)      (x not of such a class)
    y = -a         ->    y = a.__neg__()
    y = a[i]       ->    y = a.__getitem__(i)

A reflected method is called where the left operand is a number or an object, or the
class sets ``__array_ufunc__ = None`` (otherwise an array on the left applies it to each
item: an error).  The method call is then lowered like any other method call of a user class, so the
method's source is differentiated.  An operand whose class the kinds cannot say is left
alone: only arrays, numbers and library objects reach the operator there.
"""

from __future__ import annotations

import builtins

import gast

from ..errors import UnsupportedSyntaxError
from ..syntax import clone, const, walk
from .kinds import _object_class
from .operator_results import BINARY, UNARY, method_of, number_literal, number_parameter
from .spread import check_unpacked

_BINARY = BINARY
_SYMBOLS = {
    gast.Add: "+",
    gast.Sub: "-",
    gast.Mult: "*",
    gast.MatMult: "@",
    gast.Div: "/",
    gast.FloorDiv: "//",
    gast.Mod: "%",
    gast.Pow: "**",
    gast.LShift: "<<",
    gast.RShift: ">>",
    gast.BitAnd: "&",
    gast.BitOr: "|",
    gast.BitXor: "^",
}
_UNARY = UNARY
_ALL_BINARY = {f"__{n}__" for n in _BINARY.values()} | {f"__r{n}__" for n in _BINARY.values()}


def node_op(node):
    """``'*' on`` for a BinOp ``a * b``."""
    return f"'{_SYMBOLS[type(node.op)]}' on"


_method = method_of


def _dunder_call(obj, attr, args, node):
    made = gast.Call(
        func=gast.Attribute(value=obj, attr=attr, ctx=gast.Load()), args=args, keywords=[]
    )
    for n in walk(made.func):
        gast.copy_location(n, node)
    return gast.copy_location(made, node)


class Operators:
    """Operator dispatch methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def operand_class(self, node):
        """The class of the object ``node`` holds, when the kinds say it; else None."""
        if isinstance(node, gast.Name) and node.id in self.classes:
            return self.classes[node.id]
        if isinstance(node, gast.Constant):
            return None
        return _object_class(self.static_object_kind(node))

    def operator_call(self, node, hint):
        """The lowered dunder call of the operator expression ``node`` on an object of a
        user class with that method; None where no operand is such an object."""
        if isinstance(node, gast.BinOp) and type(node.op) in _BINARY:
            op = _BINARY[type(node.op)]
            left, right = self.operand_class(node.left), self.operand_class(node.right)
            forward, reflected = _method(left, f"__{op}__"), _method(right, f"__r{op}__")
            if (
                reflected is not None
                and left is not right
                and isinstance(left, type)
                and issubclass(right, left)
            ):
                forward = None  # Python asks the subclass on the right first
            if forward is not None:
                return self.dunder(node.left, f"__{op}__", [node.right], node, hint)
            for side, cls in ((node.left, left), (node.right, right)):
                if cls is None and self.maybe_operator_object(side):
                    raise self.info.error(
                        side,
                        "the class of this operand is not known here, and it may hold an "
                        "object of a user class with operator methods",
                        "bind the object to a name of its own once (w = v * 2.0, not "
                        "v = v * 2.0), or call the method (v.__mul__(2.0))",
                        cls=UnsupportedSyntaxError,
                    )
            if reflected is not None:
                if (
                    left is None
                    and not number_literal(node.left)
                    and not (
                        isinstance(node.left, gast.Name) and self.stores.get(node.left.id, 0) == 0
                    )
                ):
                    # (v * v) + w: the left operand may be an object whose __add__ comes
                    # first
                    raise self.info.error(
                        node,
                        f"the class of the left operand of {node_op(node)} an object of "
                        f"class {right.__name__} is not known here",
                        "bind the left operand to a name made by its class (u = Vec(...)), "
                        f"or call the method: b.__r{op}__(a)",
                        cls=UnsupportedSyntaxError,
                    )
                if not (
                    number_literal(node.left)
                    or number_parameter(self, node.left)  # dt * acc of def f(v, dt=0.04)
                    or left is not None
                    or getattr(right, "__array_ufunc__", False) is None
                ):
                    raise self.info.error(
                        node,
                        f"the left operand of {node_op(node)} an object of class "
                        f"{right.__name__} may be an array, which applies __r{op}__ to "
                        "each item",
                        "set __array_ufunc__ = None in the class (NumPy then calls "
                        f"__r{op}__ with the whole array), or call the method",
                        cls=UnsupportedSyntaxError,
                    )
                return self.dunder(node.right, f"__r{op}__", [node.left], node, hint)
            for cls in (left, right):
                if any(_method(cls, m) is not None for m in _ALL_BINARY):
                    own = _method(cls, f"__{op}__") or _method(cls, f"__r{op}__")
                    raise self.info.error(
                        node,
                        f"the class of the other operand of {node_op(node)} an object of "
                        f"class {cls.__name__} is not known here"
                        if own is not None and None in (left, right)
                        else f"the operator on an object of class {cls.__name__} has no "
                        f"method __{op}__ or __r{op}__ in Python source to differentiate",
                        "give the class the operator method in Python, bind each operand "
                        "to a name made by its class (u = Vec(...)), or call the method",
                        cls=UnsupportedSyntaxError,
                    )
            return None
        if isinstance(node, gast.UnaryOp) and type(node.op) in _UNARY:
            attr = _UNARY[type(node.op)]
            if _method(self.operand_class(node.operand), attr) is not None:
                return self.dunder(node.operand, attr, [], node, hint)
            return None
        if isinstance(node, gast.Subscript):
            cls = self.operand_class(node.value)
            if _method(cls, "__getitem__") is None:
                return None
            if any(isinstance(n, gast.Slice) for n in walk(node.slice)):
                raise self.info.error(
                    node,
                    f"a slice of an object of class {cls.__name__} with __getitem__",
                    "call its __getitem__ with slice(start, stop) explicitly",
                    cls=UnsupportedSyntaxError,
                )
            return self.dunder(node.value, "__getitem__", [node.slice], node, hint)
        return None

    def maybe_operator_object(self, node) -> bool:
        """Is ``node`` a local name some assignment binds to an object of a user class
        with operator methods (``v = V(x); v = v * 2.0``, ``v = V(x); v += x``: the
        kinds do not say which)?"""
        if not isinstance(node, gast.Name):
            return False
        for value in self.assigned_values.get(node.id, ()):
            cls = _object_class(self.static_object_kind(value))
            if any(_method(cls, m) is not None for m in _ALL_BINARY):
                return True
        return False

    def sum_of_objects(self, node, hint):
        """``sum([u, v])`` of objects of a user class with ``__add__``/``__radd__`` as
        ``0 + u + v``, which calls their methods as sum does (``start + u + v`` with a
        start); None for another call. (The library rule for sum adds arrays.)"""
        if not (node.args and self.free_value(node.func) is builtins.sum):
            return None
        kind = self.static_object_kind(node.args[0])
        items = kind[2] if isinstance(kind, tuple) and kind[0] == "items" else ()
        for item in items:
            cls = _object_class(item)
            if _method(cls, "__add__") or _method(cls, "__radd__"):
                summed = added_items(self, node, len(items), hint)
                if summed is not None:
                    return summed
                raise self.info.error(
                    node,
                    f"sum() of objects of class {cls.__name__} with operator methods",
                    "add them with + in a loop from the first item (total = items[0]; "
                    "total = total + item)",
                    cls=UnsupportedSyntaxError,
                )

        return None

    def check_inplace_operator(self, node):
        """``a += x`` where ``a`` holds an object of a class with ``__iadd__``: an error
        (the method changes the object in place)."""
        if type(node.op) not in _BINARY:
            return
        attr = f"__i{_BINARY[type(node.op)]}__"
        cls = self.operand_class(node.target)
        if _method(cls, attr) is not None:
            raise self.info.error(
                node,
                f"an augmented assignment on an object of class {cls.__name__} with {attr}",
                f"write a = a.{attr.replace('__i', '__', 1)}(x) or a new object instead",
                cls=UnsupportedSyntaxError,
            )

    def dunder(self, obj, attr, args, node, hint):
        """``obj.attr(*args)`` lowered as a method call of the object's class."""
        return self.expr_Call(_dunder_call(obj, attr, args, node), hint)


def added_items(lowering, node, n: int, hint):
    """``start + xs[0] + ... + xs[n - 1]`` of ``sum(xs)`` or ``sum(xs, start)`` (a list
    display's items as they are; a name's checked to be ``n`` when it runs)."""
    arg = node.args[0]
    rest = node.args[1:] + [k.value for k in node.keywords if k.arg == "start"]
    if len(rest) > 1 or len(node.args) + len(node.keywords) > 2:
        return None
    if isinstance(arg, (gast.List, gast.Tuple)):
        if any(isinstance(e, gast.Starred) for e in arg.elts):
            return None
        elts = arg.elts
    else:
        seq = lowering.atom(arg, (hint or "sum") + "_items")
        check_unpacked(lowering, seq, n, node, "this sum()")
        elts = [gast.Subscript(value=clone(seq), slice=const(j), ctx=gast.Load()) for j in range(n)]
    total = rest[0] if rest else const(0)
    for e in elts:
        total = gast.BinOp(left=total, op=gast.Add(), right=e)
    for m in gast.walk(total):
        if getattr(m, "lineno", None) is None and isinstance(m, gast.expr):
            gast.copy_location(m, node)
    return lowering.simple(total, hint or "sum") if elts else lowering.atom(total, "sum")
