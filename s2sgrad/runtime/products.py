"""Adjoints of products: matmul, dot, inner, outer, tensordot, einsum, kron,
cross, convolutions, multi_dot.
"""

from __future__ import annotations

import numpy as np

from .adjoints import add
from .broadcast import unbroadcast
from .places import not_implemented
from .values import _is_complex, _is_zero, real_if_real


def vdot_left(g, a, b):
    """Adjoint of ``a`` in ``np.vdot(a, b) = sum(conj(a) * b)``: ``conj(g * b)``."""
    return real_if_real(np.reshape(np.conj(g * b), np.shape(a)), a)


def vdot_right(g, a, b):
    """Adjoint of ``b`` in ``np.vdot(a, b)``: ``g * conj(a)``."""
    return real_if_real(np.reshape(g * np.conj(a), np.shape(b)), b)


def matmul_left(g, a, b):
    """Adjoint of ``a`` in ``a @ b``."""
    if type(a) is np.ndarray and type(b) is np.ndarray and b.ndim == 2 and a.ndim in (1, 2):
        out = g @ b.T if a.ndim == 2 else b @ g  # the common case first, tested inline
        # real (the common case) or the adjoint of a complex array; MLX dtypes: no kind
        return out if getattr(out.dtype, "kind", "c") != "c" else _real_like(out, a)
    if type(a) is not np.ndarray or type(b) is not np.ndarray:
        a, b = _sequence_array(a), _sequence_array(b)
    if type(a) is np.ndarray and type(b) is np.ndarray and b.ndim == 2 and a.ndim in (1, 2):
        out = g @ b.T if a.ndim == 2 else b @ g
        return _real_like(out, a)
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * b, a)
    if nb == 1:
        return unbroadcast(g[..., None] * b, a) if na > 1 else real_if_real(g * b, a)
    if na == 1:
        return unbroadcast(np.squeeze(g[..., None, :] @ np.swapaxes(b, -1, -2), -2), a)
    return unbroadcast(g @ np.swapaxes(b, -1, -2), a)


def matmul_right(g, a, b):
    """Adjoint of ``b`` in ``a @ b``."""
    if type(a) is np.ndarray and type(b) is np.ndarray and a.ndim == 2 and b.ndim in (1, 2):
        out = a.T @ g  # the common case first, tested inline
        # real (the common case) or the adjoint of a complex array; MLX dtypes: no kind
        return out if getattr(out.dtype, "kind", "c") != "c" else _real_like(out, b)
    if type(a) is not np.ndarray or type(b) is not np.ndarray:
        a, b = _sequence_array(a), _sequence_array(b)
    if type(a) is np.ndarray and type(b) is np.ndarray and a.ndim == 2 and b.ndim in (1, 2):
        return _real_like(a.T @ g, b)
    na, nb = np.ndim(a), np.ndim(b)
    if na == 0 or nb == 0:
        return unbroadcast(g * a, b)
    if na == 1:
        if nb == 1:
            return real_if_real(g * a, b)
        return unbroadcast(a[..., None] * g[..., None, :], b)
    if nb == 1:  # new axes by indexing: Dask cannot reshape (expand_dims) unknown sizes
        return unbroadcast(np.squeeze(np.swapaxes(a, -1, -2) @ g[..., None], -1), b)
    return unbroadcast(np.swapaxes(a, -1, -2) @ g, b)


def _dot_axes(a, b):
    """``np.dot`` of N-d arrays as ``np.tensordot``: a's last axis with b's second-to-last."""
    return ([np.ndim(a) - 1], [max(np.ndim(b) - 2, 0)])


def _dot_nd(a, b) -> bool:
    return np.ndim(a) > 0 and np.ndim(b) > 0 and (np.ndim(a) > 2 or np.ndim(b) > 2)


def dot_left(g, a, b):
    if _dot_nd(a, b):
        return _tensordot_adjoint(g, a, b, _dot_axes(a, b), 0)
    return matmul_left(g, a, b)


def dot_right(g, a, b):
    if _dot_nd(a, b):
        return _tensordot_adjoint(g, a, b, _dot_axes(a, b), 1)
    return matmul_right(g, a, b)


def _real_like(out, x):
    """``out``, the adjoint of the array ``x``, real when ``x`` is (the common case first)."""
    # (an MLX dtype has no .kind: the general test below)
    if type(out) is np.ndarray and getattr(out.dtype, "kind", "c") != "c":
        return out
    return out.real if _is_complex(out) and not _is_complex(x) else out


def _sequence_array(x):
    """A list or tuple operand of a product as the array NumPy made of it."""
    return np.asarray(x) if isinstance(x, (list, tuple)) else x


def outer_left(g, a, b):
    return real_if_real(np.reshape(g @ np.ravel(b), np.shape(a)), a)


