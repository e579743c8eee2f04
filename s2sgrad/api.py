"""Public transformations: ``grad``, ``value_and_grad``, ``source``.

Argument handling follows ``mlx.core.grad``: ``argnums`` (int or sequence,
negative allowed) and ``argnames`` (str or sequence) pick what to
differentiate; the gradient of a tree has the tree's structure.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import types
from collections.abc import Callable, Sequence

import gast
import numpy as np

from . import checks, pipeline, stored
from .arguments import argspec, bind, check_differentiable, kind, private_copies, wrt_names
from .augmented import augmented_params
from .display import SourceDisplay
from .entry import make_entry
from .errors import ArgumentTypeError, GradientArgumentError, TransformError, expect_function
from .normalize import _is_function_value, length_spec
from .parsing import entry_function, parse_function
from .reverse.scalar_output import argument_type
from .runtime import LazySweep, _first_lazy, match_input, part
from .runtime.places import note_user_line
from .shared_arguments import check_unshared
from .syntax import walk
from .top_specs import top_spec
from .transforms import (
    Directional,
    ForwardDerivative,
    as_tuple,
    higher_grad,
    jvp,
)
from .transforms import source as forward_source


def _match(g, x):
    """Fast path of :func:`match_input` for the common float and array inputs."""
    t = type(x)
    if t is float:
        return g if type(g) is float else match_input(g, x)
    if t is np.ndarray and type(g) is np.ndarray and g.shape == x.shape and g.dtype == x.dtype:
        return g
    return match_input(g, x)


_SCALAR_ONLY = "the differentiated function must return a scalar"


def _containers(args) -> tuple:
    """Positions of the list, tuple and dict arguments: a Dask array inside one of them
    takes the slow path, which enters :class:`~s2sgrad.runtime.LazySweep`."""
    return tuple(i for i, a in enumerate(args) if isinstance(a, (list, tuple, dict)))


def _at_return(fun, exc: ValueError) -> ValueError:
    """``exc`` (the output is not a scalar) with the user's return line of ``fun``."""
    try:
        node, info = parse_function(fun)
    except Exception:  # noqa: BLE001 (the original error is the one to report)
        return exc
    returns = [n for n in walk(node) if isinstance(n, gast.Return)]
    where = returns[-1] if returns else node
    lineno = getattr(where, "lineno", None)
    code = (info.line(lineno) or "").strip()
    msg = str(exc)
    head, sep, rest = msg.partition(";")
    out = ValueError(f"{head} (at {info.filename}:{lineno}: {code}){sep}{rest}")
    return out


def _run(fun, fn, args):
    """``fn(*args)``, a non-scalar output's error with the user's return line of ``fun``."""
    try:
        return fn(*args)
    except Exception as exc:
        _failed(fun, exc)
        raise


def _failed(fun, exc):
    """Raise ``exc`` (the generated function's) again with the user's return line of
    ``fun`` where the output is not a scalar; else add the user's line as a note."""
    if isinstance(exc, ValueError) and str(exc).startswith(_SCALAR_ONLY):
        raise _at_return(fun, exc) from None
    note_user_line(exc)


def _fast_entry(tr, unit, fn, checks, wrt, args) -> tuple:
    """What the call's fast path needs of an instance for positional ``args`` of these
    types: a value-free one (``unit.value_free``) holds only for their arrays' dtypes,
    and the differentiated arguments not of a float or complex dtype checked so, and for
    the arrays' numbers of dimensions and axes of length 1 its code relies on
    (``unit.ndims``, ``unit.full``); last, the
    instance's own entry (:mod:`s2sgrad.entry`), where it has no containers (Dask) nor
    such arguments to test."""
    guarded = [i for i, a in enumerate(args) if type(a) is np.ndarray and unit.value_free]
    dtypes = tuple((i, args[i].dtype) for i in guarded)
    ndims = tuple(sorted((tr._params.index(p), n) for p, n in unit.ndims))
    full = tuple(sorted(tr._params.index(p) for p in unit.full))
    unchecked = tuple(i for i in wrt if i not in guarded or args[i].dtype.kind not in "fc")
    lists = _containers(args)
    entry = None
    if not lists and all(type(args[i]) in (float, np.ndarray) for i in unchecked):
        entry = make_entry(
            fn,
            checks,
            tuple(map(type, args)),
            dtypes,
            ndims,
            full,
            wrt,
            tuple(i for i in unchecked if type(args[i]) is np.ndarray),
            tr.single,
            tr.with_value,
            functools.partial(_failed, tr.fun),
            tr._general,
            _small(tr, unit),
        )
    return (fn, checks, wrt, lists, dtypes, ndims, full, unchecked, entry)


