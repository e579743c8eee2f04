"""Gradients on Dask arrays: lazy, same dtype, equal to the NumPy gradients.

Skipped without Dask (``pip install -e ".[dask]"``). Laziness is checked by running the
transformed function under a Dask scheduler that raises: if anything computed while the
derivative was built, the test fails; the results are computed afterwards.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import s2sgrad
from s2sgrad import runtime

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")


class Computed(Exception):
    pass


def _refuse(*args, **kwargs):
    raise Computed("a Dask array was computed while the derivative was built")


def lazily(fun, *args):
    """``fun(*args)`` with computing forbidden and Dask's fallback warnings recorded."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with dask.config.set(scheduler=_refuse):
            out = fun(*args)
    fallbacks = [str(w.message) for w in caught if "not implemented by Dask" in str(w.message)]
    assert not fallbacks, fallbacks
    return out


rng = np.random.default_rng(0)
A = rng.normal(size=(6, 4)).astype(np.float32)
B = rng.normal(size=(4, 3)).astype(np.float32)
P = (rng.random((6, 4)) + 0.5).astype(np.float32)
V = rng.normal(size=4).astype(np.float32)
C = rng.normal(size=6).astype(np.float32)


def chunked(a):
    """A Dask array of ``a`` cut into several chunks along every axis."""
    return da.from_array(a, chunks=tuple(max(1, n // 2) for n in a.shape))


# -- functions of each rule family ----------------------------------------------------


def elementwise(x):
    return np.sum(np.tanh(x) * np.exp(x) + np.sin(x) ** 2 / (1.0 + x * x))


def elementwise_log(x):
    return np.sum(np.log(x) + np.sqrt(x) - np.abs(x - 1.0) + x**1.5)


def elementwise_where(x):
    return np.sum(np.where(x > 0, x, 0.1 * x) ** 2 + np.maximum(x, 0.0) + np.clip(x, -0.5, 0.5))


def logaddexp(x):
    return np.sum(np.logaddexp(0.0, x))


def sum_axis0(x):
    return np.sum(np.sum(x, axis=0) ** 2)


def sum_keepdims(x):
    return np.sum(np.sum(x, axis=1, keepdims=True) * x)


def max_axis(x):
    return np.sum(np.max(x, axis=1)) + np.min(x)


def var_std(x):
    return np.var(x) + np.sum(np.std(x, axis=0))


def prod_axis(x):
    return np.sum(np.prod(x, axis=1))


def cumsum_axis(x):
    return np.sum(np.cumsum(x, axis=0) ** 2)


def matmul(x, y):
    return np.sum((x @ y) ** 2)


def matvec(x, v):
    return np.sum(np.tanh(x @ v))


def dot_einsum(x, y):
    return np.sum(np.dot(x, y) * np.einsum("ij,jk->ik", x, y))


def outer(v, w):
    return np.sum(np.outer(v, w) ** 2)


def tensordot(x, y):
    return np.sum(np.tensordot(x, y, axes=([1], [0])) ** 2) + np.sum(np.tensordot(x, x) * x)


def broadcast_row(x, v):
    return np.sum((x + v) ** 2 * v)


def broadcast_column(x, c):
    return np.sum(x * c[:, None])


def index_slices(x):
    return np.sum(x[1:4, ::2] ** 2) + x[2, 1] * x[3, 0] + np.sum(x[4])


def index_array(x):
    return np.sum(x[np.array([0, 2, 2, 5, 2])] ** 2)


def index_list(x):
    return np.sum(x[[1, 1, 4]] * x[[0, 2, 3]])


def index_array_column(x):
    return np.sum(x[:, np.array([0, 2, 2, 3])] ** 3)


def take_rows(x):
    return np.sum(np.take(x, np.array([0, 1, 1, 5]), axis=0) ** 2)


def concatenate0(x, y):
    return np.sum(np.concatenate([x, y], axis=0) ** 3)


def concatenate1(x, y):
    return np.sum(np.concatenate([x, y], axis=1) ** 3)


def stacks(x, v):
    return (
        np.sum(np.stack([x, 2.0 * x]) ** 2)
        + np.sum(np.vstack([x, v]) ** 2)
        + np.sum(np.hstack([v, v]) ** 3)
    )


def shapes(x):
    return (
        np.sum(np.transpose(x) @ x)
        + np.sum(np.flip(x, 0) * x)
        + np.sum(np.tile(x, (2, 1)))
        + np.sum(np.transpose(x[None], (2, 0, 1)) * x.T[:, None, :])
    )


def diagonals(x):
    return np.trace(x @ x.T) + np.sum(np.diag(x, -1) ** 2) + np.sum(np.diagonal(x, 1) ** 3)


def norm(x):
    return np.linalg.norm(x)


def layer(x, w):
    return np.tanh(x @ w)


def calls(x, w):
    h = layer(x, w)
    return np.sum(h * h)


def loop(x, w):
    h = x
    for _ in range(3):
        h = np.tanh(h @ w) + h
    return np.sum(h * h)


CASES = [
    ("elementwise", elementwise, (A,)),
    ("elementwise", elementwise_log, (P,)),
    ("elementwise", elementwise_where, (A,)),
    ("elementwise", logaddexp, (A,)),
    ("reductions", sum_axis0, (A,)),
    ("reductions", sum_keepdims, (A,)),
    ("reductions", max_axis, (A,)),
    ("reductions", var_std, (A,)),
    ("reductions", prod_axis, (P,)),
    ("reductions", cumsum_axis, (A,)),
    ("matmul", matmul, (A, B)),
    ("matmul", matvec, (A, V)),
    ("matmul", dot_einsum, (A, B)),
    ("matmul", outer, (V, V)),
    ("matmul", tensordot, (A, B)),
    ("broadcasting", broadcast_row, (A, V)),
    ("broadcasting", broadcast_column, (A, C)),
    ("indexing", index_slices, (A,)),
    ("indexing", index_array, (A,)),
    ("indexing", index_array_column, (A,)),
    ("indexing", index_list, (A,)),
    ("indexing", take_rows, (A,)),
    ("concatenation", concatenate0, (A, P)),
    ("concatenation", concatenate1, (A, P)),
    ("concatenation", stacks, (A, V)),
    ("shape", shapes, (A,)),
    ("shape", diagonals, (A,)),
    ("linalg", norm, (A,)),
    ("calls", calls, (A, B)),
    ("loops", loop, (A, np.eye(4, dtype=np.float32) * 0.5 + 0.1)),
]


def _close(lazy, eager, dtype):
    tol = 2e-5 if dtype == np.float32 else 1e-12
    scale = max(1.0, float(np.max(np.abs(eager))))
    np.testing.assert_allclose(lazy, eager, rtol=tol, atol=tol * scale)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    ("family", "fun", "args"), CASES, ids=[f"{c[0]}-{c[1].__name__}" for c in CASES]
)
def test_gradient_equals_numpy(family, fun, args, dtype):
    args = tuple(a.astype(dtype) for a in args)
    argnums = tuple(range(len(args)))
    value_and_grad = s2sgrad.value_and_grad(fun, argnums=argnums)
    value, grads = value_and_grad(*args)
    lazy_value, lazy_grads = lazily(value_and_grad, *map(chunked, args))
    assert isinstance(lazy_value, da.Array) and lazy_value.shape == ()
    assert all(isinstance(g, da.Array) for g in lazy_grads)
    assert lazy_value.dtype == dtype and all(g.dtype == dtype for g in lazy_grads)
    computed = dask.compute(lazy_value, *lazy_grads)
    for lazy, eager in zip(computed, (value, *grads)):
        assert lazy.shape == np.shape(eager) and lazy.dtype == dtype
        _close(lazy, eager, dtype)


def test_grad_of_a_single_argument_is_a_lazy_array():
    g = lazily(s2sgrad.grad(elementwise), chunked(A))
    assert isinstance(g, da.Array) and g.dtype == np.float32
    _close(g.compute(), s2sgrad.grad(elementwise)(A), np.float32)


def logistic(w, b, X, y):
    z = X @ w + b
    return np.sum(np.logaddexp(0.0, z) - y * z) / X.shape[0]


def test_numpy_and_float_parameters_get_lazy_gradients_from_lazy_data():
    """Small parameters live on the client as NumPy arrays and floats; their gradients
    from Dask data stay lazy (0-d for the float) instead of being computed."""
    X = rng.normal(size=(40, 3)).astype(np.float32)
    y = (rng.random(40) > 0.5).astype(np.float32)
    w = np.full(3, 0.1, dtype=np.float32)
    vg = s2sgrad.value_and_grad(logistic, argnums=(0, 1))
    value, (dw, db) = vg(w, 0.5, X, y)
    lazy_value, (lazy_dw, lazy_db) = lazily(
        vg, w, 0.5, da.from_array(X, chunks=(10, 3)), da.from_array(y, chunks=10)
    )
    assert isinstance(lazy_dw, da.Array) and lazy_dw.dtype == np.float32
    assert isinstance(lazy_db, da.Array) and lazy_db.shape == ()
    v, gw, gb = dask.compute(lazy_value, lazy_dw, lazy_db)
    _close(v, value, np.float32)
    _close(gw, dw, np.float32)
    _close(gb, db, np.float32)


def test_output_seed_is_lazy_and_keeps_dtype():
    value = da.ones((), dtype=np.float32)
    seed = runtime.output_seed(value)
    assert isinstance(seed, da.Array) and seed.dtype == np.float32 and seed.shape == ()
    seed, *rest = runtime.output_seed((value, 2.0))
    assert isinstance(seed, da.Array) and rest == [0.0]
    assert runtime.output_seed(np.float32(1.0)) == 1.0


def test_vjp_with_a_lazy_cotangent():
    def f(x):
        return np.tanh(x) * 2.0

    out, pullback = s2sgrad.vjp(f, (A,), np.ones_like(A))
    lazy_out, lazy_pullback = lazily(s2sgrad.vjp, f, (chunked(A),), da.ones_like(chunked(A)))
    assert isinstance(lazy_pullback[0], da.Array)
    _close(lazy_pullback[0].compute(), pullback[0], np.float32)


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_mean_adjoint_helper_is_lazy(axis, keepdims):
    x = chunked(A)
    y = np.mean(A, axis=axis, keepdims=keepdims)
    g = da.from_array(np.ones_like(y) * 3.0) if np.ndim(y) else da.full((), 3.0, dtype=np.float32)
    out = lazily(runtime.mean_adjoint, g, x, axis, keepdims)
    expected = np.broadcast_to(3.0 * np.size(y) / A.size, A.shape)
    assert isinstance(out, da.Array) and out.dtype == np.float32
    np.testing.assert_allclose(out.compute(), expected, rtol=1e-6)


def mean_loss(x):
    return np.mean(x * x, axis=0)[1] + np.mean(np.tanh(x))


def test_mean_stays_lazy():
    g = lazily(s2sgrad.grad(mean_loss), chunked(A))
    _close(g.compute(), s2sgrad.grad(mean_loss)(A), np.float32)


def reshape_loss(x):
    return np.sum(np.reshape(x, (-1,))[::2] ** 2) + np.sum(np.ravel(x * 2.0) ** 3)


def prod_loss(x):
    return np.sum(np.prod(x, axis=1)) + np.prod(x[0])


@pytest.mark.parametrize("loss", [reshape_loss, prod_loss])
def test_reshape_and_prod_stay_lazy(loss):
    g = lazily(s2sgrad.grad(loss), chunked(A))
    _close(g.compute(), s2sgrad.grad(loss)(A), np.float32)


def test_mean_gives_the_numpy_gradient():
    _close(s2sgrad.grad(mean_loss)(chunked(A)).compute(), s2sgrad.grad(mean_loss)(A), np.float32)


# -- forward mode: jvp, jacfwd, hessian, hvp ---------------------------------------------


def _leaves(x):
    return [v for item in x for v in _leaves(item)] if isinstance(x, tuple) else [x]


def _lazy_equals_numpy(lazy, eager, dtype):
    """Every leaf of ``lazy`` is a Dask array of ``dtype`` equal to that leaf of ``eager``."""
    lazy, eager = _leaves(lazy), _leaves(eager)
    assert len(lazy) == len(eager)
    assert all(isinstance(x, da.Array) for x in lazy), [type(x).__name__ for x in lazy]
    assert all(x.dtype == dtype for x in lazy), [x.dtype for x in lazy]
    for x, e in zip(dask.compute(*lazy), eager):
        assert x.shape == np.shape(e) and x.dtype == dtype
        _close(x, e, dtype)


def _tangents(args):
    return tuple(np.linspace(-1.0, 1.0, a.size).reshape(a.shape).astype(a.dtype) for a in args)


FORWARD = {
    "jvp": lambda fun, args, tans: s2sgrad.jvp(fun, args, tans),
    "hvp": lambda fun, args, tans: s2sgrad.hvp(fun, args, tans),
    "jacfwd": lambda fun, args, tans: s2sgrad.jacfwd(fun, argnums=tuple(range(len(args))))(*args),
    "hessian": lambda fun, args, tans: s2sgrad.hessian(fun)(*args),
}


@pytest.mark.parametrize("mode", list(FORWARD))
@pytest.mark.parametrize(
    ("family", "fun", "args"), CASES, ids=[f"{c[0]}-{c[1].__name__}" for c in CASES]
)
def test_forward_mode_equals_numpy(family, fun, args, mode):
    """Forward mode (and forward over reverse) on Dask arrays builds a graph, keeps
    float32, and gives NumPy's values; so does it on NumPy arrays (float32 stays float32)."""
    derivative = FORWARD[mode]
    tangents = _tangents(args)
    eager = derivative(fun, args, tangents)
    assert all(np.asarray(e).dtype == np.float32 for e in _leaves(eager))
    lazy = lazily(derivative, fun, tuple(map(chunked, args)), tuple(map(chunked, tangents)))
    _lazy_equals_numpy(lazy, eager, np.float32)


def test_forward_mode_float64():
    args, tangents = (A.astype(np.float64), B.astype(np.float64)), _tangents((A, B))
    for mode in FORWARD:
        eager = FORWARD[mode](matmul, args, tangents)
        lazy = lazily(
            FORWARD[mode], matmul, tuple(map(chunked, args)), tuple(map(chunked, tangents))
        )
        _lazy_equals_numpy(lazy, eager, np.float64)


def test_forward_mode_with_numpy_parameters_and_lazy_data():
    """The Hessian and Hessian-vector product in small NumPy parameters of a loss over
    Dask data are lazy (the float parameter's entry is a 0-d Dask array, not a float)."""
    X = rng.normal(size=(40, 3)).astype(np.float32)
    y = (rng.random(40) > 0.5).astype(np.float32)
    w = np.linspace(-0.2, 0.3, 3).astype(np.float32)
    Xd, yd = da.from_array(X, chunks=(10, 3)), da.from_array(y, chunks=10)
    hess = s2sgrad.hessian(logistic)
    _lazy_equals_numpy(lazily(hess, w, 0.5, Xd, yd), hess(w, 0.5, X, y), np.float32)
    hess_b = lazily(s2sgrad.hessian(logistic, argnums=1), w, 0.5, Xd, yd)
    assert isinstance(hess_b, da.Array) and hess_b.shape == ()
    _close(hess_b.compute(), s2sgrad.hessian(logistic, argnums=1)(w, 0.5, X, y), np.float32)
    v = np.array([1.0, -2.0, 0.5], dtype=np.float32)
    lazy = lazily(s2sgrad.jvp, s2sgrad.grad(logistic), (w, 0.5, Xd, yd), (v, None, None, None))
    eager = s2sgrad.jvp(s2sgrad.grad(logistic), (w, 0.5, X, y), (v, None, None, None))
    _lazy_equals_numpy(lazy, eager, np.float32)
    jac = s2sgrad.jacfwd(logistic)
    _lazy_equals_numpy(lazily(jac, w, 0.5, Xd, yd), jac(w, 0.5, X, y), np.float32)


def vector_layer(x, v):
    return np.tanh(x @ v) * np.sum(v)


def test_jacrev_and_jacfwd_of_a_vector_output_are_lazy():
    for jac in (s2sgrad.jacrev, s2sgrad.jacfwd):
        derivative = jac(vector_layer, argnums=(0, 1))
        _lazy_equals_numpy(lazily(derivative, chunked(A), chunked(V)), derivative(A, V), np.float32)


def test_forward_mode_needs_known_chunk_sizes():
    x = chunked(A)
    unknown = x[x[:, 0] > 0]
    assert np.isnan(unknown.shape[0])
    with pytest.raises(s2sgrad.errors.GradientArgumentError, match="compute_chunk_sizes"):
        s2sgrad.jacfwd(elementwise)(unknown)


# -- more rules: their adjoints and tangents stay lazy too --------------------------------


def cumprod_rows(x):
    return np.sum(np.cumprod(x, axis=1)) + np.sum(np.cumprod(x[0]))


def append_diff(x):
    return (
        np.sum(np.append(x, x[:1], axis=0) ** 2)
        + np.sum(np.append(x, x) ** 3)
        + np.sum(np.diff(x, axis=0) ** 2)
        + np.sum(np.diff(x, n=2, axis=1) ** 2)
    )


def dstack_pad(x):
    return (
        np.sum(np.dstack([x, x * 2.0]) ** 2)
        + np.sum(np.pad(x, 1) ** 3)
        + np.sum(np.pad(x, ((1, 2), (0, 1)), mode="reflect") ** 2)
        + np.sum(np.pad(x, 2, mode="edge") ** 3)
    )


def float64_constants(x):
    return np.sum(np.exp2(x) + np.log10(x * x + 1.0) + np.log2(x * x + 2.0) + np.arctan(x))


MORE = [
    ("cumprod", cumprod_rows, (P,)),
    ("append/diff", append_diff, (A,)),
    ("dstack/pad", dstack_pad, (A,)),
    ("constants", float64_constants, (A,)),
]


@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
@pytest.mark.parametrize(("family", "fun", "args"), MORE, ids=[c[0] for c in MORE])
def test_more_rules_stay_lazy(family, fun, args, mode):
    """cumprod (no item assignment into NumPy buffers), np.append/np.diff/np.dstack (slices,
    not np.split), np.pad (a lazy scatter-add) and rules with float64 constants (float32
    tangents, on NumPy too)."""
    derivative = {
        "grad": lambda f, a, t: s2sgrad.value_and_grad(f)(*a),
        "jvp": FORWARD["jvp"],
        "hessian": FORWARD["hessian"],
    }[mode]
    tangents = _tangents(args)
    eager = derivative(fun, args, tangents)
    assert all(np.asarray(e).dtype == np.float32 for e in _leaves(eager))
    lazy = lazily(derivative, fun, tuple(map(chunked, args)), tuple(map(chunked, tangents)))
    _lazy_equals_numpy(lazy, eager, np.float32)


def take_flat(x):
    return np.sum(np.take(x, np.array([0, 3, 5])) ** 2)


def test_take_without_axis_on_dask_is_an_error():
    """Dask's np.take without an axis takes along axis 0 (NumPy's flattens): the adjoint
    written for NumPy's meaning refuses it; a 1-D array means the same in both."""
    with pytest.raises(NotImplementedError, match="pass axis= to np.take"):
        s2sgrad.grad(take_flat)(chunked(A))
    v = np.linspace(-1.0, 1.0, 6).astype(np.float32)
    _close(
        lazily(s2sgrad.grad(take_flat), chunked(v)).compute(),
        s2sgrad.grad(take_flat)(v),
        np.float32,
    )


# -- data-dependent control flow computes, and is right ----------------------------------


def branchy(x):
    s = np.sum(x)
    if s > 0:
        y = np.sum(np.sin(x) * s)
    else:
        y = np.sum(x**3)
    total = y
    while total < 50.0:
        total = total + np.sum(x * x)
    return total


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_data_dependent_control_flow_computes_the_right_gradient(sign):
    x = np.abs(A) * sign
    expected_value, expected = s2sgrad.value_and_grad(branchy)(x)
    value, g = s2sgrad.value_and_grad(branchy)(chunked(x))
    assert isinstance(g, da.Array)
    _close(g.compute(), expected, np.float32)
    _close(np.asarray(value), expected_value, np.float32)
    with pytest.raises(Computed):
        lazily(s2sgrad.grad(branchy), chunked(x))  # the branch condition needs a value


# -- what Dask cannot do is an error naming the user's line ---------------------------------


def masked(x):
    return np.sum(x[x > 0] ** 2)


def masked_reductions(x):
    return (
        np.mean(np.sin(x[x > 0.1])) + np.var(x[x < 0.5]) + np.max(x[x < 0.5]) * np.min(x[x > -0.5])
    )


def masked_by_another(x, w):
    return np.sum(np.tanh(x[x > 0] * w[x > 0])) + np.mean(x[w > 0] ** 2)


def masked_by_numpy(x):
    return np.sum(x[A > 0] ** 3) + np.mean(x[A < 0])


def masked_parameter(w, x):
    return np.mean(x[x > 0] * w) + np.var(x[x > -0.5] * w)


MASKS = [
    (masked, (A,)),
    (masked_reductions, (A,)),
    (masked_by_another, (A, P - 1.0)),
    (masked_by_numpy, (A,)),
]


@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
@pytest.mark.parametrize(("fun", "args"), MASKS, ids=[c[0].__name__ for c in MASKS])
def test_boolean_mask_indexing_stays_lazy(fun, args, mode):
    """``x[mask]`` on Dask has unknown chunk sizes: its adjoint is a bincount of the flat
    positions (found by the same indexing, so cut into the same pieces), and mean/var
    count their entries lazily (a NaN size made the gradient NaN)."""
    derivative = {
        "grad": lambda f, a, t: s2sgrad.value_and_grad(f, argnums=tuple(range(len(a))))(*a),
        "jvp": FORWARD["jvp"],
        "hessian": FORWARD["hessian"],
    }[mode]
    tangents = _tangents(args)
    eager = derivative(fun, args, tangents)
    lazy = lazily(derivative, fun, tuple(map(chunked, args)), tuple(map(chunked, tangents)))
    _lazy_equals_numpy(lazy, eager, np.float32)


def test_numpy_parameter_of_a_masked_loss():
    w = np.float32(0.5) * np.ones((), np.float32)
    expected = s2sgrad.grad(masked_parameter)(w, A)
    lazy = lazily(s2sgrad.grad(masked_parameter), w, chunked(A))
    assert isinstance(lazy, da.Array) and lazy.shape == ()
    _close(lazy.compute(), expected, np.float32)
    assert not np.isnan(lazy.compute())


def selected_rows(w, X, y):
    return np.sum(np.tanh(X[y > 0] @ w) ** 2) / 10.0 + np.mean(np.logaddexp(0.0, X[y < 0] @ w))


def selected_rows_matrix(W, X, y):
    return np.sum(np.sin(X[y > 0] @ W)) + np.sum((W.T @ X[y < 0].T) ** 2) / 7.0


@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
def test_parameters_of_a_loss_over_selected_rows(mode):
    """Rows of Dask data picked by a mask (unknown chunk sizes) times NumPy parameters: the
    matrix-product adjoints add their new axes by indexing (Dask cannot reshape unknown
    sizes, which np.expand_dims does)."""
    X = rng.normal(size=(40, 3)).astype(np.float32)
    y = rng.normal(size=40).astype(np.float32)
    Xd, yd = da.from_array(X, chunks=(10, 3)), da.from_array(y, chunks=10)
    for fun, w in [
        (selected_rows, np.array([0.3, -0.2, 0.1], np.float32)),
        (selected_rows_matrix, rng.normal(size=(3, 2)).astype(np.float32) * 0.3),
    ]:
        derivative = {
            "grad": lambda *a, f=fun: s2sgrad.value_and_grad(f)(*a),
            "jvp": lambda *a, f=fun: s2sgrad.jvp(f, a, (np.ones_like(a[0]), None, None)),
            "hessian": lambda *a, f=fun: s2sgrad.hessian(f)(*a),
        }[mode]
        _lazy_equals_numpy(lazily(derivative, w, Xd, yd), derivative(w, X, y), np.float32)


def masked_values(x):
    return np.sin(x[x > 0]) * 2.0


def test_jvp_of_an_output_of_unknown_size():
    out, tangent = lazily(s2sgrad.jvp, masked_values, (chunked(A),), (chunked(P),))
    assert isinstance(tangent, da.Array) and np.isnan(tangent.shape[0])
    _close(tangent.compute(), s2sgrad.jvp(masked_values, (A,), (P,))[1], np.float32)


def masked_rows(x):
    return np.sum(x[x[:, 0] > 0] ** 2)


def test_boolean_mask_of_rows_names_the_operation_and_line():
    assert isinstance(lazily(s2sgrad.jvp, masked_rows, (chunked(A),), (chunked(A),))[1], da.Array)
    with pytest.raises(NotImplementedError) as info:
        s2sgrad.grad(masked_rows)(chunked(A))
    message = str(info.value)
    assert "boolean mask" in message and "np.add.at" in message and "dask" in message
    assert f"{__file__}:{masked_rows.__code__.co_firstlineno + 1}:" in message
    assert "x[x[:, 0] > 0]" in message


def test_size_of_unknown_chunks_is_a_clear_error():
    x = chunked(A)
    with pytest.raises(NotImplementedError, match="compute_chunk_sizes"):
        runtime.concatenate_adjoint(da.ones(10), [x[x > 0], x[x < 0]], None)


def array_and_integer(x):
    return np.sum(x[np.array([0, 2, 2]), 1] ** 2)


def test_index_array_with_an_integer_is_an_error():
    assert np.asarray(array_and_integer(chunked(A))) == array_and_integer(A)  # Dask runs it
    with pytest.raises(NotImplementedError, match="this index needs np.add.at"):
        s2sgrad.grad(array_and_integer)(chunked(A))


# -- a real cluster: two worker processes -------------------------------------------------


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit="1GiB",
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_gradient_on_a_two_worker_cluster_matches_numpy(client):
    n, k = 20_000, 8
    X = da.random.RandomState(1).standard_normal((n, k), chunks=(2_500, k)).astype(np.float32)
    y = (da.random.RandomState(2).random_sample(n, chunks=2_500) > 0.5).astype(np.float32)
    w = np.linspace(-0.5, 0.5, k).astype(np.float32)
    vg = s2sgrad.value_and_grad(logistic, argnums=(0, 1))
    value, (dw, db) = lazily(vg, w, 0.25, X, y)
    assert isinstance(dw, da.Array) and isinstance(value, da.Array)
    futures = client.compute([value, dw, db])
    v, gw, gb = client.gather(futures)
    assert len(client.scheduler_info()["workers"]) == 2
    Xn, yn = dask.compute(X, y)
    ev, (ew, eb) = vg(w, 0.25, Xn, yn)
    _close(v, ev, np.float32)
    _close(gw, ew, np.float32)
    _close(gb, eb, np.float32)
    assert gw.dtype == np.float32


def bias_in_weights(w, X):
    return np.sum(np.tanh(X @ w[1:] + w[0]))


LABELS = np.array([0, 2, 1, 1, 4, 0])
ROWS = np.array([3, 0, 3, 9, 1, 3, 7, -1])  # repeated and negative positions


def per_label_scale(w, labels, X):
    return np.sum(np.tanh(X * w[labels][:, None]))


def weights_in_pieces(w, X, c):
    """Contributions to ``w``'s adjoint from NumPy-only and Dask terms, basic and fancy."""
    return (
        np.sum(w**2) * c[0]
        + np.sum(np.tanh(X @ w[1:] + w[0]))
        + np.sum(w[[0, 0, 2]] * c[:3])
        + w[4] * np.sum(X[:, 1])
    )


def mutated_weights(w, X):
    v = w * 1.0
    v[2] = 0.5
    return np.sum(np.sin(X @ v[1:]) * v[0])


def embedding(W, rows, y):
    return np.sum((np.tanh(W[rows]) @ np.arange(1.0, 4.0) - y) ** 2)


def embedding_columns(W, rows):
    return np.sum(np.cos(W[:, rows]) * np.arange(8.0)) + np.sum(W[1:3, rows] ** 2)


def embedding_take(W, rows):
    return np.sum(np.take(W, rows, axis=0) ** 3) + np.sum(np.take(W.T, rows[:4], axis=1) ** 2)


def embedding_complex(W, rows, y):
    return np.sum(np.abs(np.tanh(W[rows]) @ np.arange(1.0, 4.0) - y) ** 2)


def test_indexed_numpy_parameter_with_dask_data():
    """A NumPy parameter indexed in a loss over Dask data: its adjoint buffer is a Dask
    array (in any order of basic, fancy and NumPy-only contributions, and when the loss
    writes into a copy of it), so the gradient is lazy, float32 and NumPy's."""
    w = np.linspace(-0.3, 0.3, 5).astype(np.float32)
    c = np.array([0.5, -1.0, 2.0], dtype=np.float32)
    for fun, args, lazy_args in [
        (bias_in_weights, (w, A), (w, chunked(A))),
        (weights_in_pieces, (w, A, c), (w, chunked(A), c)),
        (mutated_weights, (w, A), (w, chunked(A))),
        (per_label_scale, (w, LABELS, A), (w, LABELS, chunked(A))),
        (per_label_scale, (w, LABELS, A), (chunked(w), LABELS, chunked(A))),
    ]:
        expected = s2sgrad.value_and_grad(fun)(*args)
        lazy = lazily(s2sgrad.value_and_grad(fun), *lazy_args)
        _lazy_equals_numpy(lazy, expected, np.float32)
        hess = lazily(s2sgrad.hessian(fun), *lazy_args)
        _lazy_equals_numpy(hess, s2sgrad.hessian(fun)(*args), np.float32)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex128])
