"""Lower ``try`` statements so that both sweeps see which path ran and how far the body got.

The body stays in a ``try`` in the primal sweep (an ``If`` marked ``"try"`` in normal form,
whose ``orelse`` holds one stub per ``except`` clause); each of its normal-form statements
is followed by a step counter, and the handlers, ``else`` and ``finally`` run after it as
plain code, chosen by the path the stubs record:

    try:                              try_path = 0
        L = cholesky(K)               try_done = 0
    except LinAlgError:       ->      try:                         (primal sweep)
        L = cholesky(K + J)               L = cholesky(K); try_done = 1
                                      except LinAlgError:
                                          try_path = 1
                                      try_reached = try_done
                                      if try_path == 1:
                                          L = cholesky(K + J)

The adjoint sweep runs the adjoint of a body statement only when ``try_reached`` says it
completed (and puts back what it saved when it started), then that of the path taken. A
``return``, ``break`` or ``continue`` is already a flag here (:mod:`s2sgrad.exits`); a
loop or another ``try`` inside a body is an error (an exception may leave it midway), as is
``finally`` with an early exit. s2sgrad's own errors are never the user's to catch: a
clause that could catch one is preceded by ``except s2sgrad_errors(): raise``.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

import gast

from .. import anno
from ..errors import S2SGradError, UnsupportedSyntaxError
from ..syntax import (
    assign,
    clone,
    const,
    iter_child_nodes,
    locate,
    name,
    rewrite_blocks,
    walk,
    walk_local,
)


@dataclass
class TryInfo:
    """What a marked ``If`` needs to become a ``try`` again: the ``except`` clauses' type
    expressions (None: bare), in the order of the stubs in its ``orelse`` (each ``sizes``
    statements long); the step counter ``done`` and ``reached``, its value after the
    statement; whether s2sgrad's errors need a clause that lets them through (``guard``)."""

    types: list
    sizes: list
    done: str
    reached: str
    guard: bool


def lower_tries(stmts: list, fresh, info) -> list:
    """``stmts`` with every ``try`` statement under them lowered (inner ones first)."""
    return rewrite_blocks(
        stmts,
        lambda stmt: _lower(stmt, fresh, info) if isinstance(stmt, gast.Try) else [stmt],
        enter_defs=False,
    )


def _lower(node: gast.Try, fresh, info) -> list:
    for inner in walk_local(node.body):
        if isinstance(inner, (gast.For, gast.While)):
            raise info.error(
                inner,
                "a loop inside a try body cannot be differentiated (an exception may "
                "leave it midway)",
                "move the loop into a function and call it in the try body",
                UnsupportedSyntaxError,
            )
        if isinstance(inner, gast.Call) and anno.get(inner, "context", None) is not None:
            raise info.error(
                inner,
                "a with block inside a try body cannot be differentiated (an exception "
                "would leave the block without leaving its manager)",
                "put the try statement inside the with block, or move the with block into "
                "a function and call it in the try body",
                UnsupportedSyntaxError,
            )
        if isinstance(inner, gast.If) and anno.has(inner, "try"):
            raise info.error(
                inner,
                "a try statement inside a try body cannot be differentiated",
                "move the inner try statement into a function and call it in the try body",
                UnsupportedSyntaxError,
            )
    path, done, reached = fresh("try_path"), fresh("try_done"), fresh("try_reached")
    finally_ = bool(node.finalbody)
    types, sizes, stubs, chosen = [], [], [], []
    for j, handler in enumerate(node.handlers, 1):
        stub = [assign(path, const(j))]
        caught = handler.name.id if handler.name is not None else None
        _check_caught_reads(handler, info)
        if caught is None and _reraises(handler.body):
            caught = fresh("error")
        if caught is not None:
            stub.append(
                assign(caught, gast.Call(func=name("caught_exception"), args=[], keywords=[]))
            )
        types.append(handler.type)
        sizes.append(len(stub))
        stubs.extend(stub)
        chosen.append((j, _reraise_as(handler.body, caught)))
    error = None
    if finally_:
        error = fresh("try_error")
        stub = [
            assign(path, const(-1)),
            assign(error, gast.Call(func=name("caught_exception"), args=[], keywords=[])),
        ]
        types.append(name("BaseException"))
        sizes.append(len(stub))
        stubs.extend(stub)
    guard = any(_may_catch_own(t, info) for t in types)
    body = gast.If(test=const(True), body=node.body, orelse=stubs)
    anno.set(body, "try", TryInfo(types, sizes, done, reached, guard))
    out = [assign(path, const(0)), assign(done, const(0)), body, assign(reached, name(done))]
    branches = [(0, node.orelse)] + chosen
    chain = []
    for j, block in reversed(branches):
        if not block:
            continue
        test = gast.Compare(left=name(path), ops=[gast.Eq()], comparators=[const(j)])
        chain = [gast.If(test=test, body=block, orelse=chain)]
    out += chain + list(node.finalbody)
    if finally_:
        test = gast.Compare(left=name(path), ops=[gast.Eq()], comparators=[const(-1)])
        out.append(gast.If(test=test, body=[gast.Raise(exc=name(error), cause=None)], orelse=[]))
    for s in out:
        locate(s, node)
    return out


def _reraises(stmts) -> bool:
    return any(isinstance(n, gast.Raise) and n.exc is None for n in walk_local(stmts))


def _reraise_as(stmts, caught):
    """``raise`` (re-raise the exception handled) as ``raise caught``: the handler's body
    runs after the ``try`` statement, where no exception is being handled."""
    if caught is None:
        return stmts
    for n in walk_local(stmts):
        if isinstance(n, gast.Raise) and n.exc is None:
            n.exc = name(caught)
    return stmts


