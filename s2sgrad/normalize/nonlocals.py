"""Lowering of ``nonlocal`` in a local ``def``: the names it changes become keyword-only
parameters the def returns after its value, and each call passes them in and rebinds them.

    total = 0.0                         total = 0.0
    def add(v):                         def add(v, *, total):
        nonlocal total          ->          total = total + v
        total = total + v                   return (None, total)
    add(x)                              add_out = add(x, total=total)
                                        total = add_out[1]

A call is a statement of its own (``add(x)``, ``y = add(x)``, ``return add(x)``) in the
function that owns the names, or in another local def that declares them ``nonlocal``
too; any other use of the def (passed as a value, called inside an expression) is an
error at the user's line, as is a ``nonlocal`` of a name the enclosing function does not
bind.
"""

from __future__ import annotations

import gast

from ..errors import UnsupportedSyntaxError
from ..syntax import assign, const, locate, name, walk, walk_local

_HINT = "call it as a statement of its own (y = f(...)), or pass the value in and return it"


def lower_nonlocals(fn: gast.FunctionDef, fresh, info) -> None:
    """Rewrite, in place, the local defs of ``fn`` (at any depth) that declare names
    ``nonlocal``, and their calls."""
    owners = [fn] + [n for n in walk(fn) if isinstance(n, gast.FunctionDef) and n is not fn]
    for owner in owners:
        _lower_in(owner, fresh, info)


def _declared(fn) -> list[str]:
    """The names the def ``fn`` declares ``nonlocal`` (in its own scope), in order."""
    out: list[str] = []
    for n in walk_local(fn.body):
        if isinstance(n, gast.Nonlocal):
            out += [v for v in n.names if v not in out]
    return out


def _local_defs(owner):
    return [n for n in walk_local(owner.body) if isinstance(n, gast.FunctionDef)]


def _lower_in(owner, fresh, info) -> None:
    changing = {d.name: (d, _declared(d)) for d in _local_defs(owner) if _declared(d)}
    if not changing:
        return
    bound = {
        n.id
        for n in walk_local(owner.body)
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)
    } | {a.id for a in walk(owner.args) if isinstance(a, gast.Name)}
    bound |= {d.name for d in _local_defs(owner)}
    for fname, (d, declared) in changing.items():
        missing = [v for v in declared if v not in bound]
        if missing:
            raise info.error(
                d,
                f"nonlocal {missing[0]!r} in {fname}() names a variable of a function "
                f"around {owner.name}(), which cannot be differentiated",
                "declare it where it is assigned, or pass the value in and return it",
                UnsupportedSyntaxError,
            )
        defs = [
            n for n in walk_local(owner.body) if isinstance(n, gast.FunctionDef) and n.name == fname
        ]
        stores = [
            n
            for n in walk_local(owner.body)
            if isinstance(n, gast.Name) and n.id == fname and not isinstance(n.ctx, gast.Load)
        ]
        if len(defs) != 1 or stores:
            raise info.error(
                d,
                f"{fname}() changes {declared[0]!r} with nonlocal and its name is bound "
                "more than once, which cannot be differentiated",
                "give the function a name of its own",
                UnsupportedSyntaxError,
            )
    # the scopes whose statements may call them: the owner, and the defs declaring the
    # same names nonlocal (their own values of those names, after the rewrite)
    # the names are passed by position where every call passes its arguments so (a
    # function value called from another def takes no differentiated keyword), else by
    # keyword
    calls = [
        n
        for body in _all_bodies(owner)
        for n in walk_local(body)
        if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id in changing
    ]
    for fname, (d, declared) in list(changing.items()):
        by_position = (
            d.args.vararg is None
            and not d.args.defaults
            and all(
                not c.keywords and not any(isinstance(a, gast.Starred) for a in c.args)
                for c in calls
                if c.func.id == fname
            )
        )
        changing[fname] = (d, declared, by_position)
    rewritten: set[int] = set()  # the func nodes of the calls rewritten
    for body in [owner.body] + [d.body for d, *_ in changing.values()]:
        _rewrite_calls(body, changing, owner, fresh, rewritten)
    for body in _all_bodies(owner):
        _check_no_other_use(body, changing, rewritten, info)
    for d, declared, by_position in changing.values():
        _rewrite_def(d, declared, by_position, info)


def _all_bodies(owner):
    """The statement lists of ``owner`` and of every function inside it."""
    yield owner.body
    for n in walk(gast.Module(body=owner.body, type_ignores=[])):
        if isinstance(n, (gast.FunctionDef, gast.Lambda)):
            yield n.body if isinstance(n.body, list) else [gast.Expr(value=n.body)]


