"""Derivatives of function values given to library calls (``odeint``'s ``func``, a fixed
point's step), made when the rule's runtime helper runs (:mod:`s2sgrad.runtime.functions`).

    function_vjp(f, primals, kw)(args, ct)  ->  (f(*args, **kw), cotangents of args)
"""

from __future__ import annotations

from .applied import applied_function
from .arguments import is_differentiable
from .errors import TransformError
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
    _zeros_like,
    display_name,
)


def function_vjp(fun, primals, kw):
    """``run(args, cotangent) -> (fun(*args, **kw), cotangents of args)``, the reverse
    derivative of a function value given to a library call (``odeint``'s func), made
    once for arguments of the kinds of ``primals`` (:mod:`s2sgrad.runtime.functions`)."""
    inst, params, vararg, idx, names, seed = _reverse_instance(fun, primals, kw)

    def run(args, ct):
        value, grads = inst(*args, **kw, **{seed: ct})
        by_name = dict(zip(names, grads))
        out = [None] * len(args)
        for i in idx:
            g = by_name[params[i]] if i < len(params) else part(by_name[vararg], i - len(params))
            out[i] = match_input(g, args[i])
        return value, tuple(out)

    return run


def function_vjp_jvp(fun, primals, kw):
    """``run(args, cotangent, tangents) -> (cotangents of args, their derivative along
    tangents of the positional args)``, the cotangent held fixed: forward mode over the
    generated reverse derivative of a function value (second derivatives of the rules
    that use :func:`function_vjp`). Positional parameters only."""
    inst, params, vararg, idx, names, seed = _reverse_instance(fun, primals, kw)
    if vararg is not None:
        raise TransformError(
            f"the second derivative of {display_name(fun)}, a function with *args given to a "
            "library call, is not supported"
        )

    def run(args, ct, tangents):
        moving = {
            params[i]: tangents[i] if tangents[i] is not None else _zeros_like(args[i]) for i in idx
        }
        (_, grads), (_, dots) = _jvp_of(inst, args, dict(kw, **{seed: ct}), moving)
        out, out_dot = [None] * len(args), [None] * len(args)
        for i, g, dg in zip(idx, grads, dots):
            out[i], out_dot[i] = match_input(g, args[i]), match_input(dg, args[i])
        return tuple(out), tuple(out_dot)

    return run


def function_jvp(fun, primals, kw, constant):
    """``run(args, tangents) -> (fun(*args, **kw), its tangent)`` (a tangent None: that
    argument is constant; the first ``constant`` arguments always are), the forward
    derivative of a function value given to a library call, made once for arguments of
    the kinds of ``primals``."""
    call = _stage(fun, primals).calls
    if len(call) != 1:
        raise TransformError(f"{display_name(fun)} cannot be differentiated as a function value")
    c = _Call(call[0].fn, dict(kw))
    idx = [i for i in range(constant, len(primals)) if is_differentiable(primals[i])]
    inst, kws = _forward_call(c, primals, idx)

    def run(args, tangents):
        moving = [tangents[i] if tangents[i] is not None else _zeros_like(args[i]) for i in idx]
        raw, dot = inst(*args, **c.kw, **_tangent_keywords(kws, moving, args))
        return raw, _match_tangent(dot, raw)

    return run


runtime_functions.connect(
    vjp=function_vjp, jvp=function_jvp, vjp_jvp=function_vjp_jvp, applied=applied_function
)
