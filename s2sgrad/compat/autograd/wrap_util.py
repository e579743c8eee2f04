"""``autograd.wrap_util.unary_to_nary``: turn an operator on functions of one argument
into one on functions of many, with autograd's ``argnum`` convention."""

from __future__ import annotations

import functools


def _substituted(args, argnum, x):
    """``args`` with the differentiated argument(s) ``argnum`` replaced by ``x``."""
    args = list(args)
    if isinstance(argnum, int):
        args[argnum] = x
    else:
        for i, v in zip(argnum, x):
            args[i] = v
    return tuple(args)


def unary_to_nary(unary_operator):
    """``unary_operator(f, x, *op_args, **op_kwargs)`` becomes
    ``operator(fun, argnum=0, *op_args, **op_kwargs)(*args, **kwargs)``, which applies it
    to ``x -> fun(*args with x at argnum, **kwargs)`` at ``x = args[argnum]`` (a tuple of
    arguments for a tuple ``argnum``).

    The one-argument function carries ``_nary = (fun, args, argnum, kwargs)``, so that
    :func:`s2sgrad.compat.autograd.core.make_vjp` and ``make_jvp`` differentiate ``fun``
    itself in those arguments."""

    @functools.wraps(unary_operator)
    def nary_operator(fun, argnum=0, *op_args, **op_kwargs):
        if not isinstance(argnum, (int, tuple, list)):
            raise TypeError(f"argnum must be an int or a tuple of ints, got {argnum!r}")

        @functools.wraps(fun)
        def nary_f(*args, **kwargs):
            def unary_f(x):
                return fun(*_substituted(args, argnum, x), **kwargs)

            unary_f.__name__ = str(getattr(fun, "__name__", "fun")).replace("<lambda>", "lambda")
            unary_f._nary = (fun, args, argnum, kwargs)
            x = args[argnum] if isinstance(argnum, int) else tuple(args[i] for i in argnum)
            return unary_operator(unary_f, x, *op_args, **op_kwargs)

        return nary_f

    return nary_operator


__all__ = ["unary_to_nary"]
