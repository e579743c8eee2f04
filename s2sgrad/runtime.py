"""The few helpers generated code calls: broadcasting, reductions, containers.

Every helper takes and returns arrays of the caller's type and never forces
them to NumPy, so generated code also runs on other array types that follow
NumPy's API. Emitted ahead-of-time modules carry copies of the helpers they use.
"""

from __future__ import annotations

import numpy as np

# -- adjoint arithmetic on values and containers ---------------------------------------------


def add(a, b):
    """Sum of two adjoints: arrays, scalars, or containers of them (0.0 is zero)."""
    if isinstance(a, (list, tuple)):
        if isinstance(b, (list, tuple)):
            return [add(x, y) for x, y in zip(a, b)]
        return list(a) if _is_zero(b) else [add(x, b) for x in a]
    if isinstance(a, dict):
        if isinstance(b, dict):
            return {k: add(a[k], b[k]) if k in b else a[k] for k in a} | {
                k: v for k, v in b.items() if k not in a}
        return dict(a)
    if isinstance(b, (list, tuple, dict)):
        return add(b, a)
    return a + b


def _is_zero(x) -> bool:
    return type(x) is float and x == 0.0


def zeros_like(x):
    """A zero adjoint shaped like ``x``: arrays get arrays, containers get containers."""
    if isinstance(x, (list, tuple)):
        return [zeros_like(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like(v) for k, v in x.items()}
    if isinstance(x, (float, int)):
        return 0.0
    return np.zeros_like(x, dtype=np.result_type(x, 1.0))


def fresh_adjoint(g, x):
    """A private, writable copy of adjoint ``g`` of ``x`` (allocating zeros for 0.0)."""
    if isinstance(g, (list, tuple, dict)):
        return add(zeros_like(x), g)
    if _is_zero(g) and not isinstance(x, float):
        return zeros_like(x)
    if hasattr(g, "copy"):
        return g.copy()
    return g


def add_at(g, index, value):
    """``g[index] += value`` in place, accumulating repeated indices and containers."""
    if isinstance(g, (list, dict)):
        g[index] = add(g[index], value)
        return
    value = real_if_real(value, g)
    if _is_basic_index(index):
        g[index] += value
    else:
        np.add.at(g, index, value)


def add_at_value(g, index, value):
    """``add_at(g, index, value)``, returning ``g``: the in-place update as an assignment
    (how forward mode sees generated reverse code)."""
    add_at(g, index, value)
    return g


def broadcast_tangent(value, like):
    """Tangent ``value`` broadcast to the shape of its primal ``like`` (a writable array)."""
    shape = np.shape(like)
    if np.shape(value) == shape:
        return value
    return np.zeros(shape, dtype=np.result_type(value, 1.0)) + value


def _is_basic_index(index) -> bool:
    if isinstance(index, tuple):
        return all(_is_basic_index(i) for i in index)
    return index is None or index is Ellipsis or isinstance(
        index, (int, slice, np.integer)) or (hasattr(index, "dtype") and index.dtype == bool)


def pop_adjoint(g):
    """Adjoint of the last item appended to a list whose adjoint is ``g``."""
    if isinstance(g, list):
        return g.pop() if g else 0.0
    return 0.0


def match_input(g, x):
    """Give gradient ``g`` the type and structure of the input ``x``."""
    if isinstance(x, float):
        g = np.sum(g) if np.ndim(g) else g
        return float(np.real(g)) if _is_complex(g) else float(g)
    if isinstance(x, (complex, np.complexfloating)):
        return type(x)(np.sum(g) if np.ndim(g) else g)
    if isinstance(x, (list, tuple, dict)):
        if isinstance(x, dict):
            g = g if isinstance(g, dict) else {}
            return {k: match_input(g.get(k, 0.0), v) for k, v in x.items()}
        if not isinstance(g, (list, tuple)):
            g = [0.0] * len(x)
        out = [match_input(gi, xi) for gi, xi in zip(g, x)]
        return tuple(out) if isinstance(x, tuple) else out
    if _shape(g) != _shape(x):
        g = np.zeros_like(x) + g  # another array library's x dispatches to its zeros_like
    if isinstance(x, np.ndarray):
        if not isinstance(g, np.ndarray):
            g = np.asarray(g)  # a 0-d array input gets a 0-d array, not a NumPy scalar
        if g.dtype != x.dtype and x.dtype.kind in "fc":
            # float32 in, float32 out; a real input gets the real part (autograd's convention)
            g = (np.real(g) if x.dtype.kind == "f" else g).astype(x.dtype)
    elif type(g) is not type(x) and hasattr(x, "__array_function__") and \
            not isinstance(x, np.generic):
        g = np.zeros_like(x) + g  # e.g. a 0-d CuPy input gets a 0-d CuPy array
    return g


# -- broadcasting and reductions -------------------------------------------------------------


def _shape(x):
    shape = getattr(x, "shape", None)
    return np.shape(x) if shape is None else shape


class Shape(tuple):
    """Saved instead of a value when the adjoint sweep only needs that value's shape."""

    @property
    def shape(self):
        return tuple(self)

    @property
    def ndim(self):
        return len(self)


class ComplexShape(Shape):
    """The saved shape of a complex value: ``unbroadcast`` keeps its adjoint complex."""

    dtype = np.dtype(complex)


def shape_of(x):
    """What the forward sweep saves of ``x`` when only its shape is needed later."""
    if type(x) is np.ndarray:
        return (ComplexShape if x.dtype.kind == "c" else Shape)(x.shape)
    return (ComplexShape if _is_complex(x) else Shape)(_shape(x))


def unbroadcast(g, x):
    """Sum ``g`` over the axes along which ``x`` was broadcast to ``g``'s shape."""
    if type(x) is float and type(g) is float:
        return g
    if type(g) is np.ndarray:  # the gradient of a real value is real
        if g.dtype.kind == "c" and not _is_complex(x):
            g = g.real
    elif _is_complex(g) and not _is_complex(x):
        g = np.real(g)
    shape = _shape(x)
    gshape = _shape(g)
    if gshape == shape or not gshape:
        return g  # a scalar g is only ever the zero adjoint, which broadcasts
    if not shape:
        return np.sum(g)
    lead = len(gshape) - len(shape)
    if lead > 0:
        g = np.sum(g, axis=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(g)[i] != 1)
    if axes:
        g = np.sum(g, axis=axes, keepdims=True)
    return g


def _is_complex(x) -> bool:
    return type(x) is complex or getattr(getattr(x, "dtype", None), "kind", "") == "c"


def real_if_real(g, x):
    """Adjoint ``g`` of ``x``, without its imaginary part when ``x`` is real: the gradient
    of a real value is real (autograd's convention for complex intermediates)."""
    if _is_complex(g) and not _is_complex(x) and not isinstance(x, (list, tuple, dict)):
        return np.real(g)
    return g


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        return tuple(a % ndim for a in axis)
    return (axis % ndim,)


def _expand(g, x, axis, keepdims):
    """Reshape reduced ``g`` so it broadcasts against ``x``."""
    shape = list(_shape(x))
    ndim = len(shape)
    if keepdims or ndim == 0 or _is_zero(g):
        return g
    for a in _axes(axis, ndim):
        shape[a] = 1
    return np.reshape(g, shape)


def reduce_adjoint(g, x, axis, keepdims):
    """Adjoint of ``sum(x, axis, keepdims)``: ``g`` broadcast back to ``x``'s shape."""
    if axis is None and type(x) is np.ndarray and x.size <= 8192 and np.ndim(g) == 0:
        # cheaper than a broadcast view for small arrays; keeps float32 as float32
        return np.full(x.shape, g, dtype=np.result_type(x, g))
    return np.broadcast_to(_expand(g, x, axis, keepdims), _shape(x))


def select_adjoint(g, y, x, axis, keepdims):
    """Adjoint of max/min: ``g`` split evenly among the positions that attain ``y``."""
    mask = x == _expand(y, x, axis, keepdims)
    count = np.sum(mask, axis=axis, keepdims=True)
    return _expand(g, x, axis, keepdims) * mask / count


def real_only(x, what):
    """``x``, or a TypeError naming rule ``what`` when ``x`` is complex: rules written for
    real values only read their arguments through it (``registry.real_only``)."""
    if _is_complex(x):
        raise TypeError(f"s2sgrad: the derivative of {what} is defined for real values only, "
                        "and it was reached by a complex value; take np.real/np.abs first")
    return x


def var_adjoint(g, x, axis, ddof, keepdims):
    """Adjoint of ``var(x, axis, ddof)``."""
    n = np.size(x) // max(np.size(np.sum(x, axis=axis)), 1)
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return _expand(g, x, axis, keepdims) * centred * (2.0 / (n - ddof))


def cumsum_adjoint(g, x, axis):
    if axis is None:
        return np.reshape(np.flip(np.cumsum(np.flip(np.ravel(g)))), np.shape(x))
    return np.flip(np.cumsum(np.flip(g, axis), axis), axis)


def _last(x, axis):
    """``x`` with the reduced axes (``None``: all) moved last and merged into one."""
    x = np.asarray(x)
    axes = _axes(axis, x.ndim)
    rest = [i for i in range(x.ndim) if i not in axes]
    moved = np.transpose(x, rest + list(axes))
    return np.reshape(moved, moved.shape[:len(rest)] + (-1,)), rest + list(axes), moved.shape


def _back(v, order, shape):
    """Inverse of :func:`_last`."""
    return np.transpose(np.reshape(v, shape), np.argsort(order))


def _cumprod_jvp(x, tx):
    """``cumprod(x)`` along the last axis and its tangent along ``tx``, without dividing."""
    c = np.ones(x.shape[:-1], dtype=np.result_type(x, tx, 1.0))
    dc = np.zeros_like(c)
    cs, dcs = [], []
    for i in range(x.shape[-1]):
        dc = dc * x[..., i] + c * tx[..., i]
        c = c * x[..., i]
        cs.append(c)
        dcs.append(dc)
    if not cs:
        return np.zeros(x.shape), np.zeros(x.shape)
    return np.stack(cs, -1), np.stack(dcs, -1)


def _exclusive(x, tx):
    """Products of all other entries along the last axis, and their tangent along ``tx``."""
    one, zero = np.ones(x.shape[:-1] + (1,)), np.zeros(x.shape[:-1] + (1,))
    c, dc = _cumprod_jvp(x, tx)
    r, dr = _cumprod_jvp(x[..., ::-1], tx[..., ::-1])
    left = np.concatenate([one, c[..., :-1]], -1)
    dleft = np.concatenate([zero, dc[..., :-1]], -1)
    right = np.concatenate([one, r[..., :-1]], -1)[..., ::-1]
    dright = np.concatenate([zero, dr[..., :-1]], -1)[..., ::-1]
    return left * right, dleft * right + left * dright


def prod_adjoint(g, x, axis, keepdims):
    """Adjoint of ``prod(x, axis, keepdims)``: ``g`` times the product of the other entries
    (no division, so zeros in ``x`` are fine)."""
    flat, order, shape = _last(x, axis)
    others, _ = _exclusive(flat, np.zeros_like(flat))
    return _expand(g, x, axis, keepdims) * _back(others, order, shape)


def prod_adjoint_dx(g, x, tx, axis, keepdims):
    """Derivative of ``prod_adjoint(g, x, axis, keepdims)`` in ``x`` along ``tx``."""
    flat, order, shape = _last(x, axis)
    _, dothers = _exclusive(flat, _last(tx, axis)[0])
    return _expand(g, x, axis, keepdims) * _back(dothers, order, shape)


def _along(x, axis):
    """``x`` as an array with the cumulated axis last (``None``: flattened)."""
    x = np.asarray(x)
    if axis is None:
        return np.ravel(x)
    return np.moveaxis(x, axis, -1)


def _from_along(v, x, axis):
    if axis is None:
        return np.reshape(v, np.shape(x))
    return np.moveaxis(v, -1, axis)


def cumprod_tangent(tx, x, axis):
    """Tangent of ``cumprod(x, axis)`` along ``tx`` (no division by ``x``)."""
    _, dc = _cumprod_jvp(_along(x, axis), _along(tx + np.zeros(np.shape(x)), axis))
    return dc if axis is None else np.moveaxis(dc, -1, axis)


def _cumprod_vjp(g, x, tx):
    """Adjoint of cumprod along the last axis and its derivative in ``x`` along ``tx``."""
    n = x.shape[-1]
    dtype = np.result_type(g, x, tx, 1.0)
    out, dout = np.zeros(x.shape, dtype), np.zeros(x.shape, dtype)
    c, dc = _cumprod_jvp(x, tx)
    one, zero = np.ones(x.shape[:-1] + (1,)), np.zeros(x.shape[:-1] + (1,))
    left = np.concatenate([one, c[..., :-1]], -1)
    dleft = np.concatenate([zero, dc[..., :-1]], -1)
    s, ds = 0.0, 0.0
    for k in range(n - 1, -1, -1):
        if k < n - 1:  # s_k = g_k + x_{k+1} s_{k+1}
            s, ds = g[..., k] + x[..., k + 1] * s, tx[..., k + 1] * s + x[..., k + 1] * ds
        else:
            s, ds = g[..., k], 0.0
        out[..., k] = left[..., k] * s
        dout[..., k] = dleft[..., k] * s + left[..., k] * ds
    return out, dout


def cumprod_adjoint(g, x, axis):
    """Adjoint of ``cumprod(x, axis)`` (no division, so zeros in ``x`` are fine)."""
    a = _along(x, axis)
    out, _ = _cumprod_vjp(np.reshape(_along(g, axis), a.shape), a, np.zeros_like(a))
    return _from_along(out, x, axis)


def cumprod_adjoint_dx(g, x, tx, axis):
    """Derivative of ``cumprod_adjoint(g, x, axis)`` in ``x`` along ``tx``."""
    a = _along(x, axis)
    _, dout = _cumprod_vjp(np.reshape(_along(g, axis), a.shape), a,
                           _along(tx + np.zeros(np.shape(x)), axis))
    return _from_along(dout, x, axis)


def ratio_or_zero(n, d):
    """``n / d``, and 0 where ``d`` is 0 (the derivative chosen at a kink, as for abs)."""
    if np.ndim(d) == 0 and np.ndim(n) == 0 and not hasattr(d, "shape"):
        return n / d if d != 0 else 0.0 * n
    zero = np.equal(d, 0)
    return np.where(zero, 0.0, n / np.where(zero, 1.0, d))


def power_slope(x, k):
    """``k * x ** (k - 1)``, the derivative of ``x ** k`` in ``x``: exactly 0 where
    ``k == 0`` (also at ``x == 0``, where the formula would give ``0 * inf``)."""
    return power_term(x, k, 1)


def _falling(k, n):
    out = 1.0
    for i in range(n):
        out = out * (k - i)
    return out


def power_term(x, k, n):
    """``k (k - 1) ... (k - n + 1) x ** (k - n)``, the ``n``-th derivative of ``x ** k`` in
    ``x``: exactly 0 where the factor is 0 (an integer ``0 <= k < n``), also at ``x == 0``."""
    factor = _falling(k, n)
    if np.ndim(k) == 0 and not hasattr(k, "shape"):
        if factor == 0:
            return 0.0 * x
        return factor * x ** (k - n)
    zero = np.equal(factor, 0)
    return np.where(zero, 0.0, factor * x ** np.where(zero, n, k - n))


def power_term_dk(x, k, n):
    """Derivative of ``power_term(x, k, n)`` in ``k`` (``x > 0``; 0 where ``x <= 0``)."""
    slope = 0.0
    for i in range(n):
        part = 1.0
        for j in range(n):
            if j != i:
                part = part * (k - j)
        slope = slope + part
    return slope * x ** (k - n) + power_term(x, k, n) * safe_log(x)


def clip_adjoint(g, x, lo, hi):
    inside = np.ones(np.shape(x), dtype=bool)
    if lo is not None:
        inside = inside & (x >= lo)
    if hi is not None:
        inside = inside & (x <= hi)
    return g * inside


def abs_slope(x):
    """The derivative of ``abs`` at ``x``: ``sign(x)`` for real ``x``, ``conj(x) / |x|``
    for complex ``x`` (0 at 0, as autograd and JAX)."""
    if _is_complex(x):
        return ratio_or_zero(np.conj(x), np.abs(x))
    return np.sign(x)


def real_adjoint(g, x):
    """Adjoint of ``np.real(x)``: ``g`` (complex-typed when ``x`` is complex, so later
    contributions can be added to it in place)."""
    if _is_complex(x):
        return np.real(g) + 0j
    return g


def imag_adjoint(g, x):
    """Adjoint of ``np.imag(x)``: ``-1j * g`` for complex ``x`` (the gradient of the
    imaginary part, in autograd's convention), 0 for real ``x``."""
    if _is_complex(x):
        return -1j * np.real(g)
    return 0.0 * np.real(g) + zeros_like(x)


def angle_slope(x, deg):
    """``d angle(x)`` is ``Re(angle_slope(x) * dx)``: ``conj(1j * x) / |x|**2``
    (0 at 0 and for real ``x``), times 180 / pi with ``deg``."""
    if not _is_complex(x):
        return zeros_like(x)
    out = ratio_or_zero(np.conj(1j * x), np.real(x * np.conj(x)))
    return out * (180.0 / np.pi) if deg else out


def vdot_left(g, a, b):
    """Adjoint of ``a`` in ``np.vdot(a, b) = sum(conj(a) * b)``: ``conj(g * b)``."""
    return real_if_real(np.reshape(np.conj(g * b), np.shape(a)), a)


def vdot_right(g, a, b):
    """Adjoint of ``b`` in ``np.vdot(a, b)``: ``g * conj(a)``."""
    return real_if_real(np.reshape(g * np.conj(a), np.shape(b)), b)


def safe_log(x, power=None):
    """log(x) where x > 0, else 0: the derivative of x**y in y where it exists. For a
    complex ``x`` or a complex result ``power`` of ``x ** y``: the principal log, 0 at 0."""
    if _is_complex(x) or _is_complex(power):
        return np.log(np.where(np.equal(x, 0), 1.0, x) + 0j)
    return np.log(np.where(np.greater(x, 0), x, 1.0))


def safe_log_slope(x, power=None):
    """The derivative of :func:`safe_log` in ``x``: ``1 / x`` where the log is taken, else 0."""
    if _is_complex(x) or _is_complex(power):
        return ratio_or_zero(1.0, x + 0j)
    return np.where(np.greater(x, 0), 1.0 / np.where(np.greater(x, 0), x, 1.0), 0.0)


# -- products -------------------------------------------------------------------------------


def matmul_left(g, a, b):
    """Adjoint of ``a`` in ``a @ b``."""
    if type(a) is np.ndarray and type(b) is np.ndarray and b.ndim == 2 and a.ndim in (1, 2):
        out = g @ b.T if a.ndim == 2 else b @ g
        return out.real if out.dtype.kind == "c" and a.dtype.kind != "c" else out
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * b, a)
    if nb == 1:
        return unbroadcast(np.expand_dims(g, -1) * b, a) if na > 1 else real_if_real(g * b, a)
    if na == 1:
        return unbroadcast(np.squeeze(np.expand_dims(g, -2) @ np.swapaxes(b, -1, -2), -2), a)
    return unbroadcast(g @ np.swapaxes(b, -1, -2), a)


