"""Callees known only when the code runs (derivatives bound to a name:
:mod:`.derivative_names`).

    h = ACTS[i](x)                            ->    ACTS_i_item = ACTS[i]
                                                    h = ACTS_i_item(x)     # CALLED_VALUE

An item of a container of functions, a local bound to a function returned by a call: the
call runs as written, and its derivative is made from the value it finds when the
derivative runs (:func:`s2sgrad.reverse.calls.called_value`, :mod:`s2sgrad.runtime.callees`).
"""

from __future__ import annotations

import gast

from .. import anno
from ..errors import UnsupportedSyntaxError
from ..syntax import names_in
from .tables import CALLED_VALUE, _assigned_names, _written


def called_value(lowering, node, hint):
    """``ACTS[i](x)``, ``act(x)`` for a local ``act`` (``node``): the callee bound to a
    name, the arguments to atoms, the call annotated :data:`CALLED_VALUE`."""
    func = node.func
    if not isinstance(func, gast.Name):
        func = lowering.atom(func, _callee_hint(func))
    args = [lowering.argument(a, hint) for a in node.args]
    kws = [gast.keyword(arg=k.arg, value=lowering.argument(k.value, hint)) for k in node.keywords]
    out = gast.Call(func=func, args=args, keywords=kws)
    anno.set(out, "fn", CALLED_VALUE)
    return _written(out, node.func)


def _callee_hint(func) -> str:
    """A name for the callee ``func`` bound before the call: ``ACTS_i`` for ``ACTS[i]``."""

    def parts(n):
        if isinstance(n, gast.Name):
            return [n.id]
        if isinstance(n, gast.Attribute):
            return parts(n.value) + [n.attr]
        if isinstance(n, gast.Subscript):
            return parts(n.value) + parts(n.slice)
        if isinstance(n, gast.Constant) and isinstance(n.value, (str, int)):
            return [str(n.value)]
        if isinstance(n, gast.Call):
            return parts(n.func)
        return []

    text = "_".join(p for p in parts(func) if p.isidentifier() or p.isdigit())
    return text if text.isidentifier() and len(text) <= 24 else "callee"


def lambda_value(lowering, node):
    """A lambda used as a value (``[lambda z: z ** 2, np.sin]``): a local def made for it,
    by its name, when it reads no local of its function (a derivative through the value,
    made when the code runs, would not reach that local); else an error."""
    reads = [lowering.fresh.spelled(n) for n in _reads(lowering, node.args, node.body, set())]
    if reads:
        raise lowering.info.error(
            node,
            f"a lambda that reads {reads[0]!r} of the enclosing function can only be "
            "bound to a name and called (used as a value, yielded, returned or stored, "
            f"the derivative would not reach {reads[0]})",
            f"write f = lambda ...; f(x) where it is called, or pass {reads[0]} as an "
            f"argument of the call (f(h, {reads[0]}))",
            UnsupportedSyntaxError,
        )
    return lowering.function_argument(node)


def local_function_value(lowering, node) -> None:
    """Check the local def named ``node`` used as a value (``fs = [square]``), as
    :func:`lambda_value`. The closure's cells are constants."""
    fn = lowering.local_functions[node.id].node
    reads = [
        lowering.fresh.spelled(n) for n in _reads(lowering, fn.args, fn, _assigned_names(fn.body))
    ]
    if reads:
        raise lowering.info.error(
            node,
            f"the local function {node.id!r} reads {reads[0]!r} of the enclosing "
            "function, so it can only be called (a derivative through the function "
            "as a value would not reach it)",
            f"pass {reads[0]} as an argument, or define the function at module level",
            UnsupportedSyntaxError,
        )


def _reads(lowering, args, body, assigned) -> list:
    """The locals of the lowered function that a function with these ``args``, assigning
    ``assigned``, reads in ``body`` or its defaults."""
    params = {p.id for p in args.posonlyargs + args.args + args.kwonlyargs if p}
    params |= {p.id for p in (args.vararg, args.kwarg) if p}
    defaults = args.defaults + [d for d in args.kw_defaults if d is not None]
    inner = names_in(body) - params - assigned
    used = inner | names_in(gast.Tuple(elts=defaults, ctx=gast.Load()))
    return sorted(used & lowering.locals)
