"""Derivatives of calls whose callee is a value known only when the code runs.

``ACTS[i](x)``, ``ACTD[name](x)``, ``layer(x)`` for a loop over objects of several
classes, ``self.act(z)``: the transformation cannot tell which function is called, so the
call runs as written in the forward sweep and its derivative is made when the derivative
runs, from the value found then (a NumPy function's rule, a user function's source, an
object's ``__call__``, a ``functools.partial``, a derivative made by s2sgrad), by
:mod:`s2sgrad.runtime.functions` like the function values that ``odeint`` receives::

    h = ACTS_i(x)                                  # the forward sweep, as written
    dx = called_adjoint(dh, ACTS_i, (x,), None)[0] # the adjoint sweep

``called_adjoint`` runs the callee's forward pass again (its generated reverse derivative
returns the value with the cotangents). Keyword arguments are constants of the
derivative: a differentiated keyword is an error where the call is written. A value with
no derivative (a builtin without a rule, a library function) is s2sgrad's error at the
user's line.
"""

from __future__ import annotations

import numpy as np

from .adjoints import add
from .fixed_points import _moving, _zeros
from .functions import _DERIVE, function_jvp, function_vjp, function_vjp_jvp
from .places import _unsupported, _user_place


def called(fn, args, kw=None, moving=None):
    """``fn(*args, **kw)``: a call of a function value, the primitive whose rule
    (:mod:`s2sgrad.rules.callees`) is the derivative of ``y = fn(x)`` for ``fn`` known
    only when the code runs."""
    return fn(*args, **(kw or {}))


def _callee_run(make, fn, args, kw, moving, *inputs):
    """``make(fn, args, kw, moving)(*inputs)`` (``make``: a maker of
    :mod:`s2sgrad.runtime.functions`; ``moving``: the positions of the arguments
    differentiated where the call is written, None for all). An error of s2sgrad about
    the value itself (no rule, no source) or a derivative that does not take the call's
    arguments (the call itself ran) is s2sgrad's error at the user's line."""
    from s2sgrad.errors import NonDifferentiableError, TransformError

    drawn = _DERIVE["draws"](fn)
    if drawn is not None:
        _unsupported(
            f"the function called here, {_callee_shown(fn)}, draws random numbers "
            f"({drawn[0]}:{drawn[1]}: {drawn[2]}), and its derivative, made when the code "
            "runs, runs it a second time, which would draw other numbers",
            "draw the numbers before the call and pass them in as an argument",
            "NonDifferentiableError",
        )
    changed = _DERIVE["changes"](fn, args, kw) if "changes" in _DERIVE else None
    if changed is not None:
        _unsupported(
            f"the function called here, {_callee_shown(fn)}, known only when the code runs, "
            f"changes its argument {changed!r} in place ({changed} op= ...), which NumPy "
            "did before its derivative, made when the code runs, runs it again",
            "pass a copy (x.copy()), or change the function to return the new value",
            "TransformError",
        )
    try:
        return _made(make, fn, args, kw, moving)(*inputs)
    except (TransformError, TypeError) as exc:
        if isinstance(exc, TransformError) and not (exc.filename or "<s2sgrad").startswith(
            "<s2sgrad"
        ):
            raise  # an error inside the callee's own source: it names that line
        place = _user_place()
        filename, lineno, code = place if place is not None else (None, None, None)
        reason = exc.msg if isinstance(exc, TransformError) else f"{type(exc).__name__}: {exc}"
        raise NonDifferentiableError(
            f"the function called here is {_callee_shown(fn)}, known only when the code "
            f"runs, and it cannot be differentiated: {reason}",
            filename,
            lineno,
            None,
            code,
            _callee_hint(fn),
        ) from exc


# (make, id(fn)) -> (fn, its code, the arguments' key, the derivative): the derivative of a
# callee made once per function object and kind of arguments, while the names and code it
# was made from hold (its ``valid()``, s2sgrad.function_values.valid_while)
_MADE: dict = {}
_MADE_LIMIT = 512


def _made(make, fn, args, kw, moving):
    """``make(fn, args, kw, moving)``, reused from :data:`_MADE` when it is still valid."""
    covered = _arguments_key(args) if not kw else None
    key = (covered, moving) if covered is not None else None  # objects: made each time
    slot = (make, id(fn))
    hit = _MADE.get(slot) if key is not None else None
    code = getattr(fn, "__code__", None)
    if hit is not None and hit[0] is fn and hit[1] is code and hit[2] == key and hit[3].valid():
        return hit[3]
    run = make(fn, tuple(args), kw or {}, moving)
    if key is not None and getattr(run, "valid", None) is not None:
        if len(_MADE) >= _MADE_LIMIT:
            _MADE.clear()  # functions made on the fly: do not keep them all alive
        _MADE[slot] = (fn, code, key, run)
    return run


