"""Conditions the transformation knows the value of, folded to constants, so that a branch
that cannot run for this specialisation is not lowered (nor its calls bound).

    for layer in self.layers:          # Dense, then Activation (kinds.unroll_objects)
        if layer.trainable:      ->    the body for Dense: layer.forward_pass(out, W, b)
            ...                        the body for Activation: layer.forward_pass(out)

What a fold relies on is in the specialisation's key or checked on every call:

- ``hasattr(m, "a")`` of a module ``m`` (a NumPy version test);
- ``isinstance(x, T)``, ``type(x) is T``, ``hasattr(x, "a")`` of a value whose exact type
  the kind of a parameter says (``"array"``: ``np.ndarray``; a dict; an object of a user
  class) or a ``("type", p, t)`` entry of the spec says (:func:`type_spec`);
- ``obj.flag`` for an object whose kind records the attribute (a bool, None or a str, of
  the instance or its class, :func:`constant_fields`), unless the function or a method of
  the class stores that attribute;
- comparisons, ``not``, ``and``/``or`` of such constants.

A call of a function that tests whether a parameter is a dict, list or tuple (a tree
walk, ``tree_l2(tree[k])``) with an argument whose exact type is not known here is made
from the value found when the code runs (:func:`s2sgrad.normalize.callees.called_value`).
"""

from __future__ import annotations

import ast
import builtins
import dis
import functools
import inspect
import operator
import textwrap
import types

import gast
import numpy as np

from .. import rules
from ..parsing import _MISSING
from ..syntax import call, const, walk

# the types a value of the "scalar" kind can have (arguments.kind)
_SCALAR_TYPES = (float, int, np.float64, np.float32, np.float16, np.longdouble)
_SCALAR_TYPES += (np.int64, np.int32, np.int16, np.int8, np.uint64, np.uint32, np.uint8)
_COMPARE = {
    gast.Eq: operator.eq,
    gast.NotEq: operator.ne,
    gast.Is: operator.is_,
    gast.IsNot: operator.is_not,
}
_SINGLETONS = (type(None), bool)


def exact_types(kinds: dict) -> dict:
    """``{parameter: types}``: the exact types a parameter's value can have, by its kind
    (:func:`s2sgrad.arguments.kind`), where the kind says."""
    out = {}
    for p, k in kinds.items():
        if k == "array":
            out[p] = (np.ndarray,)
        elif k == "scalar":
            out[p] = _SCALAR_TYPES
        elif isinstance(k, tuple) and k[0] in ("object", "namedtuple", "dict"):
            out[p] = (k[1],)
    return out


def type_spec(fun, values: dict) -> list:
    """``("type", p, t)`` for each parameter value of a plain list or tuple, when ``fun``
    (a function) reads ``isinstance`` or ``type``: its kind does not say it is one; and
    ``("type", p, NoneType)`` for each parameter holding None."""
    names = set(fun.__code__.co_names) | set(fun.__code__.co_freevars)
    nones = [("type", p, type(None)) for p, v in values.items() if v is None]
    if not names & {"isinstance", "type"}:
        return nones  # a parameter holding None: `if callback is not None:` folds
    return [("type", p, type(v)) for p, v in values.items() if type(v) in (list, tuple)] + nones


def made_constant_fields(cls, init) -> list:
    """``[(name, ("const", v))]`` that an object ``cls(...)`` made inside the function is
    known to hold: class attributes holding a flag that ``__init__`` (the function
    ``init``) does not store, and flags ``__init__`` assigns once, as a literal, at its top
    level (``self.trainable = True``). Checked where they are read, like any fold."""
    out, _ = _class_constants(cls)
    code = init.__code__ if isinstance(init, types.FunctionType) else None
    stores = [] if code is None else _store_list(code)
    if None in stores:
        return []
    for k in stores:
        out.pop(k, None)
    if code is not None and code.co_argcount:
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
        except (OSError, TypeError, SyntaxError):
            tree = None
        body = tree.body[0].body if tree is not None and tree.body else []
        self_name = code.co_varnames[0]
        for stmt in body if isinstance(body, list) else []:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Attribute)
                and isinstance(stmt.targets[0].value, ast.Name)
                and stmt.targets[0].value.id == self_name
                and isinstance(stmt.value, ast.Constant)
                and _constant(stmt.value.value)
                and stores.count(stmt.targets[0].attr) == 1
            ):
                out[stmt.targets[0].attr] = stmt.value.value
    return [(k, ("const", v)) for k, v in sorted(out.items())]


def _store_list(code) -> list:
    """Every attribute store or delete of ``code`` and the code inside it, repeated ones
    repeated (None: any attribute, for setattr)."""
    out = [
        i.argval for i in dis.get_instructions(code) if i.opname in ("STORE_ATTR", "DELETE_ATTR")
    ]
    if "setattr" in code.co_names or "delattr" in code.co_names or "__dict__" in code.co_names:
        out.append(None)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out += _store_list(c)
    return out


