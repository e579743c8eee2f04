"""``jvp``, ``vjp``, ``jacfwd``, ``jacrev`` and higher-order ``grad`` (``hessian`` and ``hvp``,
forward over reverse, are in :mod:`s2sgrad.api`).

Forward mode transforms a function's source (:mod:`s2sgrad.forward`). A
gradient made by :func:`s2sgrad.grad` is itself generated Python, so its
forward mode is obtained the same way, by transforming the generated source
again: ``hessian(f) = jacfwd(grad(f))`` is forward over reverse, and
``grad(grad(grad(f)))`` is forward over forward over reverse.

Internally every differentiable callable is *staged* for given arguments: a
list of calls of generated (or user) functions taking the user's positional
arguments plus fixed keywords, and a linear ``combine`` that turns their raw
outputs into the user-visible output. Forward mode of a stage is forward mode
of each call, combined the same way.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import nested, pipeline, stored
from .arguments import (
    check_differentiable,
    is_differentiable,
    kind,
    positional_indices,
    private_copies,
)
from .basis import (
    basis,
    complex_input,
    is_tree,
    same_tree_shape,
    tree_set,
    zero_leaf,
)
from .draws import SameDraws
from .errors import (
    ArgumentTypeError,
    GradientArgumentError,
    TransformError,
    def_error,
    expect_function,
)
from .jacobians import (
    arguments_inside,
    assemble,
    complex_jacobian,
    complex_rows,
    display_name,
    dtype_of,
    from_rows,
    output_leaves,
)
from .runtime import LazySweep, _lazy, _unknown, match_input, part
from .runtime import nested as runtime_nested
from .runtime.places import note_user_line
from .shared_arguments import check_unshared
from .top_specs import top_spec

# -- stages -----------------------------------------------------------------------------------


@dataclass
class _Call:
    """``fn(*pre, *args, **kw)``: ``pre`` the positional arguments a ``functools.partial``
    binds before the user's ``args``, ``kw`` the keywords of the call (the user's, a
    partial's, a derivative's tangents)."""

    fn: Callable
    kw: dict = field(default_factory=dict)
    pre: tuple = ()


def _full(c: _Call, args) -> tuple:
    """The positional arguments of the call ``c`` for the user's ``args``."""
    return (*c.pre, *args) if c.pre else tuple(args)


@dataclass
class _Stage:
    calls: list
    combine: Callable


_instances: dict = {}


def _instance(unit, fn):
    key = (unit.key, id(fn))
    hit = _instances.get(key)
    # the instance holds fn's defaults as they were: f.__defaults__ = (...) makes a new one
    kw = fn.__kwdefaults__
    defaults = (fn.__defaults__, None if kw is None else dict(kw))
    if hit is not None and hit[0] is unit and hit[1] is fn and _same_defaults(hit[3], defaults):
        return hit[2]
    inst = pipeline.make_instance(unit, fn)
    inst.__s2s_unit__ = unit  # what its validity depends on (function_values.valid_while)
    _instances[key] = (unit, fn, inst, defaults)
    return inst


def _same_defaults(old, new) -> bool:
    """The same ``__defaults__`` object and equal (identical values) ``__kwdefaults__``."""
    if old[0] is not new[0] or (old[1] is None) != (new[1] is None):
        return False
    return old[1] is None or (
        old[1].keys() == new[1].keys() and all(old[1][k] is new[1][k] for k in old[1])
    )


def _positional(fn) -> list[str]:
    code = fn.__code__
    return list(code.co_varnames[: code.co_argcount])