def outer_right(g, a, b):
    return real_if_real(np.reshape(np.ravel(a) @ g, np.shape(b)), b)


def _inner_adjoint(g, a, b, which):
    a, b = _sequence_array(a), _sequence_array(b)
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * (b if which == 0 else a), a if which == 0 else b)
    na, nb = np.ndim(a), np.ndim(b)
    if which == 0:
        # g: a.shape[:-1] + b.shape[:-1]; contract b's leading axes
        return np.tensordot(g, b, axes=(list(range(na - 1, na - 1 + nb - 1)), list(range(nb - 1))))
    moved = np.tensordot(g, a, axes=(list(range(na - 1)), list(range(na - 1))))
    return moved


def _inverse_permutation(order):
    """The axes that undo ``np.transpose(..., order)``, as a tuple of ints (Dask's
    transpose does not take an array of axes)."""
    inverse = [0] * len(order)
    for i, a in enumerate(order):
        inverse[a] = i
    return tuple(inverse)


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
        out = np.tensordot(g, b, axes=(list(range(ga, np.ndim(g))), free_b))
        # out axes: free_a, then b's contracted axes in increasing order -> matching axes_a
        order = free_a + [axes_a[axes_b.index(j)] for j in sorted(axes_b)]
        return np.transpose(out, _inverse_permutation(order))
    out = np.tensordot(a, g, axes=(free_a, list(range(ga))))
    order = [axes_b[axes_a.index(i)] for i in sorted(axes_a)] + free_b
    return np.transpose(out, _inverse_permutation(order))


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
            sorted(c for c in set(joined) if joined.count(c) == 1)
        )
    if "..." in subscripts:
        free = [c for c in _LETTERS if c not in subscripts]
        ranks = [
            np.ndim(args[p]) - len(s.replace("...", ""))
            for s, p in zip(specs, positions)
            if "..." in s
        ]
        width = max(ranks, default=0)
        ell = "".join(free[:width])
        specs = [
            s.replace("...", ell[width - (np.ndim(args[p]) - len(s) + 3) :]) if "..." in s else s
            for s, p in zip(specs, positions)
        ]
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
        others = specs[:i] + specs[i + 1 :]
        ops = arrays[:i] + arrays[i + 1 :]
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
    return _einsum_terms(
        operands, ({p: tangents[p]} for p in positions if not _is_zero(tangents[p]))
    )


def einsum_cross(operands, tangents, dops):
    """Derivative of ``einsum_tangent(operands, tangents)`` in ``operands`` along ``dops``."""
    _, _, positions = _einsum_parse(operands)
    return _einsum_terms(
        operands,
        (
            {i: tangents[i], j: dops[j]}
            for i in positions
            for j in positions
            if i != j and not _is_zero(tangents[i]) and not _is_zero(dops[j])
        ),
    )


def _einsum_terms(operands, swaps):
    """The sum of ``np.einsum`` of ``operands`` with each of ``swaps`` (position -> array)
    put in place, in order; zeros shaped like ``np.einsum(*operands)`` for no swap."""
    out = 0.0
    for swap in swaps:
        args = list(operands)
        for p, value in swap.items():
            args[p] = value
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


def kron_parts(g, a, b):
    """``g`` (shaped like ``np.kron(a, b)``) reshaped to interleaved axes ``(a0, b0, a1, ...)``
    with ``a`` and ``b`` brought to the same number of dimensions."""
    nd = max(np.ndim(a), np.ndim(b))
    sa = (1,) * (nd - np.ndim(a)) + tuple(np.shape(a))
    sb = (1,) * (nd - np.ndim(b)) + tuple(np.shape(b))
    return np.reshape(g, [n for pair in zip(sa, sb) for n in pair]), sa, sb


def kron_left(g, a, b):
    parts, sa, sb = kron_parts(g, a, b)
    nd = len(sa)
    out = np.tensordot(parts, np.reshape(b, sb), axes=(list(range(1, 2 * nd, 2)), list(range(nd))))
    return real_if_real(np.reshape(out, np.shape(a)), a)


def kron_right(g, a, b):
    parts, sa, sb = kron_parts(g, a, b)
    nd = len(sa)
    out = np.tensordot(parts, np.reshape(a, sa), axes=(list(range(0, 2 * nd, 2)), list(range(nd))))
    return real_if_real(np.reshape(out, np.shape(b)), b)


