"""The ``spec`` of a top-level call: what a call of the user's function fixes that its
transformation depends on (function values, ``*args`` lengths, ``**kwargs`` keys)."""

from __future__ import annotations

import inspect

from .items import varargs_entry


def top_spec(fun, values: dict, star=(), extra=(), items=None) -> tuple:
    """The ``spec`` (see :func:`s2sgrad.normalize.normalize`) of a top-level call of
    ``fun``: parameter values that are functions, the number of ``*args`` items (``items``:
    the positions of those differentiated, None for all) and the ``**kwargs`` keys."""
    from .normalize import length_spec, type_spec, value_spec

    code = fun.__code__
    n = code.co_argcount
    params = code.co_varnames[: n + code.co_kwonlyargcount]
    defaults = dict(zip(params[n - len(fun.__defaults__ or ()) : n], fun.__defaults__ or ()))
    defaults.update(fun.__kwdefaults__ or {})
    values = dict(defaults, **values)  # a parameter not passed holds its default
    spec = []
    if code.co_flags & inspect.CO_VARARGS:
        spec.append(("varargs", len(star)))
        nones = tuple(i for i, v in enumerate(star) if v is None)
        if nones:  # np.sum(x, *args) with args = (None, None, None): out=None is no write
            spec.append(("varargs_none", nones))
        if items is not None:
            spec += varargs_entry(len(star), items)
    if code.co_flags & inspect.CO_VARKEYWORDS:
        spec.append(("varkw", tuple(sorted(extra))))
    spec += value_spec(values)  # functions and modules the parameters hold
    return tuple(spec + type_spec(fun, values) + length_spec(fun, values))  # folds, stars