def _stage(fun, args, kwargs=None) -> _Stage:
    """The calls that compute ``fun(*args, **kwargs)``; keywords are never differentiated
    (as in JAX's jacfwd and jacrev): they pass through to each call."""
    kwargs = kwargs or {}
    if isinstance(fun, functools.partial):  # its bound arguments are constants
        pre = tuple(fun.args)
        inner = _stage(fun.func, (*pre, *args), {**fun.keywords, **kwargs})
        calls = [_Call(c.fn, c.kw, (*c.pre, *pre)) for c in inner.calls]
        return _Stage(calls, inner.combine)
    if isinstance(fun, (ForwardDerivative, Directional)):
        return fun._stage(args, kwargs)
    if getattr(fun, "__s2s_transformed__", False):  # grad or value_and_grad (s2sgrad.api)
        if fun.backend != "numpy":
            raise def_error(
                fun.fun,
                f"this gradient, made with backend={fun.backend!r}, cannot be differentiated "
                "again (jvp, vjp, hessian, jacfwd, jacrev or grad of it): its fused regions "
                "are compiled kernels, not Python source",
                "differentiate the gradient made with the NumPy backend (no backend=)",
            )
        pre, bound = fun._partial or ((), {})
        calls, combine = fun.staged((*pre, *args), {**bound, **kwargs})
        return _Stage([_Call(fn, kw, tuple(pre)) for fn, kw in calls], combine)
    made = getattr(fun, "__s2s_made__", None)
    if isinstance(made, tuple) and made[0] is jacrev:  # the Jacobian jacfwd computes too
        return ForwardDerivative(made[1], made[2], "jacfwd")._stage(args, kwargs)
    fun = _written_out(fun)
    from .parsing import entry_function

    fn = entry_function(fun)
    if not callable(fn):
        raise TypeError(f"{fun!r} is not callable")
    return _Stage([_Call(fn, dict(kwargs))], lambda raws: raws[0])


def _written_out(fun):
    """A derivative made by autograd's layer (``autograd.grad(f)``) as the function that
    calls it (:func:`s2sgrad.stored.as_function`), which jvp and vjp differentiate as a
    nested derivative; ``fun`` itself otherwise."""
    if stored.is_stored(fun) and not isinstance(fun, types.FunctionType):
        return stored.as_function(fun)
    return fun


def _forward_call(c: _Call, args, wrt_idx):
    """The jvp instance of one staged call, and the tangent keyword of each wrt index
    (an index of the user's ``args``; :func:`_tangent_keywords` takes the call's)."""
    fn = c.fn
    args = _full(c, args)
    wrt_idx = [i + len(c.pre) for i in wrt_idx]
    params = _positional(fn)
    vararg = _vararg(fn)
    if len(args) > len(params) and vararg is None:
        raise ArgumentTypeError(
            f"{fn.__name__}() takes {len(params)} positional arguments but {len(args)} were given"
        )
    wrt = tuple(dict.fromkeys(params[i] if i < len(params) else vararg for i in wrt_idx))
    kinds = {p: kind(v) for p, v in zip(params, args)}
    defaults = fn.__defaults__ or ()
    for p, v in zip(params[len(params) - len(defaults) :], defaults):
        kinds.setdefault(p, kind(v))  # a default the call leaves (an object, a distribution)
    kinds.update({k: kind(v) for k, v in c.kw.items()})
    spec = top_spec(
        fn,
        dict(zip(params, args), **c.kw),
        args[len(params) :],
        [k for k in c.kw if k not in fn.__code__.co_varnames],
        [i - len(params) for i in wrt_idx if i >= len(params)],
    )
    unit = pipeline.build_forward(fn, wrt, kinds, spec=spec)
    # an item of *args: its tangent is that item of the tuple of *args tangents
    return _instance(unit, fn), [
        unit.tangents[params[i]]
        if i < len(params)
        else (unit.tangents[vararg], len(params), i - len(params))
        for i in wrt_idx
    ]


def _forward_of(fn, args, kw, wrt, items=None):
    """The jvp instance of the generated function ``fn`` in the parameters ``wrt`` for
    these arguments (``items``: the items of its ``*args`` differentiated, None for all),
    and its tangent keyword of each of them."""
    params = _positional(fn)
    kinds = {p: kind(v) for p, v in zip(params, args)}
    kinds.update({k: kind(v) for k, v in kw.items()})
    star = args[len(params) :] if items is not None else ()
    spec = top_spec(fn, dict(zip(params, args), **kw), star, (), items)
    unit = pipeline.build_forward(fn, tuple(wrt), kinds, spec=spec)
    return _instance(unit, fn), unit.tangents