def matmul_right(g, a, b):
    """Adjoint of ``b`` in ``a @ b``."""
    if type(a) is np.ndarray and type(b) is np.ndarray and a.ndim == 2 and b.ndim in (1, 2):
        out = a.T @ g
        return out.real if out.dtype.kind == "c" and b.dtype.kind != "c" else out
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * a, b)
    if na == 1:
        if nb == 1:
            return real_if_real(g * a, b)
        return unbroadcast(np.expand_dims(a, -1) * np.expand_dims(g, -2), b)
    if nb == 1:
        return unbroadcast(np.squeeze(np.swapaxes(a, -1, -2) @ np.expand_dims(g, -1), -1), b)
    return unbroadcast(np.swapaxes(a, -1, -2) @ g, b)


def _dot_check(a, b):
    if np.ndim(a) > 2 or np.ndim(b) > 2:
        raise NotImplementedError("s2sgrad: the derivative of np.dot is only defined for "
                                  "arrays of up to 2 dimensions; use np.matmul or np.einsum")


def dot_left(g, a, b):
    _dot_check(a, b)
    return matmul_left(g, a, b)


def dot_right(g, a, b):
    _dot_check(a, b)
    return matmul_right(g, a, b)


def outer_left(g, a, b):
    return real_if_real(np.reshape(g @ np.ravel(b), np.shape(a)), a)


