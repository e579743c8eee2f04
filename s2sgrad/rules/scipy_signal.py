"""SciPy: rules of ``scipy.signal`` (``convolve``), loaded at the first rule lookup after
``scipy.signal`` is imported, never before (importing it takes a second or more)."""

from __future__ import annotations

import scipy.signal

from ..runtime import (
    signal_convolve_left,
    signal_convolve_right,
)
from .registry import bilinear

# -- scipy.signal --------------------------------------------------------------------------


@bilinear("scipy.signal.convolve", left=signal_convolve_left, right=signal_convolve_right)
def signal_convolve(in1, in2, mode="full", method="auto"):
    return scipy.signal.convolve(in1, in2, mode, method)