def _jvp_of(fn, args, kw, tangents, items=None):
    """``(fn(*args, **kw), its derivative along tangents)`` for a generated function ``fn``
    (``tangents``: parameter name -> tangent; ``items``: see :func:`_forward_of`): a
    nested gradient's derivative (:mod:`s2sgrad.nested`)."""
    inst, names = _forward_of(fn, args, kw, tangents, items)
    return inst(*args, **kw, **{names[p]: t for p, t in tangents.items()})


def _nonzero_tangent(t) -> bool:
    return t is not None and not (type(t) is float and t == 0.0)


def _jvp_of_jvp(fn, args, kw, tangents, t_args, t_kw, t_tangents):
    """The derivative of ``_jvp_of(fn, args, kw, tangents)`` along ``t_args`` (one per
    positional argument), ``t_kw`` and ``t_tangents``: forward mode over its jvp."""
    inst, names = _forward_of(fn, args, kw, tangents)
    params = _positional(fn)
    kw2 = dict(kw, **{names[p]: t for p, t in tangents.items()})
    second = {p: t for p, t in zip(params, t_args) if _nonzero_tangent(t)}
    second.update((k, t) for k, t in t_kw.items() if _nonzero_tangent(t))
    second.update((names[p], t) for p, t in t_tangents.items() if _nonzero_tangent(t))
    if not second:
        raw = inst(*args, **kw2)
        return raw, _zeros_like(raw)
    return _jvp_of(inst, args, kw2, second)


runtime_nested.connect(jvp=_jvp_of, jvp2=_jvp_of_jvp)


def _vararg(fn):
    """The name of ``fn``'s ``*args`` parameter, or None."""
    code = fn.__code__
    if not code.co_flags & inspect.CO_VARARGS:
        return None
    return code.co_varnames[code.co_argcount + code.co_kwonlyargcount]


def _tangent_keywords(kws, tangents, args) -> dict:
    """Tangent keyword arguments of a jvp instance (see :func:`_forward_call`): the
    ``*args`` tangent is a tuple with zeros for the items not differentiated."""
    out = {}
    for kw, t in zip(kws, tangents):
        if isinstance(kw, tuple):
            keyword, first, k = kw
            items = list(out.get(keyword) or [_vararg_zero(a) for a in args[first:]])
            items[k] = t
            out[keyword] = tuple(items)
        else:
            out[kw] = t
    return out


def _vararg_zero(a):
    """The tangent of an item of ``*args`` that is not differentiated: zeros, or None for
    a value that has none (an einsum format string, Ellipsis, a sublist of ints)."""
    return _zeros_like(a) if _numeric(a) else None


def _jvp_stage(stage: _Stage, args, wrt_idx, tangents):
    raws, dots = [], []
    for c in stage.calls:
        inst, kws = _forward_call(c, args, wrt_idx)
        full = _full(c, args)
        try:
            with LazySweep((args, tangents, c.kw)):
                raw, dot = inst(*full, **c.kw, **_tangent_keywords(kws, tangents, full))
        except Exception as exc:
            note_user_line(exc)
            raise
        raws.append(raw)
        dots.append(dot)
    return stage.combine(raws), stage.combine(dots)


def _run(stage: _Stage, args, again=None):
    """Run the calls of ``stage``; ``again()`` before each one after the first."""
    raws = []
    for k, c in enumerate(stage.calls):
        if again is not None and k:
            again()
        try:
            with LazySweep((args, c.kw)):
                raws.append(c.fn(*_full(c, args), **c.kw))
        except Exception as exc:
            note_user_line(exc)
            raise
    return stage.combine(raws)


# -- forward derivatives ------------------------------------------------------------------------


