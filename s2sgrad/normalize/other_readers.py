"""Who else may read an object a differentiated function follows through the methods
that change it (:mod:`.self_changes`): a local def, another free name holding it, or a
function reachable from the differentiated one reading it through a global of its own.
Each would read the object as it was before the change, so each is an error."""

from __future__ import annotations

import sys
import types

import gast

from ..errors import UnsupportedSyntaxError
from ..parsing import _MISSING
from ..syntax import walk
from .tables import _is_user_class


class _Argument:
    """A parameter of the differentiated function holding an object of ``cls``, known only
    by its class when the function is transformed."""

    def __init__(self, cls, kind=None):
        self.cls = cls
        self.kind = kind


_ARGUMENT = object()


def _class_of_found(value):
    return value.cls if isinstance(value, _Argument) else type(value)


def _is_or_holds(value, found, parts=()) -> bool:
    """Is ``value`` the object ``found`` stands for (or, for an argument, any object of its
    class), or one of the ``parts`` it holds (objects, lists, or for an argument their
    classes), or does it hold one?"""
    if isinstance(found, _Argument):
        classes = (found.cls, *parts)
        match = lambda v: isinstance(v, classes)  # noqa: E731
    else:
        match = lambda v: v is found or any(v is p for p in parts)  # noqa: E731
    return match(value) or _holds(value, match)


def _user_object_call(info, var: str) -> bool:
    value = _free(info, var)
    return value is not _MISSING and _is_user_class(type(value))


def _free(info, var: str):
    return info.closure.get(var, info.globals.get(var, _MISSING))


def _check_single_reference(fn, info, found, parts) -> None:
    """An object followed in a local must be read through that name only: a local def
    or lambda of ``fn`` reading it, or another free name of ``fn`` holding the same
    object, would read it as it was before the calls changed it."""
    for node in walk(gast.Module(body=fn.body, type_ignores=[])):
        if isinstance(node, (gast.FunctionDef, gast.Lambda)):
            inner = {n.id for n in walk(node) if isinstance(n, gast.Name)}
            for var in sorted(inner & set(found)):
                raise info.error(
                    node,
                    f"this function reads {var}, whose attributes the differentiated "
                    "function changes through its methods, so it would read them as they "
                    "were before the change",
                    f"pass {var} to it as an argument",
                    UnsupportedSyntaxError,
                )
    free = {n.id for n in walk(fn) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}
    for other in sorted(free - set(found)):
        value = _free(info, other)
        for var, obj in found.items():
            if value is not _MISSING and _is_or_holds(value, obj, parts[var]):
                raise info.error(
                    fn,
                    f"{other} refers to {var} or to an object it holds (or holds one), whose "
                    "attributes the function "
                    f"changes through {var}'s methods: reads through {other} would see "
                    "them as they were before the change",
                    f"use {var} alone in the function",
                    UnsupportedSyntaxError,
                )


def _check_other_readers(fn, info, found, parts) -> None:
    """No other function the differentiated one may call reads an object ``found`` holds
    through a name of its own (``def predict(X): return MODEL.dec(X)``): it would read
    the object as it was before the calls changed it. The functions searched are those
    the function's free names, and the methods of the classes of the objects met on the
    way, reach through their globals, closures and constants."""
    seen: set = set()
    todo = [v for v in (_free(info, n) for n in _free_names(fn)) if v is not _MISSING]
    for obj in found.values():
        todo.append(_class_of_found(obj))
    while todo and len(seen) < 5000:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, type):
            if _user_value(value):
                todo += [m for m in vars(value).values()]
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, property):
            todo += [f for f in (value.fget, value.fset) if f is not None]
            continue
        if isinstance(value, types.MethodType):
            todo += [value.__func__, type(value.__self__)]
            continue
        if isinstance(value, types.FunctionType):
            if _user_value(value) and value.__code__ is not getattr(info.fun, "__code__", None):
                for name_, held in _reads(value):
                    for var, obj in found.items():
                        if _is_or_holds(held, obj, parts[var]):
                            raise info.error(
                                fn,
                                f"{value.__qualname__}() reads {var} through its own name "
                                f"{name_!r}, and the differentiated function changes "
                                f"{var}'s attributes through its methods: it would read "
                                "them as they were before the change",
                                f"pass {var} to {value.__name__}() as an argument",
                                UnsupportedSyntaxError,
                            )
                    todo.append(held)
            continue
        if _user_value(type(value)):  # an object of a user class: its methods
            todo.append(type(value))


def _free_names(fn) -> set:
    return {n.id for n in walk(fn) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}


def _reads(fn) -> list:
    """``(name, value)`` of the globals and closure variables ``fn``'s code reads (nested
    code included)."""
    out = []
    codes = [fn.__code__]
    while codes:
        code = codes.pop()
        for n in code.co_names:
            if n in fn.__globals__:
                out.append((n, fn.__globals__[n]))
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    for n, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
        try:
            out.append((n, cell.cell_contents))
        except ValueError:  # an empty cell
            pass
    return out


def _user_value(value) -> bool:
    """A function or class of the user's (not of a library or of Python)."""
    module = getattr(value, "__module__", None) or ""
    root = module.split(".")[0]
    return root not in _LIBRARIES and root not in sys.stdlib_module_names


_LIBRARIES = {"numpy", "scipy", "s2sgrad", "autograd", "dask", "cupy", "jax", "torch", "mlx"}


def _holds(value, match, depth: int = 2) -> bool:
    """Does ``value`` (a list, tuple, dict or object of a user class) hold an object for
    which ``match`` is true, up to ``depth`` levels down?"""
    if depth == 0 or isinstance(value, (types.ModuleType, type, types.FunctionType)):
        return False
    if isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, dict):
        items = list(value.values())
    elif hasattr(value, "__dict__") and not isinstance(value, types.MethodType):
        items = list(vars(value).values())
    else:
        return False
    return any(match(v) or _holds(v, match, depth - 1) for v in items[:1000])