def _cross_2d(g, a, b, which):
    """Adjoint of ``a`` (``which`` 0) or ``b`` (1) in ``np.cross(a, b)``, vectors along the
    last axis."""
    na, nb = np.shape(a)[-1], np.shape(b)[-1]
    if na == 2 and nb == 2:
        g = np.expand_dims(g, -1)
        if which == 0:
            return unbroadcast(np.concatenate([g * b[..., 1:2], -g * b[..., 0:1]], axis=-1), a)
        return unbroadcast(np.concatenate([-g * a[..., 1:2], g * a[..., 0:1]], axis=-1), b)
    if na == 2 or nb == 2:
        not_implemented(
            "s2sgrad: the derivative of np.cross of a 2-vector and a "
            "3-vector is not implemented; pad the 2-vector with a 0"
        )
    return unbroadcast(np.cross(b, g), a) if which == 0 else unbroadcast(np.cross(g, a), b)


def _cross_adjoint(g, a, b, axisa, axisb, axisc, axis, which):
    """``np.cross(a, b, axisa, axisb, axisc, axis)`` is the cross product of the vectors
    moved to the last axis, its vector axis moved to ``axisc`` (3-vectors only)."""
    if axis is not None:
        axisa = axisb = axisc = axis
    am, bm = np.moveaxis(a, axisa, -1), np.moveaxis(b, axisb, -1)
    if np.shape(am)[-1] == 3 or np.shape(bm)[-1] == 3:
        g = np.moveaxis(g, axisc, -1)
    out = _cross_2d(g, am, bm, which)
    return np.moveaxis(out, -1, axisa if which == 0 else axisb)