def _check_scalar_output(out, fun):
    if isinstance(out, (tuple, list)):
        out = out[0]
    if np.ndim(out) != 0 or isinstance(out, (bool, np.bool_)):
        raise ValueError(
            f"grad: the differentiated function {display_name(fun)} must "
            f"return a scalar, but it returned a value of shape {np.shape(out)}; use "
            "s2sgrad.jacfwd for non-scalar outputs"
        )


class ForwardDerivative:
    """``grad`` or ``jacfwd`` of any function, gradient included, by forward mode.

    ``grad(g)`` where ``g`` is itself a gradient lands here: each entry of the
    result is one forward-mode pass over ``g``'s generated code.
    """

    def __init__(
        self, fun, argnums: int | Sequence[int] = 0, mode: str = "grad", with_value: bool = False
    ):
        self.fun = fun
        self.argnums = argnums
        self.single = isinstance(argnums, int)
        self.argnums_t = (argnums,) if self.single else tuple(argnums)
        self.mode = mode
        self.with_value = with_value
        try:
            functools.update_wrapper(self, getattr(fun, "fun", fun), updated=())
        except AttributeError:
            pass
        self.__dict__.pop("__wrapped__", None)

    def _indices(self, args):
        return positional_indices(self.argnums_t, len(args), "derivative")

    def _stage(self, args, kwargs=None) -> _Stage:
        inner = _stage(self.fun, args, kwargs)
        idx = self._indices(args)
        calls, groups = [], []
        for i in idx:
            units = list(basis(args[i]))
            if complex_input(args[i]):
                units += [1j * e for e in units]  # the imaginary directions too
            for e in units:
                start = len(calls)
                for c in inner.calls:
                    inst, (kw,) = _forward_call(c, args, (i,))
                    seed = _tangent_keywords([kw], [e], _full(c, args))
                    calls.append(_Call(inst, dict(c.kw, **seed), c.pre))
                groups.append((i, start, len(calls)))
        n_inner = len(inner.calls)
        fun = self.fun

        def combine(raws):
            value = None
            per_arg = {i: [] for i in idx}
            for i, start, stop in groups:
                part = raws[start:stop]
                assert len(part) == n_inner
                if value is None:
                    value = inner.combine([r[0] for r in part])
                    if self.mode == "grad":
                        _check_scalar_output(value, fun)
                dot = inner.combine([r[1] for r in part])
                if self.mode == "grad" and isinstance(dot, (tuple, list)):
                    dot = dot[0]
                per_arg[i].append(dot)
            out_like = (
                value[0] if self.mode == "grad" and isinstance(value, (tuple, list)) else value
            )
            results = [
                complex_jacobian(per_arg[i], args[i], out_like, self.mode, fun)
                if complex_input(args[i])
                else assemble(per_arg[i], args[i], out_like, self.mode)
                for i in idx
            ]
            out = results[0] if self.single else arguments_inside(results, out_like)
            return (value, out) if self.with_value else out

        return _Stage(calls, combine)

    def __call__(self, *args, **kwargs):
        _unshared(self.fun, args, self._indices(args))
        stage = self._stage(args, kwargs)
        if len(stage.calls) == 1:
            return _run(stage, args)
        draws = SameDraws(self.fun, args)
        out = _run(stage, args, draws.again)
        draws.finish()
        return out

    def source_for(self, *args, **kwargs) -> str:
        stage = self._stage(args, kwargs)
        return "\n\n".join(_source_of(c.fn) for c in stage.calls[:1])

    def __repr__(self):
        kind = {"grad": "grad", "jacfwd": "jacfwd"}[self.mode]
        if self.with_value:
            kind = "value_and_grad"
        return f"<s2sgrad.{kind} of {self.fun!r}>"


