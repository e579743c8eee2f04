"""``autograd.extend``: primitives with hand-written derivatives, as s2sgrad custom rules.

    @primitive
    def logsumexp(x):
        m = np.max(x)
        return m + np.log(np.sum(np.exp(x - m)))

    defvjp(logsumexp, lambda ans, x: lambda g: g * np.exp(x - ans))

A VJP maker takes ``(ans, *args, **kwargs)`` and returns ``g -> cotangent`` for one
argument; a JVP maker takes ``(g, ans, *args, **kwargs)`` and returns the output
tangent caused by that argument's tangent ``g``. ``None`` declares an argument
non-differentiable (its derivative is zero), as in autograd.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ...custom import CustomVJP, custom_vjp, register_vjp


def primitive(fun: Callable) -> CustomVJP:
    """Mark ``fun`` as a primitive: s2sgrad uses the rules given with :func:`defvjp` /
    :func:`defjvp` instead of differentiating its body."""
    if isinstance(fun, CustomVJP):
        return fun
    return custom_vjp(fun)


class _NoVJP:
    """What the backward pass gets for an argument that has no VJP maker: any use of it
    (which happens only when that argument is differentiated) raises."""

    __array_ufunc__ = None

    def __init__(self, fun, argnum, mode="VJP"):
        self.message = (f"{mode} of {getattr(fun, '__name__', fun)!r} with respect to "
                        f"argument {argnum} is not defined; give a maker for it in "
                        f"def{mode.lower()}(...)")

    def _fail(self, *args, **kwargs):
        raise NotImplementedError(self.message)

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = _fail
    __rtruediv__ = __neg__ = __array__ = __float__ = __matmul__ = __rmatmul__ = _fail
    __getitem__ = __iter__ = __len__ = _fail

    def __repr__(self):
        return f"<no VJP: {self.message}>"


def _vjp_rule(fun, vjp_for: Callable):
    """fwd/bwd for s2sgrad from ``vjp_for(argnum, ans, args, kwargs) -> (g -> cotangent)``."""

    def fwd(*args, **kwargs):
        ans = fun(*args, **kwargs)
        return ans, (ans, args, kwargs)

    def bwd(residuals, g):
        ans, args, kwargs = residuals
        return tuple(vjp_for(i, ans, args, kwargs, g) for i in range(len(args)))

    fwd.__name__ = f"{getattr(fun, '__name__', 'f')}_fwd"
    bwd.__name__ = f"{getattr(fun, '__name__', 'f')}_bwd"
    return fwd, bwd


def _set_vjp(prim, vjp_for):
    if isinstance(prim, CustomVJP):
        prim.defvjp(*_vjp_rule(prim.fun, vjp_for))
    else:
        register_vjp(prim, *_vjp_rule(prim, vjp_for))


def defvjp(prim, *vjpmakers, argnums=None) -> None:
    """``defvjp(prim, maker_for_arg0, maker_for_arg1, ...)``; each maker is
    ``lambda ans, *args, **kwargs: lambda g: cotangent``, or None (zero derivative)."""
    argnums = tuple(range(len(vjpmakers))) if argnums is None else tuple(argnums)
    if len(argnums) != len(vjpmakers):
        raise ValueError(f"defvjp got {len(vjpmakers)} VJP makers for argnums {argnums}")
    makers = dict(zip(argnums, vjpmakers))
    fun = getattr(prim, "fun", prim)

    def vjp_for(i, ans, args, kwargs, g):
        if i not in makers:
            return _NoVJP(fun, i)
        maker = makers[i]
        if maker is None:
            return None
        return maker(ans, *args, **kwargs)(g)

    _set_vjp(prim, vjp_for)


def defvjp_argnum(prim, makevjp: Callable) -> None:
    """``makevjp(argnum, ans, args, kwargs) -> (g -> cotangent)`` for every argument."""
    _set_vjp(prim, lambda i, ans, args, kwargs, g: makevjp(i, ans, args, kwargs)(g))


def _zero(t) -> bool:
    return t is None or not np.any(t)


def _set_jvp(prim, jvp_for):
    if not isinstance(prim, CustomVJP):
        raise TypeError(f"defjvp needs a function made with @primitive, got {prim!r}")
    fun = prim.fun

    def jvp(primals, tangents):
        ans = fun(*primals)
        out = None
        for i, t in enumerate(tangents):
            if _zero(t):
                continue  # a JVP is linear in its tangent: a zero tangent adds nothing
            part = jvp_for(i, t, ans, primals)
            if part is not None:
                out = part if out is None else out + part
        if out is None:
            out = np.zeros_like(ans, dtype=np.result_type(ans, 1.0)) \
                if isinstance(ans, np.ndarray) else 0.0
        return ans, out

    jvp.__name__ = f"{getattr(fun, '__name__', 'f')}_jvp"
    prim.defjvp(jvp)


def defjvp(prim, *jvpmakers, argnums=None) -> None:
    """``defjvp(prim, maker_for_arg0, ...)``; each maker is
    ``lambda g, ans, *args, **kwargs: output tangent``, or None (zero derivative)."""
    argnums = tuple(range(len(jvpmakers))) if argnums is None else tuple(argnums)
    if len(argnums) != len(jvpmakers):
        raise ValueError(f"defjvp got {len(jvpmakers)} JVP makers for argnums {argnums}")
    makers = dict(zip(argnums, jvpmakers))
    name = getattr(prim, "__name__", prim)

    def jvp_for(i, t, ans, args):
        if i not in makers:
            raise NotImplementedError(f"JVP of {name!r} with respect to argument {i} is not "
                                      "defined; give a maker for it in defjvp(...)")
        maker = makers[i]
        return None if maker is None else maker(t, ans, *args)

    _set_jvp(prim, jvp_for)


def defjvp_argnum(prim, makejvp: Callable) -> None:
    """``makejvp(argnum, g, ans, args, kwargs) -> output tangent`` for every argument."""
    _set_jvp(prim, lambda i, t, ans, args: makejvp(i, t, ans, args, {}))


__all__ = ["primitive", "defvjp", "defjvp", "defvjp_argnum", "defjvp_argnum"]
