"""What generated code calls for a transform nested inside a differentiated function:
``grad(F)(args)`` in the forward sweep, its adjoint and tangents (built by
:mod:`s2sgrad.nested`)."""

from __future__ import annotations

import numpy as np

from ..errors import GradientArgumentError
from . import add, match_input, nonzero, output_seed, part, zeros_like

_PIPELINE: dict = {}


def connect(**parts) -> None:
    """Called by :mod:`s2sgrad.transforms`: ``jvp(fn, args, kw, tangents)``, forward mode
    over a generated function at run time, and ``jvp2`` (forward over that); the runtime
    sits below the pipeline, which it cannot import."""
    _PIPELINE.update(parts)


def ones_like_output(value):
    """The seed of ``elementwise_grad``: ones shaped like the function's output."""
    if isinstance(value, (float, int)):
        return 1.0
    return np.ones_like(value, dtype=np.result_type(value, 1.0))


def grad_output(raw, indices, like, single, with_value):
    """What ``grad(F)(args)`` returns, from ``raw = (value, gradients)`` of ``F``'s flat
    gradient: its gradients at ``indices``, typed like the arguments ``like``."""
    value, grads = raw
    for x in like:
        if isinstance(x, (bool, int, np.bool_, np.integer)):
            raise GradientArgumentError(
                f"a nested gradient is taken in an integer or bool "
                f"argument ({x!r}), which cannot be differentiated; "
                "pass a float"
            )
    out = [match_input(grads[i], x) for i, x in zip(indices, like)]
    out = out[0] if single else tuple(out)
    return (value, out) if with_value else out


def grad_adjoint(fn, args, kw, wrt, like, g, single, seed, out):
    """The cotangents of the inputs of ``grad(F)(args)`` (one per gradient ``fn``, F's flat
    gradient, returns) for the cotangent ``g`` of its output: the derivative of ``fn``'s
    gradients along ``g`` placed on the parameters ``wrt`` (and, for ``value_and_grad``,
    whose output is ``out``, along the value's cotangent placed on the seed ``seed``)."""
    kw, tangents = _adjoint_tangents(kw, wrt, like, g, single, seed, out)
    _, dot = _PIPELINE["jvp"](fn, args, kw, tangents)
    return dot[1]


def grad_tangent(fn, args, kw, tangents):
    """``(raw, raw_dot)``: ``fn`` (a flat gradient) at ``args`` and its derivative along
    ``tangents`` (parameter -> tangent)."""
    return _PIPELINE["jvp"](fn, args, kw, tangents)


def _adjoint_tangents(kw, wrt, like, g, single, seed, out):
    """The keywords and the tangents :func:`grad_adjoint` gives ``fn`` for cotangent ``g``:
    the seed of the value of ``value_and_grad`` is passed (1.0 for a scalar output, its
    first item for a tuple) and moves along the value's cotangent."""
    if seed is not None:
        g_value, g = part(g, 0), part(g, 1)
    parts = [g] if single else [part(g, i) for i in range(len(wrt))]
    tangents = {p: match_input(t, x) for p, t, x in zip(wrt, parts, like)}
    if seed is not None:
        value = out[0]
        tangents[seed] = match_input(g_value, value)
        kw = dict(kw, **{seed: dense_seed(output_seed(value), tangents[seed])})
    return kw, tangents


def dense_seed(seed, tangent):
    """``seed`` with each 0.0 item (the placeholder :func:`nonzero` skips) a zero array
    or NumPy scalar where ``tangent``'s item is not 0.0. Forward mode over a gradient moves
    its seed along ``tangent``: a block skipped for a 0.0 seed item (an auxiliary output's,
    the cotangent of an unused jvp tangent) would drop that item's derivative."""
    if not nonzero(tangent):
        return seed
    if isinstance(tangent, (tuple, list)):
        items = seed if isinstance(seed, (tuple, list)) else [seed] * len(tangent)
        return type(items)(dense_seed(s, t) for s, t in zip(items, tangent))
    if isinstance(tangent, dict):
        items = seed if isinstance(seed, dict) else dict.fromkeys(tangent, seed)
        return {k: dense_seed(v, tangent.get(k, 0.0)) for k, v in items.items()}
    if nonzero(seed):
        return seed
    if np.ndim(tangent):
        return zeros_like(tangent)
    return np.zeros((), dtype=np.result_type(tangent, 0.0))[()]


def grad_adjoint_tangent(fn, args, kw, wrt, like, g, single, seed, out, t_args, t_kw, t_g):
    """The derivative of :func:`grad_adjoint` along the tangents of its arguments ``args``,
    keywords ``kw`` and cotangent ``g`` (third derivatives: forward over forward over
    the generated gradient ``fn``)."""
    kw2, tangents = _adjoint_tangents(kw, wrt, like, g, single, seed, out)
    _, t_tangents = _adjoint_tangents(t_kw, wrt, like, t_g, single, seed, out)
    _, dot = _PIPELINE["jvp2"](fn, args, kw2, tangents, t_args, t_kw, t_tangents)
    return dot[1][1]


def grad_tangent_tangent(fn, args, kw, tangents, t_args, t_kw, t_tangents):
    """The derivative of :func:`grad_tangent` along the tangents of its arguments."""
    _, dot = _PIPELINE["jvp2"](fn, args, kw, tangents, t_args, t_kw, t_tangents)
    return dot