def outer_right(g, a, b):
    return real_if_real(np.reshape(np.ravel(a) @ g, np.shape(b)), b)


def _inner_adjoint(g, a, b, which):
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * (b if which == 0 else a), a if which == 0 else b)
    na, nb = np.ndim(a), np.ndim(b)
    if which == 0:
        # g: a.shape[:-1] + b.shape[:-1]; contract b's leading axes
        return np.tensordot(g, b, axes=(list(range(na - 1, na - 1 + nb - 1)),
                                        list(range(nb - 1))))
    moved = np.tensordot(g, a, axes=(list(range(na - 1)), list(range(na - 1))))
    return moved


def _tensordot_adjoint(g, a, b, axes, which):
    na, nb = np.ndim(a), np.ndim(b)
    if isinstance(axes, int):
        axes_a = list(range(na - axes, na))
        axes_b = list(range(axes))
    else:
        axes_a, axes_b = axes
        axes_a = [axes_a] if isinstance(axes_a, int) else list(axes_a)
        axes_b = [axes_b] if isinstance(axes_b, int) else list(axes_b)
    axes_a = [x % na for x in axes_a]
    axes_b = [x % nb for x in axes_b]
    free_a = [i for i in range(na) if i not in axes_a]
    free_b = [i for i in range(nb) if i not in axes_b]
    ga = len(free_a)
    if which == 0:
        out = np.tensordot(g, b, axes=(list(range(ga, g.ndim)), free_b))
        # out axes: free_a, then b's contracted axes in increasing order -> matching axes_a
        order = free_a + [axes_a[axes_b.index(j)] for j in sorted(axes_b)]
        return np.transpose(out, np.argsort(order))
    out = np.tensordot(a, g, axes=(free_a, list(range(ga))))
    order = [axes_b[axes_a.index(i)] for i in sorted(axes_a)] + free_b
    return np.transpose(out, np.argsort(order))