class Directional:
    """``args -> the derivative of fun(*args) along fixed tangents`` (one forward pass over
    ``fun``, a function or a derivative): :func:`jvp` of it is forward mode over that pass,
    a derivative of one order more (``jvp(Directional(grad(f), (None, t)), x, (None, s))``
    is the third derivative of ``f`` along ``t`` and ``s``, seeded by the gradient).

    ``tangents`` has one entry per positional argument, None for those held fixed, or is a
    function of the arguments that returns them (``elementwise_grad`` of a gradient: ones
    like the argument), so that it nests to any depth without reading source."""

    def __init__(self, fun, tangents):
        self.fun = fun
        self.tangents = tangents if callable(tangents) else tuple(tangents)

    def _stage(self, args, kwargs=None) -> _Stage:
        tangents = tuple(self.tangents(args)) if callable(self.tangents) else self.tangents
        if len(args) != len(tangents):
            raise ValueError(f"Directional: {len(tangents)} tangents for {len(args)} arguments")
        inner = _stage(self.fun, args, kwargs)
        idx = [i for i, t in enumerate(tangents) if t is not None]
        moving = [tangents[i] for i in idx]
        calls = []
        for c in inner.calls:
            inst, kws = _forward_call(c, args, idx)
            seeds = _tangent_keywords(kws, moving, _full(c, args))
            calls.append(_Call(inst, dict(c.kw, **seeds), c.pre))

        def combine(raws):
            out = inner.combine([r[0] for r in raws])
            return _match_tangent(inner.combine([r[1] for r in raws]), out)

        return _Stage(calls, combine)

    def __call__(self, *args, **kwargs):
        return _run(self._stage(args, kwargs), args)

    def __repr__(self):
        return f"<s2sgrad directional derivative of {self.fun!r}>"


def _source_of(fn) -> str:
    for unit, _, inst, _ in _instances.values():
        if inst is fn:
            return unit.all_sources()
    return inspect.getsource(fn)


def higher_grad(fun, argnums=None, argnames=(), with_value=False):
    """``grad``/``value_and_grad`` of an already transformed function (forward mode over its
    generated code). Called by :func:`s2sgrad.grad` when ``fun`` is a gradient."""
    if argnames:
        raise GradientArgumentError(
            "argnames is not supported when differentiating a gradient again; use argnums"
        )
    return ForwardDerivative(fun, 0 if argnums is None else argnums, "grad", with_value)


# -- public transformations -----------------------------------------------------------------------


def as_tuple(x, what):
    if isinstance(x, (tuple, list)):
        return tuple(x)
    raise ArgumentTypeError(f"{what} must be a tuple or list of arguments, got {type(x).__name__}")


def jvp(fun: Callable, primals, tangents):
    """Forward mode: ``(fun(*primals), J @ tangents)``. Keyword arguments that are not
    differentiated: ``functools.partial(fun, scale=2.0)``, as in JAX.

    >>> import numpy as np, s2sgrad
    >>> s2sgrad.jvp(np.sin, ...)  # doctest: +SKIP
    """
    return jvp_kw(fun, primals, tangents, {})


def jvp_kw(fun: Callable, primals, tangents, kwargs: dict):
    """:func:`jvp` of ``fun(*primals, **kwargs)``, the keywords held fixed."""
    expect_function(fun, "jvp", "jvp(f, primals, tangents)")
    primals = as_tuple(primals, "primals")
    tangents = as_tuple(tangents, "tangents")
    if len(primals) != len(tangents):
        raise GradientArgumentError(f"jvp: got {len(primals)} primals but {len(tangents)} tangents")
    idx, tans = [], []
    for i, (p, t) in enumerate(zip(primals, tangents)):
        if t is None:
            continue
        check_differentiable(p, f"primal {i}")
        if isinstance(p, (dict, list, tuple)) or isinstance(t, (dict, list, tuple)):
            if not same_tree_shape(t, p):
                raise GradientArgumentError(
                    f"jvp: tangent {i} does not have the structure and shapes of "
                    f"its primal (a {type(p).__name__})"
                )
        elif np.shape(t) != np.shape(p):
            raise GradientArgumentError(
                f"jvp: tangent {i} has shape {np.shape(t)} but its primal has shape {np.shape(p)}"
            )
        if complex_input(t) and not complex_input(p):
            raise GradientArgumentError(
                f"jvp: tangent {i} is complex but its primal is real; a real "
                "input has real tangents"
            )
        idx.append(i)
        tans.append(t)
    _unshared(fun, primals, idx)
    stage = _stage(fun, primals, kwargs)
    if not idx:
        out = _run(stage, primals)
        return out, _zeros_like(out)
    out, dot = _jvp_stage(stage, primals, idx, tans)
    return out, _match_tangent(dot, out)