def _small(tr, unit):
    """``(instance, variant)`` of the unit's plain variant (:mod:`s2sgrad.plain`), if any."""
    if unit.small is None:
        return None
    plain = dataclasses.replace(unit, code=unit.small.code, small=None)
    return pipeline.make_instance(plain, tr.fun, tr.backend), unit.small


def _fast_call(tr, fast, args):
    """The call of ``tr`` for positional ``args`` by its cached instance ``fast`` (see
    :func:`_fast_entry`), whose checks hold."""
    fn, _, wrt, lists, dtypes, ndims, full, unchecked, _ = fast
    if lists and _first_lazy([args[i] for i in lists]) is not None:
        return tr._call(args, {})  # Dask: slow
    for i, d in dtypes:
        a = args[i].dtype
        if a is not d and a != d:
            return tr._call(args, {})  # another dtype: another instance
    for i, n in ndims:
        if args[i].ndim != n:
            return tr._call(args, {})  # other ndims: another instance
    for i in full:
        if 1 in args[i].shape:
            return tr._call(args, {})  # an axis of length 1: another instance
    for i in unchecked:
        a = args[i]
        t = type(a)
        if not (t is float or (t is np.ndarray and a.dtype.kind in "fc")):
            check_differentiable(a, f"argument {tr._params[i]!r}")
    value, grads = _run(tr.fun, fn, args)
    if tr.single:
        out = _match(grads[0], args[wrt[0]])
    else:
        out = tuple([_match(g, args[i]) for g, i in zip(grads, wrt)])
    return (value, out) if tr.with_value else out


def _call_var(tr, args, kwargs):
    """A function with ``*args`` or ``**kwargs``: its derivative is made for the number of
    ``*args`` items and the ``**kwargs`` keys of this call; an argument index past the
    named parameters, or a name given by ``**kwargs``, picks an item of them."""
    values, star, extra, picks, names = _bind_var(tr, args, kwargs)
    unit, fn, _ = tr._instance(values, names, star, extra, picks=picks)
    try:
        with LazySweep((values, star, extra)):
            value, grads = fn(
                *values[: len(tr._params)],
                *star,
                **dict(zip(tr._kwonly, values[len(tr._params) :])),
                **extra,
            )
    except Exception as exc:
        note_user_line(exc)
        raise
    return _picked(tr, value, grads, picks, names)


