"""autograd's vector spaces: ``vspace(value)`` describes the space a value lives in
(an array's shape and dtype, a container's structure) and does vector arithmetic on
its members, for the derivative checks of :mod:`.test_util` and autograd's
``VSpace`` API.

    >>> import numpy as np
    >>> vs = vspace({"a": 1.0, "b": np.zeros(2)})
    >>> vs.size, vs.add({"a": 1.0, "b": np.ones(2)}, vs.ones())["b"]
    (3, array([2., 2.]))

The arithmetic (``add``, ``scalar_mul``, ``inner_prod``, ``covector``) is written as
plain functions of the values, so s2sgrad differentiates it like any other code.
Complex arrays are real vector spaces of twice their size, with the real inner
product ``Re <x, y>``; their covectors are conjugates, as in autograd.
"""

from __future__ import annotations

import numpy as np

from ... import rules
from ...custom import custom_vjp

_REAL_TYPES = (float, np.floating)
_COMPLEX_TYPES = (complex, np.complexfloating)


def _map(fun, *trees):
    """``fun`` applied leaf by leaf to trees of one structure (plain Python: the
    operations below are primitives with their own derivative rules)."""
    first = trees[0]
    if isinstance(first, dict):
        return {k: _map(fun, *(t[k] for t in trees)) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(_map(fun, *items) for items in zip(*trees))
    return fun(*trees)


def _leaves(x):
    if isinstance(x, dict):
        return [leaf for k in x for leaf in _leaves(x[k])]
    if isinstance(x, (list, tuple)):
        return [leaf for v in x for leaf in _leaves(v)]
    return [x]


@custom_vjp
def tree_add(x, y):
    """``x + y`` leaf by leaf."""
    return _map(lambda a, b: a + b, x, y)


@custom_vjp
def tree_scale(x, a):
    """``x * a`` for a scalar ``a``, leaf by leaf."""
    return _map(lambda v: v * a, x)


@custom_vjp
def tree_inner(x, y):
    """The real inner product ``Re <x, y> = sum(Re(conj(x) * y))`` over the leaves."""
    return float(sum(np.real(np.sum(np.conj(a) * b)) for a, b in zip(_leaves(x), _leaves(y))))


@custom_vjp
def tree_conj(x):
    """The complex conjugate leaf by leaf (real leaves as they are)."""
    return _map(lambda v: np.conj(v) if np.iscomplexobj(v) else v, x)


# Their derivatives are written with the same four operations, so that s2sgrad
# differentiates the derivatives again (second and higher orders).


def _add_fwd(x, y):
    return tree_add(x, y), None


def _add_bwd(residuals, g):
    return g, g


def _sum(out, parts):
    """The sum of the tangent ``parts`` that are not None (zeros shaped like ``out``
    when all are: no input moves)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return _map(lambda v: np.zeros_like(v, dtype=np.result_type(v, 1.0)), out)
    total = parts[0]
    for p in parts[1:]:
        total = tree_add(total, p)
    return total


def _add_jvp(primals, tangents):
    x, y = primals
    out = tree_add(x, y)
    return out, _sum(out, tangents)


def _scale_fwd(x, a):
    return tree_scale(x, a), (x, a)


def _scale_bwd(residuals, g):
    x, a = residuals
    return tree_scale(g, a), tree_inner(g, tree_conj(x))


def _scale_jvp(primals, tangents):
    x, a = primals
    dx, da = tangents
    out = tree_scale(x, a)
    return out, _sum(
        out, [None if dx is None else tree_scale(dx, a), None if da is None else tree_scale(x, da)]
    )


def _inner_fwd(x, y):
    return tree_inner(x, y), (x, y)


def _inner_bwd(residuals, g):
    x, y = residuals
    return tree_conj(tree_scale(y, g)), tree_conj(tree_scale(x, g))


def _inner_jvp(primals, tangents):
    x, y = primals
    dx, dy = tangents
    out = tree_inner(x, y)
    return out, _sum(
        out, [None if dx is None else tree_inner(dx, y), None if dy is None else tree_inner(x, dy)]
    )


def _conj_fwd(x):
    return tree_conj(x), None


def _conj_bwd(residuals, g):
    return (tree_conj(g),)


def _conj_jvp(primals, tangents):
    out = tree_conj(primals[0])
    return out, _sum(out, [None if tangents[0] is None else tree_conj(tangents[0])])


tree_add.defvjp(_add_fwd, _add_bwd).defjvp(_add_jvp)
tree_scale.defvjp(_scale_fwd, _scale_bwd).defjvp(_scale_jvp)
tree_inner.defvjp(_inner_fwd, _inner_bwd).defjvp(_inner_jvp)
tree_conj.defvjp(_conj_fwd, _conj_bwd).defjvp(_conj_jvp)


class VSpace:
    """The vector space of a value. Subclasses give ``zeros``, ``ones``, ``randn``,
    ``standard_basis`` and ``size``; two spaces are equal when they hold the same
    values (same type, shapes and dtypes)."""

    iscomplex = False
    mappings: dict = {}

    def __init_subclass__(cls, **kwargs):
        """A subclass written for autograd gives ``_add``, ``_scalar_mul`` and
        ``_inner_prod``: they are its ``add``, ``scalar_mul`` and ``inner_prod``."""
        super().__init_subclass__(**kwargs)
        for own, public in (("_add", "add"), ("_scalar_mul", "scalar_mul")):
            if own in cls.__dict__ and public not in cls.__dict__:
                setattr(cls, public, cls.__dict__[own])
        if "_inner_prod" in cls.__dict__ and "inner_prod" not in cls.__dict__:
            cls.inner_prod = cls.__dict__["_inner_prod"]

    @classmethod
    def register(cls, value_type, vspace_maker=None):
        """``vspace(x)`` of a ``value_type`` is ``vspace_maker(x)`` (default ``cls(x)``)."""
        VSpace.mappings[value_type] = vspace_maker or cls

    def add(self, x, y):
        return tree_add(x, y)

    def mut_add(self, x_prev, x_new):
        """``x_prev + x_new`` (``x_new`` itself when ``x_prev`` is None)."""
        return x_new if x_prev is None else tree_add(x_prev, x_new)

    def scalar_mul(self, x, a):
        return tree_scale(x, a)

    def inner_prod(self, x, y):
        """The real inner product ``Re <x, y>``."""
        return tree_inner(x, y)

    def covector(self, x):
        """The covector of ``x`` (its conjugate; real values are their own)."""
        return tree_conj(x)

    def examples(self):
        """A few members: zeros, ones and a random one."""
        return [self.zeros(), self.ones(), self.randn()]

    def _key(self):
        raise NotImplementedError

    def __eq__(self, other):
        return type(self) is type(other) and self._key() == other._key()

    def __hash__(self):
        return hash((type(self), self._key()))

    def __repr__(self):
        return f"{type(self).__name__}({self._key()!r})"


class ArrayVSpace(VSpace):
    """Real arrays (and floats) of one shape and dtype."""

    def __init__(self, value):
        value = np.asarray(value)
        self.shape, self.dtype = value.shape, value.dtype

    def _key(self):
        return (self.shape, self.dtype)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=int))

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def zeros(self):
        return np.zeros(self.shape, dtype=self.dtype)

    def ones(self):
        return np.ones(self.shape, dtype=self.dtype)

    def randn(self):
        return np.asarray(np.random.randn(*self.shape)).astype(self.dtype)

    def standard_basis(self):
        for index in np.ndindex(*self.shape):
            e = np.zeros(self.shape, dtype=self.dtype)
            e[index] = 1
            yield e


class ComplexArrayVSpace(ArrayVSpace):
    """Complex arrays: a real space with a real and an imaginary direction per entry."""

    iscomplex = True

    @property
    def size(self) -> int:
        return 2 * int(np.prod(self.shape, dtype=int))

    def ones(self):
        return np.ones(self.shape, dtype=self.dtype) * (1.0 + 1.0j)

    def randn(self):
        re, im = np.random.randn(*self.shape), np.random.randn(*self.shape)
        return (np.asarray(re) + 1.0j * np.asarray(im)).astype(self.dtype)

    def standard_basis(self):
        for index in np.ndindex(*self.shape):
            for unit in (1.0, 1.0j):
                e = np.zeros(self.shape, dtype=self.dtype)
                e[index] = unit
                yield e


class ContainerVSpace(VSpace):
    """A list, tuple or dict of values: the product of their spaces."""

    def __init__(self, value):
        self.kind = type(value)
        if isinstance(value, dict):
            self.keys = list(value)
            self.spaces = [vspace(value[k]) for k in self.keys]
        else:
            self.keys = None
            self.spaces = [vspace(v) for v in value]

    def _key(self):
        keys = None if self.keys is None else tuple(self.keys)
        return (self.kind, keys, tuple(self.spaces))

    @property
    def shape(self):
        return self.spaces if self.keys is None else dict(zip(self.keys, self.spaces))

    @property
    def size(self) -> int:
        return sum(s.size for s in self.spaces)

    def _build(self, items):
        if self.keys is not None:
            return self.kind(zip(self.keys, items))
        return self.kind(items)

    def zeros(self):
        return self._build([s.zeros() for s in self.spaces])

    def ones(self):
        return self._build([s.ones() for s in self.spaces])

    def randn(self):
        return self._build([s.randn() for s in self.spaces])

    def standard_basis(self):
        for i, space in enumerate(self.spaces):
            for e in space.standard_basis():
                items = [s.zeros() for s in self.spaces]
                items[i] = e
                yield self._build(items)


def vspace(value) -> VSpace:
    """The vector space of ``value``: an array or number (real or complex), or a list,
    tuple or dict of such values, or a value of a type registered with ``VSpace.register``."""
    maker = VSpace.mappings.get(type(value))
    if maker is not None:
        return maker(value)
    if isinstance(value, (list, tuple, dict)):
        return ContainerVSpace(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "c":
            return ComplexArrayVSpace(value)
        if value.dtype.kind == "f":
            return ArrayVSpace(value)
    elif isinstance(value, _COMPLEX_TYPES):
        return ComplexArrayVSpace(value)
    elif isinstance(value, _REAL_TYPES):
        return ArrayVSpace(value)
    raise TypeError(
        f"a value of type {type(value).__name__} has no vector space: "
        "use floats, complex numbers, float or complex arrays, or lists, "
        "tuples and dicts of them"
    )


# a value's space depends on its shape and dtype only: no derivative flows through it (an
# old-style VJP ``vjpfun(g, ans, vs, gvs, *args)`` gets vspace(x) and vspace(g))
rules.nondifferentiable_object(vspace, "s2sgrad.compat.autograd.vspace.vspace")

__all__ = ["VSpace", "ArrayVSpace", "ComplexArrayVSpace", "ContainerVSpace", "vspace"]
