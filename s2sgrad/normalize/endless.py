"""Generator helpers as the lists of what they yield (``generator_as_list``), and the
items a zip reads of an endless generator (``while True: yield t``) zipped with
finite sequences: as many as the shortest of those has (``n``).

    for _, t in zip(range(n), schedule(x)):     def schedule_first(x, *, limit):
        ...                                          items = []; t = x
                                            ->      while True:
                                                        items.append(t)
                                                        if len(items) >= limit:
                                                            return items[:]
                                                        t *= 0.7
                                                schedule_items = schedule_first(x, limit=n)

A generator of the differentiated function's module reading none of its locals is such a
local def, differentiated as one; any other (of another module) runs as written,
``first_items(schedule, n, x)``, where validate allows no differentiated argument.
"""

from __future__ import annotations

import builtins

import gast

from .. import anno, runtime
from ..errors import UnsupportedSyntaxError
from ..parsing import SourceInfo, parse_function
from ..syntax import Names, assign, call, clone, const, name, names_in, walk
from .iterators import check_generator_ends
from .tables import _assigned_names, _located


def endless_items(lowering, node, n, fn):
    """An atom holding the list of the first ``n`` items of the call ``node`` of the
    endless generator function ``fn``."""
    local = _bounded_def(lowering, fn) if fn.__globals__ is lowering.info.globals else None
    if local is not None:
        limit = local.args.kwonlyargs[-1].id
        made = gast.Call(
            func=name(local.name),
            args=list(node.args),
            keywords=[*node.keywords, gast.keyword(arg=limit, value=n)],
        )
        return lowering.atom(gast.copy_location(made, node), "items")
    call = lowering.make_call(
        runtime.first_items, [node.func, n, *node.args], list(node.keywords), node, "items"
    )
    anno.set(call, "generator", fn.__name__)  # named in validate's error
    return lowering.bind(call, "items")


def _bounded_def(lowering, fn):
    """``fn`` as a local def of the function being lowered returning its first ``limit``
    items (a keyword-only parameter of its own), emitted there; None where its body reads
    a name the function binds (it would read that local, not the module's name)."""
    tree, info = parse_function(fn, generator=True)
    taken = names_in(tree) | lowering.locals
    limit = Names(taken)("limit")
    bounded = generator_as_list(clone(tree), info, limit=limit)
    own = _assigned_names(bounded.body) | {
        a.id for a in walk(bounded.args) if isinstance(a, gast.Name)
    }
    if (names_in(bounded) - own) & lowering.locals:
        return None
    bounded.name = lowering.fresh(f"{fn.__name__}_first")
    bounded.decorator_list = []
    bounded.args.kwonlyargs.append(
        gast.Name(id=limit, ctx=gast.Param(), annotation=None, type_comment=None)
    )
    bounded.args.kw_defaults.append(None)
    lowering.locals.add(bounded.name)
    lowering.stmt_FunctionDef(gast.copy_location(bounded, tree))
    return bounded


def generator_as_list(
    fn: gast.FunctionDef, info: SourceInfo, limit: str | None = None
) -> gast.FunctionDef:
    """A generator function called from differentiated code, as the function that returns
    the list of what it yields (its caller takes ``list(...)`` of the call):

        def layers(w):                  def layers(w):
            for k in range(2):              items = []
                yield w[k]          ->      for k in range(2):
                                                items.append(w[k])
                                            return items

    Only ``yield`` and ``yield from`` statements are lowered (``yield from xs`` as a loop
    appending each item of ``xs``); a yield whose value is used and ``return value`` are
    errors at their line. With ``limit`` (a name), it returns once it has that many items
    (an endless generator a zip reads: normalize.endless).
    """
    if limit is None:
        check_generator_ends(fn, info)
    fn = clone(fn)
    taken = names_in(fn) | set(info.closure) | set(dir(builtins))
    items = Names(taken)("items")
    item = Names(taken | {items})("item")  # of yield from

    def lower(stmts):
        out = []
        for s in stmts:
            compound = isinstance(s, (gast.For, gast.While, gast.If))
            own = (
                [getattr(s, f) for f in ("test", "iter", "target") if hasattr(s, f)]
                if compound
                else [s]
            )
            for sub in (n for part in own for n in walk(part)):
                if isinstance(sub, (gast.Yield, gast.YieldFrom)) and not (
                    isinstance(s, gast.Expr) and s.value is sub
                ):
                    raise info.error(
                        sub,
                        "this generator helper uses yield as a value or "
                        "yield from, which cannot be differentiated",
                        "yield each item in its own statement: yield item",
                        UnsupportedSyntaxError,
                    )
                if isinstance(sub, gast.Return) and sub.value is not None:
                    raise info.error(
                        sub,
                        "a generator helper returning a value cannot be differentiated",
                        "end it with a bare return",
                        UnsupportedSyntaxError,
                    )
            if isinstance(s, gast.Expr) and isinstance(s.value, gast.Yield):
                value = s.value.value if s.value.value is not None else const(None)
                new = gast.Expr(
                    value=call(
                        gast.Attribute(value=name(items), attr="append", ctx=gast.Load()), value
                    )
                )
                out.append(_located(new, s))
                out += _stop(items, limit, s)
            elif isinstance(s, gast.Expr) and isinstance(s.value, gast.YieldFrom):
                # yield from xs: for item in xs: items.append(item)
                append = call(
                    gast.Attribute(value=name(items), attr="append", ctx=gast.Load()), name(item)
                )
                loop = gast.For(
                    target=gast.Name(id=item, ctx=gast.Store(), annotation=None, type_comment=None),
                    iter=s.value.value,
                    body=[_located(gast.Expr(value=append), s), *_stop(items, limit, s)],
                    orelse=[],
                    type_comment=None,
                )
                out.append(_located(loop, s))
            elif isinstance(s, gast.Return):
                # a copy: an early return becomes a value kept past its loop (s2sgrad.exits),
                # which must not alias the list the appends change
                whole = gast.Slice(lower=None, upper=None, step=None)
                copy = gast.Subscript(value=name(items), slice=whole, ctx=gast.Load())
                out.append(_located(gast.Return(value=copy), s))
            else:
                if compound:
                    s.body, s.orelse = lower(s.body), lower(s.orelse)
                out.append(s)
        return out

    body = fn.body
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    first = body[0] if body else fn
    lowered = lower(body)
    if not (lowered and isinstance(lowered[-1], gast.Return)):
        lowered.append(_located(gast.Return(value=name(items)), body[-1] if body else fn))
    fn.body = [_located(assign(items, gast.List(elts=[], ctx=gast.Load())), first)] + lowered
    return fn


def _stop(items: str, limit: str | None, where) -> list:
    """``if len(items) >= limit: return items[:]`` after an append, where there is a
    ``limit``."""
    if limit is None:
        return []
    full = gast.Compare(left=call("len", name(items)), ops=[gast.GtE()], comparators=[name(limit)])
    whole = gast.Slice(lower=None, upper=None, step=None)
    copy = gast.Subscript(value=name(items), slice=whole, ctx=gast.Load())
    return [_located(gast.If(test=full, body=[gast.Return(value=copy)], orelse=[]), where)]
