"""Complex finite differences: the oracle for complex-valued tests (with autograd)."""

from __future__ import annotations

import numpy as np


def complex_fd_grad(f, z, eps=1e-6):
    """``df/dx - 1j df/dy`` of a real scalar ``f`` at ``z`` (autograd's convention);
    for a real ``z``, ``df/dx``."""
    z = np.asarray(z)
    out = np.zeros(z.shape, dtype=z.dtype if np.iscomplexobj(z) else float)
    directions = [1.0, 1j] if np.iscomplexobj(z) else [1.0]
    for k in range(z.size):
        for d in directions:
            e = np.zeros(z.shape, dtype=z.dtype)
            e.flat[k] = d
            slope = (f(z + eps * e) - f(z - eps * e)) / (2 * eps)
            out.flat[k] += np.real(slope) * (1.0 if d == 1.0 else -1j)
    return out


def complex_fd_jvp(f, z, v, eps=1e-6):
    return (np.asarray(f(z + eps * v)) - np.asarray(f(z - eps * v))) / (2 * eps)


def random_like(rng, shape, complex_):
    x = rng.normal(size=shape)
    return x + 1j * rng.normal(size=shape) if complex_ else x
