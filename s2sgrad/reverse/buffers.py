"""Writing an elementwise result into the buffer of an operand that is dead after it:

    result_mul = result_neg * z        ->    result_mul = np.multiply(result_neg, z, out=z)
    result_exp = np.exp(result_mul)    ->    result_exp = np.exp(result_mul, out=result_mul)

A NumPy ufunc writes its result into ``out`` and returns it; where ``out`` is one of its
operands, each element is read before it is written (exact overlap is safe for
elementwise loops), so the numbers are the same, without allocating an array. Only for
the straight-line function of ``grad`` whose every value is proven a real float
(:mod:`~s2sgrad.reverse.scalar_output`, ``real``), and an operand ``c`` only where:

- ``c`` is assigned once, at the top level, by an elementwise operation (``+ - * /``,
  unary ``-``, a NumPy ufunc of one argument) or a matrix product of arrays, and is read
  nowhere but as an operand of such operations (never returned, passed to a helper,
  indexed, transposed or copied to another name, which could alias its buffer);
- no statement after this one reads ``c``;
- ``c`` is an array of at least one axis, of the result's shape (the other operand is a
  scalar, or of ``c``'s class of full arrays: :class:`~.unbroadcasts._Classes`; the
  entry tests the arguments' facts it relies on) and of the result's dtype (the proof's
  types, NumPy's own promotion).

``plan_buffers`` marks each such statement with the operand (annotation ``out``);
``in_place`` writes the marked statements of a def, so that a backend that fuses the
statements into kernels sees them as written, and the unfused function runs in place
(the NumPy backend; :mod:`s2sgrad.plain`).

Where no operand's buffer is free, a *nested* operand that makes a new array of the
result's shape and dtype is a temporary no name holds: ``in_place(fdef, spill=True)``
(the plain variant of a backend that fuses, :mod:`s2sgrad.plain`; the NumPy backend's
code is unchanged) gives it the target's name first and writes the result into it
(annotation ``spill``, the operand's index)::

    dresult_exp = dresult_sum / (1.0 + result_exp)
        ->  dresult_exp = 1.0 + result_exp
            dresult_exp = np.divide(dresult_sum, dresult_exp, out=dresult_exp)
"""

from __future__ import annotations

import copy

import gast
import numpy as np

from .. import anno
from ..optimize import PASSES
from ..syntax import iter_child_nodes, walk
from .fold import shapes_of
from .scalar_output import type_of
from .unbroadcasts import _Classes

_UFUNCS = {gast.Add: "add", gast.Sub: "subtract", gast.Mult: "multiply", gast.Div: "divide"}
_SCALAR = "<scalar>"


def plan_buffers(body: list, gen) -> None:
    """Mark the statements of ``body`` (the final flat, value-free def's) that can write
    into a dead operand's buffer (see the module docstring); the arguments whose facts
    a mark relies on go to ``gen.ndims_used`` and ``gen.full_used``."""
    proof = gen.scalar_output
    if "buffer_reuse" not in PASSES or proof is None or not proof.real or not proof.full:
        return
    if any(not isinstance(s, (gast.Assign, gast.AugAssign, gast.Return)) for s in body):
        return  # control flow, calls for effect: not followed
    stores: dict[str, int] = {}
    last_seen: dict[str, int] = {}  # name -> index of the last statement naming it
    for i, s in enumerate(body):
        for n in walk(s):
            if isinstance(n, gast.Name):
                last_seen[n.id] = i
                if not isinstance(n.ctx, gast.Load):
                    stores[n.id] = stores.get(n.id, 0) + 1
    classes = _Classes(gen, shapes_of(gen))
    plan = _Plan(gen, classes, stores, proof)
    for i, s in enumerate(body):
        plan.step(s, lambda n, i=i: last_seen[n] > i)
    for p, full in classes.used:
        gen.ndims_used[p] = classes.ndims[p]
        if full:
            gen.full_used.add(p)


