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

import inspect
import warnings
from collections.abc import Callable, MutableMapping

import numpy as np

from ... import rules
from ...custom import _REGISTERED, CustomVJP, register_vjp
from ._flat import flat_bwd, flat_vjp, old_style_maker
from .boxes import Box, isbox, primitive_tracers
from .vspace import VSpace, vspace

_DEPRECATED = (
    "The {} method is deprecated (autograd's update guide: "
    "https://github.com/HIPS/autograd/blob/master/docs/updateguide.md); "
    "use defvjp(fun, *vjp_makers) from s2sgrad.compat.autograd.extend"
)


class Primitive(CustomVJP):
    """A function made with :func:`primitive`: an s2sgrad custom rule that also takes
    autograd's deprecated per-argument methods ``defgrad(maker, argnum)``,
    ``defvjp(vjpfun, argnum)`` (``vjpfun(g, ans, vs, gvs, *args)``) and
    ``defvjp_is_zero(argnums)``; each adds to the makers already given.

    Until rules are given, differentiating it raises NotImplementedError (reverse
    mode once a cotangent reaches an argument, forward mode once a tangent does), as
    in autograd. Once it has a VJP but no JVP, forward mode differentiates its body
    (the function itself, so the tangent is exact), which second derivatives by
    forward over reverse need for its value's tangent; a body s2sgrad cannot read is
    an error at that point."""

    def __init__(self, fun):
        super().__init__(fun)
        self.undefine("vjp")
        self.undefine("jvp")

    def __call__(self, *args, **kwargs):
        if primitive_tracers and any(isbox(a) for a in args):  # in a trace: one node
            return primitive_tracers[0](self, args, kwargs)
        return self.fun(*args, **kwargs)

    def undefine(self, kind: str) -> None:
        """Back to no ``kind`` ("vjp" or "jvp") rule: differentiating raises."""
        if kind == "vjp":
            _set_vjp(self, lambda i, ans, args, kwargs, g: _NoVJP(self.fun, i))
            if self.jvp is None:  # no JVP of its own either: none at all again
                self.undefine("jvp")
        else:
            _set_jvp(self, lambda i, t, ans, args: _no_jvp(self.fun, i))
            self._no_jvp = True

    def defvjp(self, *args, **kwargs):
        """``defvjp(fwd, bwd)`` (s2sgrad's rule), or autograd's deprecated
        ``defvjp(vjpfun, argnum=0)``."""
        if len(args) == 2 and not kwargs and callable(args[1]):
            return CustomVJP.defvjp(self, *args)
        warnings.warn(_DEPRECATED.format("defvjp"), DeprecationWarning, stacklevel=2)
        vjpfun, argnum = _one_maker(args, kwargs, "vjpfun")
        what = str(getattr(self.fun, "__name__", "f")).strip("<>") or "f"
        maker = old_style_maker(vjpfun, _parameters(self.fun), argnum, vspace, what)
        if maker is None:  # *args, defaults or keywords: a closure (no second order)

            def maker(ans, *args, **kwargs):
                def vjp(g):
                    return vjpfun(g, ans, vspace(args[argnum]), vspace(g), *args, **kwargs)

                return vjp

        self._add_makers({argnum: maker})

    def defgrad(self, maker, argnum=0):
        """autograd's deprecated ``defgrad(lambda ans, *args: lambda g: ..., argnum)``."""
        warnings.warn(_DEPRECATED.format("defgrad"), DeprecationWarning, stacklevel=2)
        self._add_makers({argnum: maker})

    def defvjp_is_zero(self, argnums=(0,)):
        """autograd's deprecated declaration that arguments ``argnums`` have zero VJPs."""
        warnings.warn(_DEPRECATED.format("defvjp_is_zero"), DeprecationWarning, stacklevel=2)
        self._add_makers(dict.fromkeys(argnums))

    def _add_makers(self, new):
        makers = dict(primitive_vjps.get(self, {}))
        makers.update(new)
        argnums = sorted(makers)
        defvjp(self, *(makers[i] for i in argnums), argnums=argnums)


def _parameters(fun) -> list[str]:
    """The names of ``fun``'s parameters when all are positional without defaults, else []."""
    try:
        params = inspect.signature(fun).parameters.values()
    except (TypeError, ValueError):
        return []
    plain = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty]
    return plain if len(plain) == len(params) else []


def _one_maker(args, kwargs, what):
    if not 1 <= len(args) <= 2 or set(kwargs) - {"argnum"} or (len(args) == 2 and kwargs):
        raise TypeError(f"defvjp takes ({what}, argnum=0) or (fwd, bwd)")
    argnum = args[1] if len(args) == 2 else kwargs.get("argnum", 0)
    if not isinstance(argnum, int) or isinstance(argnum, bool):
        raise TypeError(f"argnum must be an int, got {argnum!r}")
    return args[0], argnum


def primitive(fun: Callable) -> CustomVJP:
    """Mark ``fun`` as a primitive: s2sgrad uses the rules given with :func:`defvjp` /
    :func:`defjvp` instead of differentiating its body."""
    if isinstance(fun, CustomVJP):
        return fun
    return Primitive(fun)


