"""The fusion pass (s2sgrad/fuse.py) and the backends that compile its regions."""

from __future__ import annotations

import os
import re

import gast
import numpy as np
import pytest

import s2sgrad
from s2sgrad import backends, fuse, pipeline
from s2sgrad.backends import kernels, register_backend
from s2sgrad.emit import to_source

HELPERS = {
    "add": "add",
    "unbroadcast": "unbroadcast",
    "reduce_adjoint": "reduce_adjoint",
    "output_seed": "output_seed",
    "matmul_left": "matmul_left",
}


def regions_of(code: str):
    stmts = gast.parse(code).body
    found = fuse.find_regions(stmts, fuse._Kinds(HELPERS, fuse.is_elementwise))
    return None, list(found)


def test_elementwise_run_is_one_region():
    _, spans = regions_of("a = np.sin(x)\nb = a * x + 1.0\nc = np.where(b > 0, b, -b)\n")
    assert spans == [(0, 3)]


def test_non_elementwise_statement_splits():
    _, spans = regions_of("a = np.sin(x)\nb = a * x\nc = b @ w\nd = np.tanh(c)\ne = d * d\n")
    assert spans == [(0, 2), (3, 5)]


def test_reduction_closes_a_region():
    code = "a = np.sin(x)\nb = a * x\ns = np.sum(b)\nc = np.cos(x)\nd = c * x\n"
    _, spans = regions_of(code)
    assert spans == [(0, 3), (3, 5)]


def test_reduction_with_axis_is_not_fused():
    code = "a = np.sin(x)\nb = a * x\ns = np.sum(b, axis=0)\nc = s * 2.0\n"
    _, spans = regions_of(code)
    assert spans == [(0, 2)]


def test_seed_carries_a_region_into_the_adjoint_sweep():
    code = (
        "a = np.sin(x)\nr = np.sum(a)\nd = output_seed(r, d)\n"
        "da = reduce_adjoint(d, a, None, False)\ndx = da * np.cos(x)\n"
    )
    _, spans = regions_of(code)
    assert spans == [(0, 5)]


def test_reading_a_reduced_value_splits():
    code = "a = np.sin(x)\nr = np.sum(a)\nd = output_seed(r, d)\nb = a * r\nc = b * b\n"
    _, spans = regions_of(code)
    assert spans == [(0, 3), (3, 5)]


def test_in_place_update_of_an_outside_value_splits():
    code = "a = x * 2.0\nb = a * a\ng += b\nc = g * g\nh = c + 1.0\n"
    _, spans = regions_of(code)
    assert spans == [(0, 2), (3, 5)]


def test_in_place_update_of_an_aliased_value_splits():
    # after b = a, a += ... changes b too in NumPy: the kernel would not
    code = "a = x * 2.0 + 1.0\nb = a\na += x\nc = b * a\nd = c + 1.0\n"
    _, spans = regions_of(code)
    assert spans == [(0, 2), (3, 5)]


def test_sums_of_adjoints_join_a_region():
    # arguments of unknown kinds (CuPy, MLX arrays) accumulate with add(), not +=
    code = "dx = g * x\nda = g * np.cos(x)\ndx = add(dx, da * 2.0)\ndx = add(dx, -da)\n"
    _, spans = regions_of(code)
    assert spans == [(0, 4)]


def test_arguments_of_unknown_kind_fuse_into_one_kernel():
    """With arguments of unknown kinds (how CuPy arrays arrive) the adjoint sums with
    ``add``; the chain is still one region and one kernel."""
    pytest.importorskip("numba")
    unit = pipeline.build_top(chain, ("x",), {"x": "unknown"}, "numba")
    assert unit.source.count("@fused_kernel") == 1
    assert "dx = add(dx, " in unit.source
    x = np.linspace(-1.0, 1.0, 500)
    before = (dict(kernels._kernels), kernels.stats["guard"])
    value, (dx,) = pipeline.make_instance(unit, chain, "numba")(x)
    new = [v for k, v in kernels._kernels.items() if k not in before[0]]
    assert new and all(v is not kernels._FALLBACK for v in new)
    ref_value, ref = s2sgrad.value_and_grad(chain)(x)
    np.testing.assert_allclose(value, ref_value, rtol=1e-13)
    np.testing.assert_allclose(dx, ref, rtol=1e-13)


def _product_a(x, y):
    return np.sum(np.sin(x) * y * x)


def _product_b(x, y):
    u = np.exp(-x * x) * 0.5
    return np.sum(u * (y * y) + x * np.cos(y))


def _product_c(x, y):
    return np.mean((x * x) * (y - x) * np.tanh(y))


