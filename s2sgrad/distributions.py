"""Frozen SciPy distributions as calls of their distribution's methods (issue 12).

``norm(mu, s).logpdf(x)`` is ``norm.logpdf(x, mu, s)``: SciPy's frozen object stores the
constructor's arguments and calls the distribution's method with them. The normalizer
writes it that way, so the ``scipy.stats`` rules differentiate every argument, including
the parameters given to the constructor::

    rv = norm(mu, s)            rv_loc = mu
    y = rv.logpdf(x)     ->     rv_scale = s
                                y = scipy.stats.norm.logpdf(x, rv_loc, rv_scale)

A frozen object made outside the function (a global ``prior = norm(0.0, 1.0)``) has
constant parameters, read from it in the generated code (``prior.args[0]``).
Nothing here imports SciPy: a value is a distribution only if SciPy made it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from . import rules


@dataclass(frozen=True)
class FrozenParts:
    """What the derivative of a function taking a frozen distribution is specialised on:
    the distribution (its methods have the rules) and how to read each stored argument
    (see :func:`frozen_parts`)."""

    dist: object
    positional: tuple
    keywords: tuple


def frozen_kind(value):
    """``("frozen", FrozenParts)`` for a frozen distribution passed as an argument."""
    parts = frozen_parts(value)
    return (
        None
        if parts is None
        else ("frozen", FrozenParts(parts[0], tuple(parts[1]), tuple(parts[2])))
    )


def _stats():
    return sys.modules.get("scipy.stats")


def is_distribution(value) -> bool:
    """``scipy.stats.norm``, ``scipy.stats.multivariate_normal``, ...: a distribution
    whose call makes a frozen object."""
    stats = _stats()
    if stats is None:
        return False
    # not a str for every type: Cython's function type on Python 3.10 has a descriptor
    module = getattr(type(value), "__module__", None)
    from_scipy = isinstance(module, str) and module.startswith("scipy.stats")
    return (
        from_scipy
        and getattr(stats, getattr(value, "name", None) or _multi_name(value), None) is value
    )


def _multi_name(value) -> str:
    """``multivariate_normal`` for an instance of ``multivariate_normal_gen``."""
    name = type(value).__name__
    return name[: -len("_gen")] if name.endswith("_gen") else ""


def ruled_method(dist, method: str):
    """``dist.method`` when it has a derivative rule (``logpdf``, ``pdf``, ``cdf``...),
    else None."""
    fn = getattr(dist, method, None)
    if fn is None or rules.lookup(fn) is None:
        return None
    return fn


# the constructor parameters of the multivariate distributions with rules, in order; the
# frozen object keeps each as an attribute of that name
_MULTIVARIATE = {"multivariate_normal": ("mean", "cov", "allow_singular"), "dirichlet": ("alpha",)}


def parameter_names(dist, n: int) -> list[str]:
    """Names for the first ``n`` positional constructor arguments of ``dist`` (the names
    of the method's parameters after ``x``): shapes, then ``loc`` and ``scale``."""
    if _multi_name(dist) in _MULTIVARIATE:
        names = list(_MULTIVARIATE[_multi_name(dist)])
    else:
        shapes = [s.strip() for s in (getattr(dist, "shapes", None) or "").split(",") if s.strip()]
        discrete = type(dist).__mro__[1].__name__ == "rv_discrete" or any(
            c.__name__ == "rv_discrete" for c in type(dist).__mro__
        )
        names = shapes + (["loc"] if discrete else ["loc", "scale"])
    return (names + [f"arg{i}" for i in range(len(names), n)])[:n]


def frozen_parts(obj):
    """``(dist, positional, keywords)`` of a frozen distribution object ``obj`` made
    outside the function: the module-level distribution with the same class (whose methods
    have the rules) and how to read each stored argument, as ``("args", i)``,
    ``("kwds", key)`` or ``("attr", name)``; None for anything else."""
    stats = _stats()
    module = getattr(type(obj), "__module__", None)  # not a str for some extension types
    if stats is None or not (isinstance(module, str) and module.startswith("scipy.stats")):
        return None
    dist = getattr(obj, "dist", None)
    if dist is not None and hasattr(obj, "args") and hasattr(obj, "kwds"):
        same = getattr(stats, getattr(dist, "name", ""), None)
        if same is None or type(same) is not type(dist):
            return None
        return (
            same,
            [("args", i) for i in range(len(obj.args))],
            [(k, ("kwds", k)) for k in obj.kwds],
        )
    inner = getattr(obj, "_dist", None)
    name = _multi_name(inner) if inner is not None else ""
    same = getattr(stats, name, None)
    if name not in _MULTIVARIATE or same is None or type(same) is not type(inner):
        return None
    return same, [("attr", a) for a in _MULTIVARIATE[name] if hasattr(obj, a)], []
