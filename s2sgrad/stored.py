"""Derivatives made outside the differentiated function and called in it, as the
transformation written at the call.

    du_dx = elementwise_grad(u, 0)         # module level (a global, a closure variable, an
    d2u_dx2 = elementwise_grad(du_dx, 0)   # attribute, a default, an item of a dict...)

    def loss(params):
        return np.sum(d2u_dx2(XS, params) ** 2)

Each derivative object records how it was made, ``__s2s_made__ = (transform, fun,
argnums)`` (set where :mod:`s2sgrad.api`, :mod:`s2sgrad.transforms` and
:mod:`s2sgrad.compat.autograd` make it). Called inside a differentiated function it is
the function :func:`as_function` makes from that recipe, which has the signature of the
function at the bottom of the chain and whose body is the transformation written out::

    def du_dx(x, params):                    # <s2sgrad: du_dx(x, params), elementwise_grad
        return transform(fun, 0)(x, params)  # in 0 made outside>; transform, fun: cells

named after the name the call reads it by, so the pipeline differentiates it as any
callee with a nested derivative in it (:mod:`s2sgrad.nested`); for a derivative of a
derivative, ``fun`` is the function made for the inner one (``elementwise_grad_of_u``).
The same function serves a derivative found only when the code runs (``DERIVS[k](x)``,
:mod:`s2sgrad.function_values`).
"""

from __future__ import annotations

import contextlib
import inspect
import linecache
import os
import types
import weakref

from .errors import TransformError, caller_place
from .parsing import user_function

_OWN_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_PREFIX = "<s2sgrad: "
_SUFFIX = " made outside>"
_FACTORIES: dict = {}
_MADE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def recipe(obj):
    """``(transform, fun, argnums)`` of a derivative made by s2sgrad (or its autograd
    layer), None when it cannot be written as one transformation call (argnames, a
    partial, another backend), and ``False`` for anything that is not a derivative."""
    # looked up without running the object's own __getattr__ (a proxy answers anything)
    return inspect.getattr_static(obj, "__s2s_made__", False)


def is_stored(obj) -> bool:
    """Is ``obj`` a derivative that records how it was made?"""
    return recipe(obj) is not False


def as_function(obj, called: str | None = None) -> types.FunctionType:
    """The Python function, with source, that computes what the derivative ``obj`` computes
    by the transformation that made it written at its call (see the module docstring);
    ``called``: the name the user's call reads it by (``d2u_dx2``), which it is named
    after (else ``elementwise_grad_of_u``)."""
    try:
        made_for = _MADE.setdefault(obj, {})
    except TypeError:  # not weakly referable: made again
        made_for = {}
    hit = made_for.get(called)
    if hit is not None:
        return hit
    made = recipe(obj)
    if not made:
        raise TransformError(
            f"{_shown(obj)} is a derivative that s2sgrad cannot differentiate again",
            hint="grad, value_and_grad, hessian, jacfwd and jacrev (and autograd's grad, "
            "value_and_grad, elementwise_grad, jacobian and hessian) of a plain function, "
            "with argnums (not argnames) and the NumPy backend, can be differentiated again",
        )
    transform, fun, argnums = made
    if isinstance(argnums, list):  # jacfwd(f, [0, 1])
        argnums = tuple(argnums)
    inner = _inner(fun)
    fname = called if called is not None and called.isidentifier() else None
    fname = fname or f"{transform.__name__}_of_{inner.__name__.strip('<>')}"
    if not fname.isidentifier():
        fname = f"{transform.__name__}_of_fun"
    out = _factory(transform, inner, argnums, fname)(transform, inner)
    out.__defaults__, out.__kwdefaults__ = inner.__defaults__, inner.__kwdefaults__
    out.__s2s_stored__ = True
    made_for[called] = out
    return out


def _inner(fun) -> types.FunctionType:
    """The function a recipe differentiates, as a Python function with source."""
    if is_stored(fun):
        return as_function(fun)
    if not isinstance(fun, types.FunctionType):
        fun = user_function(fun)  # a bound method, a NumPy function: a wrapper with source
    if not isinstance(fun, types.FunctionType):
        raise TransformError(
            f"{_shown(fun)}, differentiated by a derivative called inside the "
            "differentiated function, is not a Python function",
            hint="make the derivative of a def or a lambda that calls it",
        )
    code = fun.__code__
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        raise TransformError(
            f"{_shown(fun)} takes *args or **kwargs, so a derivative of it cannot be "
            "differentiated again",
            hint="give the function named parameters",
        )
    return fun


def _factory(transform, inner, argnums, fname):
    """``make(transform, fun)`` returning the function of the module docstring, one per
    transformation, signature and argnums (its source is registered with linecache)."""
    code = inner.__code__
    names = code.co_varnames
    pos = list(names[: code.co_argcount])
    kwonly = list(names[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])
    if fname in pos + kwonly:  # x = grad(f) called as x(x): not a parameter's name
        fname += "_fn"
    key = (transform.__module__, transform.__name__, fname, tuple(pos), tuple(kwonly), argnums)
    make = _FACTORIES.get(key)
    if make is not None:
        return make
    taken = set(pos + kwonly + [fname])
    t, f = "transform", "fun"
    while t in taken:
        t += "_"
    while f in taken or f == t:
        f += "_"
    params = ", ".join(pos + (["*"] + kwonly if kwonly else []))
    call = ", ".join(pos + [f"{k}={k}" for k in kwonly])
    filename = f"{_PREFIX}{fname}({params}), {transform.__name__} in {argnums!r}{_SUFFIX}"
    src = (
        f"def _make({t}, {f}):\n    def {fname}({params}):\n"
        f"        return {t}({f}, {argnums!r})({call})\n    return {fname}\n"
    )
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    namespace: dict = {}
    exec(compile(src, filename, "exec"), namespace)
    make = _FACTORIES[key] = namespace["_make"]
    return make


def _shown(obj) -> str:
    text = repr(obj).strip("<>")
    return text if len(text) <= 80 else text[:77] + "..."


@contextlib.contextmanager
def at_the_call(info, node, fn=None):
    """An error in a function :func:`as_function` made (a nested hessian in forward mode),
    or one without a place while the callee ``fn`` is such a function (a third derivative),
    raised at the user's call ``node`` of the derivative (``info``: the caller's source)."""
    try:
        yield
    except TransformError as exc:
        filename = exc.filename or ""
        made_here = filename.startswith(_PREFIX) and filename.endswith(_SUFFIX)
        made_here = made_here or filename.startswith(_OWN_DIR)  # custom.caller's wrapper
        if not made_here and not (exc.filename is None and getattr(fn, "__s2s_stored__", False)):
            raise
        raise info.error(node, exc.msg, exc.hint, type(exc)) from None


@contextlib.contextmanager
def at_the_users_call(fun):
    """An error in a function :func:`as_function` made, for a derivative given to a
    transformation (``hessian(hessian(f))``) or called by the function ``fun`` it
    transforms, raised at the user's line that called the transformation (the made
    function's lines are s2sgrad's, not the user's)."""
    try:
        yield
    except TransformError as exc:
        filename = exc.filename or ""
        made_here = filename.startswith(_PREFIX) and filename.endswith(_SUFFIX)
        made_here = made_here or filename.startswith(_OWN_DIR)  # custom.caller's wrapper
        stored = exc.filename is None and getattr(fun, "__s2s_stored__", False)
        place = caller_place() if made_here or stored else None
        if place is None:
            raise
        filename, lineno, code = place
        raise type(exc)(exc.msg, filename, lineno, None, code or None, exc.hint) from None
