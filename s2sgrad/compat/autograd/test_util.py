"""``autograd.test_util``: check s2sgrad's derivatives of a function against finite
differences, with autograd's signatures.

    check_grads(fun, argnum=0, modes=["fwd", "rev"], order=2)(*args, **kwargs)
    combo_check(fun, argnum, modes=..., order=...)(list_of_arg0s, ..., kw=[values])

Each check compares a random projection ``<w, J t>`` (``t`` a random input direction,
``w`` a random output covector) of s2sgrad's derivative with the central difference
``<w, (f(x + eps t / 2) - f(x - eps t / 2)) / eps>``: ``"fwd"`` checks
:func:`s2sgrad.jvp`, ``"rev"`` checks :func:`s2sgrad.vjp` (``<J^T w, t>``).

``order=2`` also checks the derivatives of the first derivatives, as autograd does:
of ``(x, v) -> v^T J(x)`` (the VJP) for ``"rev"`` and of ``(x, v) -> J(x) v`` (the
JVP) for ``"fwd"``, each in the requested modes against finite differences of
s2sgrad's own first derivative. s2sgrad computes those second derivatives by forward
mode over its generated reverse-mode code (``s2sgrad.jvp`` of ``s2sgrad.grad``):
the derivative of the VJP in reverse is the Hessian of ``<v, f(x)>`` applied to the
cotangent, which is what reverse over reverse would give for a twice continuously
differentiable ``f``.

``order=3`` checks the derivatives of those second-level functions too (the VJP of the
VJP, the JVP of the VJP, ...): their derivatives take third derivatives of ``f``,
which s2sgrad computes by forward mode over forward mode over the generated gradient
(:class:`s2sgrad.transforms.Directional`), and second derivatives of ``f`` as vectors
by forward over forward. Orders above 3 are not available (s2sgrad's nested forward
passes stop at third derivatives).
"""

from __future__ import annotations

from itertools import product

import numpy as np

from ...api import grad as _grad
from ...errors import TransformError
from ...parsing import bound_method_function
from ...transforms import Directional
from ...transforms import jvp as _jvp
from ...transforms import vjp as _vjp
from ._where import at_user_line, user_frame
from .vspace import tree_inner

TOL = 1e-6
RTOL = 1e-6
EPS = 1e-6


def scalar_close(a, b) -> bool:
    """``|a - b|`` below ``TOL``, or below ``RTOL`` relative to ``|a + b|``."""
    return abs(a - b) < TOL or abs(a - b) / abs(a + b) < RTOL


# -- values as vectors: trees of floats and arrays -----------------------------------------------


def _randn(x):
    """A standard normal value shaped like ``x`` (complex where ``x`` is complex)."""
    if isinstance(x, (tuple, list)):
        return type(x)(_randn(v) for v in x)
    if isinstance(x, dict):
        return {k: _randn(v) for k, v in x.items()}
    shape = np.shape(x)
    r = np.asarray(np.random.randn(*shape))
    if np.iscomplexobj(x):
        r = r + 1j * np.random.randn(*shape)
    if shape or isinstance(x, np.ndarray):
        return r
    return r[()] if isinstance(x, np.generic) else r[()].item()  # np.float64 stays one


def _inner(a, b) -> float:
    """The real inner product of two trees of the same structure."""
    if isinstance(a, (tuple, list)):
        return sum((_inner(x, y) for x, y in zip(a, b)), 0.0)
    if isinstance(a, dict):
        return sum((_inner(a[k], b[k]) for k in a), 0.0)
    return float(np.real(np.vdot(np.asarray(a), np.asarray(b))))


def _any_complex(x) -> bool:
    """Is a leaf of the tree ``x`` complex?"""
    if isinstance(x, (tuple, list)):
        return any(_any_complex(v) for v in x)
    if isinstance(x, dict):
        return any(_any_complex(v) for v in x.values())
    return np.iscomplexobj(x)


def _conj(x):
    """The complex conjugate over trees (real leaves as they are)."""
    if isinstance(x, (tuple, list)):
        return type(x)(_conj(v) for v in x)
    if isinstance(x, dict):
        return {k: _conj(v) for k, v in x.items()}
    return np.conj(x) if np.iscomplexobj(x) else x