class Transformed(SourceDisplay):
    """A function returned by :func:`grad` or :func:`value_and_grad`.

    A call runs what the instance holds in its ``__call__`` slot: the entry of the cached
    instance that ran last (:mod:`s2sgrad.entry`: its checks inline, :meth:`_general` on a
    miss), else :meth:`_dispatch`. A slot rather than a method, so that a call is one
    Python frame: the entry's."""

    __slots__ = ("__call__",)
    __s2s_transformed__ = True

    def __init__(
        self, fun, argnums, argnames, with_value: bool, backend: str = "numpy", fuse: bool = True
    ):
        self._partial = None  # grad(partial(f, *a, **k)): f, called with a and k
        if isinstance(fun, functools.partial) and isinstance(fun.func, types.FunctionType):
            self._partial = (fun.args, fun.keywords)
            fun = fun.func
        fun_unwrapped = entry_function(fun)
        if isinstance(fun_unwrapped, Transformed):
            raise TransformError(
                "differentiating a function returned by grad/value_and_grad with grad is not "
                "supported",
                hint="use s2sgrad.hessian, s2sgrad.hvp or s2sgrad.jvp for second derivatives",
            )
        if not isinstance(fun_unwrapped, types.FunctionType):
            parse_function(fun_unwrapped)  # raises the error that explains why
        self.fun = fun_unwrapped
        self.spec = argspec(argnums, argnames)
        if self._partial is not None:  # argnums count the arguments after the bound ones
            self.spec = dataclasses.replace(
                self.spec,
                positional=tuple(
                    a + len(self._partial[0]) if a >= 0 else a for a in self.spec.positional
                ),
            )
        self.argnames = self.spec.argnames
        self.argnums = self.spec.argnums
        self.single = self.spec.single
        self.argnums_t = self.spec.positional
        self.with_value = with_value
        self.backend = backend
        self.fuse = bool(fuse)
        code = getattr(fun_unwrapped, "__code__", None)
        self._params = list(code.co_varnames[: code.co_argcount]) if code else []
        self._has_var = bool(code and code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS))
        self._kwonly = (
            list(code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])
            if code
            else []
        )
        self._instances: dict = {}
        self._fast_cache: dict = {}
        self._entry = None  # the entry of the instance the fast path ran last
        self.__call__ = self._dispatch
        # x op= ... on a parameter: each call checks that no other argument shares x
        self._augmented = bool(augmented_params(fun_unwrapped))
        self._fast = (
            not self._augmented
            and not self.argnames
            and not self._has_var
            and not self._kwonly
            and all(a >= 0 for a in self.argnums_t)
        )
        functools.update_wrapper(self, fun_unwrapped, updated=())

    # -- argument handling ------------------------------------------------------------------

    def _bind(self, args, kwargs):
        """Parameter values in the generated function's order."""
        if not kwargs and not self._has_var and not self._kwonly and len(args) == len(self._params):
            return list(args)
        return bind(self.fun, self._params, self._kwonly, args, kwargs)

    def _wrt(self, args, kwargs):
        return wrt_names(
            self.spec, self._params, self._kwonly, len(args), kwargs, self.fun.__name__, self.fun
        )

    def _instance(self, values, names, star=(), extra=(), value_free=False, picks=()):
        """``(unit, function, checks)`` for ``values`` (``picks``: :func:`_bind_var`'s);
        ``value_free``: specialised on their types, so that it may skip the value."""
        all_params = self._params + self._kwonly
        kinds = {p: kind(v) for p, v in zip(all_params, values)}
        items = [k for p, k, _ in picks if type(k) is int]  # items of *args, not **kwargs
        spec = top_spec(self.fun, dict(zip(all_params, values)), star, extra, items)
        types = (
            tuple((p, argument_type(v)) for p, v in zip(all_params, values)) if value_free else None
        )
        key = (tuple(names), tuple(kinds.values())) + ((spec,) if spec else ()) + (types,)
        inst = self._instances.get(key)
        if inst is not None and inst[2].valid():
            return inst
        unit = pipeline.build_top(
            self.fun, tuple(names), kinds, self.backend, fuse=self.fuse, spec=spec, types=types
        )
        inst = (
            unit,
            pipeline.make_instance(unit, self.fun, self.backend),
            checks.flat_checks(unit, self.fun),
        )
        self._instances[key] = inst
        return inst

    def _dispatch(self, *args, **kwargs):
        """The call while no entry sits in the ``__call__`` slot, and of a partial's
        gradient (its arguments first, then the last instance's entry)."""
        if self._partial is not None:
            args, kwargs = (*self._partial[0], *args), {**self._partial[1], **kwargs}
            if self._entry is not None:
                return self._entry(*args, **kwargs)  # a miss comes back to _general
        return self._general(args, kwargs)

    def _general(self, args, kwargs):
        """The call that no entry answered: the fast path by argument types (positional
        arguments only, no argnames), else :meth:`_call`, which may make an entry."""
        if not kwargs and self._fast:
            fast = self._fast_cache.get(tuple(map(type, args)))
            if fast is not None and fast[1].valid():
                self._keep(fast[-1])
                return _fast_call(self, fast, args)
        return self._call(args, kwargs)

    def _keep(self, entry):
        """Make ``entry`` (or ``None``) the last instance's: the ``__call__`` slot's callable."""
        self._entry = entry
        if self._partial is None:
            self.__call__ = self._dispatch if entry is None else entry

    def _call(self, args, kwargs):
        if self._has_var:
            return _call_var(self, args, kwargs)
        names = self._wrt(args, kwargs)
        values = self._bind(args, kwargs)
        all_params = self._params + self._kwonly
        index = {p: i for i, p in enumerate(all_params)}
        for n in names:
            check_differentiable(values[index[n]], f"argument {n!r}")
        if self._augmented:
            check_unshared(self.fun, dict(zip(all_params, values)), names)
        unit, fn, checks = self._instance(values, names, value_free=not self.with_value)
        sweep = LazySweep(values)
        if (
            self._fast
            and not kwargs
            and len(args) == len(self._params)
            and not any(map(_is_function_value, values))
            and not any(type(k) is tuple for k in map(kind, values))
            and not length_spec(self.fun, dict(zip(all_params, values)))  # lengths: own units
            and sweep.found is None
        ):  # functions, objects: own units; Dask: LazySweep
            fast = _fast_entry(self, unit, fn, checks, tuple(index[n] for n in names), args)
            self._fast_cache[tuple(map(type, args))] = fast
            self._keep(fast[-1])
        try:
            with sweep:
                value, grads = fn(
                    *values[: len(self._params)],
                    **dict(zip(self._kwonly, values[len(self._params) :])),
                )
        except Exception as exc:
            if isinstance(exc, ValueError) and str(exc).startswith(_SCALAR_ONLY):
                raise _at_return(self.fun, exc) from None
            note_user_line(exc)
            raise
        grads = [match_input(g, values[index[n]]) for g, n in zip(grads, names)]
        n_pos = len(self.argnums_t)
        positional = grads[:n_pos]
        named = dict(zip(self.argnames, grads[n_pos:]))
        if self.argnames:
            pos = (
                None
                if self.argnums is None
                else (positional[0] if self.single else tuple(positional))
            )
            out = (pos, named)
        elif self.single:
            out = positional[0]
        else:
            out = tuple(positional)
        return (value, out) if self.with_value else out

    def staged(self, args, kwargs=None):
        """The gradient for ``args`` and ``kwargs`` (a partial's bound arguments included)
        as calls for forward mode to transform again (:mod:`s2sgrad.transforms`):
        ``([(generated function, keywords)], combine)``, each function called with the
        positional ``args`` and its keywords, ``combine`` turning the calls' raw outputs
        into this function's output."""
        kwargs = kwargs or {}
        if self._has_var:
            return self._staged_var(args, kwargs)
        names = self._wrt(args, kwargs)
        values = self._bind(args, kwargs)
        all_params = self._params + self._kwonly
        index = {p: i for i, p in enumerate(all_params)}
        for n in names:
            check_differentiable(values[index[n]], f"argument {n!r}")
        unit, inst, _ = self._instance(values, names)
        if unit.callees:
            # backward closures cannot be transformed again: use the variant whose callees
            # recompute their forward pass inside flat gradient functions
            kinds = {p: kind(v) for p, v in zip(all_params, values)}
            spec = top_spec(self.fun, dict(zip(all_params, values)))  # as _instance's
            unit = pipeline.build_top(
                self.fun, tuple(names), kinds, self.backend, recompute=True, spec=spec
            )
            inst = self._recompute_instance(unit)
        kw = dict(zip(all_params[len(args) :], values[len(args) :]))  # keywords, defaults
        wrt_values = [values[index[n]] for n in names]

        def combine(raws):
            value, grads = raws[0]
            grads = [match_input(g, v) for g, v in zip(grads, wrt_values)]
            out = grads[0] if self.single else tuple(grads)
            return (value, out) if self.with_value else out

        return [(inst, kw)], combine

    def _recompute_instance(self, unit):
        """The instance of a recompute variant (see :meth:`staged`), one per unit: forward
        mode caches its transform of a generated function by that function object."""
        key = ("recompute", unit.key)
        hit = self._instances.get(key)
        if hit is not None and hit[0] is unit:
            return hit[1]
        inst = pipeline.make_instance(unit, self.fun, self.backend)
        self._instances[key] = (unit, inst)
        return inst

    def _staged_var(self, args, kwargs):
        """:meth:`staged` of a gradient of a function with ``*args``/``**kwargs``."""
        values, star, extra, picks, names = _bind_var(self, args, kwargs)
        unit, inst, _ = self._instance(values, names, star, extra, picks=picks)
        if unit.callees:
            all_params = self._params + self._kwonly
            kinds = {p: kind(v) for p, v in zip(all_params, values)}
            items = [k for p, k, _ in picks if type(k) is int]
            spec = top_spec(self.fun, dict(zip(all_params, values)), star, extra, items)
            unit = pipeline.build_top(
                self.fun, tuple(names), kinds, self.backend, recompute=True, spec=spec
            )
            inst = self._recompute_instance(unit)
        all_params = self._params + self._kwonly
        n = min(len(args), len(self._params))
        kw = dict(zip(all_params[n:], values[n:]), **extra)  # keywords, defaults
        return [(inst, kw)], lambda raws: _picked(self, *raws[0], picks, names)

    # -- reading the derivative -----------------------------------------------------------------

    def source_for(self, *args, **kwargs) -> str:
        if self._has_var and (args or kwargs):
            values, star, extra, picks, names = _bind_var(self, args, kwargs)
            return self._instance(values, names, star, extra, picks=picks)[0].all_sources()
        names = self._wrt(args, kwargs) if (args or kwargs) else self._default_names()
        values = self._bind(args, kwargs) if (args or kwargs) else None
        if values is None:
            kinds = {p: "array" for p in self._params + self._kwonly}
        elif not self.with_value:  # what a call runs, which may skip the value
            return self._instance(values, names, value_free=True)[0].all_sources()
        else:
            kinds = {p: kind(v) for p, v in zip(self._params + self._kwonly, values)}
        spec = top_spec(self.fun, dict(zip(self._params + self._kwonly, values or ())))
        unit = pipeline.build_top(
            self.fun, tuple(names), kinds, self.backend, fuse=self.fuse, spec=spec
        )
        return unit.all_sources()

    def _default_names(self):
        return _default_names(self)

    @property
    def source(self) -> str:
        """The generated derivative source (for arguments of unknown kinds)."""
        return self.source_for()

    def __repr__(self):
        kind = "value_and_grad" if self.with_value else "grad"
        return f"<s2sgrad.{kind} of {self.fun.__qualname__}>"


