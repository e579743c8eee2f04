"""``numpy.fft``: linear maps, given by their transposes (see :func:`.registry.linear`).

Gradients follow autograd's convention (the transpose, no conjugation: see the README's
"Complex numbers"). The DFT matrix is symmetric, so the transpose of ``fftn`` is ``fftn``
of the cotangent, cropped or zero-padded back where ``s``/``n`` padded or cropped the
input. The real transforms are not their own transposes: ``rfft`` keeps half the spectrum
(its transpose pads the cotangent back to the full spectrum), and ``irfft`` reads each
kept entry twice (for itself and its mirror image), so its transpose doubles those
entries. ``hfft``/``ihfft`` are ``irfft``/``rfft`` of conjugates with the norm swapped.
The tangent of each is the transform of the tangent.
"""

from __future__ import annotations

import numpy as np

from ..runtime import fft_adjoint, hfft_adjoint, ihfft_adjoint, irfft_adjoint, rfft_adjoint
from .registry import d, linear, linear_in


@linear("numpy.fft.fft")
def fft(y, a, n=None, axis=-1, norm=None, out=None):
    d[a] = fft_adjoint(d[y], a, n, axis, norm, False)


@linear("numpy.fft.ifft")
def ifft(y, a, n=None, axis=-1, norm=None, out=None):
    d[a] = fft_adjoint(d[y], a, n, axis, norm, True)


@linear("numpy.fft.fft2")
def fft2(y, a, s=None, axes=(-2, -1), norm=None, out=None):
    d[a] = fft_adjoint(d[y], a, s, axes, norm, False)


@linear("numpy.fft.ifft2")
def ifft2(y, a, s=None, axes=(-2, -1), norm=None, out=None):
    d[a] = fft_adjoint(d[y], a, s, axes, norm, True)


@linear("numpy.fft.fftn")
def fftn(y, a, s=None, axes=None, norm=None, out=None):
    d[a] = fft_adjoint(d[y], a, s, axes, norm, False)


@linear("numpy.fft.ifftn")
def ifftn(y, a, s=None, axes=None, norm=None, out=None):
    d[a] = fft_adjoint(d[y], a, s, axes, norm, True)


@linear("numpy.fft.rfft")
def rfft(y, a, n=None, axis=-1, norm=None, out=None):
    d[a] = rfft_adjoint(d[y], a, n, axis, norm)


@linear("numpy.fft.rfft2")
def rfft2(y, a, s=None, axes=(-2, -1), norm=None, out=None):
    d[a] = rfft_adjoint(d[y], a, s, axes, norm)


@linear("numpy.fft.rfftn")
def rfftn(y, a, s=None, axes=None, norm=None, out=None):
    d[a] = rfft_adjoint(d[y], a, s, axes, norm)


@linear("numpy.fft.irfft")
def irfft(y, a, n=None, axis=-1, norm=None, out=None):
    d[a] = irfft_adjoint(d[y], a, n, axis, norm)


@linear("numpy.fft.irfft2")
def irfft2(y, a, s=None, axes=(-2, -1), norm=None, out=None):
    d[a] = irfft_adjoint(d[y], a, s, axes, norm)


@linear("numpy.fft.irfftn")
def irfftn(y, a, s=None, axes=None, norm=None, out=None):
    d[a] = irfft_adjoint(d[y], a, s, axes, norm)


@linear("numpy.fft.hfft")
def hfft(y, a, n=None, axis=-1, norm=None, out=None):
    d[a] = hfft_adjoint(d[y], a, n, axis, norm)


@linear("numpy.fft.ihfft")
def ihfft(y, a, n=None, axis=-1, norm=None, out=None):
    d[a] = ihfft_adjoint(d[y], a, n, axis, norm)


# permutations: the transpose is the inverse shift
@linear("numpy.fft.fftshift")
def fftshift(y, x, axes=None):
    d[x] = np.fft.ifftshift(d[y], axes)


@linear("numpy.fft.ifftshift")
def ifftshift(y, x, axes=None):
    d[x] = np.fft.fftshift(d[y], axes)


# tangents of the helpers (forward over reverse): each is linear in the cotangent
for _helper in (fft_adjoint, rfft_adjoint, irfft_adjoint, hfft_adjoint, ihfft_adjoint):
    linear_in(_helper, "g")