@pytest.mark.parametrize("fun", [_product_a, _product_b, _product_c])
def test_product_adjoints_of_unknown_kind_fuse(fun):
    """``a * b`` of arguments of unknown kinds has the adjoint pair
    ``mul_or_repeat_adjoint`` (a list may be repeated); on arrays the kernel computes
    ``[g * b, g * a]``, so the whole gradient is one region and one kernel."""
    pytest.importorskip("numba")
    unit = pipeline.build_top(fun, ("x", "y"), {"x": "unknown", "y": "unknown"}, "numba")
    assert "mul_or_repeat_adjoint(" in unit.source
    assert unit.source.count("@fused_kernel") == 1
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal(700), rng.standard_normal(700)
    before = dict(kernels._kernels)
    value, (dx, dy) = pipeline.make_instance(unit, fun, "numba")(x, y)
    new = [v for k, v in kernels._kernels.items() if k not in before]
    assert new and all(v is not kernels._FALLBACK for v in new)
    ref_value, (rx, ry) = s2sgrad.value_and_grad(fun, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(value, ref_value, rtol=1e-13)
    np.testing.assert_allclose(dx, rx, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dy, ry, rtol=1e-12, atol=1e-15)


def _scaled(x, s):
    return np.sum(np.sin(x) * s * x)


def test_product_adjoint_with_a_scalar_operand_runs_the_numpy_body():
    """``g * x`` summed into a scalar's adjoint is a reduction: that region runs its
    NumPy body, and the gradient of the scalar is still right."""
    pytest.importorskip("numba")
    unit = pipeline.build_top(_scaled, ("x", "s"), {"x": "unknown", "s": "unknown"}, "numba")
    x = np.linspace(-1.0, 1.0, 300)
    value, (dx, ds) = pipeline.make_instance(unit, _scaled, "numba")(x, 1.7)
    ref_value, (rx, rs) = s2sgrad.value_and_grad(_scaled, argnums=(0, 1))(x, 1.7)
    np.testing.assert_allclose(value, ref_value, rtol=1e-13)
    np.testing.assert_allclose(dx, rx, rtol=1e-13)
    np.testing.assert_allclose(ds, rs, rtol=1e-13)


def test_unread_scalar_adjoint_of_a_product_still_compiles(monkeypatch):
    """``s * x`` with ``s`` a Python number not differentiated: the pair's adjoint of
    ``s`` (a sum) is never read, so the region still compiles (arguments of unknown
    kinds, as CuPy's arrive)."""
    pytest.importorskip("numba")
    monkeypatch.setattr(backends.namespace_for("numba").helpers["fused_kernel"], "min_size", 0)
    unit = pipeline.build_top(_scaled, ("x",), {"x": "unknown", "s": "unknown"}, "numba")
    assert unit.source.count("@fused_kernel") == 1
    x = np.linspace(-1.0, 1.0, 300)
    before = dict(kernels._kernels)
    value, (dx,) = pipeline.make_instance(unit, _scaled, "numba")(x, 1.7)
    new = [v for k, v in kernels._kernels.items() if k not in before]
    assert new and all(v is not kernels._FALLBACK for v in new)
    ref_value, rx = s2sgrad.value_and_grad(_scaled)(x, 1.7)
    np.testing.assert_allclose(value, ref_value, rtol=1e-13)
    np.testing.assert_allclose(dx, rx, rtol=1e-13)


def _repeat(x, n):
    v = x * n
    return v[0] * v[-1] + x[1] * 2.0


def test_product_adjoint_region_with_a_list_runs_the_numpy_body():
    """A list repeated by an int passes through the same generated pair; the guard
    rejects the list, the NumPy body repeats it, and the gradient matches NumPy's."""
    fdef = gast.parse(
        "def f(g, a, b, c):\n    p = mul_or_repeat_adjoint(g, a, b)\n"
        "    da = p[0]\n    db = p[1]\n    e = da * c\n    return e\n"
    ).body[0]
    helpers = dict(HELPERS, mul_or_repeat_adjoint="mul_or_repeat_adjoint")
    _, regions = fuse.fuse(fdef, helpers, set(), "fused_kernel")
    assert len(regions) == 1 and len(regions[0].body) == 5
    pytest.importorskip("numba")
    x = [0.5, -1.5, 2.0]
    ref = s2sgrad.grad(_repeat)(x, 2)
    got = s2sgrad.grad(_repeat, backend="numba")(x, 2)
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(ref, dtype=float))


def _fused_source(code: str) -> str:
    fdef = gast.parse(code).body[0]
    fdef, regions = fuse.fuse(fdef, HELPERS, set(), "fused_kernel")
    return to_source(gast.Module(body=[*regions, fdef], type_ignores=[]))


def test_a_region_in_a_loop_returns_what_its_next_pass_reads():
    src = _fused_source(
        "def f(x, b):\n    for i in range(3):\n        a = b * 2.0\n"
        "        b = a + x\n    return 0.0\n"
    )
    assert "return b" in src and "b = f_fused(b, x)" in src


def test_region_outputs_are_what_later_code_reads():
    src = _fused_source(
        "def f(x, d):\n    a = x * 2.0\n    b = a + x\n    c = b * b\n    return c\n"
    )
    assert "return c\n" in src and "c = f_fused(x)" in src  # a and b stay inside


def test_single_statements_are_left_alone():
    _, spans = regions_of("a = np.sin(x)\nb = a @ w\nc = np.tanh(b)\n")
    assert spans == []


# -- whole programs -----------------------------------------------------------------------------


def chain(x):
    return np.sum(np.sin(x) * np.exp(-x * x) + np.log1p(x * x))


def two_inputs(x, y):
    a = np.sin(x) * y
    b = np.exp(-a * a)
    c = np.log1p(b * b + x * x)
    return np.sum(a * b + c * y)


def with_where(x, y):
    z = np.where(x > 0.0, x * y, 0.1 * x)
    return np.mean(np.tanh(z) ** 2 + np.maximum(z, y) - np.abs(y))


def broadcast(x, b):
    return np.sum(np.tanh(x + b) * x)


def scalar_param(x, s):
    return np.sum(np.exp(s * x) + s * s * x)


def mlp(W, b, X):
    h = np.tanh(X @ W + b)
    return np.sum(h * h) / X.shape[0]


def powers(x, y):
    return np.sum(x**2 * np.sqrt(y * y + 1.0) - np.square(x) / (2.0 + np.cos(y)))


def in_a_loop(x, y):
    h = x
    for _ in range(3):
        a = np.tanh(h) * y
        h = a * 0.5 + h * y
    return np.sum(h * h)


def loop_carried(x):
    s = x * 0.0
    t = x
    for _ in range(3):
        u = t * 0.5  # a region whose parameter t it also reassigns
        t = np.sin(u) + s
        s = t * u
    return np.sum(s + t)


PROGRAMS = {
    "in_a_loop": (
        in_a_loop,
        (0, 1),
        lambda r, dt: (r.standard_normal(40).astype(dt), r.standard_normal(40).astype(dt)),
    ),
    "loop_carried": (loop_carried, 0, lambda r, dt: (r.standard_normal(30).astype(dt),)),
    "chain": (chain, 0, lambda r, dt: (r.standard_normal(300).astype(dt),)),
    "two_inputs": (
        two_inputs,
        (0, 1),
        lambda r, dt: (r.standard_normal(200).astype(dt), r.standard_normal(200).astype(dt)),
    ),
    "with_where": (
        with_where,
        (0, 1),
        lambda r, dt: (r.standard_normal((7, 5)).astype(dt), r.standard_normal((7, 5)).astype(dt)),
    ),
    "broadcast": (
        broadcast,
        (0, 1),
        lambda r, dt: (r.standard_normal((6, 4)).astype(dt), r.standard_normal(4).astype(dt)),
    ),
    "scalar_param": (scalar_param, (0, 1), lambda r, dt: (r.standard_normal(50).astype(dt), 0.3)),
    "mlp": (
        mlp,
        (0, 1),
        lambda r, dt: (
            r.standard_normal((5, 3)).astype(dt),
            r.standard_normal(3).astype(dt),
            r.standard_normal((8, 5)).astype(dt),
        ),
    ),
    "powers": (
        powers,
        (0, 1),
        lambda r, dt: (r.standard_normal(64).astype(dt), r.standard_normal(64).astype(dt)),
    ),
}


