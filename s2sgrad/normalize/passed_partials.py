"""``functools.partial`` objects made in the differentiated function (normalize.partials)
and passed to user functions: the call passes the tuple of the bound values that carry a
derivative, and what else the partial fixes (its function, the bound constants, which
bound values are positional and which keywords) is part of what the call site fixes of
the callee (``("partial", p, Same(g), n_args, keys, constants)``, normalize.call_spec),
so each call of the parameter in the callee is the call of the function:

    f = partial(pendulum, damping=d)        ->   f_bound = (d,)
    y = rk4_step(f, y, dt)                       y = rk4_step(f_bound, y, dt)

    def rk4_step(f, y, dt):                      def rk4_step(f, y, dt):
        k1 = f(y)                                    k1 = pendulum(y, damping=f[0])

The callee may pass the parameter on to another user function (the same tuple). The
gradient of the tuple is the gradient of the bound values, as for any tuple argument.
The tuple's name ends with a digest of what the partial fixes (``f_partial_1c9e04d2``),
so the derivative's code read back (a Hessian) passes it as a partial again.
"""

from __future__ import annotations

import hashlib
import re
import types

import gast

from .. import rules
from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import const, name, walk
from .tables import Same, _is_function_value, _signature

_MADE: dict = {}  # the name of a partial's tuple -> what the partials of that name fix
_DIGESTED = re.compile(r"^(.*_partial_[0-9a-f]{8})(?:_[0-9]+)?$")


def _read_back(lowering, node) -> bool:
    """Is ``node`` the tuple of a passed partial in the derivative's code read back?"""
    match = _DIGESTED.match(node.id)
    if match is None or match.group(1) not in _MADE:
        return False
    if not (lowering.info.filename or "").startswith("<s2sgrad "):
        return False
    made = _MADE[match.group(1)]
    if len(made) > 1:  # functions of one name (a module loaded twice): the one named here
        made = [m for m in made if lowering.free_value(name(m[0].obj.__name__)) is m[0].obj]
    if len(made) != 1:
        raise lowering.info.error(
            node,
            "the derivative's code passes a functools.partial of a function whose name "
            "names several functions",
            "give the function a name of its own",
            UnsupportedSyntaxError,
        )
    lowering.passed_partials[node.id] = made[0]
    return True


def _user_callee(lowering, func) -> bool:
    """Is ``func`` (a call's function) a user function of a module?"""
    value = lowering.free_value(func) if isinstance(func, (gast.Name, gast.Attribute)) else None
    return isinstance(value, types.FunctionType) and _signature(value) is not None


def passed_uses(lowering, body, names) -> set:
    """The ids of the loads of ``names`` in ``body`` that are arguments of a call of a
    user function (each passes the partial on)."""
    out = set()
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Call) and _user_callee(lowering, node.func):
            for a in node.args + [k.value for k in node.keywords if k.arg is not None]:
                if isinstance(a, gast.Name) and a.id in names:
                    out.add(id(a))
    return out


def check_passed_params(lowering, body, reassigned) -> None:
    """A parameter holding a passed partial is only called or passed on (any other use
    would see the tuple of its bound values), and never rebound."""
    params = set(lowering.passed_partials)
    if not params:
        return
    for p in params & set(reassigned):
        raise lowering.info.error(
            body[0],
            f"the parameter {p!r} holds a functools.partial made by the caller and is rebound here",
            "give the new value a name of its own",
            UnsupportedSyntaxError,
        )
    if (lowering.info.filename or "").startswith("<s2sgrad "):
        return  # the derivative's code read back: it reads the tuple's items (f[0])
    allowed = passed_uses(lowering, body, params)
    nested = set()
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Call):
            allowed.add(id(node.func))
        elif isinstance(node, (gast.Lambda, gast.FunctionDef)):
            nested.update(id(n) for n in walk(node) if isinstance(n, gast.Name))
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if (
            isinstance(node, gast.Name)
            and node.id in params
            and isinstance(node.ctx, gast.Load)
            and (id(node) not in allowed or id(node) in nested)
        ):
            raise lowering.info.error(
                node,
                f"the parameter {node.id!r} holds a functools.partial made by the caller: "
                "it can be called or passed to another function, but not used as a value here",
                "call it here, or pass the values it binds as arguments",
                UnsupportedSyntaxError,
            )


