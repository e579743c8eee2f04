"""numpy.fft: the DFT matrix is symmetric, so a transform's transpose is itself."""

from __future__ import annotations

import numpy as np

from .values import real_if_real


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
