"""Fused regions with operands that broadcast (s2sgrad/backends/kernels.py, numba.py).

A row (``(k,)`` against ``(n, k)``), a column (``(n, 1)``) or one element (``(1,)``)
is read in the kernel at its own index of each element; the adjoint of such an operand
(``unbroadcast(g, b)``) is written at the region's shape and summed after the kernel, as
``runtime.unbroadcast`` sums. Other broadcasts take the NumPy body. Every case compares
with the NumPy backend (unfused), with ``fuse=False`` and with the regions' NumPy bodies.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import s2sgrad
from s2sgrad import backends
from s2sgrad.backends import kernels, register_backend

numba = pytest.importorskip("numba")


@pytest.fixture(autouse=True, scope="module")
def kernel_cache(tmp_path_factory):
    old = os.environ.get("S2SGRAD_CACHE")
    os.environ["S2SGRAD_CACHE"] = str(tmp_path_factory.mktemp("s2sgrad-cache"))
    yield
    if old is None:
        del os.environ["S2SGRAD_CACHE"]
    else:
        os.environ["S2SGRAD_CACHE"] = old


@pytest.fixture
def min_size():
    """Set the numba decorator's ``min_size`` (0: the tests' small arrays use kernels)."""
    kernel = backends.namespace_for("numba").helpers["fused_kernel"]
    saved = kernel.min_size
    kernel.min_size = 0
    yield lambda n: setattr(kernel, "min_size", n)
    kernel.min_size = saved


@pytest.fixture(scope="module")
def numpy_bodies():
    """A backend that fuses and runs every region's NumPy body as it is."""
    saved = dict(backends._BACKENDS)
    register_backend("fuse-bodies-bc", {"fused_kernel": lambda fn: fn})
    yield "fuse-bodies-bc"
    backends._BACKENDS.clear()
    backends._BACKENDS.update(saved)


def bias(x, b):
    return np.sum(np.tanh(x + b) * x)


def softmax_weighted(z, w):
    m = np.max(z, axis=1, keepdims=True)
    e = np.exp(z - m)
    s = np.sum(e, axis=1, keepdims=True)
    return np.sum(e / s * w)


def scaled(x, c):
    return np.sum(np.sqrt(x * x + c) * c)


def exp_of_row(x, b):
    return np.sum(np.exp(b) * x + b * x)


def row_output(x, b):
    c = b * 2.0 + 1.0
    d = c * x - x
    return np.sum(d * d) + np.sum(c)


def _args(dtype, *shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(dtype) for s in shapes]


def _compare(fun, args, numpy_bodies, rtol, argnums=None):
    argnums = tuple(range(len(args))) if argnums is None else argnums
    got = s2sgrad.value_and_grad(fun, argnums=argnums, backend="numba")(*args)
    refs = [
        s2sgrad.value_and_grad(fun, argnums=argnums)(*args),
        s2sgrad.value_and_grad(fun, argnums=argnums, backend="numba", fuse=False)(*args),
        s2sgrad.value_and_grad(fun, argnums=argnums, backend=numpy_bodies)(*args),
    ]
    for ref in refs:
        np.testing.assert_allclose(got[0], ref[0], rtol=rtol)
        for g, r, a in zip(got[1], ref[1], [args[k] for k in argnums]):
            assert g.dtype == a.dtype and g.shape == a.shape
            np.testing.assert_allclose(g, r, rtol=rtol, atol=rtol)
    return got


def _new_kernels(before):
    new = list(kernels._kernels)[before:]
    return [kernels._kernels[k] for k in new]


CASES = [
    (bias, [(40, 30), (30,)]),  # a row
    (bias, [(40, 30), (40, 1)]),  # a column
    (bias, [(40, 30), (1,)]),  # one element
    (bias, [(2, 40, 30), (30,)]),  # a row of two axes' region
    (bias, [(2, 40, 30), (2, 1, 1)]),  # a column of a 3-d region
    (softmax_weighted, [(40, 30), (40, 30)]),  # exp(z - max), e / rowsum, their adjoints
    (scaled, [(40, 30), (40, 1)]),  # one loop (no staged ufunc)
    (exp_of_row, [(40, 30), (30,)]),  # a staged ufunc of a broadcast operand
]
ARGNUMS = {exp_of_row: (0,)}  # db would sum dexp(b) to b's shape inside the region


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("fun, shapes", CASES, ids=lambda c: getattr(c, "__name__", str(c)))
def test_broadcast_operands_fuse(fun, shapes, dtype, min_size, numpy_bodies):
    args = _args(dtype, *shapes)
    if fun is scaled:
        args[1] = np.abs(args[1])
    guards, before = kernels.stats["guard"], len(kernels._kernels)
    rtol = 1e-12 if dtype == np.float64 else 2e-5
    _compare(fun, args, numpy_bodies, rtol, ARGNUMS.get(fun))
    made = _new_kernels(before)
    assert made and all(k is not kernels._FALLBACK for k in made)
    assert kernels.stats["guard"] == guards


