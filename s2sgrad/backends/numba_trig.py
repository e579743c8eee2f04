"""float64 ``sin`` and ``cos`` loops for numba that LLVM vectorises (building block).

    from s2sgrad.backends.numba_trig import sincos
    sincos(x, s, c)            # s[i], c[i] = sin(x[i]), cos(x[i]); 1-D float64 arrays

numba's ``math.sin``/``math.cos`` are scalar libm calls (a loop over 8192 elements of
both: about 150 µs on this project's 2-core machine); these are branch-free: a Cody-Waite
reduction by pi/2 in three 33-bit parts carried as a double-double (exact products,
Knuth's two-sum, so no cancellation loses bits for ``|x| <=`` :data:`LIMIT`), fdlibm's
``__kernel_sin``/``__kernel_cos`` polynomials with the reduction's low part, and the
quadrant chosen by selects, so the loop vectorises (about 8 µs for the same 8192). Elements
beyond :data:`LIMIT`, and ``nan``/``inf``, are recomputed by libm in a second loop (a
test per element). The fused kernels call :func:`sin_fast`/:func:`cos_fast` and count the
arguments beyond :data:`LIMIT` (``nan`` too); any, and the region runs its NumPy body.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# pi/2 = P1 + P2 + P3 + P3T: P1, P2, P3 have 33 significant bits (fdlibm's pio2_1,
# pio2_2, pio2_3), so fn * Pk is exact while |fn| < 2**20
P1 = 1.57079632673412561417e00
P2 = 6.07710050630396597660e-11
P3 = 2.02226624871116645580e-21
P3T = 8.47842766036889956997e-32
INV_PIO2 = 6.36619772367581382433e-01
LIMIT = 2.0**19 * (math.pi / 2)  # |fn| <= 2**19: every product above exact

S1 = -1.66666666666666324348e-01
S2 = 8.33333333332248946124e-03
S3 = -1.98412698298579493134e-04
S4 = 2.75573137070700676789e-06
S5 = -2.50507602534068634195e-08
S6 = 1.58969099521155010221e-10
C1 = 4.16666666666666019037e-02
C2 = -1.38888888888741095749e-03
C3 = 2.48015872894767294178e-05
C4 = -2.75573143513906633035e-07
C5 = 2.08757232129817482790e-09
C6 = -1.13596475577881948265e-11

_JIT = {"cache": True, "fastmath": False, "error_model": "numpy", "nogil": True}


@njit(inline="always", **_JIT)
def _reduce(v):
    """``(fn, hi, lo)``: ``v = fn * pi/2 + hi + lo`` (for ``|v| <= LIMIT``)."""
    fn = np.rint(v * INV_PIO2)
    r = v - fn * P1  # exact
    w = fn * P2  # exact
    hi = r - w  # two-sum of r and -w
    bb = hi - r
    lo = (r - (hi - bb)) - (w + bb)
    w = fn * P3  # exact
    hi2 = hi - w
    bb = hi2 - hi
    lo = lo + ((hi - (hi2 - bb)) - (w + bb)) - fn * P3T
    y = hi2 + lo
    return fn, y, lo - (y - hi2)


@njit(inline="always", **_JIT)
def _kernels(y, yy):
    """fdlibm's ``__kernel_sin(y, yy, 1)`` and ``__kernel_cos(y, yy)`` (|y| <= pi/4)."""
    z = y * y
    v = z * y
    r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))
    sn = y - ((z * (0.5 * yy - v * r) - yy) - v * S1)
    rc = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))))
    hz = 0.5 * z
    w = 1.0 - hz
    cs = w + (((1.0 - w) - hz) + (z * rc - y * yy))
    return sn, cs


@njit(inline="always", **_JIT)
def sincos_one(v):
    """``(sin(v), cos(v))`` for ``|v| <= LIMIT`` (no libm; vectorisable)."""
    fn, y, yy = _reduce(v)
    sn, cs = _kernels(y, yy)
    h = fn * 0.5
    odd = h != np.floor(h)
    q = fn * 0.25
    q = q - np.floor(q)  # 0, 0.25, 0.5, 0.75 for quadrants 0 to 3
    a = cs if odd else sn
    b = sn if odd else cs
    s = -a if q >= 0.5 else a
    c = -b if (q == 0.25 or q == 0.5) else b
    return (v if v == 0.0 else s), c  # sin(-0.0) is -0.0


@njit(inline="always", **_JIT)
def sin_fast(v):
    """``sin(v)`` for ``|v| <= LIMIT`` (a kernel tests the range itself: :func:`guard`)."""
    return sincos_one(v if abs(v) <= LIMIT else 0.0)[0]


@njit(inline="always", **_JIT)
def cos_fast(v):
    """``cos(v)`` for ``|v| <= LIMIT``."""
    return sincos_one(v if abs(v) <= LIMIT else 0.0)[1]


@njit(**_JIT)
def sincos(x, s, c):
    """``s[i], c[i] = sin(x[i]), cos(x[i])`` for 1-D float64 arrays."""
    n = x.size
    for i in range(n):
        v = x[i]
        v = v if abs(v) <= LIMIT else 0.0  # nan, inf, large: the second loop
        s[i], c[i] = sincos_one(v)
    for i in range(n):
        v = x[i]
        if not abs(v) <= LIMIT:
            s[i] = math.sin(v)
            c[i] = math.cos(v)