def inner_left(g, a, b):
    return real_if_real(_inner_adjoint(g, a, b, 0), a)


def inner_right(g, a, b):
    return real_if_real(_inner_adjoint(g, a, b, 1), b)


def tensordot_left(g, a, b, axes):
    return real_if_real(_tensordot_adjoint(g, a, b, axes, 0), a)


def tensordot_right(g, a, b, axes):
    return real_if_real(_tensordot_adjoint(g, a, b, axes, 1), b)


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _einsum_parse(args):
    """``np.einsum`` arguments (string or sublist form) -> ``(specs, output, positions)``:
    one letter per axis ('...' expanded), and the operands' positions in ``args``."""
    if isinstance(args[0], str):
        subscripts, positions = args[0].replace(" ", ""), list(range(1, len(args)))
    else:
        n = len(args) // 2
        positions = [2 * i for i in range(n)]

        def letters(sub):
            return "".join("..." if s is Ellipsis else _LETTERS[s] for s in sub)

        subscripts = ",".join(letters(args[2 * i + 1]) for i in range(n))
        if len(args) % 2:
            subscripts += "->" + letters(args[-1])
    inputs, arrow, output = subscripts.partition("->")
    specs = inputs.split(",")
    if len(specs) != len(positions):
        raise ValueError(f"einsum: {len(specs)} subscripts for {len(positions)} operands")
    if not arrow:
        joined = inputs.replace(",", "").replace("...", "")
        output = ("..." if "..." in inputs else "") + "".join(
            sorted(c for c in set(joined) if joined.count(c) == 1))
    if "..." in subscripts:
        free = [c for c in _LETTERS if c not in subscripts]
        ranks = [np.ndim(args[p]) - len(s.replace("...", "")) for s, p in zip(specs, positions)
                 if "..." in s]
        width = max(ranks, default=0)
        ell = "".join(free[:width])
        specs = [s.replace("...", ell[width - (np.ndim(args[p]) - len(s) + 3):])
                 if "..." in s else s for s, p in zip(specs, positions)]
        output = output.replace("...", ell)
    return specs, output, positions