def _default_names(self: Transformed) -> list[str]:
    """The names ``argnums`` and ``argnames`` pick, without a call (the source of
    ``grad(f)``): an index past the parameters or a name not among them is an error."""
    code = self.fun.__code__
    vararg = bool(code.co_flags & inspect.CO_VARARGS)
    varkw = bool(code.co_flags & inspect.CO_VARKEYWORDS)
    names = []
    for a in self.argnums_t:
        if vararg and (a < 0 or a >= len(self._params)):
            raise GradientArgumentError(
                f"argnums={a} of {self.fun.__name__}() picks an item of its *args, so the "
                "derivative depends on the items a call passes; read it with "
                ".source_for(*example_args)"
            )
        if not -len(self._params) <= a < len(self._params):
            raise GradientArgumentError(
                f"argnums={a} of {self.fun.__name__}() is past its "
                f"{len(self._params)} positional parameters"
            )
        names.append(self._params[a])
    for n in self.argnames:
        if not varkw and n not in self._params + self._kwonly:
            raise GradientArgumentError(
                f"{self.fun.__name__}() has no argument {n!r} to differentiate (argnames)"
            )
        if varkw and n not in self._params + self._kwonly:
            raise GradientArgumentError(
                f"argnames={n!r} of {self.fun.__name__}() picks an item of its **kwargs, so "
                "the derivative depends on the items a call passes; read it with "
                ".source_for(*example_args, **example_kwargs)"
            )
        names.append(n)
    return names


