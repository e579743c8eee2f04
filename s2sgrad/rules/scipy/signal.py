"""``scipy.signal``."""

from __future__ import annotations

import scipy.signal

from ...runtime import signal_convolve_left, signal_convolve_right
from ..registry import bilinear


@bilinear("scipy.signal.convolve", left=signal_convolve_left, right=signal_convolve_right)
def signal_convolve(in1, in2, mode="full", method="auto"):
    return scipy.signal.convolve(in1, in2, mode, method)