@pytest.fixture(autouse=True, scope="module")
def kernel_cache(tmp_path_factory):
    """numba's kernels go to a temporary cache, not the user's ~/.cache."""
    old = os.environ.get("S2SGRAD_CACHE")
    os.environ["S2SGRAD_CACHE"] = str(tmp_path_factory.mktemp("s2sgrad-cache"))
    yield
    if old is None:
        del os.environ["S2SGRAD_CACHE"]
    else:
        os.environ["S2SGRAD_CACHE"] = old


@pytest.fixture(autouse=True)
def small_arrays_use_kernels():
    """The tests' arrays are small: have numba and CuPy compile them anyway (each runs the
    NumPy body below its backend's MIN_SIZE elements, which would leave its kernels
    untested)."""
    kernels = []
    for name in ("numba", "cupy"):
        try:
            __import__(name)
            kernels.append(backends.namespace_for(name).helpers["fused_kernel"])
        except ImportError:
            continue
    saved = [k.min_size for k in kernels]
    for k in kernels:
        k.min_size = 0
    yield
    for k, size in zip(kernels, saved):
        k.min_size = size


@pytest.fixture(scope="module")
def numpy_bodies():
    """A backend that asks for fusion and runs every region's NumPy body as is."""
    saved = dict(backends._BACKENDS)
    register_backend("fuse-bodies", {"fused_kernel": lambda fn: fn})
    yield "fuse-bodies"
    backends._BACKENDS.clear()
    backends._BACKENDS.update(saved)


def _available():
    out = ["fuse-bodies"]
    for name, module in (("numba", "numba"), ("mlx", "mlx.core"), ("cupy", "cupy")):
        try:
            __import__(module)
        except ImportError:
            continue
        if name == "cupy":
            try:
                import cupy

                if cupy.cuda.runtime.getDeviceCount() < 1:
                    continue
            except Exception:  # noqa: BLE001 - no driver
                continue
        out.append(name)
    return out


def _to_backend(backend, a):
    if backend == "cupy" and isinstance(a, np.ndarray):
        import cupy

        return cupy.asarray(a)
    if backend == "mlx" and isinstance(a, np.ndarray):
        import mlx.core as mx

        return mx.array(a)
    return a


def _to_numpy(a):
    if hasattr(a, "get"):
        return a.get()
    return np.asarray(a)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", list(PROGRAMS))
@pytest.mark.parametrize("backend", _available())
def test_fused_equals_unfused(numpy_bodies, backend, name, dtype):
    if backend == "mlx" and dtype == np.float64:
        pytest.skip("mx.array makes float32 arrays of float64 data")
    fun, argnums, make = PROGRAMS[name]
    args = make(np.random.default_rng(0), dtype)
    ref_value, ref = s2sgrad.value_and_grad(fun, argnums=argnums)(*args)
    dargs = tuple(_to_backend(backend, a) for a in args)
    value, got = s2sgrad.value_and_grad(fun, argnums=argnums, backend=backend)(*dargs)
    tol = 1e-12 if dtype == np.float64 else 2e-5
    np.testing.assert_allclose(float(value), ref_value, rtol=tol)
    for g, r in zip(
        got if isinstance(got, tuple) else (got,), ref if isinstance(ref, tuple) else (ref,)
    ):
        if isinstance(r, float):
            np.testing.assert_allclose(float(g), r, rtol=tol)
            continue
        g = _to_numpy(g)
        assert g.dtype == r.dtype and g.shape == r.shape
        np.testing.assert_allclose(g, r, rtol=tol, atol=tol)


def test_default_backend_does_not_fuse():
    x = np.ones(3)
    assert "fused" not in s2sgrad.value_and_grad(chain).source_for(x)


def test_fused_source_is_readable_and_byte_identical(numpy_bodies):
    x = np.ones(3)
    first = s2sgrad.value_and_grad(chain, backend=numpy_bodies).source_for(x)
    pipeline.clear_cache()
    second = s2sgrad.value_and_grad(chain, backend=numpy_bodies).source_for(x)
    assert first == second
    assert first.count("@fused_kernel") == 1  # forward, reduction and adjoint: one region
    # Python 3.10's ast.unparse writes a tuple target in parentheses
    assert re.search(r"\n    \(?result, dx\)? = chain_grad_fused\(x, dresult\)\n", first)
    assert "result = np.sum(result_add)" in first and "dresult = output_seed(" in first


def test_fuse_false_turns_it_off(numpy_bodies):
    x = np.ones(3)
    src = s2sgrad.value_and_grad(chain, backend=numpy_bodies, fuse=False).source_for(x)
    assert "fused" not in src
    assert src == s2sgrad.value_and_grad(chain).source_for(x)


def test_region_names_avoid_user_names(numpy_bodies):
    def f(x):
        f_grad_fused = np.sin(x) * x
        return np.sum(f_grad_fused * f_grad_fused)

    x = np.linspace(0.0, 1.0, 4)
    g = s2sgrad.grad(f, backend=numpy_bodies)
    assert "def f_grad_fused_2(" in g.source_for(x)
    np.testing.assert_allclose(g(x), s2sgrad.grad(f)(x), rtol=1e-14)


