"""Products: bilinear in their two operands, and ``einsum``."""

from __future__ import annotations

import numpy as np

from ..runtime import (
    add,
    autograd_dot,
    dot_left,
    dot_right,
    einsum_adjoint,
    einsum_adjoint_cross,
    einsum_adjoint_tangent,
    einsum_cross,
    einsum_cross3,
    einsum_tangent,
    general_convolve,
    general_convolve_left,
    general_convolve_right,
    inner_left,
    inner_right,
    matmul_left,
    matmul_right,
    outer_left,
    outer_right,
    tensordot_left,
    tensordot_right,
)
from .registry import bilinear, d, rule, t


@bilinear(
    "numpy.matmul", "operator.matmul", "numpy.linalg.matmul", left=matmul_left, right=matmul_right
)
def matmul(x1, x2):
    return x1 @ x2


@bilinear("numpy.dot", left=dot_left, right=dot_right)
def dot(a, b):
    return np.dot(a, b)


@bilinear("numpy.outer", left=outer_left, right=outer_right)
def outer(a, b):
    return np.outer(a, b)


@bilinear("numpy.inner", left=inner_left, right=inner_right)
def inner(a, b):
    return np.inner(a, b)


@bilinear("numpy.tensordot", left=tensordot_left, right=tensordot_right)
def tensordot(a, b, axes=2):
    return np.tensordot(a, b, axes)


@rule("numpy.einsum")
def einsum(y, *operands, optimize=False):
    # operands: every argument, in the string form or the sublist form; the contraction
    # order (optimize=) changes neither the value nor the derivative
    d[operands] = einsum_adjoint(d[y], operands)
    t[y] = einsum_tangent(operands, t[operands])


@rule(einsum_adjoint)
def einsum_adjoint_t(y, g, operands):
    t[y] = add(einsum_adjoint(t[g], operands), einsum_adjoint_tangent(g, operands, t[operands]))


@rule(einsum_tangent)
def einsum_tangent_t(y, operands, tangents):
    t[y] = einsum_tangent(operands, t[tangents]) + einsum_cross(operands, tangents, t[operands])


@rule(einsum_cross)
def einsum_cross_t(y, operands, tangents, dops):
    # third derivatives: linear in tangents and dops, and the terms with a third operand
    t[y] = (
        einsum_cross(operands, t[tangents], dops)
        + einsum_cross(operands, tangents, t[dops])
        + einsum_cross3(operands, tangents, dops, t[operands])
    )


@rule(einsum_adjoint_tangent)
def einsum_adjoint_tangent_t(y, g, operands, tangents):
    t[y] = add(
        add(
            einsum_adjoint_tangent(t[g], operands, tangents),
            einsum_adjoint_tangent(g, operands, t[tangents]),
        ),
        einsum_adjoint_cross(g, operands, tangents, t[operands]),
    )


# -- issue 12: Kronecker and cross products, convolutions -----------------------------------

from ..runtime import (  # noqa: E402
    convolve_left,
    convolve_right,
    correlate_left,
    correlate_right,
    cross_left,
    cross_right,
    kron_left,
    kron_right,
)


@bilinear("numpy.kron", left=kron_left, right=kron_right)
def kron(a, b):
    return np.kron(a, b)


@bilinear("numpy.cross", left=cross_left, right=cross_right)
def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    # the vectors along axisa of a and axisb of b (axis= sets all three), 2- or 3-vectors
    return np.cross(a, b, axisa, axisb, axisc, axis)


@bilinear("numpy.convolve", left=convolve_left, right=convolve_right)
def convolve(a, v, mode="full"):
    return np.convolve(a, v, mode)


@bilinear("numpy.correlate", left=correlate_left, right=correlate_right)
def correlate(a, v, mode="valid"):
    return np.correlate(a, v, mode)


# autograd's own convolve (s2sgrad.compat.autograd.scipy.signal.convolve): convolved axes,
# summed axes and outer-product axes of two arrays (runtime/convolution.py)


@bilinear(general_convolve, left=general_convolve_left, right=general_convolve_right)
def general_convolve_rule(A, B, axes=None, dot_axes=((), ()), mode="full"):
    return general_convolve(A, B, axes, dot_axes, mode)


# autograd.numpy.linalg._dot, einsum("...ij,...jk->...ik"): for the stacks of matrices it
# takes, the product of matmul, whose adjoints apply


@bilinear(autograd_dot, left=matmul_left, right=matmul_right)
def stacked_dot(a, b):
    return autograd_dot(a, b)