def einsum_adjoint(g, operands):
    """Adjoints of the arguments of ``np.einsum(*operands)`` (0.0 for subscripts):
    repeated indices (``'ii->'``), ellipses and both call forms."""
    specs, output, positions = _einsum_parse(operands)
    arrays = [operands[p] for p in positions]
    sizes = {}
    for s, x in zip(specs, arrays):
        sizes.update({c: n for c, n in zip(s, np.shape(x)) if n != 1 or c not in sizes})
    out = [0.0] * len(operands)
    for i, (target, x) in enumerate(zip(specs, arrays)):
        others = specs[:i] + specs[i + 1:]
        ops = arrays[:i] + arrays[i + 1:]
        unique = "".join(dict.fromkeys(target))
        present = set(output).union(*others)
        kept = "".join(c for c in unique if c in present)
        part = np.einsum(",".join([output] + others) + "->" + kept, g, *ops)
        # letters summed away in the primal broadcast back; size-1 (broadcast) axes sum
        shape = [sizes[c] if c in present else 1 for c in unique]
        part = np.reshape(part, [sizes[c] if c in present else 1 for c in unique])
        own = [np.shape(x)[target.index(c)] for c in unique]
        axes = tuple(k for k, (n, m) in enumerate(zip(shape, own)) if n != m and m == 1)
        if axes:
            part = np.sum(part, axis=axes, keepdims=True)
        part = np.broadcast_to(part, own)
        if unique != target:  # a repeated index: write onto the diagonal
            full = np.zeros(np.shape(x), dtype=np.result_type(part, 1.0))
            np.einsum(target + "->" + unique, full)[...] = part
            part = full
        out[positions[i]] = real_if_real(part, x)
    return out


def einsum_tangent(operands, tangents):
    """Tangent of ``np.einsum(*operands)``: one term per operand with a tangent."""
    _, _, positions = _einsum_parse(operands)
    out = 0.0
    for p in positions:
        if _is_zero(tangents[p]):
            continue
        args = list(operands)
        args[p] = tangents[p]
        out = out + np.einsum(*args)
    if _is_zero(out):
        return np.zeros_like(np.einsum(*operands))
    return out


def einsum_cross(operands, tangents, dops):
    """Derivative of ``einsum_tangent(operands, tangents)`` in ``operands`` along ``dops``."""
    _, _, positions = _einsum_parse(operands)
    out = 0.0
    for i in positions:
        for j in positions:
            if i == j or _is_zero(tangents[i]) or _is_zero(dops[j]):
                continue
            args = list(operands)
            args[i], args[j] = tangents[i], dops[j]
            out = out + np.einsum(*args)
    if _is_zero(out):
        return np.zeros_like(np.einsum(*operands))
    return out


def einsum_adjoint_tangent(g, operands, tangents):
    """Derivative of ``einsum_adjoint(g, operands)`` in the operands along ``tangents``."""
    _, _, positions = _einsum_parse(operands)
    out = [0.0] * len(operands)
    for j in positions:
        if _is_zero(tangents[j]):
            continue
        args = list(operands)
        args[j] = tangents[j]
        parts = einsum_adjoint(g, args)
        for i in positions:
            if i != j:
                out[i] = add(out[i], parts[i])
    return out


# -- shape ----------------------------------------------------------------------------------


def linspace_adjoint(g, start, stop, num, endpoint, retstep, axis, which):
    """Adjoint of ``np.linspace(start, stop, num, endpoint, retstep, axis=axis)`` in
    ``start`` (``which`` 0) or ``stop`` (1)."""
    div = num - 1 if endpoint else num
    gstep = 0.0
    if retstep:
        if div <= 0:
            raise ValueError("s2sgrad: np.linspace(..., retstep=True) with one point has an "
                             "undefined step; its derivative is not defined")
        g, gstep = g
    steps = np.arange(num) / div if div > 0 else np.zeros(num)
    weights = steps if which else 1.0 - steps
    if _is_zero(g):
        part = 0.0
    else:
        g = np.asarray(g)
        shape = [1] * g.ndim
        shape[axis] = num
        part = np.sum(g * np.reshape(weights, shape), axis=axis)
    if not _is_zero(gstep):
        part = part + (gstep if which else -gstep) / div
    return unbroadcast(part, start if which == 0 else stop)


def transpose_adjoint(g, axes):
    if axes is None:
        return np.transpose(g)
    return np.transpose(g, np.argsort([a % np.ndim(g) for a in axes]))


def _split_points(sizes):
    points, total = [], 0
    for s in sizes[:-1]:
        total += s
        points.append(total)
    return points


def _parts_like(g, parts, arrays):
    """Adjoint ``parts`` of ``arrays`` split from ``g``: real for the real arrays."""
    if _is_complex(g):
        return [real_if_real(p, a) for p, a in zip(parts, arrays)]
    return parts


def concatenate_adjoint(g, arrays, axis):
    if axis is None:
        sizes = [np.size(a) for a in arrays]
        return _parts_like(g, [np.reshape(p, np.shape(a)) for p, a in
                               zip(np.split(np.ravel(g), _split_points(sizes)), arrays)], arrays)
    sizes = [np.shape(a)[axis] for a in arrays]
    return _parts_like(g, np.split(g, _split_points(sizes), axis=axis), arrays)


def stack_adjoint(g, arrays, axis):
    return _parts_like(g, [np.take(g, i, axis=axis) for i in range(len(arrays))], arrays)


def hstack_adjoint(g, arrays):
    if all(np.ndim(a) <= 1 for a in arrays):
        sizes = [np.size(a) for a in arrays]
        return _parts_like(g, [np.reshape(p, np.shape(a)) for p, a in
                               zip(np.split(g, _split_points(sizes)), arrays)], arrays)
    return _parts_like(g, np.split(g, _split_points([np.shape(a)[1] for a in arrays]), axis=1),
                       arrays)


def vstack_adjoint(g, arrays):
    sizes = [np.shape(np.atleast_2d(a))[0] for a in arrays]
    return _parts_like(g, [np.reshape(p, np.shape(a)) for p, a in
                           zip(np.split(g, _split_points(sizes), axis=0), arrays)], arrays)