# -- numba --------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend, module", [("numba", "numba"), ("mlx", "mlx")])
def test_missing_extra_is_named(monkeypatch, backend, module):
    import builtins

    real = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == module or name.startswith(module + "."):
            raise ImportError(f"No module named {module!r}")
        return real(name, *args, **kwargs)

    saved = dict(backends._BACKENDS)
    backends._BACKENDS.pop(backend, None)
    monkeypatch.setattr(builtins, "__import__", refuse)
    try:
        with pytest.raises(ImportError, match=rf"s2sgrad\[{backend}\]"):
            s2sgrad.grad(chain, backend=backend)
    finally:
        backends._BACKENDS.clear()
        backends._BACKENDS.update(saved)


def test_numba_guard_falls_back_to_the_numpy_body():
    pytest.importorskip("numba")
    x = np.random.default_rng(1).standard_normal((3, 4, 5))
    b = np.random.default_rng(2).standard_normal((4, 1))
    before = kernels.stats["guard"]
    got = s2sgrad.grad(broadcast, argnums=(0, 1), backend="numba")(x, b)
    # b broadcasts against x neither as a row nor as a column: the NumPy body ran
    assert kernels.stats["guard"] > before
    ref = s2sgrad.grad(broadcast, argnums=(0, 1))(x, b)
    for a, r in zip(got, ref):
        np.testing.assert_allclose(a, r, rtol=1e-13)
    # a non-contiguous operand and an integer array also take the NumPy body
    xs = np.random.default_rng(3).standard_normal((10, 8))[:, ::2]
    np.testing.assert_allclose(
        s2sgrad.grad(chain, backend="numba")(xs), s2sgrad.grad(chain)(xs), rtol=1e-13
    )


def test_numba_compiles_the_chain_into_one_kernel():
    pytest.importorskip("numba")
    x = np.linspace(-1.0, 1.0, 1000).astype(np.float32)
    g = s2sgrad.value_and_grad(chain, backend="numba")
    before = len(kernels._kernels)
    value, dx = g(x)
    assert isinstance(value, np.float32) and dx.dtype == np.float32
    new = [k for k in list(kernels._kernels)[before:]]
    assert len(new) <= 1 and all(kernels._kernels[k] is not kernels._FALLBACK for k in new)
    rv, rdx = s2sgrad.value_and_grad(chain)(x)
    np.testing.assert_allclose(value, rv, rtol=1e-5)
    np.testing.assert_allclose(dx, rdx, rtol=1e-5, atol=1e-6)


def test_cuda_kernel_source_golden():
    """The CUDA source of the chain's region (checked on CPU; it runs on the GPU)."""
    from s2sgrad.backends import cupy as cupy_backend

    seen = {}

    def capture(region, p, sig):
        seen["src"] = cupy_backend.kernel_source("s2s_" + region.name, p)
        raise kernels.Unsupported("source only")

    saved = dict(backends._BACKENDS)
    register_backend(
        "cuda-source",
        {
            "fused_kernel": kernels.fused_kernel(
                "cuda-source", np.ndarray, capture, cupy_backend.CudaDialect()
            )
        },
    )
    try:
        x = np.linspace(0.0, 1.0, 5).astype(np.float32)
        value, dx = s2sgrad.value_and_grad(chain, backend="cuda-source")(x)
    finally:
        backends._BACKENDS.clear()
        backends._BACKENDS.update(saved)
    src = seen["src"]
    assert (
        'extern "C" __global__ void s2s_chain_grad_fused(long long n, '
        "const float* __restrict__ a_v_x, float v_seed, float* __restrict__ o_v_dx, "
        "double* acc)" in src
    )
    assert "float v_x = a_v_x[i];" in src
    assert "float v_result_log1p = log1p(v_result_mul_3);" in src
    assert "(1.0f + v_result_mul_3)" in src and "double" not in src.split("acc_0 = 0.0")[1][:60]
    assert "atomicAdd(acc + 0, acc_0);" in src
    np.testing.assert_allclose(dx, s2sgrad.grad(chain)(x), rtol=1e-6)  # the fallback ran


COMPILED = {name: PROGRAMS[name] for name in ("chain", "two_inputs", "with_where", "powers")}
# a Python number as an operand (its own gradient is a sum: that region runs its body)
COMPILED["scalar_operand"] = (scalar_param, 0, PROGRAMS["scalar_param"][2])


@pytest.mark.parametrize("backend", [b for b in _available() if b in ("numba", "cupy")])
@pytest.mark.parametrize("name", list(COMPILED))
def test_regions_compile_to_kernels(backend, name):
    """Same-shape programs run kernels, not the NumPy bodies (a test that the guard and
    the lowering accept what the fusion pass makes)."""
    fun, argnums, make = COMPILED[name]
    host = make(np.random.default_rng(4), np.float32)
    args = tuple(_to_backend(backend, a) for a in host)
    before = (dict(kernels._kernels), kernels.stats["guard"])
    value, got = s2sgrad.value_and_grad(fun, argnums=argnums, backend=backend)(*args)
    new = [v for k, v in kernels._kernels.items() if k not in before[0]]
    assert kernels.stats["guard"] == before[1]
    assert all(v is not kernels._FALLBACK for v in new)
    ref_value, ref = s2sgrad.value_and_grad(fun, argnums=argnums)(*host)
    np.testing.assert_allclose(float(value), ref_value, rtol=2e-5)
    for g, r in zip(
        got if isinstance(got, tuple) else (got,), ref if isinstance(ref, tuple) else (ref,)
    ):
        np.testing.assert_allclose(_to_numpy(g), r, rtol=2e-5, atol=2e-5)


def test_wrapped_helpers_still_fuse(fresh_numba_wrapped):
    """A backend that replaces a helper (as the CuPy backend replaces reduce_adjoint)
    still gets kernels: helpers are known by their binding names."""
    x = np.linspace(-1.0, 1.0, 100)
    before = kernels.fallback_count()
    got = s2sgrad.grad(chain, backend=fresh_numba_wrapped)(x)
    assert kernels.fallback_count() == before
    assert fresh_numba_wrapped in {k[0] for k in kernels._kernels}
    np.testing.assert_allclose(got, s2sgrad.grad(chain)(x), rtol=1e-13)