def _axpy(x, t, eps):
    """``x + eps * t`` over trees."""
    if isinstance(x, (tuple, list)):
        return type(x)(_axpy(a, b, eps) for a, b in zip(x, t))
    if isinstance(x, dict):
        return {k: _axpy(x[k], t[k], eps) for k in x}
    return x + eps * t


def _structure(x):
    """Shape and dtype kind of every leaf, to compare a derivative with its argument."""
    if isinstance(x, (tuple, list)):
        return [_structure(v) for v in x]
    if isinstance(x, dict):
        return {k: _structure(v) for k, v in x.items()}
    return (np.shape(x), np.iscomplexobj(x))


def check_equivalent(x, y) -> None:
    """``x`` and ``y`` have the same structure and agree along a random direction."""
    assert _structure(x) == _structure(y), f"structure mismatch:\nx: {x}\ny: {y}"
    v = _randn(x)
    assert scalar_close(_inner(x, v), _inner(y, v)), f"value mismatch:\nx: {x}\ny: {y}"


# -- the function under test and its derivatives by s2sgrad ---------------------------------------


_BOUND: dict = {}  # (fun, keywords) -> its function with them bound: one transform each
_PROJECTED: dict = {}  # (function, dot, argnums) -> gradient of <w, function(*args)>


def _with_keywords(fun, kwargs):
    """``fun`` with the keyword arguments of this check bound, as s2sgrad reads it; the
    same function for the same ``fun`` and keywords, so that s2sgrad transforms it once
    (``combo_check`` runs many checks of one function)."""
    try:
        key = (fun, tuple(sorted(kwargs.items())))
        hash(key)
    except TypeError:  # a list or an array among the keywords
        return _bind(fun, kwargs)
    if key not in _BOUND:
        _remember(_BOUND, key, _bind(fun, dict(kwargs)))
    return _BOUND[key]


def _bind(fun, kwargs):
    def call(*args):
        return fun(*args, **kwargs)

    call.__name__ = str(getattr(fun, "__name__", "call")).replace("<lambda>", "lambda")
    return call


def _projection(out):
    """``dot(w, y) = <w, y>`` for outputs ``y`` shaped like ``out``, as a function s2sgrad
    differentiates; a tuple or list output of arrays is raveled into one vector (and so is
    its covector ``w``, see :func:`_flat`); a dict or a nested tree output is projected by
    the vector space's inner product (:func:`.vspace.tree_inner`, a primitive whose
    derivatives are differentiable again)."""
    if isinstance(out, (tuple, list)):
        if any(isinstance(o, (tuple, list, dict)) for o in out):
            return tree_inner
        return _raveled_complex_dot if any(map(np.iscomplexobj, out)) else _raveled_dot
    if isinstance(out, dict):
        return tree_inner
    if np.iscomplexobj(out):
        return _complex_dot
    return _real_dot


def _real_dot(w, y):
    return np.sum(w * y)


def _complex_dot(w, y):
    return np.real(np.sum(np.conj(w) * y))


def _raveled_dot(w, y):
    return np.sum(w * np.concatenate([np.ravel(v) for v in y]))


def _raveled_complex_dot(w, y):
    return np.real(np.sum(np.conj(w) * np.concatenate([np.ravel(v) for v in y])))


def _flat(w, out):
    """The covector ``w`` as :func:`_projection`'s dot function takes it."""
    if _projection(out) in (_raveled_dot, _raveled_complex_dot):
        return np.concatenate([np.ravel(v) for v in w])
    return w


def _projected_grad(fun, dot, argnums, nargs):
    """The gradient of ``inner(w, *args) = dot(w, fun(*args))`` (``nargs`` arguments) in
    ``argnums``, one for each ``fun``, ``dot``, ``argnums`` and ``nargs``."""
    key = (fun, dot, argnums, nargs)
    gradient = _PROJECTED.get(key)
    if gradient is None:
        inner = _projector(fun, dot, nargs)
        _remember(_PROJECTED, key, _grad(inner, argnums=tuple(i + 1 for i in argnums)))
        gradient = _PROJECTED[key]
    return gradient


