"""autograd's generalized convolution ``convolve(A, B, axes, dot_axes, mode)`` (offered as
``s2sgrad.compat.autograd.scipy.signal.convolve``) and its adjoints.

``A``'s axes ``axes[0]`` are convolved with ``B``'s ``axes[1]`` (pairwise, as
``scipy.signal.convolve`` in ``mode``), ``dot_axes[0]`` of ``A`` are summed against
``dot_axes[1]`` of ``B``, and the remaining axes of each form an outer product. The result's
axes: ``A``'s remaining axes, then ``B``'s, then the convolved ones.

It is computed as one full N-d convolution of ``A`` and ``B`` with their axes lined up (the
other array's outer-product axes of length 1, ``B`` flipped along the summed axes, whose
sum is then the middle entry of the full convolution along them), cropped to ``mode``. Its
adjoints correlate the zero-padded cotangent with the other array (``valid`` mode); both
are holomorphic, so complex arrays take the same rule (plain transposes, no conjugates).
"""

from __future__ import annotations

import numpy as np


def _layout(a_shape, b_shape, axes, dot_axes):
    """The axes of ``A`` and ``B`` in line-up order and the lined-up shapes."""
    if axes is None:
        axes = (tuple(range(len(a_shape))), tuple(range(len(a_shape))))
    conv_a, conv_b = (tuple(int(i) for i in x) for x in axes)
    dot_a, dot_b = (tuple(int(i) for i in x) for x in dot_axes)
    if len(conv_a) != len(conv_b) or len(dot_a) != len(dot_b):
        raise ValueError("convolve: axes and dot_axes pair axes of A with axes of B")
    if len(set(conv_a + dot_a)) < len(conv_a + dot_a) or len(set(conv_b + dot_b)) < len(
        conv_b + dot_b
    ):
        raise ValueError("convolve: an axis is both convolved and summed, or named twice")
    free_a = tuple(i for i in range(len(a_shape)) if i not in conv_a + dot_a)
    free_b = tuple(i for i in range(len(b_shape)) if i not in conv_b + dot_b)
    order_a, order_b = free_a + dot_a + conv_a, free_b + dot_b + conv_b
    shape_a = (
        tuple(a_shape[i] for i in free_a)
        + (1,) * len(free_b)
        + tuple(a_shape[i] for i in dot_a + conv_a)
    )
    shape_b = (1,) * len(free_a) + tuple(b_shape[i] for i in free_b + dot_b + conv_b)
    n_free = len(free_a) + len(free_b)
    dots = tuple(range(n_free, n_free + len(dot_a)))
    convs = [(a_shape[i], b_shape[j]) for i, j in zip(conv_a, conv_b)]
    return order_a, order_b, shape_a, shape_b, dots, convs


def _crop(full_shape, dots, convs, mode):
    """The index of the result in the full convolution."""
    if mode not in ("full", "valid", "same"):
        raise ValueError(f"convolve: mode {mode!r} is not 'full', 'valid' or 'same'")
    if mode == "valid" and not (
        all(na >= nb for na, nb in convs) or all(nb >= na for na, nb in convs)
    ):
        raise ValueError(
            "convolve: in 'valid' mode one array must be at least as large as "
            "the other along every convolved axis"
        )
    index = [slice(None)] * len(full_shape)
    for k in dots:
        index[k] = (full_shape[k] - 1) // 2
    first = len(full_shape) - len(convs)
    for k, (na, nb) in enumerate(convs):
        if mode == "valid":
            start, length = min(na, nb) - 1, abs(na - nb) + 1
        elif mode == "same":
            start, length = (nb - 1) // 2, na
        else:
            start, length = 0, na + nb - 1
        index[first + k] = slice(start, start + length)
    return tuple(index)


def _lined_up(a, b, axes, dot_axes):
    order_a, order_b, shape_a, shape_b, dots, convs = _layout(
        np.shape(a), np.shape(b), axes, dot_axes
    )
    a2 = np.reshape(np.transpose(a, order_a), shape_a)
    b2 = (
        np.flip(np.reshape(np.transpose(b, order_b), shape_b), axis=dots)
        if dots
        else np.reshape(np.transpose(b, order_b), shape_b)
    )
    return a2, b2, dots, convs


def general_convolve(A, B, axes=None, dot_axes=((), ()), mode="full"):
    """autograd's ``convolve(A, B, axes=None, dot_axes=[(), ()], mode='full')``."""
    import scipy.signal

    a2, b2, dots, convs = _lined_up(np.asarray(A), np.asarray(B), axes, dot_axes)
    full = scipy.signal.convolve(a2, b2, "full")
    return full[_crop(np.shape(full), dots, convs, mode)]


def _padded(g, a2, b2, dots, convs, mode):
    full_shape = tuple(p + q - 1 for p, q in zip(np.shape(a2), np.shape(b2)))
    out = np.zeros(full_shape, dtype=np.result_type(g, a2, b2))
    out[_crop(full_shape, dots, convs, mode)] = g
    return out


def general_convolve_left(g, a, b, axes=None, dot_axes=((), ()), mode="full"):
    """Adjoint of ``A`` in :func:`general_convolve`."""
    import scipy.signal

    a, b = np.asarray(a), np.asarray(b)
    a2, b2, dots, convs = _lined_up(a, b, axes, dot_axes)
    # correlate conjugates its second argument: conjugated back, the plain transpose
    ga = scipy.signal.correlate(_padded(g, a2, b2, dots, convs, mode), np.conj(b2), "valid")
    order_a = _layout(a.shape, b.shape, axes, dot_axes)[0]
    return np.transpose(np.reshape(ga, tuple(a.shape[i] for i in order_a)), np.argsort(order_a))


def general_convolve_right(g, a, b, axes=None, dot_axes=((), ()), mode="full"):
    """Adjoint of ``B`` in :func:`general_convolve`."""
    import scipy.signal

    a, b = np.asarray(a), np.asarray(b)
    a2, b2, dots, convs = _lined_up(a, b, axes, dot_axes)
    gb = scipy.signal.correlate(_padded(g, a2, b2, dots, convs, mode), np.conj(a2), "valid")
    if dots:
        gb = np.flip(gb, axis=dots)
    order_b = _layout(a.shape, b.shape, axes, dot_axes)[1]
    return np.transpose(np.reshape(gb, tuple(b.shape[i] for i in order_b)), np.argsort(order_b))