@pytest.fixture
def fresh_numba_wrapped():
    pytest.importorskip("numba")
    import numba

    from s2sgrad.backends import numba as numba_backend
    from s2sgrad.runtime import reduce_adjoint

    saved = dict(backends._BACKENDS)

    def wrapped(g, x, axis, keepdims):
        return reduce_adjoint(g, x, axis, keepdims)

    kernel = kernels.fused_kernel(
        "numba-wrapped", np.ndarray, numba_backend._compile(numba), numba_backend.NumbaDialect()
    )
    register_backend("numba-wrapped", {"fused_kernel": kernel, "reduce_adjoint": wrapped})
    yield "numba-wrapped"
    backends._BACKENDS.clear()
    backends._BACKENDS.update(saved)


# -- MLX (mlx[cpu] on Linux) ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_mlx_fused_equals_mlx_unfused(name):
    mx = pytest.importorskip("mlx.core")
    fun, argnums, make = PROGRAMS[name]
    args = tuple(_to_backend("mlx", a) for a in make(np.random.default_rng(5), np.float32))
    fused = s2sgrad.value_and_grad(fun, argnums=argnums, backend="mlx")
    plain = s2sgrad.value_and_grad(fun, argnums=argnums, backend="mlx", fuse=False)
    assert "@fused_kernel" in fused.source_for(*args)
    assert "fused" not in plain.source_for(*args)
    for _ in range(2):  # the second call runs the mx.compile'd regions
        (v1, g1), (v2, g2) = fused(*args), plain(*args)
        np.testing.assert_allclose(np.asarray(v1), np.asarray(v2), rtol=1e-5)
        for a, b in zip(
            g1 if isinstance(g1, tuple) else (g1,), g2 if isinstance(g2, tuple) else (g2,)
        ):
            if isinstance(b, mx.array):
                assert isinstance(a, mx.array) and a.dtype == b.dtype == mx.float32
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def test_mlx_missing_numpy_name_is_named():
    pytest.importorskip("mlx.core")
    ns = backends.namespace_for("mlx").numpy
    assert ns.tanh is __import__("mlx.core").core.tanh
    with pytest.raises(AttributeError, match=r"np\.polyval has no MLX counterpart"):
        ns.polyval  # noqa: B018


def test_numba_small_arrays_run_the_numpy_body(monkeypatch):
    pytest.importorskip("numba")
    kernel = backends.namespace_for("numba").helpers["fused_kernel"]
    monkeypatch.setattr(kernel, "min_size", 1000)
    before = dict(kernels._kernels)
    x = np.linspace(0.0, 1.0, 999)
    np.testing.assert_allclose(
        s2sgrad.grad(chain, backend="numba")(x), s2sgrad.grad(chain)(x), rtol=1e-14
    )
    assert kernels._kernels == before  # nothing compiled


def _metal_sources(fun, argnums, *args):
    from s2sgrad.backends.mlx import MetalDialect, metal_source

    seen = {}

    def capture(region, p, sig):
        seen[region.name] = metal_source(p)
        raise kernels.Unsupported("source only")

    saved = dict(backends._BACKENDS)
    register_backend(
        "metal-source",
        {"fused_kernel": kernels.fused_kernel("metal-source", np.ndarray, capture, MetalDialect())},
    )
    try:
        # value_and_grad: its regions end in the loss's reduction (grad does not compute
        # the loss where its type is known, s2sgrad.reverse.scalar_output)
        _, got = s2sgrad.value_and_grad(fun, argnums=argnums, backend="metal-source")(*args)
    finally:
        backends._BACKENDS.clear()
        backends._BACKENDS.update(saved)
    return seen, got


def test_metal_source_golden():
    """Metal Shading Language of the chain's region for mx.fast.metal_kernel (untested on
    hardware: only the text is checked)."""
    x = np.linspace(0.0, 1.0, 5).astype(np.float32)
    seen, got = _metal_sources(chain, 0, x)
    inputs, outputs, body = seen["chain_grad_fused"]
    assert inputs == ["a_v_x", "s_v_seed"] and outputs == ["o_v_dx", "acc"]
    lines = body.splitlines()
    assert lines[:4] == [
        "uint i = thread_position_in_grid.x;",
        "float v_x = a_v_x[i];",
        "float v_seed = s_v_seed[0];",
        "float v_result_sin = metal::precise::sin(v_x);",
    ]
    assert "float v_result_log1p = s2s_log1p(v_result_mul_3);" in lines
    assert "v_dx = (v_dx + (v_dresult_sin * metal::precise::cos(v_x)));" in lines
    assert lines[-3:] == [
        "atomic_store_explicit(&o_v_dx[i], v_dx, memory_order_relaxed);",
        "float sum_0 = simd_sum(v_result_add);",
        "if (simd_is_first()) atomic_fetch_add_explicit(&acc[0], sum_0, memory_order_relaxed);",
    ]
    np.testing.assert_allclose(got, s2sgrad.grad(chain)(x), rtol=1e-6)  # the body ran


def test_metal_source_without_reductions_and_with_booleans():
    rng = np.random.default_rng(6)
    x, y = (rng.standard_normal((3, 4)).astype(np.float32) for _ in range(2))
    seen, _ = _metal_sources(with_where, (0, 1), x, y)
    assert "with_where_grad_fused" not in seen  # a boolean output with atomic sums: refused
    inputs, outputs, body = next(v for v in seen.values() if "a_v_z_cmp" in v[0])
    assert "a_v_z_cmp" in inputs and "bool v_z_cmp = a_v_z_cmp[i];" in body
    assert "float v_dz_mul = (v_z_cmp ? v_dz : 0.0f);" in body
    assert "o_v_dx[i] = v_dx;" in body and "atomic" not in body


def test_signature_reads_mlx_arrays():
    mx = pytest.importorskip("mlx.core")
    a = mx.array(np.ones((2, 3), np.float32))
    b = mx.array(np.ones((2, 3), bool))
    assert kernels.signature((a, b, 0.5, None), None, mx.array) == (
        "float32",
        (2, 3),
        ("array", "barray", "weak", "none"),
    )
    assert kernels.signature((a, mx.ones((3,))), None, mx.array) is None