def _unshared(fun, args, idx) -> None:
    """:func:`check_unshared` of the user function under ``fun`` (a function, a gradient
    or a forward derivative of one) called with positional ``args``, ``idx`` differentiated."""
    while not isinstance(fun, types.FunctionType) and hasattr(fun, "fun"):
        fun = fun.fun
    if not isinstance(fun, types.FunctionType):
        return
    code = fun.__code__
    params = code.co_varnames[: code.co_argcount]
    named = dict(zip(params, args))
    check_unshared(fun, named, [params[i] for i in idx if i < len(params)])


def _rebuilt(like, items):
    """``items`` as a sequence of the type of ``like`` (a NamedTuple takes them by field)."""
    return type(like)(*items) if hasattr(like, "_fields") else type(like)(items)


def _numeric(x) -> bool:
    """Has ``x`` a tangent (a number, an array, a sequence of them), unlike a string
    option (``np.pad(x, 1, "constant")``, einsum's subscripts) or None given by ``*args``?"""
    if isinstance(x, (tuple, list)):
        return all(_numeric(v) for v in x)
    return not isinstance(
        x, (str, bytes, type(None), slice, type(Ellipsis), np.dtype)
    ) and not callable(x)


def _zeros_like(x):
    if isinstance(x, (tuple, list)):
        return _rebuilt(x, [_zeros_like(v) for v in x])
    if isinstance(x, dict):
        return {k: _zeros_like(v) for k, v in x.items()}
    if isinstance(x, float):
        return 0.0
    return np.zeros_like(x, dtype=np.result_type(x, 1.0))


def _match_tangent(dot, out):
    if isinstance(out, (tuple, list)):
        if not isinstance(dot, (tuple, list)):
            dot = [dot] * len(out)
        return _rebuilt(out, [_match_tangent(d, o) for d, o in zip(dot, out)])
    if isinstance(out, float):
        return float(dot) if np.ndim(dot) == 0 else dot
    if np.shape(dot) != np.shape(out):
        if _lazy(out) and _unknown(np.shape(out)):  # sizes unknown (after boolean indexing)
            if np.ndim(dot) == np.ndim(out):
                return dtype_of(dot, out)
            return dtype_of(np.zeros_like(out, dtype=np.result_type(out, 1.0)) + dot, out)
        return dtype_of(np.zeros(np.shape(out)) + dot, out)
    return dtype_of(dot, out)


def vjp(fun: Callable, primals, cotangents):
    """Reverse mode for any output: ``(fun(*primals), cotangents @ J)``.

    Returns the output and a tuple with one cotangent per primal (None for
    arguments that cannot be differentiated, such as integers). Keyword arguments that
    are not differentiated: ``functools.partial(fun, scale=2.0)``, as in JAX.
    """
    return vjp_kw(fun, primals, cotangents, {})


def _unpartial(fun, kwargs):
    """``(function, arguments bound before the user's, keywords)`` of ``fun`` called with
    ``kwargs``: a ``functools.partial`` (of a partial) unwrapped."""
    pre = ()
    while isinstance(fun, functools.partial):
        pre, kwargs = (*fun.args, *pre), {**fun.keywords, **kwargs}
        fun = fun.func
    return fun, pre, kwargs