def _rewrite_calls(body, changing, owner, fresh, rewritten) -> None:
    """Replace each statement calling a changing def, in ``body`` and its blocks (not in
    nested defs), by the call with the names passed in and rebound after it."""
    declared_here = set(_declared_of_body(body, owner))
    for block in _blocks(body):
        i = 0
        while i < len(block):
            s = block[i]
            call_ = _statement_call(s)
            fname = call_.func.id if call_ is not None else None
            if fname not in changing:
                i += 1
                continue
            _, declared, by_position = changing[fname]
            if body is not owner.body and not set(declared) <= declared_here:
                i += 1
                continue  # left for _check_no_other_use: an error
            out = fresh(f"{fname}_out")
            if by_position:
                call_.args = call_.args + [name(v) for v in declared]
            else:
                call_.keywords = call_.keywords + [
                    gast.keyword(arg=v, value=name(v)) for v in declared
                ]
            rewritten.add(id(call_.func))
            made = [assign(out, call_)] + [
                assign(v, _item(out, k)) for k, v in enumerate(declared, 1)
            ]
            if isinstance(s, gast.Assign):
                made.append(gast.Assign(targets=s.targets, value=_item(out, 0), type_comment=None))
            elif isinstance(s, gast.Return):
                made.append(gast.Return(value=_item(out, 0)))
            for m in made:
                locate(m, s)
            block[i : i + 1] = made
            i += len(made)


def _declared_of_body(body, owner):
    """The names declared nonlocal by the def whose body is ``body`` (none for the owner)."""
    if body is owner.body:
        return []
    out = []
    for n in walk_local(body):
        if isinstance(n, gast.Nonlocal):
            out += n.names
    return out


def _blocks(body):
    """``body`` and every statement list inside it, not entering nested defs."""
    todo = [body]
    while todo:
        block = todo.pop()
        yield block
        for s in block:
            if isinstance(s, (gast.FunctionDef, gast.ClassDef)):
                continue
            for field in ("body", "orelse", "finalbody"):
                part = getattr(s, field, None)
                if isinstance(part, list) and part and isinstance(part[0], gast.stmt):
                    todo.append(part)
            for handler in getattr(s, "handlers", []) or []:
                todo.append(handler.body)


def _statement_call(s):
    """The call ``f(...)`` that statement ``s`` is (``f(x)``, ``y = f(x)``, ``return f(x)``)."""
    value = s.value if isinstance(s, (gast.Expr, gast.Assign, gast.Return)) else None
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Name):
        return value
    return None


def _check_no_other_use(body, changing, rewritten, info) -> None:
    for n in walk_local(body):
        if isinstance(n, gast.Name) and n.id in changing and isinstance(n.ctx, gast.Load):
            if id(n) in rewritten:
                continue
            declared = changing[n.id][1]
            raise info.error(
                n,
                f"{n.id}() changes {declared[0]!r} with nonlocal, so it can be "
                "differentiated only where it is called as a statement of its own in the "
                "function that owns that variable",
                _HINT,
                UnsupportedSyntaxError,
            )


def _rewrite_def(d, declared, by_position, info) -> None:
    """``def f(v): nonlocal a; ...; return e`` as ``def f(v, a): ...; return (e, a)`` (or
    ``def f(v, *, a)``)."""
    if any(isinstance(n, (gast.Yield, gast.YieldFrom)) for n in walk_local(d.body)):
        raise info.error(
            d,
            f"{d.name}() is a generator that changes a nonlocal variable",
            _HINT,
            UnsupportedSyntaxError,
        )
    for block in _blocks(d.body):
        kept = [s for s in block if not isinstance(s, gast.Nonlocal)]
        block[:] = kept or [locate(gast.Pass(), block[0])]
    for n in walk_local(d.body):
        if isinstance(n, gast.Return):
            value = n.value if n.value is not None else const(None)
            n.value = gast.Tuple(elts=[value] + [name(v) for v in declared], ctx=gast.Load())
    if not d.body or not isinstance(d.body[-1], gast.Return):
        last = gast.Return(
            value=gast.Tuple(elts=[const(None)] + [name(v) for v in declared], ctx=gast.Load())
        )
        d.body.append(locate(last, d.body[-1]))
    params = [
        locate(gast.Name(id=v, ctx=gast.Param(), annotation=None, type_comment=None), d)
        for v in declared
    ]
    if by_position:
        d.args.args = d.args.args + params
    else:
        d.args.kwonlyargs = d.args.kwonlyargs + params
        d.args.kw_defaults = d.args.kw_defaults + [None] * len(declared)


def _item(var, k):
    return gast.Subscript(value=name(var), slice=const(k), ctx=gast.Load())
