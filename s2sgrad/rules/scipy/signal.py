"""``scipy.signal``."""

from __future__ import annotations

import numpy as np
import scipy.signal

from ...runtime import (
    real_if_real,
    signal_convolve_left,
    signal_convolve_right,
    signal_correlate2d_full,
    signal_zero_filled,
)
from ..registry import bilinear, d, linear_in, nondifferentiable_object, rule, t


@bilinear("scipy.signal.convolve", left=signal_convolve_left, right=signal_convolve_right)
def signal_convolve(in1, in2, mode="full", method="auto"):
    return scipy.signal.convolve(in1, in2, mode, method)


# correlate(a, b) is convolve(a, flip(conj(b))): its adjoints are the convolution's
# through that flip and conjugation


@rule("scipy.signal.correlate")
def signal_correlate(y, in1, in2, mode="full", method="auto"):
    kernel = np.flip(np.conj(in2))
    d[in1] = signal_convolve_left(d[y], in1, kernel, mode, method)
    d[in2] = real_if_real(
        np.conj(np.flip(signal_convolve_right(d[y], in1, kernel, mode, method))), in2
    )
    t[y] = scipy.signal.correlate(t[in1], in2, mode, method) + scipy.signal.correlate(
        in1, t[in2], mode, method
    )


nondifferentiable_object(signal_zero_filled, "signal_zero_filled")


@rule("scipy.signal.convolve2d")
def signal_convolve2d(y, in1, in2, mode="full", boundary="fill", fillvalue=0):
    plain = signal_zero_filled(mode, boundary, fillvalue)
    d[in1] = signal_convolve_left(d[y], in1, in2, plain, "direct")
    d[in2] = signal_convolve_right(d[y], in1, in2, plain, "direct")
    t[y] = scipy.signal.convolve(t[in1], in2, plain) + scipy.signal.convolve(in1, t[in2], plain)


linear_in(signal_correlate2d_full, "g")


@rule("scipy.signal.correlate2d")
def signal_correlate2d(y, in1, in2, mode="full", boundary="fill", fillvalue=0):
    plain = signal_zero_filled(mode, boundary, fillvalue)
    kernel = np.flip(np.conj(in2))
    full = signal_correlate2d_full(d[y], in1, in2, plain)
    d[in1] = signal_convolve_left(full, in1, kernel, "full", "direct")
    d[in2] = real_if_real(
        np.conj(np.flip(signal_convolve_right(full, in1, kernel, "full", "direct"))), in2
    )
    t[y] = scipy.signal.correlate2d(t[in1], in2, plain) + scipy.signal.correlate2d(
        in1, t[in2], plain
    )