def _projector(fun, dot, nargs: int):
    """``inner(w, a, b, ...) = dot(w, fun(a, b, ...))`` with one parameter per argument
    (up to five), so that only the checked arguments are differentiated: an item of
    ``*args`` makes the whole tuple a differentiated value (a dict among them is then not
    known to be one, a singular covariance beside them is differentiated)."""
    if nargs == 1:

        def inner(w, a):
            return dot(w, fun(a))
    elif nargs == 2:

        def inner(w, a, b):
            return dot(w, fun(a, b))
    elif nargs == 3:

        def inner(w, a, b, c):
            return dot(w, fun(a, b, c))
    elif nargs == 4:

        def inner(w, a, b, c, e):
            return dot(w, fun(a, b, c, e))
    elif nargs == 5:

        def inner(w, a, b, c, e, f):
            return dot(w, fun(a, b, c, e, f))
    else:

        def inner(w, *args):
            return dot(w, fun(*args))

    return inner


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= 512:  # a long test session: forget the oldest
        del cache[next(iter(cache))]
    cache[key] = value


class _Problem:
    """``fun(*args)`` differentiated in the arguments ``argnums``; ``x`` is the tuple of
    their values. Derivatives come from s2sgrad, values from calling ``fun``."""

    def __init__(self, fun, args, argnums):
        self.fun, self.args, self.argnums = fun, tuple(args), tuple(argnums)
        self.x = tuple(self.args[i] for i in self.argnums)
        self.out = fun(*self.args)
        self._grad = _projected_grad(fun, _projection(self.out), self.argnums, len(self.args))

    def at(self, x):
        args = list(self.args)
        for i, v in zip(self.argnums, x):
            args[i] = v
        return tuple(args)

    def value(self, x):
        return self.fun(*self.at(x))

    def jvp(self, x, t):
        tangents = [None] * len(self.args)
        for i, v in zip(self.argnums, t):
            tangents[i] = v
        return _jvp(self.fun, self.at(x), tuple(tangents))[1]

    def vjp(self, x, w):
        """``J^H w``: s2sgrad's (and autograd's) VJP takes and gives covectors, the
        conjugates of vectors for complex values. Real ones: the projected gradient, which
        differentiates the checked arguments only (the others may be of any kind)."""
        if not _any_complex((x, w)):
            return tuple(self._grad(_flat(w, self.out), *self.at(x)))
        cts = _vjp(self.fun, self.at(x), _conj(w))[1]
        return tuple(_conj(cts[i]) for i in self.argnums)

    def hvp(self, x, w, t):
        """``d/de grad_x <w, fun(x + e t)>``: the Hessian of ``<w, fun>`` times ``t``."""
        tangents = [None] * (len(self.args) + 1)
        for i, v in zip(self.argnums, t):
            tangents[i + 1] = v
        primals = (_flat(w, self.out), *self.at(x))
        # s2sgrad's gradient of a real function of complex values is the conjugate of the
        # gradient vector (autograd's convention): conjugate its derivative back
        return _conj(tuple(_jvp(self._grad, primals, tuple(tangents))[1]))

    def _placed(self, t, offset=0):
        tangents = [None] * (len(self.args) + offset)
        for i, v in zip(self.argnums, t):
            tangents[i + offset] = v
        return tuple(tangents)

    def d2(self, x, t, s):
        """``D^2 fun(x)[t, s]``, an output vector: forward mode over forward mode."""
        return _jvp(Directional(self.fun, self._placed(t)), self.at(x), self._placed(s))[1]

    def t3(self, x, w, t, s):
        """``D^3 <w, fun>(x)[t, s]``, an input vector: the derivative along ``s`` of
        :meth:`hvp` along ``t`` (forward over forward over the generated gradient)."""
        primals = (_flat(w, self.out), *self.at(x))
        directional = Directional(self._grad, self._placed(t, 1))
        return _conj(tuple(_jvp(directional, primals, self._placed(s, 1))[1]))