def test_dask_index_array_scatter_adds(dtype):
    """``W[rows]`` with a Dask ``W`` and a Dask ``rows`` (an embedding lookup): the adjoint
    is a weighted bincount, lazy, with repeated and negative positions accumulated, in
    rows, columns, under a slice, and through np.take."""
    W = rng.normal(size=(10, 3)).astype(dtype)
    y = rng.normal(size=len(ROWS)).astype(np.float32)
    lazy_rows = da.from_array(ROWS, chunks=3)
    lazy_y = da.from_array(y, chunks=3)
    if dtype == np.complex128:
        W = W + 1j * rng.normal(size=(10, 3))
        cases = [(embedding_complex, (W, ROWS, y), (chunked(W), lazy_rows, lazy_y))]
    else:
        W8 = rng.normal(size=(4, 10)).astype(dtype)
        cases = [
            (embedding, (W, ROWS, y), (chunked(W), lazy_rows, lazy_y)),
            (embedding_columns, (W8, ROWS), (chunked(W8), lazy_rows)),
            (
                embedding_take,
                (W, ROWS[ROWS >= 0]),
                (chunked(W), da.from_array(ROWS[ROWS >= 0], chunks=3)),
            ),
        ]
    for fun, args, lazy_args in cases:
        expected = s2sgrad.grad(fun)(*args)
        lazy = lazily(s2sgrad.grad(fun), *lazy_args)
        assert isinstance(lazy, da.Array) and lazy.dtype == dtype
        _close(lazy.compute(), expected, np.float32 if dtype == np.float32 else np.float64)