class _Makers(MutableMapping):
    """autograd's ``primitive_vjps`` / ``primitive_jvps``: the makers given with
    :func:`defvjp` (:func:`defjvp`) for each primitive, as ``{argnum: maker}``.
    Setting an entry defines the rule; removing one removes it (transformations
    made before keep the rule they were made with)."""

    def __init__(self, kind: str):
        self.kind = kind
        self._table: dict = {}

    def __getitem__(self, prim):
        return self._table[prim]

    def __setitem__(self, prim, makers):
        argnums = sorted(makers)
        define = defvjp if self.kind == "vjp" else defjvp
        define(prim, *(makers[i] for i in argnums), argnums=argnums)

    def __delitem__(self, prim):
        del self._table[prim]
        if isinstance(prim, Primitive):
            prim.undefine(self.kind)
        elif self.kind == "jvp":
            prim.jvp = None
        elif isinstance(prim, CustomVJP):
            prim.fwd = prim.bwd = None
        else:
            _REGISTERED.pop(rules.key(prim), None)

    def __iter__(self):
        return iter(self._table)

    def __len__(self):
        return len(self._table)

    def __repr__(self):
        return f"<primitive_{self.kind}s: {len(self)} primitives>"


primitive_vjps = _Makers("vjp")
primitive_jvps = _Makers("jvp")


class _NoVJP:
    """What the backward pass gets for an argument that has no VJP maker: any use of it
    (which happens only when that argument is differentiated) raises."""

    __array_ufunc__ = None

    def __init__(self, fun, argnum, mode="VJP"):
        self.message = (
            f"{mode} of {getattr(fun, '__name__', fun)!r} with respect to "
            f"argument {argnum} is not defined; give a maker for it in "
            f"def{mode.lower()}(...)"
        )

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
        CustomVJP.defvjp(prim, *_vjp_rule(prim.fun, vjp_for))
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
    primitive_vjps._table[prim] = dict(makers)

    def vjp_for(i, ans, args, kwargs, g):
        if i not in makers:
            return _NoVJP(fun, i)
        maker = makers[i]
        if maker is None:
            return None
        return maker(ans, *args, **kwargs)(g)

    if not _set_flat_vjp(prim, fun, makers):
        _set_vjp(prim, vjp_for)
    if getattr(prim, "_no_jvp", False):
        prim.jvp, prim._no_jvp = None, False  # forward mode: its body (see Primitive)


def _set_flat_vjp(prim, fun, makers) -> bool:
    """Give ``prim`` a backward written from its makers' own code when each is of the
    form ``lambda ans, x, ...: lambda g: ...`` (see :mod:`._flat`), so that its
    derivatives differentiate again; False when they are not."""
    if not isinstance(prim, CustomVJP) or not makers or sorted(makers) != list(range(len(makers))):
        return False
    what = str(getattr(fun, "__name__", "f")).strip("<>") or "f"
    vjps = []
    for i in range(len(makers)):
        if makers[i] is None:
            vjps.append(None)
            continue
        flat = flat_vjp(makers[i], f"{what}_{i}")
        if flat is None:
            return False
        vjps.append(flat)
    bwd = flat_bwd(what, vjps)
    if bwd is None:
        return False

    def fwd(*args):
        ans = fun(*args)
        return ans, (ans, args, {})

    fwd.__name__ = f"{what}_fwd"
    CustomVJP.defvjp(prim, fwd, bwd)
    return True


def defvjp_argnum(prim, makevjp: Callable) -> None:
    """``makevjp(argnum, ans, args, kwargs) -> (g -> cotangent)`` for every argument."""
    _set_vjp(prim, lambda i, ans, args, kwargs, g: makevjp(i, ans, args, kwargs)(g))
    if getattr(prim, "_no_jvp", False):
        prim.jvp, prim._no_jvp = None, False


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
            out = (
                np.zeros_like(ans, dtype=np.result_type(ans, 1.0))
                if isinstance(ans, np.ndarray)
                else 0.0
            )
        return ans, out

    jvp.__name__ = f"{getattr(fun, '__name__', 'f')}_jvp"
    prim.defjvp(jvp)
    prim._no_jvp = False


def _no_jvp(fun, i):
    raise NotImplementedError(
        f"JVP of {getattr(fun, '__name__', fun)!r} with respect to "
        f"argument {i} is not defined; give a maker for it in "
        "defjvp(...)"
    )


def defjvp(prim, *jvpmakers, argnums=None) -> None:
    """``defjvp(prim, maker_for_arg0, ...)``; each maker is
    ``lambda g, ans, *args, **kwargs: output tangent``, or None (zero derivative)."""
    argnums = tuple(range(len(jvpmakers))) if argnums is None else tuple(argnums)
    if len(argnums) != len(jvpmakers):
        raise ValueError(f"defjvp got {len(jvpmakers)} JVP makers for argnums {argnums}")
    makers = dict(zip(argnums, jvpmakers))
    if isinstance(prim, CustomVJP):
        primitive_jvps._table[prim] = dict(makers)

    def jvp_for(i, t, ans, args):
        if i not in makers:
            _no_jvp(prim, i)
        maker = makers[i]
        return None if maker is None else maker(t, ans, *args)

    _set_jvp(prim, jvp_for)


def defjvp_argnum(prim, makejvp: Callable) -> None:
    """``makejvp(argnum, g, ans, args, kwargs) -> output tangent`` for every argument."""
    _set_jvp(prim, lambda i, t, ans, args: makejvp(i, t, ans, args, {}))


__all__ = [
    "Box",
    "primitive",
    "defvjp",
    "defjvp",
    "defvjp_argnum",
    "defjvp_argnum",
    "Primitive",
    "primitive_vjps",
    "primitive_jvps",
    "VSpace",
    "vspace",
]


def __getattr__(name: str):
    """``SparseObject`` is autograd's internal sparse cotangent, which s2sgrad never makes
    (``Box``, autograd's traced value, is :mod:`.boxes`'s)."""
    if name == "SparseObject":
        raise ImportError(
            "s2sgrad.compat.autograd.extend has no SparseObject: it is autograd's sparse "
            "cotangent of its own backward pass (made by its getitem rule), and s2sgrad's "
            "derivatives are generated code that never makes one; return the cotangent as an "
            "array from a defvjp maker"
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
