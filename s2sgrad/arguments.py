"""The arguments of a transformation: which are differentiated (``argnums``, ``argnames``),
what kind of value each is, and whether it can be differentiated.

One set of checks for ``grad``/``value_and_grad`` (:mod:`s2sgrad.api`), the forward-mode
transformations (:mod:`s2sgrad.transforms`) and ahead-of-time files (:mod:`s2sgrad.aot`);
every mistake in them is a :class:`~s2sgrad.errors.GradientArgumentError`.

    >>> spec = argspec((0, 1), ())
    >>> spec.positional, spec.single, wrt_names(spec, ["x", "y"], [], nargs=2, kwargs={})
    ((0, 1), False, ['x', 'y'])
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .distributions import frozen_kind
from .errors import ArgumentTypeError, GradientArgumentError, varargs_error
from .normalize import _INACTIVE_ATTRS, object_kind
from .runtime.values import _dataclass_fields

KINDS = ("array", "scalar", "unknown")


def kind(value) -> str:
    """The kind of an argument value the generated code is specialised for."""
    t = type(value)
    if t is np.ndarray:
        return "array"
    if t is float or t is int or isinstance(value, (np.floating, np.integer)):
        return "scalar"
    if t is dict:
        return ("dict", dict)  # a tree: `for k in p` iterates its keys (see normalize)
    return object_kind(value) or frozen_kind(value) or "unknown"


def check_differentiable(value, what: str, nested: bool = False) -> None:
    """Raise a :class:`GradientArgumentError` naming ``what`` unless ``value`` (a real or
    complex number or array, an array-like, or a list, tuple or dict of them) can be
    differentiated."""
    if isinstance(value, (bool, np.bool_)):
        raise GradientArgumentError(
            f"{what} is a bool, which cannot be differentiated; pass a float"
        )
    if isinstance(value, (int, np.integer)):
        raise GradientArgumentError(
            f"{what} is an integer ({value!r}), which cannot be "
            "differentiated; pass a float, e.g. float(x)"
        )
    if isinstance(value, (float, complex, np.floating, np.complexfloating)):
        return
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return
        raise GradientArgumentError(
            f"{what} is an array of dtype {value.dtype}, which cannot "
            "be differentiated; convert it with x.astype(float)"
        )
    if isinstance(value, (list, tuple)):
        if nested:  # p.size of a top-level NamedTuple is its field
            _check_field_names(value, None, what)
        for i, v in enumerate(value):
            check_differentiable(v, f"{what}[{i}]", True)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            check_differentiable(v, f"{what}[{k!r}]", True)
        return
    names = _dataclass_fields(value)
    if names is not None:
        _check_field_names(value, names, what)  # a dataclass: a tree of its fields, as in JAX
        for k in names:
            check_differentiable(getattr(value, k), f"{what}.{k}", True)
        return
    if value is None:
        raise GradientArgumentError(f"{what} is None, which cannot be differentiated")
    if hasattr(value, "__array__") and hasattr(value, "shape") and hasattr(value, "dtype"):
        return
    raise GradientArgumentError(
        f"{what} has type {type(value).__name__}, which s2sgrad "
        "cannot differentiate; use floats, arrays, or dicts, lists, "
        "tuples, NamedTuples and dataclasses of them"
    )


def _check_field_names(value, names, what: str) -> None:
    """Inside trees, ``x.shape``/``x.size``/... are shape queries: a NamedTuple or dataclass
    field of that name would silently get no derivative, so it is an error."""
    if names is None and isinstance(value, tuple) and hasattr(type(value), "_fields"):
        names = type(value)._fields
    clash = sorted(set(names or ()) & _INACTIVE_ATTRS)
    if clash:
        raise GradientArgumentError(
            f"{what} is a {type(value).__name__} with a field named {clash[0]!r}, which "
            f"s2sgrad reads as an array's shape query (x.{clash[0]}) here; rename the field"
        )


def is_differentiable(value) -> bool:
    try:
        check_differentiable(value, "x")
    except GradientArgumentError:
        return False
    return True


@dataclass(frozen=True)
class ArgSpec:
    """``argnums`` as given (None, an int or a sequence: it decides the shape of the
    result), its indices as a tuple, and ``argnames`` as a tuple."""

    argnums: int | Sequence[int] | None
    positional: tuple
    argnames: tuple

    @property
    def single(self) -> bool:
        """One positional argument, given as an int: the result is not a tuple."""
        return isinstance(self.argnums, int)


def argspec(argnums, argnames) -> ArgSpec:
    """Check and normalise ``argnums``/``argnames``; with neither, the first argument."""
    argnames = (argnames,) if isinstance(argnames, str) else tuple(argnames)
    if argnums is None and not argnames:
        argnums = 0
    if isinstance(argnums, (list, tuple)) and not argnums and not argnames:
        raise GradientArgumentError(
            "no argument to differentiate: argnums is empty and argnames is not given"
        )
    if not (argnums is None or isinstance(argnums, (int, list, tuple))):
        raise GradientArgumentError(
            f"argnums must be an int or a sequence of ints, got {argnums!r}"
        )
    if len(set(argnames)) != len(argnames):
        raise GradientArgumentError(f"duplicate names in argnames {argnames!r}")
    positional = (
        () if argnums is None else ((argnums,) if isinstance(argnums, int) else tuple(argnums))
    )
    for a in positional:
        _check_index(a)
    return ArgSpec(argnums, positional, argnames)


def _check_index(a) -> None:
    if not isinstance(a, int) or isinstance(a, bool):
        raise GradientArgumentError(f"argnums must be ints, got {a!r}")


def positional_indices(
    argnums: Sequence, nargs: int, what: str = "gradient", unique: bool = False
) -> list[int]:
    """The indices (negative ones counted from the end) of ``argnums`` in a call with
    ``nargs`` positional arguments; ``what`` names the derivative in the error."""
    out = []
    for a in argnums:
        _check_index(a)
        i = a + nargs if a < 0 else a
        if not 0 <= i < nargs:
            raise GradientArgumentError(
                f"Can't compute the {what} of argument index {a} because the function "
                f"is called with only {nargs} positional arguments."
            )
        if unique and i in out:
            raise GradientArgumentError(f"duplicate argument index {a} in argnums")
        out.append(i)
    return out


def wrt_names(
    spec: ArgSpec,
    params: list[str],
    kwonly: list[str],
    nargs: int,
    kwargs,
    fname: str = "function",
    fun=None,
) -> list[str]:
    """The differentiated parameters of a call with ``nargs`` positional arguments and the
    keywords ``kwargs``, positional ones first."""
    if not spec.positional and not spec.argnames:
        raise GradientArgumentError("no argument to differentiate: give argnums or argnames")
    names = []
    for a, i in zip(spec.positional, positional_indices(spec.positional, nargs, unique=True)):
        if i >= len(params):
            message = (
                f"argument index {a} is part of *args of {fname}(), which cannot be "
                "differentiated by position"
            )
            if fun is not None:
                raise varargs_error(fun, message)
            raise GradientArgumentError(message)
        names.append(params[i])
    for n in spec.argnames:
        if n not in kwargs:
            raise GradientArgumentError(
                f"Can't compute the gradient of argument {n!r} because the function is "
                "not called with that keyword argument."
            )
        _add_name(names, n, params, kwonly, fname)
    return names


def static_wrt_names(spec: ArgSpec, params: list[str], kwonly: list[str], fname: str) -> list[str]:
    """The differentiated parameters of any call (ahead of time: no call to look at)."""
    names = []
    for a in spec.positional:
        i = a + len(params) if a < 0 else a
        if not 0 <= i < len(params):
            raise GradientArgumentError(
                f"argnums {a} is out of range: {fname}() has {len(params)} positional parameters"
            )
        if params[i] in names:
            raise GradientArgumentError(f"duplicate argument index {a} in argnums")
        names.append(params[i])
    for n in spec.argnames:
        _add_name(names, n, params, kwonly, fname)
    return names


def _add_name(names: list, n: str, params, kwonly, fname: str) -> None:
    if n in names:
        raise GradientArgumentError(f"argument {n!r} is given by both argnums and argnames")
    if n not in params and n not in kwonly:
        raise GradientArgumentError(f"{fname}() has no parameter {n!r}")
    names.append(n)


def check_kinds(kinds: dict, names: list[str]) -> None:
    """``kinds`` (given to :func:`s2sgrad.emit`) maps parameters to one of :data:`KINDS`."""
    for k, v in kinds.items():
        if k not in names:
            raise GradientArgumentError(f"kinds names {k!r}, which is not a parameter")
        if v not in KINDS:
            raise GradientArgumentError(f"kind of {k!r} must be one of {KINDS}, got {v!r}")


def bind(fun, params: list[str], kwonly: list[str], args, kwargs) -> list:
    """The values of ``fun``'s named parameters (positional, then keyword-only) for a call
    ``fun(*args, **kwargs)``, defaults applied; a call that does not fit is a TypeError, as
    calling ``fun`` itself would be."""
    try:
        sig = inspect.signature(fun, follow_wrapped=False)  # a wrapper binds its own
        bound = sig.bind(*args, **kwargs)
    except TypeError as exc:
        raise ArgumentTypeError(f"{fun.__name__}(): {exc}") from None
    bound.apply_defaults()
    return [bound.arguments[p] for p in params] + [bound.arguments[p] for p in kwonly]


def private_copies(args, idx) -> list:
    """``args`` with copies of the differentiated ones (``idx``: arrays, numbers and lists,
    tuples and dicts of them), one object copied once: the call that finds the output's
    shape (jacrev, hessian) runs the function itself, whose ``x op= ...`` would change the
    caller's array (and the point of every later pass), where the derivative rebinds x."""
    copies = copy.deepcopy([args[i] for i in idx])
    out = list(args)
    for i, c in zip(idx, copies):
        out[i] = c
    return out