def test_numpy_table_indexed_by_dask_rows():
    """``W[rows]`` with a NumPy ``W`` and Dask ``rows`` computes ``rows`` in the forward
    pass (NumPy indexing does), and its adjoint is still a lazy scatter-add."""
    W = rng.normal(size=(10, 3)).astype(np.float32)
    y = rng.normal(size=len(ROWS)).astype(np.float32)
    expected = s2sgrad.grad(embedding)(W, ROWS, y)
    lazy = s2sgrad.grad(embedding)(W, da.from_array(ROWS, chunks=3), da.from_array(y, chunks=3))
    assert isinstance(lazy, da.Array) and lazy.dtype == np.float32
    _close(lazy.compute(), expected, np.float32)


def params_and_batch(params, batch):
    w, b = params
    X, y = batch
    return np.sum((np.tanh(X @ w[1:] + w[0]) + b - y) ** 2)


def test_dask_data_inside_a_tuple_after_numpy_calls():
    """A Dask array inside a list or tuple argument is found on every call, also after
    NumPy calls of the same argument types put the derivative on its per-type fast path."""
    w = np.linspace(-0.3, 0.3, 5).astype(np.float32)
    y = rng.normal(size=6).astype(np.float32)
    grad = s2sgrad.grad(params_and_batch)
    expected = grad([w, 0.5], (A, y))
    for _ in range(2):
        grad([w, 0.5], (A, y))  # NumPy calls: the fast path
        lazy = lazily(grad, [w, 0.5], (chunked(A), chunked(y)))
        assert all(isinstance(g, da.Array) for g in lazy)
        _close(lazy[0].compute(), expected[0], np.float32)
        _close(lazy[1].compute(), expected[1], np.float32)


