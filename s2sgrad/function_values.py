"""Derivatives of function values given to library calls (``odeint``'s ``func``, a fixed
point's step), made when the rule's runtime helper runs (:mod:`s2sgrad.runtime.functions`).

    function_vjp(f, primals, kw)(args, ct)  ->  (f(*args, **kw), cotangents of args)
"""

from __future__ import annotations

import functools
import inspect
import os
import types

import numpy as np

from . import checks, rules, stored
from .applied import applied_function
from .arguments import is_differentiable
from .augmented import augmented_params
from .draws import draws_of
from .errors import TransformError
from .parsing import user_function
from .runtime import functions as runtime_functions
from .runtime import match_input, part
from .transforms import (
    _Call,
    _forward_call,
    _jvp_of,
    _match_tangent,
    _reverse_instance,
    _stage,
    _tangent_keywords,
    _vararg_zero,
    _zeros_like,
    display_name,
    jvp,
    vjp,
)

_OWN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "")


def _made_by_s2sgrad(fun, kw, order) -> bool:
    """Is ``fun`` a derivative made by s2sgrad (``grad(f)``, ``jacfwd(f)``)? Those are
    differentiated by :func:`vjp` and :func:`jvp` themselves, without keywords."""
    if isinstance(fun, types.FunctionType) and fun.__code__.co_filename.startswith(_OWN_DIR):
        raise TransformError(  # hessian(f): a function of s2sgrad's, over forward mode
            f"{display_name(fun)}, a derivative made by s2sgrad and called as a function "
            "value, cannot be differentiated again",
            hint="call the derivative where it is made: hessian(f)(x)",
        )
    if isinstance(fun, types.FunctionType) or not type(fun).__module__.startswith("s2sgrad."):
        return False
    if kw or order > 1:
        what = "with keyword arguments" if kw else "to one order more (a third derivative)"
        raise TransformError(
            f"{display_name(fun)}, a derivative made by s2sgrad and called as a function "
            f"value, cannot be differentiated {what}",
            hint="call the derivative where it is made: grad(f)(x)",
        )
    return True


def _core(fun):
    """A derivative that records how it was made (``grad(f)``, autograd's
    ``elementwise_grad(u)``) as the function that writes that transformation out
    (:mod:`s2sgrad.stored`), else ``fun``."""
    return stored.as_function(fun) if stored.is_stored(fun) else fun


def valid_while(inst, fun):
    """Give the derivative ``run`` (made from the generated instance ``inst`` for ``fun``)
    ``run.valid()``: do the names and code it was made from still hold? The run-time
    callees cache it per function object (:mod:`s2sgrad.runtime.callees`)."""
    valid = checks.flat_checks(inst.__s2s_unit__, fun).valid

    def mark(run):
        run.valid = valid
        return run

    return mark


def function_vjp(fun, primals, kw, moving=None):
    """``run(args, cotangent) -> (fun(*args, **kw), cotangents of args)``, the reverse
    derivative of a function value given to a library call (``odeint``'s func), made
    once for arguments of the kinds of ``primals`` (:mod:`s2sgrad.runtime.functions`;
    ``moving``: the positions differentiated, None for every float or array)."""
    fun = _core(fun)
    if _made_by_s2sgrad(fun, kw, 1):
        return lambda args, ct: vjp(fun, tuple(args), ct)
    inst, params, vararg, idx, names, seed = _reverse_instance(fun, primals, kw, moving=moving)

    @valid_while(inst, user_function(fun))
    def run(args, ct):
        value, grads = inst(*args, **kw, **{seed: ct})
        by_name = dict(zip(names, grads))
        out = [None] * len(args)
        for i in idx:
            g = by_name[params[i]] if i < len(params) else part(by_name[vararg], i - len(params))
            out[i] = match_input(g, args[i])
        return value, tuple(out)

    return run


def function_vjp_jvp(fun, primals, kw, moving=None):
    """``run(args, cotangent, tangents) -> (cotangents of args, their derivative along
    tangents of the positional args)``, the cotangent held fixed: forward mode over the
    generated reverse derivative of a function value (second derivatives of the rules
    that use :func:`function_vjp`)."""
    fun = _core(fun)
    _made_by_s2sgrad(fun, kw, 2)
    inst, params, vararg, idx, names, seed = _reverse_instance(
        fun, primals, kw, flat=True, moving=moving
    )
    n = len(params)

    def tangent(args, tangents, i):
        if tangents[i] is not None:
            return tangents[i]
        return _zeros_like(args[i]) if i < n else _vararg_zero(args[i])

    def run(args, ct, tangents):
        moving = {params[i]: tangent(args, tangents, i) for i in idx if i < n}
        items = None
        if vararg is not None and len(args) > n:  # *args: one tuple of tangents
            moving[vararg] = tuple(tangent(args, tangents, i) for i in range(n, len(args)))
            items = [i - n for i in idx if i >= n]  # the others: constants, as in inst
        (_, grads), (_, dots) = _jvp_of(inst, args, dict(kw, **{seed: ct}), moving, items)
        by_name, dot_by_name = dict(zip(names, grads)), dict(zip(names, dots))
        out, out_dot = [None] * len(args), [None] * len(args)
        for i in idx:
            if i < n:
                g, dg = by_name[params[i]], dot_by_name[params[i]]
            else:
                g, dg = part(by_name[vararg], i - n), part(dot_by_name[vararg], i - n)
            out[i], out_dot[i] = match_input(g, args[i]), match_input(dg, args[i])
        return tuple(out), tuple(out_dot)

    return run