def test_broadcast_float64_is_numpys_exactly(min_size):
    """Per element the same operations in the same order, NumPy's own exp and sums: the
    gradient of the softmax-weighted sum is NumPy's bit for bit."""
    z, w = _args(np.float64, (50, 20), (50, 20))
    got = s2sgrad.grad(softmax_weighted, argnums=(0, 1), backend="numba")(z, w)
    ref = s2sgrad.grad(softmax_weighted, argnums=(0, 1))(z, w)
    for g, r in zip(got, ref):
        assert np.array_equal(g, r)


def test_a_sum_inside_the_region_takes_the_numpy_body(min_size, numpy_bodies):
    # db: dexp(b) summed to b's shape, then multiplied by exp(b): no loop over elements
    x, b = _args(np.float64, (20, 10), (10,))
    before = len(kernels._kernels)
    _compare(exp_of_row, [x, b], numpy_bodies, 1e-13)
    assert kernels._FALLBACK in _new_kernels(before)


def test_other_broadcasts_take_the_numpy_body(min_size, numpy_bodies):
    # (4, 1) against (3, 4, 5): neither a row nor a column of the region
    x, b = _args(np.float64, (3, 4, 5), (4, 1))
    guards = kernels.stats["guard"]
    _compare(bias, [x, b], numpy_bodies, 1e-13)
    assert kernels.stats["guard"] > guards


def test_an_output_of_a_broadcast_operands_shape_takes_the_numpy_body(min_size, numpy_bodies):
    # c = b * 2.0 + 1.0 is read outside the region at b's shape: the kernel would write
    # it at the region's
    x, b = _args(np.float64, (20, 10), (10,))
    _compare(row_output, [x, b], numpy_bodies, 1e-13)


def test_small_regions_run_their_bodies(min_size, numpy_bodies):
    """Under ``min_size`` elements (every array) no kernel runs; the values are the same."""
    min_size(10**6)
    x, b = _args(np.float64, (40, 30), (30,))
    before = len(kernels._kernels)
    _compare(bias, [x, b], numpy_bodies, 1e-13)
    assert len(kernels._kernels) == before


def test_a_small_row_does_not_keep_a_large_region_from_its_kernel(min_size, numpy_bodies):
    min_size(1000)
    x, b = _args(np.float64, (60, 30), (30,))  # 1800 elements; the row has 30
    before = len(kernels._kernels)
    _compare(exp_of_row, [x, b], numpy_bodies, 1e-13, (0,))
    made = _new_kernels(before)
    assert made and all(k is not kernels._FALLBACK for k in made)


@pytest.mark.parametrize("fun", [bias, scaled])
def test_broadcast_parallel_sizes(fun, min_size, numpy_bodies):
    """From PARALLEL_SIZE elements: prange loops, staged blocks over worker threads."""
    x, c = _args(np.float64, (400, 400), (400, 1))
    if fun is scaled:
        c = np.abs(c)
    got = _compare(fun, [x, c], numpy_bodies, 1e-11)
    assert got[1][1].shape == (400, 1)


def test_signature_classifies_broadcasts():
    A = np.ndarray
    z, row, col, one, mid = (np.ones(s) for s in [(6, 5, 4), (5, 4), (6, 1, 1), (1, 1), (5, 1)])
    T, shape, kinds = kernels.signature((z, row, col, one, 2.0), None, A, broadcast=True)
    assert (T, shape) == ("float64", (6, 5, 4))
    assert kinds == ("array", ("array", (5, 4)), ("array", (6, 1, 1)), ("array", (1, 1)), "weak")
    assert kernels.signature((z, mid), None, A, broadcast=True) is None
    assert kernels.signature((z, row), None, A) is None  # a backend that does not ask
    assert kernels.signature((np.ones((3, 1)), np.ones(4)), None, A, True)[1] == (3, 4)
    assert kernels.signature((np.ones(3), np.ones(4)), None, A, True) is None
    assert kernels.broadcast_index((5, 4), (6, 5, 4)) == "(i % 20)"
    assert kernels.broadcast_index((6, 1, 1), (6, 5, 4)) == "(i // 20)"
    assert kernels.broadcast_index((6, 5, 1), (6, 5, 4)) == "(i // 4)"
    assert kernels.broadcast_index((1, 1), (6, 5, 4)) == "0"
    assert kernels.broadcast_index((5, 1), (6, 5, 4)) is None