def _arguments_key(args):
    """What the derivative made for ``args`` depends on (types, dtypes, the structure of
    lists, tuples and dicts), or None for arguments it does not cover (then not cached)."""
    out = []
    for a in args:
        t = type(a)
        if t is np.ndarray:
            out.append((t, a.dtype.kind, a.ndim))
        elif t in (float, int, bool, complex, str, type(None)) or isinstance(a, np.generic):
            out.append(t)
        elif t in (list, tuple):
            inner = _arguments_key(a)
            if inner is None:
                return None
            out.append((t, inner))
        elif t is dict:
            inner = _arguments_key(list(a.values()))
            if inner is None:
                return None
            out.append((t, tuple(a), inner))
        else:
            return None
    return tuple(out)


def _callee_hint(fn) -> str:
    owner = type(getattr(fn, "__self__", None))
    if owner.__module__.startswith("scipy.stats"):
        return (
            "for a frozen SciPy distribution passed in as an argument, call the "
            "distribution's method with its parameters (norm.logpdf(x, loc, scale)), or make "
            "the frozen object in the function or at module level"
        )
    return (
        "call a function with a derivative rule or a def or lambda of your own there, "
        "register a rule with s2sgrad.register_vjp, or wrap the argument in "
        "s2sgrad.stop_gradient(...) if no gradient should flow through the call"
    )


def _callee_shown(fn) -> str:
    text = repr(fn)
    return text if len(text) <= 80 else text[:77] + "..."


def called_adjoint(g, fn, args, kw, moving=None):
    """The cotangents of ``args`` (a tuple, None for arguments not differentiated) of
    ``y = fn(*args, **kw)`` for the cotangent ``g`` of ``y``; ``moving``: the positions of
    the arguments differentiated where the call is written (None: all), the others are
    constants of the callee's derivative."""
    if _DERIVE["none"](fn):  # np.argmax, len: no derivative, as where it is written
        return tuple(_zero_cotangent(a) for a in args)
    return _callee_run(function_vjp, fn, args, kw, moving, tuple(args), g)[1]


def _zero_cotangent(a):
    if isinstance(a, float) or getattr(getattr(a, "dtype", None), "kind", "") in ("f", "c"):
        return _zeros(a)
    return None


def called_tangent(y, fn, args, kw, t_args, moving=None):
    """The tangent of ``y = fn(*args, **kw)`` along the tangents ``t_args`` of ``args``
    (``moving``: as for :func:`called_adjoint`)."""
    tangents = _tangents(t_args, args, moving)
    if all(t is None for t in tangents) or _DERIVE["none"](fn):
        return _zeros(y)
    return _callee_run(function_jvp, fn, args, kw, moving, tuple(args), tangents)[1]


def _tangents(t_args, args, moving):
    """The tangents of ``args`` from generated code, None for a zero or a constant."""
    return tuple(
        _moving(t, a) if moving is None or i in moving else None
        for i, (t, a) in enumerate(zip(t_args, args))
    )


def called_adjoint_tangent(g, fn, args, kw, t_g, t_args, moving=None):
    """The derivative of :func:`called_adjoint` along the tangents ``t_g`` of ``g`` and
    ``t_args`` of ``args`` (second derivatives: the cotangent map is linear in ``g``)."""
    tangents = _tangents(t_args, args, moving)
    out = None
    if _DERIVE["none"](fn):
        return tuple(_zero_cotangent(a) for a in args)
    if any(t is not None for t in tangents):
        _, out = _callee_run(function_vjp_jvp, fn, args, kw, moving, tuple(args), g, tangents)
    t_g = _moving(t_g, g)
    if t_g is not None:
        more = _callee_run(function_vjp, fn, args, kw, moving, tuple(args), t_g)[1]
        out = more if out is None else tuple(_callee_plus(a, b) for a, b in zip(out, more))
    if out is None:
        return tuple(_zero_cotangent(a) for a in args)
    return out


def _callee_plus(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return add(a, b)  # cotangents of a tree argument are trees: summed item by item