class _Plan:
    """The forward walk of :func:`plan_buffers`: types and shape classes of the names so
    far, and the names that own a fresh array no other name can reach."""

    def __init__(self, gen, classes, stores, proof):
        self.gen, self.classes, self.stores = gen, classes, stores
        self.info = gen.fn.info
        self.env = dict(proof.types)
        self.env[gen.adj(gen.fn.result)] = ("scalar", proof.dtype) if proof.dtype else "float"
        self.rep: dict[str, str] = {}  # name -> class of full arrays, or _SCALAR
        self.owned: set[str] = set()
        self.escaped: set[str] = set()  # read other than as an elementwise operand

    def step(self, s, read_later) -> None:
        self._escapes(s)
        if not (isinstance(s, gast.Assign) and len(s.targets) == 1):
            return
        target = s.targets[0]
        if not isinstance(target, gast.Name):
            return
        t = target.id
        if t == self.gen.adj(self.gen.fn.result):
            return  # the seed: its type is the proof's
        typ = _dtype_only(type_of(s.value, self.env, self.info)[0])
        self.env[t] = typ
        rep = self._rep(s.value)
        if rep is None and self.stores.get(t) == 1:  # a product: its class, if full
            rep = self._full(t)
        if rep is not None:
            self.rep[t] = rep
        fresh = isinstance(typ, tuple) and typ[0] == "array" and rep not in (None, _SCALAR)
        if fresh and self.stores.get(t) == 1 and _fresh_value(s.value):
            self.owned.add(t)
        out = self._buffer(s.value, typ, rep, read_later)
        if out is not None:
            anno.set(s, "out", out)
            self.classes.rely(rep)
            return
        spill = self._spill(s.value, t, typ, rep)
        if spill is not None:
            anno.set(s, "spill", spill)
            self.classes.rely(rep)

    def _spill(self, value, target, typ, rep):
        """The index of the operand of ``value`` that is a nested elementwise operation
        making a new array of the result's type and class of shape (its buffer can take
        the result under ``target``'s name), or ``None``."""
        operands = _operands(value)
        if (
            operands is None
            or not (isinstance(typ, tuple) and typ[0] == "array")
            or rep in (None, _SCALAR)
            or any(isinstance(n, gast.Name) and n.id == target for n in walk(value))
        ):
            return None
        for k, c in enumerate(operands):
            if not _fresh_value(c) or _operands(c) is None:
                continue
            inner = _dtype_only(type_of(c, self.env, self.info)[0])
            r = self._rep(c)
            if inner == typ and r not in (None, _SCALAR) and self.classes.same(r, rep):
                return k
        return None

    def _escapes(self, s) -> None:
        """Names ``s`` reads other than as operands of elementwise operations."""
        todo = [(s.value, False)] if isinstance(s, (gast.Assign, gast.AugAssign)) else [(s, False)]
        if isinstance(s, gast.AugAssign):
            todo.append((s.target, False))
        while todo:
            node, operand = todo.pop()
            if isinstance(node, gast.Name):
                if not operand:
                    self.escaped.add(node.id)
            elif isinstance(node, gast.BinOp) and type(node.op) in (*_UFUNCS, gast.MatMult):
                todo += [(node.left, True), (node.right, True)]
            elif isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub):
                todo.append((node.operand, True))
            elif _ufunc(node) is not None:
                todo.append((node.args[0], True))
            elif isinstance(node, gast.AST):
                todo += [(c, False) for c in iter_child_nodes(node)]

    def _rep(self, node):
        """The class of full arrays whose shape ``node`` has, ``_SCALAR``, or ``None``."""
        if isinstance(node, gast.Constant):
            return _SCALAR if type(node.value) in (int, float) else None
        if isinstance(node, gast.Name):
            if node.id in self.rep:
                return self.rep[node.id]
            typ = self.env.get(node.id)
            if typ in ("int", "float", "real", "size") or (
                isinstance(typ, tuple) and typ[0] == "scalar"
            ):
                return _SCALAR
            return self._full(node.id) if node.id not in self.stores else None
        if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub):
            return self._rep(node.operand)
        if isinstance(node, gast.BinOp) and type(node.op) in _UFUNCS:
            a, b = self._rep(node.left), self._rep(node.right)
            if a is None or b is None:
                return None
            if a == _SCALAR or b == _SCALAR:
                return b if a == _SCALAR else a
            return a if self.classes.same(a, b) else None
        if _ufunc(node) is not None:
            return self._rep(node.args[0])
        return None

    def _full(self, n: str):
        """The class of full arrays of at least one axis of the primal name ``n``."""
        if self.classes.full(n) is None:
            return None
        root = self.classes.find(n)
        return root if self.classes.ndim.get(root, 0) >= 1 else None

    def _buffer(self, value, typ, rep, read_later):
        """The operand of ``value`` whose buffer can take its result, or ``None``;
        ``read_later(name)``: does a later statement name ``name``?"""
        if not (isinstance(typ, tuple) and typ[0] == "array") or rep in (None, _SCALAR):
            return None
        operands = _operands(value)
        for c in operands or ():
            if not isinstance(c, gast.Name):
                continue
            n = c.id
            if (
                n in self.owned
                and n not in self.escaped
                and not read_later(n)
                and self.env.get(n) == typ
                and self.rep.get(n) is not None
                and self.classes.same(self.rep[n], rep)
            ):
                return n
        return None