def unstack(g, like):
    """Adjoint ``g`` converted to the structure of ``like`` (array <-> list of items)."""
    if isinstance(like, (list, tuple)):
        if isinstance(g, (list, tuple)):
            return list(g)
        if _is_zero(g):
            return [0.0] * len(like)
        return _parts_like(g, [g[i] for i in range(len(like))], like)
    if isinstance(g, (list, tuple)):
        return np.stack([np.zeros_like(like[i]) + gi if _is_zero(gi) else gi
                         for i, gi in enumerate(g)]) if len(g) else np.zeros_like(like)
    return g


def builtin_sum_adjoint(g, items):
    """Adjoint of the builtin ``sum(items)`` over a list or the first axis of an array."""
    if isinstance(items, (list, tuple)):
        return [unbroadcast(g, x) for x in items]
    return np.broadcast_to(g, np.shape(items))


def tile_adjoint(g, x, reps):
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    shape = np.shape(x)
    ndim = max(len(shape), len(reps))
    shape = (1,) * (ndim - len(shape)) + tuple(shape)
    reps = (1,) * (ndim - len(reps)) + reps
    split = []
    for r, n in zip(reps, shape):
        split += [r, n]
    g = np.reshape(g, split)
    g = np.sum(g, axis=tuple(range(0, 2 * ndim, 2)))
    return np.reshape(g, np.shape(x))


def repeat_adjoint(g, x, repeats, axis):
    if axis is None:
        flat = np.ravel(x)
        if np.ndim(repeats) == 0:
            out = np.sum(np.reshape(g, (flat.size, repeats)), axis=1)
        else:
            out = np.zeros(flat.size, dtype=np.result_type(g, float))
            np.add.at(out, np.repeat(np.arange(flat.size), repeats), g)
        return np.reshape(out, np.shape(x))
    axis = axis % np.ndim(x)
    n = np.shape(x)[axis]
    if np.ndim(repeats) == 0:
        shape = list(np.shape(g))
        shape[axis:axis + 1] = [n, repeats]
        return np.sum(np.reshape(g, shape), axis=axis + 1)
    gm = np.moveaxis(g, axis, 0)
    out = np.zeros((n,) + np.shape(gm)[1:], dtype=np.result_type(g, float))
    np.add.at(out, np.repeat(np.arange(n), repeats), gm)
    return np.moveaxis(out, 0, axis)


def diag_adjoint(g, v, k):
    if np.ndim(v) == 1:
        return np.diagonal(g, k).copy()
    out = np.zeros(np.shape(v), dtype=np.result_type(g, float))
    n = np.shape(g)[0]
    rows = np.arange(n) + max(-k, 0)
    cols = np.arange(n) + max(k, 0)
    out[rows, cols] = g
    return out


def trace_adjoint(g, x, offset, axis1, axis2):
    """Adjoint of ``trace``/``diagonal``: ``g`` placed on the chosen diagonal."""
    shape = np.shape(x)
    out = np.zeros(shape, dtype=np.result_type(g, float))
    diag = np.diagonal(out, offset, axis1, axis2)
    diag.setflags(write=True)
    diag[...] = np.expand_dims(g, -1) if np.ndim(g) < diag.ndim else g
    return out


def sort_adjoint(g, x, axis):
    if axis is None:
        order = np.argsort(np.ravel(x), kind="stable")
        out = np.zeros(np.size(x), dtype=np.result_type(g, float))
        out[order] = np.ravel(g)
        return np.reshape(out, np.shape(x))
    order = np.argsort(x, axis=axis, kind="stable")
    out = np.zeros(np.shape(x), dtype=np.result_type(g, float))
    np.put_along_axis(out, order, g, axis=axis)
    return out


def sort_tangent(tx, x, axis):
    """Tangent of ``np.sort(x, axis)``: ``tx`` permuted like ``x``."""
    if axis is None:
        order = np.argsort(np.ravel(x), kind="stable")
        return np.ravel(tx)[order]
    order = np.argsort(x, axis=axis, kind="stable")
    return np.take_along_axis(tx, order, axis=axis)


def take_adjoint(g, x, indices, axis):
    out = np.zeros(np.shape(x), dtype=np.result_type(g, float))
    if axis is None:
        flat = out.reshape(-1)
        np.add.at(flat, np.asarray(indices).ravel(), np.ravel(g))
        return out
    axis = axis % np.ndim(x)
    moved = np.moveaxis(out, axis, 0)
    gm = np.moveaxis(np.reshape(g, np.shape(x)[:axis] + np.shape(indices)
                                + np.shape(x)[axis + 1:]), list(range(
                                    axis, axis + np.ndim(indices))),
                     list(range(np.ndim(indices))))
    np.add.at(moved, indices, gm)
    return out


# -- linear algebra -----------------------------------------------------------------------


def _check_norm(ord, axis, x):
    if ord not in (None, 2, "fro") or (ord == 2 and (axis is None and np.ndim(x) == 2
                                                    or isinstance(axis, tuple))):
        raise NotImplementedError(f"s2sgrad: the derivative of np.linalg.norm with ord={ord!r}"
                                  " is not implemented; write the norm out with np.sum")


def norm_adjoint(g, y, x, ord, axis, keepdims):
    """Adjoint of ``np.linalg.norm`` for the 2-norm of vectors and the Frobenius norm
    (0 at a zero vector, as abs at 0)."""
    _check_norm(ord, axis, x)
    if _is_complex(x):
        g, x = np.real(g), np.conj(x)  # d|x| = Re(conj(x) dx) / |x|
    if axis is None and not keepdims:
        return g * ratio_or_zero(x, y)
    return _expand(g, x, axis, keepdims) * ratio_or_zero(x, _expand(y, x, axis, keepdims))


def norm_tangent(tx, y, x, ord, axis, keepdims):
    """Tangent of ``y = np.linalg.norm(x, ord, axis, keepdims)`` (2-norm, Frobenius)."""
    _check_norm(ord, axis, x)
    if _is_complex(x) or _is_complex(tx):
        return ratio_or_zero(np.real(np.sum(np.conj(x) * tx, axis=axis, keepdims=keepdims)), y)
    return ratio_or_zero(np.sum(x * tx, axis=axis, keepdims=keepdims), y)


def det_adjoint(g, y, a):
    return (g * y)[..., None, None] * np.swapaxes(np.linalg.inv(a), -1, -2)