class _First:
    """``x -> fun(x)``: value, ``<w, J t>`` and ``J^T w``."""

    def __init__(self, problem):
        self.p = problem
        self.name = getattr(problem.fun, "__name__", "fun")

    def point(self):
        return self.p.x

    def value(self, x):
        return self.p.value(x)

    def jvp_dot(self, x, t, w):
        return _inner(w, self.p.jvp(x, t))

    def jvp_structure(self, x, t):
        return _structure(self.p.jvp(x, t))

    def vjp(self, x, w):
        return self.p.vjp(x, w)


class _OfVJP:
    """``(x, v) -> J(x)^T v``: its derivative along ``(dx, dv)`` is ``H_v dx + J^T dv``
    (``H_v`` the Hessian of ``<v, fun>``); its VJP of ``u`` is ``(H_v u, J u)``."""

    def __init__(self, problem, v):
        self.p, self.v = problem, v
        self.name = f"vjp_{getattr(problem.fun, '__name__', 'fun')}"

    def point(self):
        return (self.p.x, self.v)

    def value(self, xv):
        return self.p.vjp(*xv)

    def jvp_dot(self, xv, t, u):
        (x, v), (dx, dv) = xv, t
        return _inner(u, self.p.hvp(x, v, dx)) + _inner(u, self.p.vjp(x, dv))

    def jvp_structure(self, xv, t):
        return _structure(self.p.x)

    def vjp(self, xv, u):
        x, v = xv
        return (self.p.hvp(x, v, u), self.p.jvp(x, u))


class _OfJVP:
    """``(x, v) -> J(x) v``: ``<w, d(Jv)>`` along ``(dx, dv)`` is
    ``<v, H_w dx> + <w, J dv>``; its VJP of ``w`` is ``(H_w v, J^T w)``."""

    def __init__(self, problem, v):
        self.p, self.v = problem, v
        self.name = f"jvp_{getattr(problem.fun, '__name__', 'fun')}"

    def point(self):
        return (self.p.x, self.v)

    def value(self, xv):
        return self.p.jvp(*xv)

    def jvp_dot(self, xv, t, w):
        (x, v), (dx, dv) = xv, t
        return _inner(v, self.p.hvp(x, w, dx)) + _inner(w, self.p.jvp(x, dv))

    def jvp_structure(self, xv, t):
        return _structure(self.p.out)

    def vjp(self, xv, w):
        x, v = xv
        return (self.p.hvp(x, w, v), self.p.vjp(x, w))


def _add(*trees):
    """The sum of trees of one structure."""
    total = trees[0]
    for t in trees[1:]:
        total = _axpy(total, t, 1.0)
    return total


class _SecondLevel:
    """A JVP (``kind = "jvp"``, along ``(dx, dv)``) or VJP (``"vjp"``, along ``u``) of a
    first-level check function (:class:`_OfJVP`, :class:`_OfVJP`) at its point."""

    kind = ""

    def __init__(self, level, along):
        self.p, (_, self.v), self.along = level.p, level.point(), along
        self.name = f"{self.kind}_{level.name}"

    def point(self):
        return ((self.p.x, self.v), self.along)


class _JVPOfJVP(_SecondLevel):
    """``((x, v), (dx, dv)) -> D^2 f[v, dx] + J dv``, the JVP of :class:`_OfJVP`."""

    kind = "jvp"

    def value(self, z):
        (x, v), (dx, dv) = z
        return _add(self.p.d2(x, v, dx), self.p.jvp(x, dv))

    def jvp_dot(self, z, dz, w):
        ((x, v), (dx, dv)), ((a, b), (c, d)) = z, dz
        p = self.p
        return (
            _inner(a, p.t3(x, w, v, dx))
            + _inner(b, p.hvp(x, w, dx))
            + _inner(v, p.hvp(x, w, c))
            + _inner(dv, p.hvp(x, w, a))
            + _inner(w, p.jvp(x, d))
        )

    def jvp_structure(self, z, dz):
        return _structure(self.p.out)

    def vjp(self, z, w):
        (x, v), (dx, dv) = z
        p = self.p
        return (
            (_add(p.t3(x, w, v, dx), p.hvp(x, w, dv)), p.hvp(x, w, dx)),
            (p.hvp(x, w, v), p.vjp(x, w)),
        )