def _class_constants(cls) -> tuple[dict, set]:
    """The flags (bool, None, short str) among the class attributes of ``cls`` and its
    bases, and the names of its data descriptors (properties)."""
    out, data = {}, set()
    for klass in reversed(cls.__mro__[:-1]):
        for k, v in vars(klass).items():
            if type(k) is not str or k.startswith("__"):
                continue
            out.pop(k, None)  # a subclass's attribute hides its base's
            data.discard(k)
            if _constant(v):
                out[k] = v
            elif hasattr(type(v), "__set__"):
                data.add(k)  # a property: it, not the instance's value, is read
    return out, data


def constant_fields(value, attrs: dict) -> list:
    """``[(name, ("const", v))]`` for the attributes of ``value`` (an object of a user
    class; ``attrs``: its ``__dict__``) and of its class that hold a bool, None or a short
    str, and ``("__dict__", ("names", names))`` of its instance attributes: the object's
    kind records them, so a test of one (or ``hasattr``) folds (see module docstring)."""
    out, data = _class_constants(type(value))
    for k, v in attrs.items():
        if type(k) is str and k not in data:
            out.pop(k, None)
            if _constant(v):
                out[k] = v
    names = ("__dict__", ("names", tuple(sorted(k for k in attrs if isinstance(k, str)))))
    return [(k, ("const", v)) for k, v in out.items()] + [names]


def shared_flags(kinds):
    """The object kind of objects of ``kinds`` that differ only in their recorded flags
    (:func:`constant_fields`), with the flags they share; None if they differ more."""
    if not all(k[0] == "object" for k in kinds) or len({k[1] for k in kinds}) != 1:
        return None
    fields = [dict(k[2]) if len(k) > 2 else {} for k in kinds]
    keys = set(fields[0]).union(*fields[1:])
    out = []
    for key in sorted(keys):
        values = {f.get(key) for f in fields}
        flag = all(v is None or v[0] in ("const", "names") for v in values)  # None: data
        if len(values) == 1:
            out.append((key, values.pop()))
        elif not flag:
            return None  # objects or functions in the attributes that differ
    return (kinds[0][0], kinds[0][1], tuple(out)) if out else kinds[0][:2]


def _constant(v) -> bool:
    return v is None or type(v) is bool or (type(v) is str and len(v) <= 64)


def _class_stores(cls) -> frozenset:
    """The attribute names a function of ``cls`` (or its bases), ``__init__`` aside,
    stores or deletes (``self.trainable = False`` in a method ``freeze``)."""
    out = set()
    for klass in cls.__mro__[:-1]:
        for k, v in vars(klass).items():
            fn = v.__func__ if isinstance(v, (staticmethod, classmethod)) else v
            if k != "__init__" and isinstance(fn, types.FunctionType):
                out |= _code_stores(fn.__code__)
    return frozenset(out)


def _code_stores(code) -> set:
    out = {
        i.argval for i in dis.get_instructions(code) if i.opname in ("STORE_ATTR", "DELETE_ATTR")
    }
    if "setattr" in code.co_names or "delattr" in code.co_names or "__dict__" in code.co_names:
        out.add(None)  # any attribute
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out |= _code_stores(c)
    return out


def stored_attributes(body) -> set:
    """The attribute names ``body`` stores or deletes (None: any, for setattr)."""
    out = set()
    for n in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(n, gast.Attribute) and isinstance(n.ctx, (gast.Store, gast.Del)):
            out.add(n.attr)
        elif isinstance(n, gast.Name) and n.id in ("setattr", "delattr", "vars", "__dict__"):
            out.add(None)
        elif isinstance(n, gast.Attribute) and n.attr == "__dict__":
            out.add(None)
    return out


def tested_kinds(fn) -> frozenset:
    """The parameters of the function ``fn`` that it tests for being a dict, list or tuple
    (``isinstance(tree, dict)``, ``type(tree) is list``)."""
    if not isinstance(fn, types.FunctionType) or rules.lookup(fn) is not None:
        return frozenset()
    library = (getattr(fn, "__module__", None) or "").split(".")[0]
    if library in ("s2sgrad", "numpy", "scipy", "autograd"):
        return frozenset()  # a helper of generated code, a library function: not the user's
    return _tested(fn.__code__)