def _bind_var(tr: Transformed, args, kwargs):
    """``(values, star, extra, picks, names)`` of a call of a function with ``*args`` or
    ``**kwargs``: named parameter values, the ``*args`` items, the ``**kwargs`` items,
    the differentiated arguments as ``(parameter, item or None, value)``, and the
    parameters the derivative is taken in."""
    code = tr.fun.__code__
    extra_names = code.co_varnames[len(tr._params) + len(tr._kwonly) :]
    vararg = extra_names[0] if code.co_flags & inspect.CO_VARARGS else None
    varkw = extra_names[1 if vararg else 0] if code.co_flags & inspect.CO_VARKEYWORDS else None
    try:
        bound = inspect.signature(tr.fun, follow_wrapped=False).bind(*args, **kwargs)
    except TypeError as exc:
        raise ArgumentTypeError(f"{tr.fun.__name__}(): {exc}") from None
    bound.apply_defaults()
    all_params = tr._params + tr._kwonly
    values = [bound.arguments[p] for p in all_params]
    star = tuple(bound.arguments.get(vararg, ())) if vararg else ()
    extra = dict(bound.arguments.get(varkw, {})) if varkw else {}
    named = dict(zip(all_params, values))
    picks = []  # (parameter, item of *args/**kwargs or None, value)
    for a in tr.argnums_t:
        i = a + len(args) if a < 0 else a
        if not 0 <= i < len(args):
            raise GradientArgumentError(
                f"Can't compute the gradient of argument index {a} because the function "
                f"is called with only {len(args)} positional arguments."
            )
        if i < len(tr._params):
            picks.append((tr._params[i], None, values[i]))
        else:
            picks.append((vararg, i - len(tr._params), star[i - len(tr._params)]))
    for n in tr.argnames:
        if n in named:
            picks.append((n, None, named[n]))
        elif n in extra:
            picks.append((varkw, n, extra[n]))
        else:
            raise GradientArgumentError(
                f"Can't compute the gradient of argument {n!r} because the function is "
                "not called with that keyword argument."
            )
    if len({(p, k) for p, k, _ in picks}) != len(picks):
        raise GradientArgumentError(
            "an argument is differentiated twice (argnums or argnames repeat)"
        )
    if not picks:
        raise GradientArgumentError("no argument to differentiate: give argnums or argnames")
    names = list(dict.fromkeys(p for p, _, _ in picks))
    for p, k, v in picks:
        check_differentiable(v, f"argument {p!r}" if k is None else f"{p}[{k!r}]")
    # the derivative is taken in all of *args/**kwargs; only the items picked come back
    return values, star, extra, picks, names