class _VJPOfJVP(_SecondLevel):
    """``((x, v), u) -> (H_u v, J^T u)``, the VJP of :class:`_OfJVP`."""

    kind = "vjp"

    def value(self, z):
        (x, v), u = z
        return (self.p.hvp(x, u, v), self.p.vjp(x, u))

    def jvp_dot(self, z, dz, w):
        ((x, v), u), ((a, b), c) = z, dz
        (pw, qw), p = w, self.p
        return (
            _inner(pw, p.t3(x, u, v, a))
            + _inner(pw, p.hvp(x, u, b))
            + _inner(pw, p.hvp(x, c, v))
            + _inner(qw, p.hvp(x, u, a))
            + _inner(qw, p.vjp(x, c))
        )

    def jvp_structure(self, z, dz):
        return _structure((self.p.x, self.p.x))

    def vjp(self, z, w):
        (x, v), u = z
        (pw, qw), p = w, self.p
        return (
            (_add(p.t3(x, u, v, pw), p.hvp(x, u, qw)), p.hvp(x, u, pw)),
            _add(p.d2(x, v, pw), p.jvp(x, qw)),
        )


class _JVPOfVJP(_SecondLevel):
    """``((x, v), (dx, dv)) -> H_v dx + J^T dv``, the JVP of :class:`_OfVJP`."""

    kind = "jvp"

    def value(self, z):
        (x, v), (dx, dv) = z
        return _add(self.p.hvp(x, v, dx), self.p.vjp(x, dv))

    def jvp_dot(self, z, dz, u):
        ((x, v), (dx, dv)), ((a, b), (c, d)) = z, dz
        p = self.p
        return (
            _inner(u, p.t3(x, v, dx, a))
            + _inner(u, p.hvp(x, b, dx))
            + _inner(u, p.hvp(x, v, c))
            + _inner(u, p.hvp(x, dv, a))
            + _inner(u, p.vjp(x, d))
        )

    def jvp_structure(self, z, dz):
        return _structure(self.p.x)

    def vjp(self, z, u):
        (x, v), (dx, dv) = z
        p = self.p
        return (
            (_add(p.t3(x, v, dx, u), p.hvp(x, dv, u)), p.d2(x, dx, u)),
            (p.hvp(x, v, u), p.jvp(x, u)),
        )


class _VJPOfVJP(_SecondLevel):
    """``((x, v), u) -> (H_v u, J u)``, the VJP of :class:`_OfVJP`."""

    kind = "vjp"

    def value(self, z):
        (x, v), u = z
        return (self.p.hvp(x, v, u), self.p.jvp(x, u))

    def jvp_dot(self, z, dz, w):
        ((x, v), u), ((a, b), c) = z, dz
        (pw, qw), p = w, self.p
        return (
            _inner(pw, p.t3(x, v, u, a))
            + _inner(pw, p.hvp(x, b, u))
            + _inner(pw, p.hvp(x, v, c))
            + _inner(u, p.hvp(x, qw, a))
            + _inner(qw, p.jvp(x, c))
        )

    def jvp_structure(self, z, dz):
        return _structure((self.p.x, self.p.out))

    def vjp(self, z, w):
        (x, v), u = z
        (pw, qw), p = w, self.p
        return (
            (_add(p.t3(x, v, u, pw), p.hvp(x, qw, u)), p.d2(x, u, pw)),
            _add(p.hvp(x, v, pw), p.vjp(x, qw)),
        )


def _next_level(level, mode: str):
    """The function whose derivatives the next order checks: the JVP (``"fwd"``) or the
    VJP (``"rev"``) of ``level``, at a random tangent or cotangent."""
    if isinstance(level, _First):
        p = level.p
        return _OfJVP(p, _randn(p.x)) if mode == "fwd" else _OfVJP(p, _randn(p.out))
    made = {
        (_OfJVP, "fwd"): _JVPOfJVP,
        (_OfJVP, "rev"): _VJPOfJVP,
        (_OfVJP, "fwd"): _JVPOfVJP,
        (_OfVJP, "rev"): _VJPOfVJP,
    }[type(level), mode]
    point = level.point()
    return made(level, _randn(point) if mode == "fwd" else _randn(level.value(point)))