@functools.lru_cache(maxsize=256)
def _tested(code) -> frozenset:
    if not {"isinstance", "type"} & (set(code.co_names) | set(code.co_freevars)):
        return frozenset()
    try:
        tree = ast.parse(textwrap.dedent("".join(inspect.getsourcelines(code)[0])))
    except (OSError, TypeError, SyntaxError):
        return frozenset()
    params = set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    out = set()
    for n in walk(tree):
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in ("isinstance", "type")
            and n.args
            and isinstance(n.args[0], ast.Name)
            and n.args[0].id in params
        ):
            named = {
                e.id for e in walk(n.args[1] if len(n.args) > 1 else n) if isinstance(e, ast.Name)
            }
            if n.func.id == "type" or named & {"dict", "list", "tuple"}:
                out.add(n.args[0].id)
    return frozenset(out)


class Folds:
    """Folding methods of :class:`~s2sgrad.normalize.lowering._Lowering`."""

    def exact_type(self, node):
        """The exact types the value of ``node`` (before lowering) can have, or None."""
        if isinstance(node, gast.Name) and node.id in self.exact_types:
            return self.exact_types[node.id]
        if isinstance(node, gast.Name) and isinstance(self.classes.get(node.id), type):
            return (self.classes[node.id],)
        kind = self.static_object_kind(node)
        if isinstance(kind, tuple) and kind[0] == "object":
            return (kind[1],)
        return None

    def folded_call(self, node):
        """``isinstance(x, T)``, ``hasattr(x, "a")`` (``node``) as a constant, where the
        types ``x`` can have decide it; else None."""
        fn = self.resolve_call(node)
        if fn not in (builtins.isinstance, builtins.hasattr) or len(node.args) != 2:
            return None
        if node.keywords:
            return None
        module = self.free_value(node.args[0])
        key = node.args[1]
        if (
            fn is builtins.hasattr
            and isinstance(module, types.ModuleType)
            and isinstance(key, gast.Constant)
            and isinstance(key.value, str)
        ):  # np.trapezoid if hasattr(np, "trapezoid") else np.trapz: the other is not read
            return const(hasattr(module, key.value))
        held = self.exact_type(node.args[0])
        if held is None:
            return None
        if fn is builtins.hasattr:
            return self._folded_hasattr(node, held)
        wanted = self._types(node.args[1])
        if wanted is None:
            return None
        answers = {issubclass(t, wanted) for t in held}
        return const(answers.pop()) if len(answers) == 1 else None

    def _folded_hasattr(self, node, held):
        key = node.args[1]
        if not (isinstance(key, gast.Constant) and isinstance(key.value, str)) or len(held) != 1:
            return None
        field = self._constant_field(node.args[0], key.value)
        static = inspect.getattr_static(held[0], key.value, None)
        if isinstance(static, (types.FunctionType, staticmethod, classmethod)):
            return const(True)  # a method
        if field is not None and not hasattr(type(static), "__get__"):
            # a recorded attribute (not a property's): checked where it is read
            read = self.bind(self.make_call(builtins.hasattr, node.args, [], node), "has")
            self._guard(read, True, node, f"hasattr(..., {key.value!r})")
            return const(True)
        names = self._constant_field(node.args[0], "__dict__", "names")
        if (
            names is None
            or hasattr(held[0], key.value)  # a class attribute, a property
            or key.value in names[1]
            or key.value in self.stored_attrs
            or hasattr(held[0], "__getattr__")
        ):
            return None
        # on neither the object nor its class: checked where it is read
        read = self.bind(self.make_call(builtins.hasattr, node.args, [], node), "has")
        self._guard(read, False, node, f"hasattr(..., {key.value!r})")
        return const(False)

    def folded_type_compare(self, node):
        """``type(x) is T`` (``is not``, ``==``, ``!=``) as a constant where the exact type
        of ``x`` is known; else None."""
        left, op, right = node.left, node.ops[0], node.comparators[0]
        if not (
            isinstance(left, gast.Call)
            and self.resolve_call(left) is builtins.type
            and len(left.args) == 1
            and not left.keywords
            and type(op) in _COMPARE
        ):
            return None
        held = self.exact_type(left.args[0])
        wanted = self.free_value(right) if isinstance(right, (gast.Name, gast.Attribute)) else None
        if held is None or not isinstance(wanted, type):
            return None
        answers = {_COMPARE[type(op)](t, wanted) for t in held}
        return const(answers.pop()) if len(answers) == 1 else None

    def _types(self, node):
        """The type or tuple of types ``node`` names (free names only), or None."""
        if isinstance(node, gast.Tuple):
            parts = [self._types(e) for e in node.elts]
            if any(p is None for p in parts):
                return None
            return tuple(t for p in parts for t in (p if isinstance(p, tuple) else (p,)))
        value = self.free_value(node) if isinstance(node, (gast.Name, gast.Attribute)) else None
        if value is _MISSING or value is None:
            return None
        if isinstance(value, type) or (
            isinstance(value, tuple) and all(isinstance(t, type) for t in value)
        ):
            return value
        return None

    def _constant_field(self, obj, attr, tag="const"):
        """``("const", v)`` of attribute ``attr`` of the object ``obj`` (a node) where its
        kind records it and nothing here or in its class's methods stores it (``tag``
        ``"names"``: its instance attribute names, none stored); else None."""
        kind = self.static_object_kind(obj)
        if not (isinstance(kind, tuple) and kind[0] == "object" and len(kind) > 2):
            return None
        field = dict(kind[2]).get(attr)
        if not (isinstance(field, tuple) and field[0] == tag):
            return None
        stored = self.stored_attrs | _class_stores(kind[1])
        if (attr in stored and tag == "const") or None in stored:
            return None
        return field

    def folded_attribute(self, node):
        """``layer.trainable`` (``node``) as a constant where the kind of ``layer`` records
        it (see :meth:`_constant_field`), checked where it is read; else None."""
        field = self._constant_field(node.value, node.attr)
        if field is None:
            return None
        obj = self.atom(node.value, "obj")
        read = self.bind(gast.Attribute(value=obj, attr=node.attr, ctx=gast.Load()), node.attr)
        self._guard(read, field[1], node, f"the attribute {node.attr!r}")
        return const(field[1])

    def _guard(self, read, value, node, what):
        """``if read is not value: raise RuntimeError(...)``: a call that ran code as
        written (a function with nothing differentiated) may have changed what the fold
        relied on, the value its kind recorded when the call began."""
        op = gast.NotEq() if isinstance(value, str) else gast.IsNot()
        cond = self.bind(gast.Compare(left=read, ops=[op], comparators=[const(value)]), "cond")
        message = const(
            f"s2sgrad: {what} changed during the call; the derivative was made for its "
            f"value when the call began, {value!r}"
        )
        error = gast.Raise(exc=call("RuntimeError", message), cause=None)
        self.emit(gast.If(test=cond, body=[gast.copy_location(error, node)], orelse=[]), node)

    def one_compare(self, node, hint):
        """``a < b`` (``node``, one operator) lowered: a constant where ``type(x) is T``
        or both sides fold."""
        folded = self.folded_type_compare(node)
        if folded is not None:
            return folded
        left = self.atom(node.left, hint)
        right = self.atom(node.comparators[0], hint)
        folded = fold_compare(left, node.ops[0], right)
        if folded is not None:
            return folded
        return gast.Compare(left=left, ops=node.ops, comparators=[right])

    def folded_bool(self, node, hint):
        """``(atom, node)`` for ``a and b`` (``node``): the atom where its first value folds
        (``True and y`` is y, ``False and y`` is False), else None and ``node`` with its
        first value lowered."""
        first = self.atom(node.values[0], hint)
        if not (isinstance(first, gast.Constant) and type(first.value) is bool):
            return None, gast.BoolOp(op=node.op, values=[first] + node.values[1:])
        if first.value == isinstance(node.op, gast.Or) or len(node.values) == 1:
            return first, node
        rest = node.values[1:]
        if len(rest) == 1:
            return self.atom(rest[0], hint), node
        return self.expr_BoolOp(gast.BoolOp(op=node.op, values=rest), hint), node

    def dispatches_on_kind(self, fn, node) -> bool:
        """Is ``node``, a call of the user function ``fn``, one to make from the values
        found when the code runs: ``fn`` tests a parameter for being a dict, list or tuple,
        and the type of the argument passed for it is not known here."""
        tested = tested_kinds(fn)
        if not tested or any(isinstance(a, gast.Starred) for a in node.args) or node.keywords:
            return False  # keywords of a call made when the code runs are constants
        code = fn.__code__
        if code.co_flags & (inspect.CO_GENERATOR | inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
            return False
        passed = dict(zip(code.co_varnames[: code.co_argcount], node.args))
        return any(p in passed and not _kind_passes(self.exact_type(passed[p])) for p in tested)


def fold_compare(left, op, right):
    """``left op right`` of two constants (``==``, ``!=``; ``is``, ``is not`` with None or
    a bool) as a constant, else None."""
    if not (isinstance(left, gast.Constant) and isinstance(right, gast.Constant)):
        return None
    if type(op) not in _COMPARE:
        return None
    a, b = left.value, right.value
    if isinstance(op, (gast.Is, gast.IsNot)) and not (
        isinstance(a, _SINGLETONS) or isinstance(b, _SINGLETONS)
    ):
        return None
    if not all(v is None or type(v) in (bool, str, int) for v in (a, b)):
        return None
    return const(_COMPARE[type(op)](a, b))


def _kind_passes(held) -> bool:
    """Do the kinds of static callees carry this exact type (so the callee folds too)?"""
    return held is not None and len(held) == 1 and held[0] not in (list, tuple)
