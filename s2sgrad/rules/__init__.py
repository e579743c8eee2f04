"""The derivative-rule registry: one place to add a primitive's derivative.

A reverse rule is a plain Python function whose body is the adjoint code.
Its first parameter names the primitive's result, the others its arguments
in the primitive's order; ``d[x]`` is the adjoint of ``x``::

    @adjoint("numpy.tanh", elementwise=True)
    def tanh(y, x):
        d[x] = d[y] * (1.0 - y * y)

The generator substitutes the call's atoms for the parameters and the
adjoint variables for ``d[...]``; the rule is never executed. Forward-mode
rules are written the same way with ``t[...]`` for tangents.
"""

from __future__ import annotations

import importlib
import inspect
import textwrap
from dataclasses import dataclass, field

import gast


class _Notation:
    """``d[x]`` and ``t[x]`` inside rule templates; never evaluated."""

    def __getitem__(self, key):
        raise RuntimeError("rule templates are not meant to be called")

    def __setitem__(self, key, value):
        raise RuntimeError("rule templates are not meant to be called")


d = _Notation()
t = _Notation()


@dataclass
class Template:
    """A parsed rule body with its parameters (result first)."""

    params: list[str]
    defaults: dict
    body: list
    varargs: str | None = None
    source: str = ""


@dataclass
class Primitive:
    """A function s2sgrad knows: how to name it in generated code, and its rules."""

    fn: object
    path: str  # canonical dotted name in generated code, e.g. "np.tanh"
    reverse: Template | None = None
    forward: Template | None = None
    elementwise: bool = False
    linear: bool = False
    extra: dict = field(default_factory=dict)


_BY_ID: dict[int, Primitive] = {}
_BY_PATH: dict[str, Primitive] = {}
NONDIFFERENTIABLE: dict[int, str] = {}

# method adapters resolved by the normalizer
ASTYPE = object()  # x.astype(float-like): the identity for derivatives
ASTYPE_OTHER = object()  # x.astype(int-like): no derivative
ITEM = object()
TOLIST = object()
DICT_GET = object()
LIST_POP = object()  # xs.pop(): removes the last item of a local list


def _import_path(path: str):
    """``"numpy.linalg.norm"`` -> the object."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for p in parts[i:]:
            obj = getattr(obj, p)
        return obj
    raise ImportError(path)


def generated_path(path: str) -> str:
    """Name used in generated code: numpy.x -> np.x, builtins.x -> x."""
    if path.startswith("numpy."):
        return "np." + path[len("numpy."):]
    if path.startswith("builtins."):
        return path[len("builtins."):]
    return path


def parse_template(fn) -> Template:
    source = textwrap.dedent(inspect.getsource(fn))
    node = gast.parse(source).body[0]
    args = node.args
    params = [a.id for a in args.args]
    defaults = {}
    for a, dflt in zip(reversed(args.args), reversed(args.defaults)):
        defaults[a.id] = dflt
    for a, dflt in zip(args.kwonlyargs, args.kw_defaults):
        params.append(a.id)
        if dflt is not None:
            defaults[a.id] = dflt
    body = [s for s in node.body
            if not (isinstance(s, gast.Expr) and isinstance(s.value, gast.Constant))]
    varargs = args.vararg.id if args.vararg is not None else None
    return Template(params, defaults, body, varargs, source)


def _primitive(target, path: str | None = None) -> Primitive:
    if isinstance(target, str):
        path, fn = target, _import_path(target)
    else:
        fn = target
        path = path or f"{fn.__module__}.{fn.__qualname__}"
    prim = _BY_ID.get(id(fn))
    if prim is None:
        prim = Primitive(fn, generated_path(path))
        _BY_ID[id(fn)] = prim
        _BY_PATH[path] = prim
    return prim


def adjoint(*targets, elementwise: bool = False, linear: bool = False):
    """Register the decorated template as the reverse rule of each target."""

    def register(fn):
        template = parse_template(fn)
        for target in targets:
            prim = _primitive(target)
            prim.reverse = template
            prim.elementwise = prim.elementwise or elementwise
            prim.linear = prim.linear or linear
        return fn

    return register


def tangent(*targets):
    """Register the decorated template as the forward (tangent) rule of each target."""

    def register(fn):
        template = parse_template(fn)
        for target in targets:
            _primitive(target).forward = template
        return fn

    return register


def nondifferentiable(*targets: str):
    """Functions whose outputs carry no derivative (shape queries, comparisons, argmax)."""
    for path in targets:
        try:
            fn = _import_path(path)
        except (ImportError, AttributeError):
            continue
        NONDIFFERENTIABLE[id(fn)] = path
        _primitive(path)


def lookup(fn) -> Primitive | None:
    return _BY_ID.get(id(fn))


def lookup_function(path: str):
    prim = _BY_PATH.get(path)
    return prim.fn if prim is not None else None


def canonical_name(fn) -> str | None:
    prim = _BY_ID.get(id(fn))
    return prim.path if prim is not None else None


def is_nondifferentiable(fn) -> bool:
    return id(fn) in NONDIFFERENTIABLE


def all_primitives() -> list[Primitive]:
    return sorted(_BY_ID.values(), key=lambda p: p.path)


from . import numpy as _numpy_rules  # noqa: E402, F401
from . import python as _python_rules  # noqa: E402, F401


def nondifferentiable_object(fn, path: str) -> None:
    """Mark ``fn`` (named ``path`` in generated code) as having no derivative."""
    NONDIFFERENTIABLE[id(fn)] = path
    _primitive(fn, path)