def jvp_adjoint(fn, primals, kw, params, ext, tangents, out, g, seed):
    """``(cotangents of fn's differentiated inputs, cotangents of the tangents)`` of
    ``out = jvp(F, primals, tangents)`` for its cotangent ``g`` (see
    :func:`reverse_jvp`); ``fn`` is F's flat gradient, ``seed`` its seed parameter."""
    kw, moving = _jvp_adjoint_inputs(primals, kw, params, tangents, out, g, seed)
    raw, dot = _PIPELINE["jvp"](fn, primals, kw, moving)
    by_param = dict(zip(ext, raw[1]))
    return dot[1], tuple(by_param.get(p, 0.0) for p in params)


def _jvp_adjoint_inputs(primals, kw, params, tangents, out, g, seed):
    g_out, g_dot = match_input(part(g, 0), out[0]), match_input(part(g, 1), out[1])
    moving = {p: t for p, t in zip(params, tangents) if t is not None}
    moving[seed] = g_out
    g_dot = dense_seed(g_dot, g_out)
    return dict(kw, **{seed: g_dot}), moving


def jvp_adjoint_tangent(
    fn, primals, kw, params, ext, tangents, out, g, seed, t_primals, t_kw, t_tangents, t_g
):
    """The derivative of :func:`jvp_adjoint` along the tangents of what it reads."""
    kw2, moving = _jvp_adjoint_inputs(primals, kw, params, tangents, out, g, seed)
    t_kw2, t_moving = _jvp_adjoint_inputs(primals, t_kw, params, t_tangents, out, t_g, seed)
    _, dot = _PIPELINE["jvp2"](fn, primals, kw2, moving, t_primals, t_kw2, t_moving)
    by_param = dict(zip(ext, dot[0][1]))
    return dot[1][1], tuple(by_param.get(p, 0.0) for p in params)


def _leaves(tree) -> list:
    if isinstance(tree, (tuple, list)):
        return [leaf for item in tree for leaf in _leaves(item)]
    if isinstance(tree, dict):
        return [leaf for item in tree.values() for leaf in _leaves(item)]
    return [tree]


def _rebuilt(tree, leaves):
    """``tree`` with its leaves taken in order from the iterator ``leaves``."""
    if isinstance(tree, (tuple, list)):
        return type(tree)(_rebuilt(item, leaves) for item in tree)
    if isinstance(tree, dict):
        return {k: _rebuilt(item, leaves) for k, item in tree.items()}
    return next(leaves)


def jacobian_adjoint(fn, args, kw, param, x, jac, g, seed, hessian):
    """The cotangents of ``fn``'s differentiated inputs for the cotangent ``g`` of ``jac``,
    the Jacobian of ``F`` in its parameter ``param`` (value ``x``; a tuple, list or dict
    of Jacobians for such an output), or its Hessian: the sum over the entries ``e`` of
    ``x`` of the derivative, along ``e``, of ``F``'s gradient seeded with ``g``'s slice at
    ``e`` (of its gradient's derivative along that slice, for a Hessian: a third
    derivative)."""
    leaves = _leaves(jac)
    if (
        np.iscomplexobj(x)
        or any(np.iscomplexobj(j) for j in leaves)
        or not isinstance(x, (float, np.ndarray))
    ):
        raise GradientArgumentError(
            "the derivative of a nested jacobian or hessian is "
            "taken of real arrays and floats only; got "
            f"{type(x).__name__} input, {type(jac).__name__} output"
        )
    g = match_input(g, jac)
    n = int(np.size(x))
    rows = [
        np.reshape(gl, np.shape(jl)[: np.ndim(jl) - np.ndim(x)] + (n,))
        for gl, jl in zip(_leaves(g), leaves)
    ]
    params = list(fn.__code__.co_varnames[: fn.__code__.co_argcount])
    total = None
    for k in range(n):
        if isinstance(x, np.ndarray):
            e = np.zeros(np.shape(x), dtype=np.result_type(x, 1.0))
            e.flat[k] = 1.0
        else:
            e = 1.0
        slices = [
            float(r[..., k])
            if np.ndim(r[..., k]) == 0 and not isinstance(x, np.ndarray)
            else r[..., k]
            for r in rows
        ]
        u = _rebuilt(jac, iter(slices))
        if hessian:
            u = np.reshape(u, np.shape(x)) if isinstance(x, np.ndarray) else float(u)
            t_args = tuple(u if p == param else None for p in params)
            _, dot = _PIPELINE["jvp2"](fn, args, kw, {param: e}, t_args, {}, {})
            part_k = dot[1][1]
        else:
            _, dot = _PIPELINE["jvp"](fn, args, dict(kw, **{seed: u}), {param: e})
            part_k = dot[1]
        total = part_k if total is None else tuple(add(a, b) for a, b in zip(total, part_k))
    return total


HELPERS = (grad_output, grad_adjoint, grad_tangent, jvp_adjoint, jacobian_adjoint)
# their derivatives (third derivatives): forward mode over them is not made (see
# nested.forward_helper)
TANGENT_HELPERS = (grad_adjoint_tangent, grad_tangent_tangent, jvp_adjoint_tangent)