GLOBAL_DATA = {}


def loss_of_global_data(w):
    return np.sum(np.tanh(GLOBAL_DATA["X"] @ w[[1, 2, 3, 4]]))


def test_dask_data_in_a_global_is_a_clear_error():
    GLOBAL_DATA["X"] = chunked(A)
    w = np.linspace(-0.3, 0.3, 5).astype(np.float32)
    with pytest.raises(NotImplementedError) as info:
        s2sgrad.grad(loss_of_global_data)(w)
    message = str(info.value)
    assert "updated in place" in message and "da.from_array" in message
    assert f"{__file__}:{loss_of_global_data.__code__.co_firstlineno + 1}:" in message


def test_numpy_float32_adjoint_sweep_stays_float32():
    """A float seed broadcast over a large float32 array is float32 (a float64 seed made
    the matrix products of the adjoint sweep mix dtypes, which NumPy does without BLAS)."""
    x = np.ones(10_000, dtype=np.float32)
    assert runtime.reduce_adjoint(1.0, x, None, False).dtype == np.float32
    assert runtime.reduce_adjoint(1.0, x.astype(np.float64), None, False).dtype == np.float64
    assert (
        runtime.reduce_adjoint(0.5, np.ones((100, 200), np.float32), None, False).dtype
        == np.float32
    )