def _picked(tr, value, grads, picks, names):
    """The result of ``tr`` for the arguments ``picks`` (see :func:`_bind_var`)
    from the derivative's gradients in ``names``."""
    by_name = dict(zip(names, grads))
    # an item of *args: its part of that tuple's gradient (a zero when none has one)
    out = [match_input(by_name[p] if k is None else part(by_name[p], k), v) for p, k, v in picks]
    n_pos = len(tr.argnums_t)
    if tr.argnames:
        pos = None if tr.argnums is None else (out[0] if tr.single else tuple(out[:n_pos]))
        result = (pos, dict(zip(tr.argnames, out[n_pos:])))
    else:
        result = out[0] if tr.single else tuple(out)
    return (value, result) if tr.with_value else result


def _is_transformed(fun) -> bool:
    return isinstance(fun, (Transformed, ForwardDerivative, Directional))


def _decorator(with_value):
    def transform(
        fun: Callable | None = None,
        argnums: int | Sequence[int] | None = None,
        argnames: str | Sequence[str] = (),
        backend: str = "numpy",
        fuse: bool = True,
    ):
        if fun is None:
            return lambda f: transform(f, argnums, argnames, backend, fuse)
        if backend != "numpy":
            from .backends import namespace_for

            namespace_for(backend)  # an unknown or unavailable backend fails here, not later
        if _is_transformed(fun):
            if backend != "numpy":
                raise TransformError(
                    "a gradient of a gradient runs on the NumPy backend only",
                    hint="drop backend= from the outer grad",
                )
            # a gradient of a gradient: forward mode over the generated code
            out = higher_grad(fun, argnums, argnames, with_value)
            out.__s2s_made__ = (transform, fun, 0 if argnums is None else argnums)
            return out
        if isinstance(fun, int) or (
            isinstance(fun, (list, tuple)) and all(isinstance(a, int) for a in fun)
        ):
            raise ArgumentTypeError(
                "pass argnums by keyword: grad(f, argnums=1) or @grad(argnums=1)"
            )
        expect_function(fun, "value_and_grad" if with_value else "grad")
        out = Transformed(fun, argnums, argnames, with_value, backend=backend, fuse=fuse)
        # how it was made, for a call inside a differentiated function (s2sgrad.stored)
        out.__s2s_made__ = (
            (transform, out.fun, out.argnums_t[0] if out.single else out.argnums_t)
            if not out.argnames and out._partial is None and backend == "numpy"
            else None
        )
        return out

    return transform