def vjp_kw(fun: Callable, primals, cotangents, kwargs: dict):
    """:func:`vjp` of ``fun(*primals, **kwargs)``, the keywords held fixed."""
    expect_function(fun, "vjp", "vjp(f, primals, cotangents)")
    primals = as_tuple(primals, "primals")
    if isinstance(fun, functools.partial):
        fun, pre, kwargs = _unpartial(fun, kwargs)
        value, cts = vjp_kw(fun, (*pre, *primals), cotangents, kwargs)
        return value, cts[len(pre) :]  # a bound argument is a constant: its cotangent unused
    if (
        getattr(fun, "__s2s_transformed__", False)
        and not fun.with_value
        and not fun.argnames
        and fun._partial is None
        and not fun._has_var
    ):
        return _vjp_of_gradient(fun, primals, cotangents, kwargs)
    if not isinstance(fun, ForwardDerivative) and not getattr(fun, "__s2s_transformed__", 0):
        fun = _written_out(fun)
    if isinstance(fun, ForwardDerivative) or getattr(fun, "__s2s_transformed__", False):
        raise TransformError(
            "vjp of this derivative (reverse over reverse) is not supported; "
            "use s2sgrad.jvp or s2sgrad.hvp (forward over reverse)",
            hint="vjp (and jacrev) take gradients made by grad with argnums",
        )
    inst, params, vararg, idx, names, seed = _reverse_instance(fun, primals, kwargs)
    _unshared(fun, primals, idx)
    try:
        with LazySweep((primals, cotangents, kwargs)):
            value, grads = inst(*primals, **kwargs, **{seed: cotangents})
    except Exception as exc:
        note_user_line(exc)
        raise
    by_name = dict(zip(names, grads))
    out = [None] * len(primals)
    for i in idx:
        g = by_name[params[i]] if i < len(params) else part(by_name[vararg], i - len(params))
        out[i] = match_input(g, primals[i])
    return value, tuple(out)


def _reverse_instance(fun, primals, kw, flat=False, moving=None):
    """``(instance, params, names, seed)``: the generated reverse derivative of ``fun`` in
    its differentiable arguments ``primals`` (by position; ``moving``: only those at these
    positions), its positional parameters, the differentiated ones and its seed keyword
    (``flat``: without backward closures, for forward mode over it)."""
    from .parsing import entry_function

    fn = entry_function(fun)
    params = _positional(fn)
    vararg = _vararg(fn)
    if len(primals) > len(params) and vararg is None:
        raise ArgumentTypeError(
            f"{fn.__name__}() takes {len(params)} positional arguments but "
            f"{len(primals)} were given"
        )
    idx = [
        i for i, p in enumerate(primals) if is_differentiable(p) and (moving is None or i in moving)
    ]
    names = tuple(dict.fromkeys(params[i] if i < len(params) else vararg for i in idx))
    kinds = {p: kind(v) for p, v in zip(params, primals)}
    kinds.update({k: kind(v) for k, v in kw.items()})
    spec = top_spec(
        fn,
        dict(zip(params, primals), **kw),
        primals[len(params) :],
        [k for k in kw if k not in fn.__code__.co_varnames],  # items of its **kwargs
        [i - len(params) for i in idx if i >= len(params)],
    )
    unit = pipeline.build_top(fn, names, kinds, recompute=flat, spec=spec)
    return _instance(unit, fn), params, vararg, idx, names, unit.fdef.args.kwonlyargs[-1].id


def _vjp_of_gradient(fun, primals, cotangents, kwargs):
    """``vjp`` of ``grad(f, argnums)``: second derivatives are symmetric, so the cotangents
    of the primals are the derivative of ``f``'s gradient in all of them along the
    cotangents placed on ``argnums`` (forward over reverse, as for ``hvp``)."""
    picked = positional_indices(fun.argnums_t, len(primals), "derivative")
    cts = (cotangents,) if fun.single else as_tuple(cotangents, "cotangents of a gradient")
    if len(cts) != len(picked):
        raise ValueError(
            f"vjp: the gradient has {len(picked)} parts but {len(cts)} cotangents were given"
        )
    idx = [i for i, p in enumerate(primals) if is_differentiable(p)]
    full = type(fun)(fun.fun, tuple(idx), (), False, fun.backend, fun.fuse)
    values, names = fun._bind(primals, kwargs), fun._wrt(primals, kwargs)
    if nested.uses_custom_rule(fun._instance(values, list(names))[0]):
        raise TransformError(
            "vjp of a gradient that uses a custom_vjp rule is not "
            "supported (reverse over reverse through the rule's backward)",
            hint="use s2sgrad.jvp, hvp or hessian (forward over reverse)",
        )
    tangents = [None] * len(primals)
    for i, ct in zip(picked, cts):
        tangents[i] = ct
    value = fun(*primals, **kwargs)
    _, dots = jvp_kw(full, primals, tangents, kwargs)  # a tuple: full's argnums are a tuple
    out = [None] * len(primals)
    for i, d in zip(idx, dots):
        out[i] = d
    return value, tuple(out)