def _may_catch_own(type_expr, info) -> bool:
    """Could an ``except`` clause of this type catch one of s2sgrad's errors (all of them
    ``S2SGradError``s, some also ``ValueError`` or ``TypeError``)?"""
    if type_expr is None:
        return True
    parts = type_expr.elts if isinstance(type_expr, gast.Tuple) else [type_expr]
    for part in parts:
        value = _static_value(part, info)
        if not isinstance(value, type):
            return True
        if any(issubclass(cls, value) for cls in _OWN_ERRORS):
            return True
    return False


def _own_errors():
    from .. import errors

    return [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, S2SGradError)]


_OWN_ERRORS = _own_errors()


def _static_value(node, info):
    if isinstance(node, gast.Name):
        return info.closure.get(
            node.id, info.globals.get(node.id, getattr(builtins, node.id, None))
        )
    if isinstance(node, gast.Attribute):
        owner = _static_value(node.value, info)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def mark_steps(stmts: list, info) -> list:
    """``stmts`` (normal form) with a step counter after each statement of every try body
    under them, and each such statement's ``try_step`` (the step it starts after, the one
    it completes)."""
    out = []
    for s in stmts:
        if isinstance(s, (gast.If, gast.For, gast.While)):
            if anno.has(s, "try"):
                counter = [0]
                s.body = _steps(s.body, anno.get(s, "try").done, counter, 0, info)
            else:
                s.body = mark_steps(s.body, info)
            s.orelse = mark_steps(s.orelse, info)
        out.append(s)
    return out


def _steps(stmts, done, counter, started, info) -> list:
    out = []
    for s in stmts:
        if isinstance(s, (gast.For, gast.While)) and not anno.get(s, "copy_loop", False):
            raise info.error(
                s,
                "a loop inside a try body cannot be differentiated (an exception may "
                "leave it midway); a comprehension is a loop",
                "move the loop into a function and call it in the try body",
                UnsupportedSyntaxError,
            )
        if isinstance(s, gast.If):
            s.body = _steps(s.body, done, counter, started, info) or [gast.Pass()]
            s.orelse = _steps(s.orelse, done, counter, started, info)
        counter[0] += 1
        anno.set(s, "try_step", (started, counter[0]))
        started = counter[0]
        out.append(s)
        out.append(gast.copy_location(assign(done, const(counter[0])), s))
    return out


def step_counters(body) -> set[str]:
    """The step counters of the try bodies in ``body`` (normal form), which only an
    adjoint sweep reads."""
    out = set()
    for n in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(n, gast.If) and anno.has(n, "try"):
            out |= {anno.get(n, "try").done, anno.get(n, "try").reached}
    return out


def stub_blocks(node) -> list:
    """The stubs of the marked ``If`` ``node``'s ``except`` clauses, one list each."""
    info, out, i = anno.get(node, "try"), [], 0
    for size in info.sizes:
        out.append(node.orelse[i : i + size])
        i += size
    return out


def try_statement(node, body, blocks, caught_name: str, errors_name: str | None):
    """The ``try`` statement (primal sweep) of the marked ``If`` ``node``: its ``body`` and
    its clauses' ``blocks`` as generated; ``caught_name`` binds the runtime's
    ``caught_exception``, ``errors_name`` its ``s2sgrad_errors`` (where ``guard``)."""
    info = anno.get(node, "try")
    handlers = []
    if info.guard:
        own = gast.Call(func=name(errors_name), args=[], keywords=[])
        reraise = gast.Raise(exc=None, cause=None)
        handlers.append(gast.ExceptHandler(type=own, name=None, body=[reraise]))
    for type_expr, block in zip(info.types, blocks):
        for s in block:
            for n in walk(s):
                if isinstance(n, gast.Call) and getattr(n.func, "id", None) == "caught_exception":
                    n.func = name(caught_name)
        handlers.append(gast.ExceptHandler(type=clone(type_expr), name=None, body=block))
    out = gast.Try(body=body or [gast.Pass()], handlers=handlers, orelse=[], finalbody=[])
    return locate(out, node)


# what may read a caught exception without reading the values it carries
_OPAQUE_READERS = frozenset({"str", "repr", "print", "isinstance", "type", "format"})


def _check_caught_reads(handler, info) -> None:
    """An error where ``except E as e`` reads ``e`` other than by ``str(e)``, ``repr``,
    ``print``, ``isinstance``, ``type``, an f-string or ``raise``: ``e.args[0]`` of
    ``raise ValueError(x)`` is a value s2sgrad would take as a constant (its derivative
    lost)."""
    if handler.name is None:
        return
    var = handler.name.id
    parents = {}
    for n in (m for s in handler.body for m in walk(s)):
        for child in iter_child_nodes(n):
            parents[id(child)] = n
    for n in (m for s in handler.body for m in walk(s)):
        if not (isinstance(n, gast.Name) and n.id == var and isinstance(n.ctx, gast.Load)):
            continue
        p = parents.get(id(n))
        if isinstance(p, (gast.FormattedValue, gast.Raise)) or (
            isinstance(p, gast.Call)
            and isinstance(p.func, gast.Name)
            and p.func.id in _OPAQUE_READERS
            and info.lookup(p.func.id) is getattr(builtins, p.func.id)
            and any(a is n for a in p.args)
        ):
            continue
        raise info.error(
            n,
            f"the exception caught as '{var}' is read here, and the values it carries "
            "(raise ValueError(x)) have no derivative s2sgrad can follow",
            "keep the value in a variable before raising, and read only str(e) of the exception",
            UnsupportedSyntaxError,
        )
