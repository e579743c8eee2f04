"""The cotangent that starts the adjoint sweep, and the checks on what a function
or a custom backward function returned.
"""

from __future__ import annotations

import numpy as np

from .places import _caller_place, _user_line
from .values import _is_complex, _is_zero, _lazy, _shape, _size


class ComplexOutputError(TypeError, ValueError):
    """``grad`` of a function whose output is complex: a TypeError, as autograd raises
    (and a ValueError, as s2sgrad raised before issue 14); ``s2sgrad.ComplexOutputError``."""


def output_seed(value, seed=None):
    """The cotangent that starts the adjoint sweep: 1.0 for a scalar output.

    A tuple or list output differentiates its first element (the rest is auxiliary).
    """
    t = type(value)
    if seed is None and t is float:
        return 1.0  # the common case first: a Python float loss
    if seed is None and t is np.float64:
        # a NumPy float loss: a NumPy seed, so that the adjoints keep NumPy's semantics
        # (x[0] / n for n == 0 is inf there, never Python's ZeroDivisionError)
        return np.float64(1.0)
    if seed is not None:
        _check_seed(value, seed, "")
        if (
            not isinstance(value, (tuple, list, dict))
            and not isinstance(seed, (tuple, list, dict))
            and _shape(value) in ((), None)
            and _shape(seed) not in ((), None)
        ):
            seed = np.reshape(seed, ())  # of a scalar output: a scalar, as the adjoints assume
        if _is_complex(value) and not _is_complex(seed) and hasattr(seed, "dtype"):
            return seed + 0j  # adjoints of complex values are complex arrays
        return seed
    if isinstance(value, (tuple, list)):
        if not value:
            raise ValueError(
                "the differentiated function returned an empty "
                f"{type(value).__name__}; return a scalar loss"
            )
        _check_scalar(value[0], " as the first element of its output")
        return [_one(value[0])] + [0.0] * (len(value) - 1)
    _check_scalar(value, "")
    return _one(value)


def scalar_seed(dtype: str):
    """The seed :func:`output_seed` gives for a NumPy scalar output of ``dtype`` (named):
    generated code calls it where the output's type is proven and its value not computed
    (``s2sgrad.reverse.scalar_output``)."""
    one = _ONES.get(dtype)
    return np.dtype(dtype).type(1.0) if one is None else one


_ONES = {t.__name__: t(1.0) for t in (np.float16, np.float32, np.float64)}  # immutable


def _check_seed(value, seed, where):
    """A cotangent ``seed`` of the structure and shapes of the output ``value`` (``where``
    names the item, as ``[1]``): a tuple output takes a tuple of its length, and so on.
    The float 0.0 is the zero cotangent of any item (nested derivatives pass it)."""
    if type(seed) is float and seed == 0.0:
        return
    if isinstance(value, (tuple, list, dict)):
        kind = "dict" if isinstance(value, dict) else "tuple or list"
        same = (
            isinstance(seed, dict) if isinstance(value, dict) else isinstance(seed, (tuple, list))
        )
        if (
            not same
            or len(seed) != len(value)
            or (isinstance(value, dict) and seed.keys() != value.keys())
        ):
            size = (
                f"keys {sorted(value, key=repr)}"
                if isinstance(value, dict)
                else f"{len(value)} items"
            )
            raise ValueError(
                f"vjp: the function's output{where} is a {type(value).__name__} of {size}, "
                f"but the cotangent{where} is {_describe_seed(seed)}{_user_line()}; pass a "
                f"cotangent of the output's structure (a {kind} of one cotangent per item)"
            )
        for k in value if isinstance(value, dict) else range(len(value)):
            _check_seed(value[k], seed[k], f"{where}[{k!r}]")
        return
    if isinstance(seed, (tuple, list, dict)):
        if isinstance(value, (float, int, complex, np.number)) or hasattr(value, "shape"):
            raise ValueError(
                f"vjp: the function's output{where} is a single value, but the cotangent"
                f"{where} is {_describe_seed(seed)}{_user_line()}; pass a cotangent shaped "
                "like the output"
            )
        return  # an object output (a dataclass tree): its cotangent is the dict of its fields
    if _shape(seed) != _shape(value) and not (_size(seed) == 1 and _size(value) == 1):
        raise ValueError(
            f"vjp: the cotangent{where} has shape {tuple(_shape(seed) or ())} but the "
            f"function's output{where} has shape {tuple(_shape(value) or ())}"
            f"{_user_line()}; pass a cotangent shaped like the output"
        )