def solve_adjoint(g, a):
    return np.linalg.solve(np.swapaxes(a, -1, -2), g)


def _mT(x):
    return np.swapaxes(x, -1, -2)


def eigh_gaps(w):
    """``F[..., i, j] = 1 / (w[j] - w[i])`` off the diagonal, 0 on it (eigh's derivative)."""
    diff = w[..., None, :] - w[..., :, None]
    eye = np.eye(np.shape(w)[-1], dtype=bool)
    return np.where(eye, 0.0, 1.0 / np.where(eye, 1.0, diff))


def eigh_adjoint(gw, gv, w, v, gaps):
    """The adjoint of the Hermitian matrix that ``np.linalg.eigh`` factors as
    ``v diag(w) v^H``, from the eigenvalues' and eigenvectors' adjoints (0.0: none)."""
    out = 0.0
    if not _is_zero(gw):
        out = (np.conj(v) * np.expand_dims(np.real(gw), -2)) @ _mT(v)  # eigenvalues are real
    if not _is_zero(gv):
        out = out + np.conj(v) @ (gaps * (_mT(v) @ gv)) @ _mT(v)
    return out


def eigh_adjoint_dv(gw, gv, v, gaps, tv):
    """Derivative of ``eigh_adjoint(gw, gv, w, v, gaps)`` in ``v`` along ``tv``."""
    out = 0.0
    if not _is_zero(gw):
        g = np.expand_dims(np.real(gw), -2)
        out = (np.conj(tv) * g) @ _mT(v) + (np.conj(v) * g) @ _mT(tv)
    if not _is_zero(gv):
        inner = gaps * (_mT(v) @ gv)
        out = out + np.conj(tv) @ inner @ _mT(v) + np.conj(v) @ (
            gaps * (_mT(tv) @ gv)) @ _mT(v) + np.conj(v) @ inner @ _mT(tv)
    return out


def eigh_tangent_dv(ta, v, gaps, UPLO, tv, tgaps):
    """Derivative of ``eigh_tangent(ta, w, v, gaps, UPLO)`` in ``v`` and ``gaps``."""
    a = eigh_input_tangent(ta, UPLO)
    vh = np.conj(_mT(v))
    m = vh @ a @ v
    dm = np.conj(_mT(tv)) @ a @ v + vh @ a @ tv
    return [np.real(np.diagonal(dm, axis1=-2, axis2=-1)),
            tv @ (gaps * m) + v @ (tgaps * m) + v @ (gaps * dm)]


def eigh_triangle(m, a, UPLO):
    """Adjoint ``m`` of the Hermitian matrix that eigh reads from triangle ``UPLO`` of
    ``a``: the real diagonal and ``m + m^H`` on the strict triangle, 0 on the other."""
    tri = np.tril if UPLO == "L" else np.triu
    k = -1 if UPLO == "L" else 1
    if _is_zero(m):
        return zeros_like(a)
    diag = np.real(np.diagonal(m, axis1=-2, axis2=-1))
    out = tri(m + np.conj(_mT(m)), k) + diag[..., None] * np.eye(np.shape(m)[-1])
    return real_if_real(out, a)


def eigh_input_tangent(ta, UPLO):
    """The tangent of the Hermitian matrix eigh reads from triangle ``UPLO`` of ``a``."""
    tri = np.tril if UPLO == "L" else np.triu
    k = -1 if UPLO == "L" else 1
    low = tri(ta, k)
    diag = np.real(np.diagonal(ta, axis1=-2, axis2=-1))
    return low + np.conj(_mT(low)) + diag[..., None] * np.eye(np.shape(ta)[-1])


def eigh_tangent(ta, w, v, gaps, UPLO):
    """``(dw, dv)`` of ``np.linalg.eigh`` along ``ta`` (eigenvectors with
    ``v^H dv`` of zero diagonal)."""
    m = np.conj(_mT(v)) @ eigh_input_tangent(ta, UPLO) @ v
    dw = np.real(np.diagonal(m, axis1=-2, axis2=-1))
    return [dw, v @ (gaps * m)]


def _svd_factors(a, full_matrices, compute_uv, hermitian):
    if compute_uv or hermitian:
        raise NotImplementedError("s2sgrad: the derivative of np.linalg.svd is implemented "
                                  "for the singular values (compute_uv=False, hermitian=False)"
                                  " only; for the factors, use np.linalg.eigh of a^H a")
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return u, vh


def svd_values_adjoint(g, a, full_matrices, compute_uv, hermitian):
    """Adjoint of ``np.linalg.svd(a, compute_uv=False)``: ``conj(u diag(g) vh)``, the
    transpose of ``ds = Re(diag(u^H da vh^H))``."""
    u, vh = _svd_factors(a, full_matrices, compute_uv, hermitian)
    return real_if_real(np.conj((u * np.expand_dims(np.real(g), -2)) @ vh), a)


def svd_values_tangent(ta, a, full_matrices, compute_uv, hermitian):
    """Tangent of ``np.linalg.svd(a, compute_uv=False)`` along ``ta``."""
    u, vh = _svd_factors(a, full_matrices, compute_uv, hermitian)
    return np.real(np.sum(np.conj(u) * (ta @ np.conj(_mT(vh))), axis=-2))


def no_second_derivative(ta, what):
    """0.0 for a zero tangent ``ta``, else an error: ``what`` has first derivatives only."""
    if _is_zero(ta):
        return 0.0
    raise NotImplementedError(f"s2sgrad: second derivatives of {what} are not implemented")


# -- numpy.fft: the DFT matrix is symmetric, so a transform's transpose is itself ----------


def _fft_axes(x, s, axes):
    """The transformed axes of ``np.fft.*n(x, s, axes)`` (an int ``s``/``axes``: 1-D)."""
    if isinstance(axes, int):
        axes = (axes,)
    if isinstance(s, int):
        s = (s,)
    if axes is None:
        axes = range(-len(s), 0) if s is not None else range(np.ndim(x))
    return tuple(a % np.ndim(x) for a in axes), s


def _fit(v, shape, axes):
    """``v`` cropped or zero-padded at the end of each of ``axes`` to ``shape``."""
    for a in axes:
        n, m = np.shape(v)[a], shape[a]
        if n > m:
            v = np.take(v, np.arange(m), axis=a)
        elif n < m:
            pad = [(0, 0)] * np.ndim(v)
            pad[a] = (0, m - n)
            v = np.pad(v, pad)
    return v