def jacfwd(fun: Callable, argnums: int | Sequence[int] = 0):
    """The Jacobian by forward mode: shape ``out.shape + in.shape`` (one pass per input
    entry); for a tuple ``argnums``, a tuple over those arguments at each output leaf (as
    JAX's ``jacfwd``)."""
    expect_function(fun, "jacfwd")
    out = ForwardDerivative(fun, argnums, "jacfwd")
    out.__s2s_made__ = (jacfwd, fun, argnums)  # see s2sgrad.stored
    return out


def jacrev(fun: Callable, argnums: int | Sequence[int] = 0):
    """The Jacobian by reverse mode: shape ``out.shape + in.shape`` (one pass per output
    entry); for a tuple, list or dict output, the same tree of the Jacobians of its leaves
    (as :func:`jacfwd` and JAX's ``jacrev``), a tuple over the arguments at each leaf for a
    tuple ``argnums``."""
    expect_function(fun, "jacrev")
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)

    @functools.wraps(fun)
    def jac(*args, **kwargs):  # keywords are not differentiated (as JAX's jacrev)
        idx = positional_indices(nums, len(args), "derivative")
        for i in idx:
            check_differentiable(args[i], f"argument {i}")
        draws = SameDraws(fun, args)  # every pass sees the draws of the first
        out = fun(*private_copies(args, idx), **kwargs)
        outs = output_leaves(out, fun)
        zeros = None
        if is_tree(out):  # the seed of a leaf: zeros elsewhere
            zeros = out
            for path, leaf in outs:
                zeros = tree_set(zeros, path, zero_leaf(leaf))
        leaves = []  # (path, leaf, {argument: the rows of the leaf's Jacobian})
        for path, leaf in outs:
            seeds = list(basis(leaf))
            if np.iscomplexobj(leaf):
                seeds += [1j * e for e in seeds]  # the imaginary part of the output too
            rows = {i: [] for i in idx}
            for e in seeds:
                draws.again()
                seed = e if zeros is None else tree_set(zeros, path, e)
                _, cts = vjp_kw(fun, args, seed, kwargs)
                for i in idx:
                    rows[i].append(cts[i])
            leaves.append((path, leaf, rows))
        draws.finish()
        results = []
        for i in idx:
            result = out
            for path, leaf, rows in leaves:
                rs = complex_rows(rows[i], args[i], fun) if np.iscomplexobj(leaf) else rows[i]
                result = tree_set(result, path, from_rows(rs, args[i], leaf))
            results.append(result)
        return results[0] if single else arguments_inside(results, out)

    jac.__dict__.pop("__wrapped__", None)
    jac.__s2s_made__ = (jacrev, fun, argnums)  # see s2sgrad.stored
    return jac


def source(fun: types.FunctionType, wrt: Sequence[str]) -> str:
    """The generated forward-mode (jvp) source of the Python function ``fun`` in its
    parameters ``wrt``, for arguments of unknown kinds (:func:`s2sgrad.source`)."""
    params = _positional(fun)
    code = fun.__code__
    kw = list(code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])
    kinds = {p: "array" for p in params + kw}
    spec = top_spec(fun, {}, (), [])  # no *args items, no **kwargs keys
    return pipeline.build_forward(fun, tuple(wrt), kinds, spec=spec).all_sources()


__all__ = ["jvp", "vjp", "jacfwd", "jacrev", "ForwardDerivative", "higher_grad"]