def _operands(value):
    """The operands of an elementwise operation ``value`` that a ufunc with ``out=`` can
    write (``+ - * /``, unary ``-``, a NumPy ufunc of one argument), else ``None``."""
    if isinstance(value, gast.BinOp) and type(value.op) in _UFUNCS:
        return [value.left, value.right]
    if isinstance(value, gast.UnaryOp) and isinstance(value.op, gast.USub):
        return [value.operand]
    if _ufunc(value) is not None:
        return [value.args[0]]
    return None


def _dtype_only(typ):
    """A type of :mod:`~.scalar_output` without an argument's ndim and fullness."""
    return typ[:2] if isinstance(typ, tuple) and typ[0] == "array" else typ


def _fresh_value(node) -> bool:
    """Does ``node`` make a new array (not a view of, nor the same object as, another)?"""
    if isinstance(node, gast.BinOp):
        return type(node.op) in (*_UFUNCS, gast.MatMult)
    if isinstance(node, gast.UnaryOp):
        return isinstance(node.op, gast.USub)
    return _ufunc(node) is not None


def _ufunc(node):
    """The NumPy ufunc of one argument and one output that the call ``node`` (``np.f(x)``
    in generated code, no keywords) resolves to, or ``None``."""
    if not (
        isinstance(node, gast.Call)
        and isinstance(node.func, gast.Attribute)
        and isinstance(node.func.value, gast.Name)
        and node.func.value.id == "np"
        and len(node.args) == 1
        and not node.keywords
        and not isinstance(node.args[0], gast.Starred)
    ):
        return None
    f = anno.get(node, "fn", None)
    if not (isinstance(f, np.ufunc) and f.nin == 1 and f.nout == 1):
        return None
    return f if getattr(np, node.func.attr, None) is f else None


def in_place(fdef, spill=False):
    """A copy of the def ``fdef`` with each statement :func:`plan_buffers` marked written
    into its operand's buffer (with ``spill``, also those marked to write into a nested
    operand's), or ``fdef`` itself where none is marked."""
    marks = ("out", "spill") if spill else ("out",)
    if not any(anno.has(s, m) for s in fdef.body for m in marks):
        return fdef
    out = copy.copy(fdef)
    out.body = []
    for s in fdef.body:
        if anno.has(s, "out"):
            out.body.append(_written(s))
        elif spill and anno.has(s, "spill"):
            out.body += _spilled(s, anno.get(s, "spill"))
        else:
            out.body.append(s)
    return out


def _spilled(s, k):
    """``t = a / (1.0 + b)`` -> ``t = 1.0 + b`` and ``t = np.divide(a, t, out=t)``."""
    t = s.targets[0].id
    first = copy.copy(s)
    first.value = _operands(s.value)[k]
    second = copy.copy(s)
    second.value = copy.copy(s.value)
    name = gast.Name(id=t, ctx=gast.Load(), annotation=None, type_comment=None)
    if isinstance(s.value, gast.BinOp):
        setattr(second.value, ("left", "right")[k], name)
    elif isinstance(s.value, gast.UnaryOp):
        second.value.operand = name
    else:
        second.value.args = [name]
    return [first, _written(second, t)]


def _written(s, into=None):
    v = s.value
    if isinstance(v, gast.BinOp):
        func, args = _UFUNCS[type(v.op)], [v.left, v.right]
    elif isinstance(v, gast.UnaryOp):
        func, args = "negative", [v.operand]
    else:
        func, args = v.func.attr, list(v.args)
    into = anno.get(s, "out") if into is None else into
    target = gast.Name(id=into, ctx=gast.Load(), annotation=None, type_comment=None)
    np_name = gast.Name(id="np", ctx=gast.Load(), annotation=None, type_comment=None)
    value = gast.Call(
        func=gast.Attribute(value=np_name, attr=func, ctx=gast.Load()),
        args=args,
        keywords=[gast.keyword(arg="out", value=target)],
    )
    new = copy.copy(s)  # its annotations (the user line) as well
    new.value = value
    return new