def _swap_norm(norm):
    """The norm numpy's hfft/ihfft pass to irfft/rfft."""
    return {None: "forward", "backward": "forward", "forward": "backward"}.get(norm, norm)


def fft_adjoint(g, x, s, axes, norm, inverse):
    """Adjoint of ``np.fft.fftn(x, s, axes, norm)`` (``ifftn`` with ``inverse``; fft, ifft,
    fft2, ifft2 alike): the same transform of ``g``, cropped or zero-padded back to ``x``."""
    axes, _ = _fft_axes(x, s, axes)
    out = (np.fft.ifftn if inverse else np.fft.fftn)(g, axes=axes, norm=norm)
    return real_if_real(_fit(out, np.shape(x), axes), x)


def rfft_adjoint(g, x, s, axes, norm):
    """Adjoint of ``np.fft.rfftn(x, s, axes, norm)`` (rfft, rfft2 alike): ``g`` zero-padded
    to the full spectrum on the last axis, transformed by ``fftn``, fitted back to ``x``."""
    axes, s = _fft_axes(x, s, axes)
    last = axes[-1]
    n = s[-1] if s is not None else np.shape(x)[last]
    shape = list(np.shape(g))
    shape[last] = n
    out = np.fft.fftn(_fit(g, shape, (last,)), axes=axes, norm=norm)
    return np.real(_fit(out, np.shape(x), axes))


def irfft_adjoint(g, x, s, axes, norm):
    """Adjoint of ``np.fft.irfftn(x, s, axes, norm)`` (irfft, irfft2 alike): ``ifftn(g)``
    on the half spectrum, doubled where ``x``'s entry also stands for its mirror image (not
    the zero frequency, nor the Nyquist one for an even length), fitted back to ``x``."""
    axes, s = _fft_axes(x, s, axes)
    last = axes[-1]
    n = s[-1] if s is not None else 2 * (np.shape(x)[last] - 1)
    m = n // 2 + 1
    out = np.fft.ifftn(np.real(g), axes=axes, norm=norm)
    out = np.take(out, np.arange(m), axis=last)
    weights = np.full(m, 2.0)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
    shape = [1] * np.ndim(out)
    shape[last] = m
    return real_if_real(_fit(out * np.reshape(weights, shape), np.shape(x), axes), x)


def hfft_adjoint(g, x, n, axis, norm):
    """Adjoint of ``np.fft.hfft(x, n, axis, norm)`` = ``irfft(conj(x), n, axis, swapped)``."""
    return real_if_real(np.conj(irfft_adjoint(g, x, n, axis, _swap_norm(norm))), x)


def ihfft_adjoint(g, x, n, axis, norm):
    """Adjoint of ``np.fft.ihfft(x, n, axis, norm)`` = ``conj(rfft(x, n, axis, swapped))``."""
    return rfft_adjoint(np.conj(g), x, n, axis, _swap_norm(norm))


# -- small helpers for generated code ----------------------------------------------------


def part(g, i):
    """Item ``i`` of a container adjoint ``g`` (zero when ``g`` is still zero)."""
    if isinstance(g, (list, tuple, dict)):
        return g[i]
    return 0.0


def nonzero(g) -> bool:
    """Is adjoint ``g`` more than the 0.0 that stands for "no contribution yet"?"""
    return not (type(g) is float and g == 0.0)


def densify(g, x):
    """``g`` as an array shaped like ``x`` when it is still the scalar zero."""
    if _is_zero(g) and np.ndim(x):
        return zeros_like(x)
    return g


def snapshot(value):
    """A copy of ``value`` that later in-place writes cannot change."""
    return value.copy() if hasattr(value, "copy") else value


def output_seed(value, seed=None):
    """The cotangent that starts the adjoint sweep: 1.0 for a scalar output.

    A tuple or list output differentiates its first element (the rest is auxiliary).
    """
    if seed is not None:
        if _is_complex(value) and not _is_complex(seed) and hasattr(seed, "dtype"):
            return seed + 0j  # adjoints of complex values are complex arrays
        return seed
    if isinstance(value, (tuple, list)):
        if not value:
            raise ValueError("the differentiated function returned an empty "
                             f"{type(value).__name__}; return a scalar loss")
        _check_scalar(value[0], " as the first element of its output")
        return [1.0] + [0.0] * (len(value) - 1)
    _check_scalar(value, "")
    return 1.0


def _check_scalar(value, where):
    shape = getattr(value, "shape", None)
    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(
            value, (bool, np.bool_)) and shape in (None, ()):
        return
    if shape == () and getattr(value, "dtype", None) is not None and value.dtype.kind == "f":
        return
    if _is_complex(value):
        raise ValueError(f"the differentiated function must return a real scalar{where}, but "
                         "it returned a complex value; take np.real or np.abs of it, or use "
                         "s2sgrad.vjp(f, primals, 1.0) (f'(z) for a holomorphic f)")
    if shape is not None:
        what = f"an array of shape {tuple(shape)} and dtype {value.dtype}"
    else:
        what = f"a value of type {type(value).__name__}"
    raise ValueError(f"the differentiated function must return a scalar{where}, but it "
                     f"returned {what}; reduce it to a scalar (e.g. with np.sum) or use "
                     "s2sgrad.vjp for non-scalar outputs")


def check_cotangents(grads, n):
    """The tuple a custom ``bwd`` returned, checked to hold one cotangent per argument."""
    if not isinstance(grads, (tuple, list)) or len(grads) != n:
        raise ValueError(f"a custom_vjp backward function must return a tuple of {n} "
                         f"cotangent(s), one per positional argument; it returned {grads!r}")
    return [0.0 if g is None else g for g in grads]


# -- method calls that generated code makes through functions ---------------------------


def array_astype(x, dtype, *args, **kwargs):
    """``x.astype(dtype)``."""
    return x.astype(dtype, *args, **kwargs)


def array_item(x, *args):
    """``x.item()``."""
    return x.item(*args)


def array_tolist(x):
    """``x.tolist()``."""
    return x.tolist()


def dict_get(d, key, default=None):
    """``d.get(key, default)``."""
    return d.get(key, default)