def function_jvp(fun, primals, kw, constant, moving=None):
    """``run(args, tangents) -> (fun(*args, **kw), its tangent)`` (a tangent None: that
    argument is constant; the first ``constant`` arguments always are), the forward
    derivative of a function value given to a library call, made once for arguments of
    the kinds of ``primals``."""
    fun = _core(fun)
    if _made_by_s2sgrad(fun, kw, 1):

        def forward(args, tangents):
            moving = [_zeros_like(a) if t is None else t for a, t in zip(args, tangents)]
            return jvp(fun, tuple(args), tuple(moving))

        return forward
    call = _stage(fun, primals).calls
    if len(call) != 1:
        raise TransformError(f"{display_name(fun)} cannot be differentiated as a function value")
    c = _Call(call[0].fn, dict(kw))
    idx = [
        i
        for i in range(constant, len(primals))
        if is_differentiable(primals[i]) and (moving is None or i in moving)
    ]
    inst, kws = _forward_call(c, primals, idx)

    @valid_while(inst, c.fn)
    def run(args, tangents):
        dropped = [
            i for i in range(constant, len(args)) if i not in idx and tangents[i] is not None
        ]
        if dropped:  # an object with a tangent (a made object): no derivative along it here
            raise TransformError(
                f"{display_name(fun)} receives a differentiated {type(args[dropped[0]]).__name__} "
                "object, which the derivative made when the code runs cannot follow"
            )
        moving = [tangents[i] if tangents[i] is not None else _zeros_like(args[i]) for i in idx]
        raw, dot = inst(*args, **c.kw, **_tangent_keywords(kws, moving, args))
        return raw, _match_tangent(dot, raw)

    return run


_DRAWS: dict = {}  # (function, the class its first parameter holds) -> (first draw,)


def callee_draws(fun):
    """``(filename, lineno, code)`` of the first random draw whose value may be read in the
    function a call of the value ``fun`` runs (a partial's function, a method, an object's
    ``__call__``), or None
    (:mod:`s2sgrad.runtime.callees`: its derivative runs the callee again)."""
    while isinstance(fun, functools.partial):
        fun = fun.func
    cls = None
    if isinstance(fun, types.MethodType):
        owner = fun.__self__  # a classmethod's is the class itself
        cls, fun = (owner if isinstance(owner, type) else type(owner)), fun.__func__
    elif not isinstance(fun, types.FunctionType):
        cls, fun = type(fun), inspect.getattr_static(type(fun), "__call__", None)
    if not isinstance(fun, types.FunctionType):
        return None
    key = (fun, cls)
    if key not in _DRAWS:
        code = fun.__code__
        holds = {code.co_varnames[0]: cls} if cls is not None and code.co_argcount else None
        used = [d.place for d in draws_of(fun, classes=holds) if d.used]
        if len(_DRAWS) > 1024:
            _DRAWS.clear()  # functions made on the fly: do not keep them all alive
        _DRAWS[key] = (used[0] if used else None,)
    return _DRAWS[key][0]


def callee_changed_argument(fun, args, kw) -> str | None:
    """The parameter of the function a call of the value ``fun`` runs (a partial's
    function, a method, an object's ``__call__``) that it changes in place with
    ``p op= ...`` and that the call gives an array or a list, or None
    (:mod:`s2sgrad.runtime.callees`: the call ran as NumPy runs it, changing that
    argument, before its derivative, made when the code runs, runs it again)."""
    args, kw = tuple(args), dict(kw or {})
    while isinstance(fun, functools.partial):
        args, kw, fun = (*fun.args, *args), {**fun.keywords, **kw}, fun.func
    if isinstance(fun, types.MethodType):
        args, fun = (fun.__self__, *args), fun.__func__
    elif not isinstance(fun, types.FunctionType):
        args, fun = (fun, *args), inspect.getattr_static(type(fun), "__call__", None)
    if not isinstance(fun, types.FunctionType):
        return None
    changed = augmented_params(fun)
    if not changed:
        return None
    code = fun.__code__
    given = dict(zip(code.co_varnames[: code.co_argcount], args), **kw)
    given.update((f"*{k}", a) for k, a in enumerate(args[code.co_argcount :]))  # *args
    given.update((f"**{k}", a) for k, a in kw.items())
    for p in sorted(changed):
        if p in given and isinstance(given[p], (np.ndarray, list)):
            return p
    return None


runtime_functions.connect(
    vjp=function_vjp,
    jvp=function_jvp,
    vjp_jvp=function_vjp_jvp,
    applied=applied_function,
    none=rules.is_nondifferentiable,
    draws=callee_draws,
    changes=callee_changed_argument,
)