def partial_argument(lowering, node):
    """An argument of a call of a user function: the tuple of the bound values of a
    partial of this function (its name recorded in ``passed_partials``), else ``node``."""
    if not isinstance(node, gast.Name):
        return node
    if node.id in lowering.passed_partials or _read_back(lowering, node):
        return node  # a parameter holding one: passed on as it is
    if node.id not in lowering.local_partials:
        return node
    made = lowering.made_partial(node)
    fn = lowering.free_value(made.args[0])
    if not _is_function_value(fn) or fn is _MISSING or not callable(fn):
        raise lowering.info.error(
            node,
            f"the functools.partial {node.id!r} can be passed to a function only if it is "
            "a partial of a module-level or NumPy function",
            "make the partial of a module-level function",
            UnsupportedSyntaxError,
        )
    if any(k.arg is None for k in made.keywords):
        raise lowering.info.error(
            node,
            f"the functools.partial {node.id!r} is made with **kwargs, whose keys are known "
            "only when the code runs, so it cannot be passed to another function",
            "call it here, or pass the keyword arguments by name where it is made",
            UnsupportedSyntaxError,
        )
    bound = made.args[1:] + [k.value for k in made.keywords]
    keys = tuple(k.arg for k in made.keywords)
    items, constants = [], []
    for i, v in enumerate(bound):
        if isinstance(v, gast.Constant):
            constants.append((i, type(v.value).__name__, v.value))
            continue
        if _is_function_value(lowering.free_value(v)):
            raise lowering.info.error(
                v,
                f"the functools.partial {node.id!r} binds a function, so it cannot be "
                "passed to another function",
                "pass the function bound as an argument of its own",
                UnsupportedSyntaxError,
            )
        items.append(v)
    fixes = (Same(fn), len(made.args) - 1, keys, tuple(constants))
    what = (getattr(fn, "__module__", None), getattr(fn, "__qualname__", None), *fixes[1:])
    hint = f"{node.id}_partial_{hashlib.sha1(repr(what).encode()).hexdigest()[:8]}"
    if fixes not in _MADE.setdefault(hint, []):
        _MADE[hint].append(fixes)
    tup = gast.copy_location(gast.Tuple(elts=items, ctx=gast.Load()), node)
    held = lowering.bind(tup, hint)
    lowering.passed_partials[held.id] = fixes
    return held


def spec_entry(lowering, p, value) -> list:
    """``[("partial", p, ...)]`` where the argument ``value`` of parameter ``p`` is the
    tuple of a passed partial (see :func:`partial_argument`)."""
    if isinstance(value, gast.Name) and value.id in lowering.passed_partials:
        return [("partial", p, *lowering.passed_partials[value.id])]
    return []


def unbound_partials(lowering, args, keywords, bound, node) -> None:
    """A partial's tuple passed where no named parameter of the callee takes it (its
    ``*args`` or ``**kwargs``) is refused: the callee would hold the tuple."""
    taken = {id(v) for v in bound.values()}
    for a in args + [k.value for k in keywords]:
        if isinstance(a, gast.Name) and a.id in lowering.passed_partials and id(a) not in taken:
            raise lowering.info.error(
                node,
                "a functools.partial made in the differentiated function is passed here to "
                "the callee's *args or **kwargs",
                "pass it to a named parameter",
                UnsupportedSyntaxError,
            )


def passed_partial_call(lowering, func, node, hint):
    """``f(x)`` of a parameter ``f`` holding a passed partial of ``g``: ``g(bound...,
    x, k=bound...)``, the call's own keywords winning."""
    held, n_args, keys, constants = lowering.passed_partials[func.id]
    fn = held.obj
    fixed = {i: const(v) for i, _, v in constants}
    parts, j = [], 0
    for i in range(n_args + len(keys)):
        if i in fixed:
            parts.append(fixed[i])
        else:
            parts.append(gast.Subscript(value=name(func.id), slice=const(j), ctx=gast.Load()))
            j += 1
    named = {k.arg for k in node.keywords}
    keywords = [
        gast.keyword(arg=k, value=v) for k, v in zip(keys, parts[n_args:]) if k not in named
    ]
    callee = _callee_name(lowering, fn, node)
    made = gast.Call(
        func=callee, args=parts[:n_args] + node.args, keywords=keywords + node.keywords
    )
    for n in walk(made):
        if isinstance(n, (gast.expr, gast.keyword)):
            gast.copy_location(n, node)
    return lowering.make_call(fn, made.args, made.keywords, made, hint)


def _callee_name(lowering, fn, node):
    """The name the generated code calls ``fn`` by: a name of this module that holds it
    (a NumPy function is written by its own path, normalize.methods)."""
    n = getattr(fn, "__name__", None)
    if isinstance(n, str) and n not in lowering.locals and lowering.free_value(name(n)) is fn:
        return name(n)
    if not isinstance(fn, types.FunctionType) and rules.canonical_name(fn) is not None:
        return name(n or "f")  # a NumPy function: written by its canonical path
    raise lowering.info.error(
        node,
        f"the functools.partial of {n}() passed here is called in a module where "
        f"{n} names another value",
        f"make {n}() reachable by its name in this module, or pass it as an argument",
        UnsupportedSyntaxError,
    )
