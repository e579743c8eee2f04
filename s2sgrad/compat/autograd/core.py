"""``autograd.core``'s functions of one argument, on s2sgrad: ``make_vjp(fun, x)`` and
``make_jvp(fun, x)``, ``primitive``/``defvjp``/``defjvp`` and the tables of the makers
given to them, ``primitive_vjps``/``primitive_jvps`` (see :mod:`.extend`), and vector
spaces (``vspace``, ``VSpace``: :mod:`.vspace`).

s2sgrad's derivatives transform source and never wrap a value; autograd's tracing
machinery (``Node``, ``trace``, ``Box``), for programs that record the NumPy calls a
function makes, is :mod:`.tracer`.
"""

from __future__ import annotations

from ...transforms import jvp as _jvp
from ...transforms import vjp as _vjp
from .extend import defjvp, defvjp, primitive, primitive_jvps, primitive_vjps
from .test_util import _plain, _with_keywords
from .vspace import VSpace, vspace


def _problem(fun, x):
    """``(function, args, argnum)`` s2sgrad differentiates for ``fun`` at ``x``: the n-ary
    function behind a :func:`~.wrap_util.unary_to_nary` wrapper, else ``fun`` itself."""
    nary = getattr(fun, "_nary", None)
    if nary is None:
        return _plain(fun), (x,), 0
    inner, args, argnum, kwargs = nary
    f = _with_keywords(inner, kwargs) if kwargs else _plain(inner)
    if isinstance(argnum, int):
        args = args[:argnum] + (x,) + args[argnum + 1 :]
    else:
        args = list(args)
        for i, v in zip(argnum, x):
            args[i] = v
        args = tuple(args)
    return f, args, argnum


def make_vjp(fun, x):
    """``(vjp, fun(x))`` where ``vjp(g)`` is ``g^T J`` at ``x``."""
    f, args, argnum = _problem(fun, x)
    ans = f(*args)

    def vjp(g):
        cts = _vjp(f, args, g)[1]
        return cts[argnum] if isinstance(argnum, int) else tuple(cts[i] for i in argnum)

    return vjp, ans


def make_jvp(fun, x):
    """``jvp(v) -> (fun(x), J v)`` at ``x`` (forward mode)."""
    f, args, argnum = _problem(fun, x)

    def jvp(v):
        tangents = [None] * len(args)
        if isinstance(argnum, int):
            tangents[argnum] = v
        else:
            for i, t in zip(argnum, v):
                tangents[i] = t
        return _jvp(f, args, tuple(tangents))

    return jvp


__all__ = [
    "make_vjp",
    "make_jvp",
    "primitive",
    "defvjp",
    "defjvp",
    "primitive_vjps",
    "primitive_jvps",
    "VSpace",
    "vspace",
]