def cross_left(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Adjoint of ``a`` in ``np.cross(a, b, axisa, axisb, axisc, axis)``."""
    return _cross_adjoint(g, a, b, axisa, axisb, axisc, axis, 0)


def cross_right(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Adjoint of ``b`` in ``np.cross(a, b, axisa, axisb, axisc, axis)``."""
    return _cross_adjoint(g, a, b, axisa, axisb, axisc, axis, 1)


def _conv_slice(n, m, mode, correlate):
    """Start and length of ``mode``'s output inside the full convolution (numpy's rules)."""
    full = n + m - 1
    if mode == "full":
        return 0, full
    if mode == "same":
        length, start = max(n, m), (min(n, m) - 1) // 2
        if correlate and n < m:
            start = n - 1 - start
        return start, length
    if mode == "valid":
        return min(n, m) - 1, max(n, m) - min(n, m) + 1
    raise ValueError(f"convolution mode {mode!r}")


def _conv_full(g, n, m, mode, correlate):
    start, length = _conv_slice(n, m, mode, correlate)
    full = np.zeros(n + m - 1, dtype=np.result_type(g, 1.0))
    full[start : start + length] = g
    return full


def convolve_left(g, a, b, mode):
    """Adjoint of ``a`` in ``np.convolve(a, b, mode)``."""
    full = _conv_full(g, np.size(a), np.size(b), mode, False)
    return real_if_real(np.convolve(full, np.flip(b), "valid"), a)


def convolve_right(g, a, b, mode):
    """Adjoint of ``b`` in ``np.convolve(a, b, mode)``."""
    full = _conv_full(g, np.size(a), np.size(b), mode, False)
    return real_if_real(np.convolve(full, np.flip(a), "valid"), b)


def correlate_left(g, a, b, mode):
    """Adjoint of ``a`` in ``np.correlate(a, b, mode)``, which is ``convolve(a, conj(b)[::-1])``
    (complex ``b`` is conjugated)."""
    full = _conv_full(g, np.size(a), np.size(b), mode, True)
    return real_if_real(np.convolve(full, np.conj(b), "valid"), a)


def correlate_right(g, a, b, mode):
    """Adjoint of ``b`` in ``np.correlate(a, b, mode)``: conjugated, as ``b`` enters the
    correlation conjugated (real-linear in ``g`` and ``a``, so its tangent applies it)."""
    full = _conv_full(g, np.size(a), np.size(b), mode, True)
    return real_if_real(np.conj(np.flip(np.convolve(full, np.flip(a), "valid"))), b)


def _multi_dot_2d(arrays):
    """The operands of ``np.linalg.multi_dot`` as matrices (a 1-d first is a row, a 1-d last
    a column)."""
    mats = list(arrays)
    if np.ndim(mats[0]) == 1:
        mats[0] = np.reshape(mats[0], (1, -1))
    if np.ndim(mats[-1]) == 1:
        mats[-1] = np.reshape(mats[-1], (-1, 1))
    return mats


def _chain(mats, n_rows):
    out = np.eye(n_rows)
    for m in mats:
        out = out @ m
    return out


def multi_dot_adjoint(g, arrays):
    """Adjoints of the operands of ``np.linalg.multi_dot(arrays)``."""
    mats = _multi_dot_2d(arrays)
    g2 = np.reshape(g, (np.shape(mats[0])[0], np.shape(mats[-1])[1]))
    out = []
    for i, x in enumerate(arrays):
        left = _chain(mats[:i], np.shape(mats[0])[0])
        right = _chain(mats[i + 1 :], np.shape(mats[i])[1])
        gx = np.reshape(np.swapaxes(left, -1, -2) @ g2 @ np.swapaxes(right, -1, -2), np.shape(x))
        out.append(real_if_real(gx, x))
    return out


def multi_dot_tangent(arrays, tangents):
    """Tangent of ``np.linalg.multi_dot(arrays)``: one term per operand with a tangent."""
    out = 0.0
    for i, ti in enumerate(tangents):
        if _is_zero(ti):
            continue
        args = list(arrays)
        args[i] = ti
        out = out + np.linalg.multi_dot(args)
    return np.zeros_like(np.linalg.multi_dot(arrays)) if _is_zero(out) else out


def multi_dot_adjoint_dx(g, arrays, tangents):
    """Derivative of ``multi_dot_adjoint(g, arrays)`` in the operands along ``tangents``."""
    out = [0.0] * len(arrays)
    for j, tj in enumerate(tangents):
        if _is_zero(tj):
            continue
        args = list(arrays)
        args[j] = tj
        parts = multi_dot_adjoint(g, args)
        out = [o if i == j else add(o, p) for i, (o, p) in enumerate(zip(out, parts))]
    return [
        np.zeros_like(x, dtype=np.result_type(x, 1.0)) if _is_zero(o) else o
        for o, x in zip(out, arrays)
    ]


def multi_dot_cross(arrays, tangents, dops):
    """Derivative of ``multi_dot_tangent(arrays, tangents)`` in ``arrays`` along ``dops``."""
    out = 0.0
    for i, ti in enumerate(tangents):
        for j, dj in enumerate(dops):
            if i == j or _is_zero(ti) or _is_zero(dj):
                continue
            args = list(arrays)
            args[i], args[j] = ti, dj
            out = out + np.linalg.multi_dot(args)
    return np.zeros_like(np.linalg.multi_dot(arrays)) if _is_zero(out) else out


def _signal_full(g, a, b, mode):
    """``g`` (the output of ``scipy.signal.convolve(a, b, mode)``) placed in the full output."""
    sa, sb = np.shape(a), np.shape(b)
    full = tuple(n + m - 1 for n, m in zip(sa, sb))
    if mode == "full":
        return g
    if mode == "same":
        starts = [(f - n) // 2 for f, n in zip(full, sa)]
    elif mode == "valid":
        starts = [min(n, m) - 1 for n, m in zip(sa, sb)]
    else:
        raise ValueError(f"convolution mode {mode!r}")
    out = np.zeros(full, dtype=np.result_type(g, 1.0))
    out[tuple(slice(s, s + n) for s, n in zip(starts, np.shape(g)))] = g
    return out


def signal_convolve_left(g, a, b, mode, method):
    """Adjoint of ``a`` in ``scipy.signal.convolve(a, b, mode, method)``: a correlation
    with ``b`` unconjugated (``correlate`` conjugates its second argument; a product's
    adjoint in autograd's convention does not)."""
    import scipy.signal

    return scipy.signal.correlate(_signal_full(g, a, b, mode), np.conj(b), "valid", method)


def signal_convolve_right(g, a, b, mode, method):
    """Adjoint of ``b`` in ``scipy.signal.convolve(a, b, mode, method)`` (as
    :func:`signal_convolve_left`)."""
    import scipy.signal

    return scipy.signal.correlate(_signal_full(g, a, b, mode), np.conj(a), "valid", method)


def signal_correlate2d_full(g, a, b, mode):
    """``g`` (the output of ``scipy.signal.correlate2d(a, b, mode)``) placed in the full
    output: 'same' is centred rounding up, unlike ``correlate``'s 'same'."""
    if mode != "same":
        return _signal_full(g, a, b, mode)
    full = tuple(n + m - 1 for n, m in zip(np.shape(a), np.shape(b)))
    starts = [(f - n + 1) // 2 for f, n in zip(full, np.shape(a))]
    out = np.zeros(full, dtype=np.result_type(g, 1.0))
    out[tuple(slice(s, s + n) for s, n in zip(starts, np.shape(g)))] = g
    return out


def signal_zero_filled(mode, boundary, fillvalue):
    """``mode``, where ``scipy.signal.convolve2d``/``correlate2d`` with this boundary are
    ``convolve``/``correlate`` of the 2-D arrays (zeros outside, or no padding read)."""
    if mode != "valid" and (boundary not in ("fill", "pad") or np.any(fillvalue != 0)):
        not_implemented(
            "the derivative of scipy.signal.convolve2d/correlate2d with "
            f"boundary={boundary!r}, fillvalue={fillvalue!r} in mode {mode!r} is not "
            "implemented; use boundary='fill' with fillvalue=0, or mode='valid'"
        )
    return mode