grad = _decorator(False)
grad.__name__ = "grad"
grad.__doc__ = """Return a function that computes the gradient of ``fun``.

    >>> import numpy as np, s2sgrad
    >>> def f(x):
    ...     return np.sum(np.sin(x) ** 2)
    >>> s2sgrad.grad(f)(np.zeros(3))
    array([0., 0., 0.])

``argnums`` (int or sequence of ints) and ``argnames`` (str or sequence of
str) pick the arguments, as in ``mlx.core.grad``; with neither, the first
argument. Also usable as ``@grad`` or ``@grad(argnums=1)``.

``backend`` names the array library the derivative runs on (``"numpy"``, ``"cupy"``
or one added with :func:`s2sgrad.backends.register_backend`); the generated source
is the same, only the kernels bound to ``np`` and the runtime helpers change.
A backend that compiles fused kernels (``"cupy"``, ``"numba"``, ``"mlx"``) also gets
the elementwise regions of the derivative as small functions it compiles
(:mod:`s2sgrad.fuse`); ``fuse=False`` turns that off.
"""

value_and_grad = _decorator(True)
value_and_grad.__name__ = "value_and_grad"
value_and_grad.__doc__ = """Like :func:`grad`, but return ``(value, gradients)``.

If ``fun`` returns a tuple or list, its first element is differentiated and
the whole output is returned as the value (auxiliary outputs carry no
gradient).
"""


