"""The errors for callables that have no Python source to differentiate: C functions and
builtins, partials, classes, instances, and derivatives s2sgrad made (``hessian(f)``)."""

from __future__ import annotations

import functools
import inspect
import os
import types

from . import rules
from .errors import SourceUnavailableError

_OWN_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _own_function(fun) -> bool:
    """Is ``fun`` a function written in s2sgrad's own files outside its autograd layer
    (which builds wrappers of the user's functions)?"""
    code = getattr(fun, "__code__", None)
    filename = code.co_filename if isinstance(fun, types.FunctionType) else ""
    return filename.startswith(_OWN_DIR) and not filename.startswith(_OWN_DIR + "compat")


def _made_name(made) -> str:
    """``hessian(f)`` for the recipe ``(hessian, f, argnums)`` of a derivative."""
    transform, fun = made[0], made[1]
    inner = inspect.getattr_static(fun, "__s2s_made__", None)
    name = _made_name(inner) if inner else getattr(fun, "__name__", type(fun).__name__)
    return f"{getattr(transform, '__name__', 'derivative')}({name})"


def no_source(fun) -> SourceUnavailableError:
    """The error for a callable that has no Python source to differentiate."""
    made = inspect.getattr_static(fun, "__s2s_made__", None)  # see s2sgrad.stored
    if made or _own_function(fun):
        what = _made_name(made) if made else getattr(fun, "__qualname__", repr(fun))
        return SourceUnavailableError(
            f"{what} is a derivative made by s2sgrad, not a function with source of yours, "
            "and s2sgrad cannot differentiate it this way",
            hint="call it inside a function you differentiate (s2sgrad.grad(lambda x: "
            "d(x)) of d = s2sgrad.hessian(f)), or take every derivative from f itself: "
            "grad(grad(f)), jacfwd(grad(f)), hessian(f)",
        )
    name = getattr(fun, "__qualname__", None) or getattr(fun, "__name__", None)
    path = rules.canonical_name(fun)
    if path is not None:
        return SourceUnavailableError(
            f"{path} is a primitive with a built-in derivative rule, not a Python function "
            "to transform",
            hint=f"differentiate a function that calls it, e.g. s2sgrad.grad(lambda x: {path}(x))",
        )
    if isinstance(fun, functools.partial):
        return SourceUnavailableError(
            f"cannot differentiate the functools.partial object {fun!r}: it has no source",
            hint="differentiate a def or lambda that calls the function with the fixed "
            "arguments, e.g. lambda x: f(x, 2.0)",
        )
    if isinstance(fun, classmethod):
        return SourceUnavailableError(
            "cannot differentiate a classmethod object",
            hint="differentiate a plain function that takes the class's arrays as arguments",
        )
    if isinstance(fun, type):
        return SourceUnavailableError(
            f"cannot differentiate the class {fun.__qualname__!r}",
            hint="differentiate a function that computes a float or array",
        )
    if name is None and callable(fun):
        return SourceUnavailableError(
            f"cannot differentiate the callable {type(fun).__qualname__!r} instance: "
            "only Python functions are transformed",
            hint="differentiate a plain function; pass the object's arrays as arguments",
        )
    kind = type(fun).__name__
    module = getattr(fun, "__module__", None) or getattr(type(fun), "__module__", "")
    where = f" from {module.split('.')[0]}" if module and module != "builtins" else ""
    return SourceUnavailableError(
        f"cannot read the source of {name or kind!r} ({kind}{where}): it is not a Python "
        "function (C-implemented or built in), and only Python functions defined in a file "
        "or notebook can be transformed",
        hint="wrap it in a Python function, or register a derivative rule with s2sgrad.custom_vjp",
    )