@pytest.mark.parametrize("seed", [2.5, np.float64(-1.5)])
def test_numba_kernel_with_a_given_seed(seed):
    """A cotangent given for the output reaches the kernel as its seed."""
    pytest.importorskip("numba")
    x = np.linspace(-1.0, 1.0, 300)
    unit = pipeline.build_top(chain, ("x",), {"x": "array"}, "numba")
    value, (dx,) = pipeline.make_instance(unit, chain, "numba")(x, dresult=seed)
    ref_unit = pipeline.build_top(chain, ("x",), {"x": "array"})
    ref_value, (ref,) = pipeline.make_instance(ref_unit, chain)(x, dresult=seed)
    np.testing.assert_allclose(value, ref_value, rtol=1e-13)
    np.testing.assert_allclose(dx, ref, rtol=1e-13)


def _bump(x, y):
    u = np.sin(x) * y
    return u * np.exp(-u * u) + np.log1p(x * x)


def _calls_bump(x, y):
    return np.sum(_bump(x, y) * y) + np.sum(np.tanh(_bump(y, x)))


def _calls_bump_twice(x, y):
    v = _bump(x, y)
    return np.mean(_bump(v, y) ** 2)


@pytest.mark.parametrize("fun", [_calls_bump, _calls_bump_twice])
def test_callee_units_fuse_too(fun, monkeypatch):
    """A called user function's derivative unit fuses its regions as its caller does
    (numba), and with the NumPy backend it does not; the gradients agree."""
    pytest.importorskip("numba")
    monkeypatch.setattr(backends.namespace_for("numba").helpers["fused_kernel"], "min_size", 0)
    rng = np.random.default_rng(8)
    x, y = rng.standard_normal(400), rng.standard_normal(400)
    kinds = {"x": "array", "y": "array"}
    fused = pipeline.build_top(fun, ("x", "y"), kinds, "numba")
    plain = pipeline.build_top(fun, ("x", "y"), kinds, "numpy")
    assert fused.callees and all("@fused_kernel" in c.source for c in fused.callees)
    assert plain.callees and not any("fused_kernel" in c.source for c in plain.callees)
    before = dict(kernels._kernels)
    got = s2sgrad.value_and_grad(fun, argnums=(0, 1), backend="numba")(x, y)
    new = [k for k in kernels._kernels if k not in before]
    assert any(
        "def bump_vjp_fused" in k[1] and kernels._kernels[k] is not kernels._FALLBACK for k in new
    )
    ref = s2sgrad.value_and_grad(fun, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(got[0], ref[0], rtol=1e-13)
    for g, r in zip(got[1], ref[1]):
        np.testing.assert_allclose(g, r, rtol=1e-12, atol=1e-15)


# -- numba: staged kernels (NumPy ufuncs between loops over blocks) ------------------------------


def _numba_backend():
    pytest.importorskip("numba")
    from s2sgrad.backends import numba as numba_backend

    return numba_backend


@pytest.mark.parametrize("block, threads", [(64, 1), (7, 3)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", list(PROGRAMS))
def test_numba_staged_blocks_and_threads(monkeypatch, name, dtype, block, threads):
    """Staged kernels over several blocks (the last one partial), on one thread and split
    over worker threads, give the NumPy backend's values and dtypes."""
    nb = _numba_backend()
    monkeypatch.setattr(kernels, "_kernels", {})  # compile again with these settings
    monkeypatch.setattr(nb, "BLOCK", block)
    monkeypatch.setattr(nb, "PARALLEL_SIZE", 0 if threads > 1 else 1 << 40)
    monkeypatch.setattr(nb, "_threads", lambda: threads)
    fun, argnums, make = PROGRAMS[name]
    args = make(np.random.default_rng(3), dtype)
    ref_value, ref = s2sgrad.value_and_grad(fun, argnums=argnums)(*args)
    value, got = s2sgrad.value_and_grad(fun, argnums=argnums, backend="numba")(*args)
    staged = [k for k, v in kernels._kernels.items() if v is not kernels._FALLBACK and v[1].ufuncs]
    if name in ("chain", "two_inputs", "with_where", "in_a_loop"):
        assert staged  # each of these has an exp, log1p or tanh NumPy computes
    tol = 1e-12 if dtype == np.float64 else 2e-5
    np.testing.assert_allclose(float(value), ref_value, rtol=tol)
    for g, r in zip(
        got if isinstance(got, tuple) else (got,), ref if isinstance(ref, tuple) else (ref,)
    ):
        if isinstance(r, float):
            np.testing.assert_allclose(float(g), r, rtol=tol)
            continue
        assert g.dtype == r.dtype and g.shape == r.shape
        np.testing.assert_allclose(g, r, rtol=tol, atol=tol)


def _staged_plan(monkeypatch, fun, x):
    nb = _numba_backend()
    monkeypatch.setattr(kernels, "_kernels", {})
    s2sgrad.value_and_grad(fun, backend="numba")(x)
    (p,) = [v[1] for v in kernels._kernels.values() if v is not kernels._FALLBACK]
    return nb, p


def test_numba_stages_the_chain(monkeypatch):
    """exp and log1p run as NumPy ufuncs; sin and cos of x share one loop (one sincos);
    the seed's uniform values are recomputed in each loop, not kept in buffers."""
    nb, p = _staged_plan(monkeypatch, chain, np.linspace(-1.0, 1.0, 500))
    steps, buffers = nb.staged(p)
    assert [s.ufunc for s in steps if s.ufunc] == ["exp", "log1p"]
    loops = [s for s in steps if not s.ufunc]
    assert steps[0].ufunc is None and steps[-1].ufunc is None
    both = [s for s in loops if any("np.sin(v_x)" in e for _, e, _, _ in s.lines)]
    assert len(both) == 1 and any(e == "np.cos(v_x)" for _, e, _, _ in both[0].lines)
    uniform = ("b_v_seed", "b_v_dresult_add", "b_v_dresult_mul_2", "b_v_dresult_log1p")
    # cheap arithmetic of x, the seed and at most one value made once: recomputed too
    recomputed = ("b_v_dresult_exp", "b_v_result_neg", "b_v_result_exp", "b_v_dresult_mul")
    assert not any(b in buffers for b in uniform + recomputed)
    assert sorted(buffers) == ["b_f_0", "b_f_1", "b_t_0", "b_t_1", "b_t_h0", "b_v_dx"] + [
        "b_v_result_sin"
    ]
    assert all(s.ufunc or "np.exp" not in "".join(e for _, e, _, _ in s.lines) for s in steps)
    source = nb.staged_source("s2s_chain", p, steps)
    assert "fastmath=False" in source and "prange" not in source
    assert source == nb.staged_source("s2s_chain", p, nb.staged(p)[0])  # byte-identical


@pytest.mark.parametrize(
    "dtype, delegated",
    [(np.float64, {"exp", "log1p"}), (np.float32, {"sin", "exp", "log1p", "cos"})],
)
def test_numba_delegates_what_numpy_computes_faster(monkeypatch, dtype, delegated):
    """float64 sin and cos stay in the loop (NumPy's are scalar calls too); in float32
    NumPy's SIMD sin and cos are faster, so they run as ufuncs."""
    _, p = _staged_plan(monkeypatch, chain, np.linspace(-1.0, 1.0, 500).astype(dtype))
    assert {fn for fn, _ in p.ufuncs.values()} == delegated


def test_numba_stage_keeps_a_value_until_its_last_reader():
    """A value read after a ufunc and overwritten later: the overwrite waits for the loop
    that reads the old value (else that loop would read the new one)."""
    nb = _numba_backend()
    p = kernels.Plan(
        "float64",
        [("x", "array", "v_x")],
        [
            ("v_a", "(v_x * np.float64(2.0))", True, "T"),
            ("t_0", "v_a", True, "T"),
            ("f_0", None, True, "T"),
            ("v_b", "(f_0 * v_a)", True, "T"),
            ("v_a", "(v_a + v_x)", False, "T"),
            ("v_c", "(v_a * v_x)", True, "T"),
        ],
        [("s", "v_b", "sum")],
        [
            ("a", "array", "v_a", "float64"),
            ("b", "array", "v_b", "float64"),
            ("c", "array", "v_c", "float64"),
            ("s", "reduction", None, "float64"),
        ],
        ufuncs={"f_0": ("exp", "t_0")},
    )
    x = np.linspace(-1.0, 2.0, 37)
    region = kernels.Region("hazard", ["x"], ["a", "b", "c", "s"], [], {}, "")
    run = nb._compile_staged(region, p, ("float64", x.shape, ("array",)), (Exception,))
    got = run((x,), None)
    np.testing.assert_allclose(got["a"], 3.0 * x, rtol=1e-15)
    np.testing.assert_allclose(got["b"], np.exp(2.0 * x) * 2.0 * x, rtol=1e-15)
    np.testing.assert_allclose(got["c"], 3.0 * x * x, rtol=1e-15)
    np.testing.assert_allclose(got["s"], np.sum(np.exp(2.0 * x) * 2.0 * x), rtol=1e-13)


def _exp_times(x):
    return np.sum(np.exp(x) * x)


def test_numba_ufunc_of_an_input_reads_it_directly(monkeypatch):
    nb, p = _staged_plan(monkeypatch, _exp_times, np.linspace(-1.0, 1.0, 50))
    steps, buffers = nb.staged(p)
    assert steps[0].ufunc == "exp" and steps[0].source == "a_x"  # no copy of x first
    assert "b_t_0" not in buffers


def test_numba_stage_recomputes_only_values_of_unchanged_scalars():
    """A value of scalars alone is recomputed in each loop that reads it, but not when
    one of those scalars is reassigned inside the region (the loop would read the
    parameter's first value): then it is kept per element like any other."""
    nb = _numba_backend()
    p = kernels.Plan(
        "float64",
        [("x", "array", "v_x"), ("s", "scalar", "v_s")],
        [
            ("v_s", "(v_s * np.float64(2.0))", False, "T"),
            ("v_u", "(v_s + np.float64(1.0))", True, "T"),
            ("v_w", "(v_seed * np.float64(3.0))", True, "T"),
            ("t_0", "(v_x * v_u)", True, "T"),
            ("f_0", None, True, "T"),
            ("v_r", "((f_0 * v_u) + v_w)", True, "T"),
        ],
        [],
        [("r", "array", "v_r", "float64")],
        ufuncs={"f_0": ("exp", "t_0")},
    )
    steps, buffers = nb.staged(p)
    assert "b_v_u" in buffers and "b_v_w" not in buffers
    x = np.linspace(-1.0, 1.0, 29)
    region = kernels.Region("scalars", ["x", "s"], ["r"], [], {}, "")
    run = nb._compile_staged(region, p, ("float64", x.shape, ("array", "weak")), (Exception,))
    got = run((x, 0.7), 2.0)
    u = 2.0 * 0.7 + 1.0
    np.testing.assert_allclose(got["r"], np.exp(x * u) * u + 6.0, rtol=1e-15)


@pytest.mark.parametrize("staged", [True, False])
def test_numba_reassigned_scalar_starts_afresh_for_each_element(staged):
    """``s = s * 2`` in a region, ``s`` a scalar parameter: each element sees ``2 * s``
    (the loop must not carry the doubled value into the next element), in the one-loop
    kernel and in a staged one."""
    nb = _numba_backend()
    import numba

    lines = [
        ("v_s", "(v_s * np.float64(2.0))", False, "T"),
        ("v_u", "(v_s + np.float64(1.0))", True, "T"),
    ]
    if staged:
        lines += [
            ("t_0", "(v_x * v_u)", True, "T"),
            ("f_0", None, True, "T"),
            ("v_r", "(f_0 * v_u)", True, "T"),
        ]
    else:
        lines += [("v_r", "(v_x * v_u)", True, "T")]
    p = kernels.Plan(
        "float64",
        [("x", "array", "v_x"), ("s", "scalar", "v_s")],
        lines,
        [("t", "v_r", "sum")],
        [("r", "array", "v_r", "float64"), ("t", "reduction", None, "float64")],
        ufuncs={"f_0": ("exp", "t_0")} if staged else {},
    )
    x = np.linspace(0.1, 1.0, 29)
    region = kernels.Region(f"rescale_{staged}", ["x", "s"], ["r", "t"], [], {}, "")
    run = nb._compile(numba)(region, p, ("float64", x.shape, ("array", "weak")))
    got = run((x, 0.7), None)
    u = 2.0 * 0.7 + 1.0
    want = np.exp(x * u) * u if staged else x * u
    np.testing.assert_allclose(got["r"], want, rtol=1e-15)
    np.testing.assert_allclose(got["t"], np.sum(want), rtol=1e-13, atol=1e-15)


def _rescaled_sin(x, s):
    s = s * 2.0
    y = np.sin(x) * s + s
    return np.sum(y * x)


def _rescaled_exp(x, s):
    s = s + 0.5
    return np.mean(np.exp(-x * s) * s)


def _rescaled_where(x, s):
    s = s * s
    return np.sum(np.where(x > 0.5, x * s, s - x) * x)


@pytest.mark.parametrize("fun", [_rescaled_sin, _rescaled_exp, _rescaled_where])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numba_region_reassigning_a_scalar_argument(fun, dtype):
    """A region that rebinds a Python-number argument (``s = s * 2.0``) gives NumPy's value
    and gradient (the numba loop once doubled ``s`` again for every element)."""
    pytest.importorskip("numba")
    x = np.linspace(0.1, 1.0, 64).astype(dtype)
    value, dx = s2sgrad.value_and_grad(fun, backend="numba")(x, 0.7)
    ref_value, ref = s2sgrad.value_and_grad(fun)(x, 0.7)
    tol = 1e-13 if dtype == np.float64 else 1e-5
    np.testing.assert_allclose(value, ref_value, rtol=tol)
    assert dx.dtype == ref.dtype
    np.testing.assert_allclose(dx, ref, rtol=tol)
    assert any(
        k[0] == "numba"
        and f"def {fun.__name__[1:]}_grad_fused" in k[1]
        and v is not kernels._FALLBACK
        for k, v in kernels._kernels.items()
    )


def test_numba_ufunc_of_a_uniform_value_reads_its_buffer():
    """A ufunc of a value made of scalars alone (a broadcast seed) reads it from a buffer
    the loop before fills, not from one nothing writes."""
    nb = _numba_backend()
    p = kernels.Plan(
        "float64",
        [("x", "array", "v_x")],
        [
            ("v_g", "(v_seed * np.float64(0.5))", True, "T"),
            ("t_0", "v_g", True, "T"),
            ("f_0", None, True, "T"),
            ("v_r", "(f_0 * v_x)", True, "T"),
        ],
        [],
        [("r", "array", "v_r", "float64")],
        ufuncs={"f_0": ("exp", "t_0")},
    )
    x = np.linspace(-1.0, 1.0, 21)
    region = kernels.Region("uniform_arg", ["x"], ["r"], [], {}, "")
    run = nb._compile_staged(region, p, ("float64", x.shape, ("array",)), (Exception,))
    np.testing.assert_allclose(run((x,), 3.0)["r"], np.exp(1.5) * x, rtol=1e-15)


def test_numba_stage_recomputes_cheap_values_and_drops_dead_ones():
    """``-f`` of a ufunc's result ``f`` is recomputed in the later loop from ``f``'s buffer;
    ``g * x`` of a value ``g`` changed later in the region is kept per element (a later
    loop would read the changed one); a value nothing reads is not computed at all."""
    nb = _numba_backend()
    p = kernels.Plan(
        "float64",
        [("x", "array", "v_x")],
        [
            ("t_0", "v_x", True, "T"),
            ("f_0", None, True, "T"),
            ("v_n", "(-f_0)", True, "T"),
            ("v_g", "(f_0 + v_x)", True, "T"),
            ("v_h", "(v_g * v_x)", True, "T"),
            ("v_g", "(v_g * np.float64(3.0))", False, "T"),
            ("v_dead", "(v_n * v_g)", True, "T"),
            ("t_1", "v_n", True, "T"),
            ("f_1", None, True, "T"),
            ("v_r", "((f_1 * v_n) + (v_h + v_g))", True, "T"),
        ],
        [],
        [("r", "array", "v_r", "float64")],
        ufuncs={"f_0": ("exp", "t_0"), "f_1": ("exp", "t_1")},
    )
    steps, buffers = nb.staged(p)
    assert "v_dead" not in {v for s in steps for v, *_ in s.lines}
    assert "b_v_n" not in buffers and "b_f_0" in buffers  # -f_0 again, from f_0
    assert "b_v_h" in buffers  # of v_g, which changes after it
    x = np.linspace(-1.0, 1.0, 29)
    region = kernels.Region("cheap", ["x"], ["r"], [], {}, "")
    run = nb._compile_staged(region, p, ("float64", x.shape, ("array",)), (Exception,))
    e = np.exp(x)
    want = np.exp(-e) * -e + ((e + x) * x + (e + x) * 3.0)
    np.testing.assert_allclose(run((x,), None)["r"], want, rtol=1e-15)


def _sin_over(x, y):
    return np.sum(np.sin(x) / y)


def _exp_over(x, y):
    return np.sum(np.exp(x) / y)


@pytest.mark.parametrize("fun", [_sin_over, _exp_over])
def test_numba_division_by_zero_is_numpys(fun, monkeypatch):
    """``x / 0.0`` in a kernel (one loop, and staged) is inf or nan as in NumPy, not
    numba's ZeroDivisionError."""
    pytest.importorskip("numba")
    monkeypatch.setattr(kernels, "_kernels", {})
    x = np.linspace(-1.0, 1.0, 1 << 15)
    y = np.linspace(-2.0, 2.0, 1 << 15)
    y[7] = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ref_value, ref = s2sgrad.value_and_grad(fun, argnums=(0, 1))(x, y)
        value, got = s2sgrad.value_and_grad(fun, argnums=(0, 1), backend="numba")(x, y)
    assert [v for v in kernels._kernels.values() if v is not kernels._FALLBACK]
    assert np.isinf(ref[0][7]) and not np.isfinite(ref[1][7])
    np.testing.assert_allclose(value, ref_value, rtol=1e-12)
    for g, r in zip(got, ref):
        np.testing.assert_allclose(g, r, rtol=1e-12, equal_nan=True)