def hessian(fun: Callable, argnums: int | Sequence[int] = 0):
    """The Hessian of a scalar function: forward mode over its generated gradient (a tuple
    or list whose first item is a scalar is that scalar and auxiliary outputs, as for
    :func:`grad`). Of any other output, an array or a tuple, list or dict of them, the
    same tree of the Hessians of its leaves, ``leaf.shape + in.shape + in.shape``, by
    forward mode over forward mode (as JAX's ``hessian``). For a tuple ``argnums``,
    ``H[i][j]`` (at each output leaf) is the block of ``args[i]`` and ``args[j]``, of shape
    ``args[i].shape + args[j].shape``."""
    expect_function(fun, "hessian")
    inner = grad(fun, argnums=argnums)
    jac = ForwardDerivative(inner, argnums, "jacfwd")
    twice = ForwardDerivative(ForwardDerivative(fun, argnums, "jacfwd"), argnums, "jacfwd")

    @functools.wraps(fun)
    def hess(*args, **kwargs):  # keywords are not differentiated (as JAX's hessian)
        try:
            return jac(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            try:
                nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
                picked = [i % len(args) for i in nums if -len(args) <= i < len(args)]
                out = fun(*private_copies(args, picked), **kwargs)
            except Exception:  # noqa: BLE001 (the gradient's error is the one to report)
                raise exc from None
            if _scalar_or_aux(out):
                raise  # the error of the gradient itself
        return twice(*args, **kwargs)  # one forward pass per pair of input entries

    hess.__dict__.pop("__wrapped__", None)
    hess.__s2s_made__ = (hessian, fun, argnums)  # see s2sgrad.stored
    return hess


def _scalar_or_aux(out) -> bool:
    """Is ``out`` what :func:`grad` differentiates: a scalar, or a tuple or list whose
    first item is one?"""
    if isinstance(out, (tuple, list)) and out:
        out = out[0]
    return not isinstance(out, (tuple, list, dict)) and np.ndim(out) == 0


def hvp(fun: Callable, primals, tangents):
    """Hessian-vector product of a scalar function, by forward mode over its gradient.

    With one primal, returns ``H @ v`` as an array; with several, a tuple (one
    entry per primal, the gradient being taken with respect to all of them).
    """
    expect_function(fun, "hvp", "hvp(f, primals, tangents)")
    primals = as_tuple(primals, "primals")
    argnums = 0 if len(primals) == 1 else tuple(range(len(primals)))
    _, out = jvp(grad(fun, argnums=argnums), primals, tangents)
    return out


def source(
    fun: Callable,
    argnums: int | Sequence[int] | None = None,
    argnames: str | Sequence[str] = (),
    mode: str = "reverse",
) -> str:
    """The generated derivative source of the Python function ``fun`` as a string, in
    ``argnums`` and ``argnames`` (``mode="reverse"``: the gradient, ``"forward"``: the jvp),
    for arguments of unknown kinds. A derivative s2sgrad made (``grad(f)``) is an error:
    its derivative's code depends on the arguments, so read it from a derivative of it
    with ``.source_for(*args)`` (``s2sgrad.jacfwd(s2sgrad.grad(f)).source_for(x)``)."""
    if mode not in ("reverse", "forward"):
        raise GradientArgumentError(f"unknown mode {mode!r}; use 'reverse' or 'forward'")
    if getattr(fun, "__s2s_transformed__", False) or stored.is_stored(fun):
        made = stored.recipe(fun)
        name = f"{made[0].__name__}({made[1].__name__})" if made else repr(fun).strip("<>")
        raise ArgumentTypeError(
            f"s2sgrad.source reads a Python function, and {name} is a derivative made by "
            "s2sgrad; the code of its derivative depends on the arguments it is called "
            "with: read it with s2sgrad.jacfwd(d).source_for(*args) (or "
            "s2sgrad.grad(d).source_for(*args)) of the derivative d"
        )
    tr = Transformed(fun, argnums, argnames, False)
    if mode == "forward":
        return forward_source(tr.fun, tr._default_names())
    return tr.source


def stages(
    fun: Callable,
    *args,
    argnums: int | Sequence[int] | None = None,
    argnames: str | Sequence[str] = (),
    mode: str = "reverse",
    **kwargs,
) -> dict[str, str]:
    """The output of each pipeline stage of ``grad(fun, argnums, argnames)``
    (``mode="reverse"``) or of its jvp (``mode="forward"``) for the arguments
    ``args``/``kwargs``, as text (:func:`s2sgrad.pipeline.stages`): ``parse``, ``exits``
    (early ``return``/``break``/``continue`` lowered to flags), ``normalize`` (one
    operation per statement), ``activity`` (the normal form with each active name listed),
    ``validate`` (the names changed in place), then in reverse mode ``reverse`` (the
    derivative before the clean-up passes), ``optimize`` (after them) and ``saves`` (what
    the adjoint sweep reads and which overwritten values it saves), in forward mode
    ``forward`` (the tangent statements interleaved with the primal), and ``emit`` (the
    final derivative, as ``source_for`` or ``source(..., mode="forward")`` shows it).

        >>> list(stages(lambda x: x * x, 2.0))
        ['parse', 'exits', 'normalize', 'activity', 'validate', 'reverse', 'optimize', \
'saves', 'emit']
        >>> list(stages(lambda x: x * x, 2.0, mode="forward"))
        ['parse', 'exits', 'normalize', 'activity', 'validate', 'forward', 'emit']
    """
    tr = Transformed(fun, argnums, argnames, False)
    names = tr._wrt(args, kwargs)
    values = tr._bind(args, kwargs)
    params = tr._params + tr._kwonly
    kinds = {p: kind(v) for p, v in zip(params, values)}
    types = tuple((p, argument_type(v)) for p, v in zip(params, values))  # as grad's call
    return pipeline.stages(tr.fun, tuple(names), kinds, tr.backend, tr.fuse, mode, types)