def _describe_seed(seed):
    if isinstance(seed, dict):
        return f"a dict of keys {sorted(seed, key=repr)}"
    if isinstance(seed, (tuple, list)):
        return f"a {type(seed).__name__} of {len(seed)} items"
    return f"a value of shape {tuple(_shape(seed) or ())}"


def _one(value):
    """1.0 (of the same NumPy type for a NumPy float), or ones like ``value`` when it is a
    Dask array (so the adjoint sweep stays lazy and float32 stays float32) or an array of
    one element such as shape (1,) or (1, 1)."""
    if _lazy(value) or _shape(value) not in ((), None):
        return np.ones_like(value)
    return type(value)(1.0) if isinstance(value, np.floating) else 1.0


def _check_scalar(value, where):
    shape = getattr(value, "shape", None)
    if (
        isinstance(value, (float, int, np.floating, np.integer))
        and not isinstance(value, (bool, np.bool_))
        and shape in (None, ())
    ):
        return
    if (
        shape is not None
        and all(n == 1 for n in shape)
        and getattr(value, "dtype", None) is not None
        and value.dtype.kind == "f"
    ):
        return  # a 0-d array, or one element of shape (1,), (1, 1)...: a scalar, as in autograd
    if _is_complex(value):
        raise ComplexOutputError(
            f"the differentiated function must return a real scalar{where}"
            ", but it returned a complex value; take np.real or np.abs of "
            "it, or use s2sgrad.vjp(f, primals, 1.0) (f'(z) for a "
            f"holomorphic f){_called_at()}"
        )
    if shape is not None:
        what = f"an array of shape {tuple(shape)} and dtype {value.dtype}"
    else:
        what = f"a value of type {type(value).__name__}"
    raise ValueError(
        f"the differentiated function must return a scalar{where}, but it "
        f"returned {what}; reduce it to a scalar (e.g. with np.sum) or use "
        f"s2sgrad.vjp for non-scalar outputs{_called_at()}"
    )


def _called_at() -> str:
    """``"; the derivative is called at file:line: code"``: the user's line that called the
    derivative, beside the line of the output the message names; "" without one."""
    place = _caller_place()
    return "" if place is None else "; the derivative is called at {}:{}: {}".format(*place)


def check_cotangents(grads, n):
    """The tuple a custom ``bwd`` returned, checked to hold one cotangent per argument."""
    if not isinstance(grads, (tuple, list)) or len(grads) != n:
        raise ValueError(
            f"a custom_vjp backward function must return a tuple of {n} "
            f"cotangent(s), one per positional argument; it returned {grads!r}"
        )
    return [0.0 if g is None else g for g in grads]


def transposed_jvp(fwd, bwd, primals, tangents, keywords):
    """``(y, J @ tangents)`` of a function that has only a custom VJP rule (``fwd``,
    ``bwd``), so that forward mode agrees with the rule rather than with the function's
    body (a straight-through estimator's): see :func:`_rule_tangent`."""
    y, residuals = fwd(*primals, **keywords)
    return y, _rule_tangent(bwd, (y, residuals), tangents)


def _rule_tangent(bwd, out, tangents):
    """``J @ tangents`` at the output ``out = (y, residuals)`` of a custom rule's ``fwd``:
    row ``i`` of the Jacobian ``J`` is ``bwd(residuals, e_i)`` of the unit cotangent
    ``e_i`` (a VJP is linear in its cotangent), one ``bwd`` call per entry of ``y``."""
    y, residuals = out
    if not (
        isinstance(y, (float, np.floating)) or isinstance(y, np.ndarray) and y.dtype.kind == "f"
    ):
        raise TypeError(
            "s2sgrad: forward mode of a function with a custom VJP rule only takes its "
            "Jacobian from the rule and needs a real float or array output; it returned "
            f"{_shape(y)}: give the function a forward rule with .defjvp(jvp) (autograd: "
            "defjvp(primitive, ...))"
        )
    unit = np.zeros(np.shape(y), dtype=np.result_type(y, 1.0))
    out = np.zeros_like(unit)
    for i in np.ndindex(unit.shape):
        unit[i] = 1.0
        seed = float(unit[i]) if type(y) is float else unit.copy()
        unit[i] = 0.0
        cotangents = check_cotangents(bwd(residuals, seed), len(tangents))
        pairs = zip(cotangents, tangents)
        out[i] = sum(np.sum(c * t) for c, t in pairs if not (_is_zero(c) or _is_zero(t)))
    return float(out) if type(y) is float else out