def _check_all(level, modes, order: int) -> None:
    """autograd's recursion: check ``level`` in each mode, and up to ``order`` the
    derivatives of its JVP (VJP) in every mode."""
    for mode in modes:
        _check(level, mode)
        if order > 1:
            _check_all(_next_level(level, mode), modes, order - 1)


def _numeric_jvp(f, x, t):
    plus = f.value(_axpy(x, t, EPS / 2))
    minus = f.value(_axpy(x, t, -EPS / 2))
    return _axpy(plus, minus, -1.0), 1.0 / EPS


def _check(f, mode: str) -> None:
    x = f.point()
    t = _randn(x)
    w = _randn(f.value(x))
    diff, scale = _numeric_jvp(f, x, t)
    numeric = _inner(w, diff) * scale
    if mode == "fwd":
        assert f.jvp_structure(x, t) == _structure(w), f"JVP of {f.name} has the wrong structure"
        exact = f.jvp_dot(x, t, w)
    else:
        ct = f.vjp(x, w)
        assert _structure(ct) == _structure(x), (
            f"VJP of {f.name} has the structure {_structure(ct)}, not its argument's "
            f"{_structure(x)}"
        )
        exact = _inner(ct, t)
    assert scalar_close(numeric, exact), (
        f"derivative ({'JVP' if mode == 'fwd' else 'VJP'}) check of {f.name} failed with "
        f"arg {x}:\nanalytic: {exact}\nnumeric:  {numeric}"
    )


def check_grads(fun, argnum=0, modes=("fwd", "rev"), order=2):
    """``check_grads(fun, argnum, modes, order)(*args, **kwargs)``: raise AssertionError
    unless s2sgrad's derivatives of ``fun`` in argument(s) ``argnum`` agree with finite
    differences at ``args`` (see the module docstring)."""
    modes = tuple(modes)
    if not all(m in ("fwd", "rev") for m in modes):
        raise ValueError(f"modes are 'fwd' and 'rev', got {modes!r}")
    if order not in (1, 2, 3):
        raise ValueError(f"check_grads checks derivatives of order 1, 2 and 3, not {order}")
    argnums = (argnum,) if isinstance(argnum, int) else tuple(argnum)

    def checker(*args, **kwargs):
        where = user_frame()
        try:
            problem = _Problem(
                _with_keywords(fun, kwargs) if kwargs else _plain(fun), args, argnums
            )
            _check_all(_First(problem), modes, order)
        except TransformError as exc:
            moved = at_user_line(exc, where)
            if moved is exc:
                raise
            raise moved from exc

    checker.__name__ = f"check_grads_of_{getattr(fun, '__name__', 'fun')}"
    return checker


def _plain(fun):
    """``fun`` as s2sgrad differentiates it: itself, or a Python function calling a
    NumPy/SciPy function or another callable without source."""
    import types

    if isinstance(fun, types.FunctionType):
        return fun
    if _user_method(fun):
        # a bound method (vspace(x).add): a function of its arguments, its object fixed
        return bound_method_function(fun)
    return _with_keywords(fun, {})


def _user_method(fun) -> bool:
    """A bound method of a Python class of the program (not of NumPy or SciPy, whose
    methods have rules) taking named arguments only."""
    import inspect
    import types

    if not (isinstance(fun, types.MethodType) and isinstance(fun.__func__, types.FunctionType)):
        return False
    library = (getattr(type(fun.__self__), "__module__", "") or "").split(".")[0]
    flags = fun.__func__.__code__.co_flags
    return library not in ("numpy", "scipy") and not flags & (
        inspect.CO_VARARGS | inspect.CO_VARKEYWORDS
    )


def combo_check(fun, *args, **kwargs):
    """``combo_check(fun, argnum, modes=..., order=...)(arg0s, arg1s, ..., kw=values)``:
    :func:`check_grads` at every combination of the listed arguments and keywords."""

    def run(*arg_lists, **kwarg_lists):
        pairs = [[(k, v) for v in vs] for k, vs in kwarg_lists.items()]
        for chosen in product(*arg_lists):
            for kws in product(*pairs):
                check_grads(fun, *args, **kwargs)(*chosen, **dict(kws))

    return run


__all__ = ["check_grads", "combo_check", "check_equivalent", "scalar_close"]
