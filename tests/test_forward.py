"""Forward mode: every tangent rule against central finite differences.

The NumPy/Python/math cases reuse the table of ``tests/test_rules.py``: each
case is differentiated by ``s2sgrad.jvp`` along a random direction and
compared with finite differences and with the reverse-mode gradient. The
runtime helpers that generated code calls (forward over reverse, forward over
forward) have their own table below.
"""

from __future__ import annotations

import builtins
from typing import NamedTuple

import numpy as np
import pytest
from test_rules import CASES  # noqa: E402  (the reverse-rule table)

import s2sgrad
import s2sgrad.rules
from s2sgrad.forward import FORWARD_HELPERS
from s2sgrad.runtime import (
    Absent,
    add,
    add_at_value,
    add_or_concat_adjoint,
    array_astype,
    array_conj,
    array_item,
    array_operand,
    array_view,
    astype_tangent,
    broadcast_arrays_adjoint,
    broadcast_arrays_tangent,
    broadcast_tangent,
    builtin_sum_adjoint,
    builtin_sum_start_adjoint,
    cast_adjoint,
    chosen,
    chosen_tangent,
    clip_adjoint,
    concatenate_adjoint,
    cumprod_adjoint,
    cumsum_adjoint,
    cumulative_sum_adjoint,
    dense_cotangent,
    densify,
    det_adjoint,
    det_tangent,
    diag_adjoint,
    display_part,
    dot_items,
    dot_left,
    dot_right,
    einsum_adjoint,
    einsum_tangent,
    fresh_adjoint,
    hstack_adjoint,
    inner_left,
    inner_right,
    interp_fp_adjoint,
    interp_fp_tangent,
    interp_slope,
    item_adjoint,
    item_tangent,
    linspace_adjoint,
    log_of_base,
    loop_items,
    loop_items_adjoint,
    loop_items_tangent,
    matmul_left,
    matmul_right,
    mean_adjoint,
    meshgrid_adjoint,
    meshgrid_tangent,
    mul_or_repeat_adjoint,
    new_object,
    norm_adjoint,
    norm_tangent,
    object_with,
    object_with_adjoint,
    object_with_tangent,
    one_system_each,
    outer_left,
    outer_right,
    part,
    pop_adjoint,
    power_slope,
    power_term,
    prod_adjoint,
    put_back,
    quantile_adjoint,
    quantile_tangent,
    ratio_or_zero,
    reduce_adjoint,
    repeat_adjoint,
    reshape_like,
    restore_value,
    safe_log,
    safe_log_slope,
    save_item,
    scale_items,
    select_adjoint,
    sinc_derivative,
    slogdet_inverse,
    snapshot,
    solve_adjoint,
    sort_adjoint,
    sort_tangent,
    stack_adjoint,
    stored_adjoint,
    stored_tangent,
    take_adjoint,
    tensordot_left,
    tensordot_right,
    tile_adjoint,
    tolist_adjoint,
    tolist_tangent,
    trace_adjoint,
    transpose_adjoint,
    trapezoid_dx_slope,
    trapezoid_spacing_slope,
    trapezoid_weights,
    trapezoid_x_adjoint,
    trapezoid_x_tangent,
    tree_field_adjoint,
    tree_field_tangent,
    tree_node,
    tree_node_adjoint,
    tree_node_tangent,
    tree_replace,
    tree_replace_adjoint,
    tree_replace_tangent,
    unbroadcast,
    unstack,
    var_adjoint,
    vstack_adjoint,
)

EPS = 1e-6


# -- directions and finite differences --------------------------------------------------------


def _leaf_tangent(x, rng):
    if isinstance(x, float):
        return float(rng.standard_normal())
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return rng.standard_normal(x.shape)
    return None


def _tangent(x, rng):
    if isinstance(x, (list, tuple)):
        out = [_tangent(v, rng) for v in x]
        return type(x)(out)
    if isinstance(x, dict):
        return {k: _tangent(v, rng) for k, v in x.items()}
    return _leaf_tangent(x, rng)


def _axpy(x, v, a):
    """``x + a * v`` over trees (None tangents leave the leaf alone)."""
    if v is None:
        return x
    if isinstance(x, (list, tuple)):
        return type(x)(_axpy(xi, vi, a) for xi, vi in zip(x, v))
    if isinstance(x, dict):
        return {k: _axpy(x[k], v[k], a) for k in x}
    out = x + a * v
    return float(out) if isinstance(x, float) else out


def _first(out):
    return out[0] if isinstance(out, (tuple, list)) else out


def fd_directional(f, args, tangents, eps=EPS):
    plus = [_axpy(a, t, eps) for a, t in zip(args, tangents)]
    minus = [_axpy(a, t, -eps) for a, t in zip(args, tangents)]
    return (
        np.asarray(_first(f(*plus)), dtype=float) - np.asarray(_first(f(*minus)), dtype=float)
    ) / (2 * eps)


def _dot_tree(g, v):
    if v is None or g is None:
        return 0.0
    if isinstance(v, (list, tuple)):
        return sum(_dot_tree(gi, vi) for gi, vi in zip(g, v))
    if isinstance(v, dict):
        return sum(_dot_tree(g[k], v[k]) for k in v)
    return float(np.sum(np.asarray(g) * np.asarray(v)))


# -- every NumPy / Python / math tangent rule -------------------------------------------------

PARAMS = [
    pytest.param(path, i, c, id=f"{path}-{c.fn.__name__}-{i}")
    for path in sorted(CASES)
    for i, c in enumerate(CASES[path])
]


@pytest.mark.parametrize("path,i,c", PARAMS)
def test_tangent_rule_finite_differences(path, i, c):
    seed = sum(map(ord, f"{path}/{c.fn.__name__}")) * 101 + i
    rng = np.random.default_rng(seed)
    args = c.make_args(rng)
    nums = (c.argnums,) if isinstance(c.argnums, int) else tuple(c.argnums)
    tangents = [None] * len(args)
    for n in nums:
        tangents[n] = _tangent(args[n], rng)
    out, dot = s2sgrad.jvp(c.fn, args, tangents)
    np.testing.assert_allclose(_first(out), _first(c.fn(*args)), rtol=1e-12, atol=1e-12)
    expected = fd_directional(c.fn, args, tangents)
    tol = max(c.rtol, 1e-5)
    np.testing.assert_allclose(_first(dot), expected, rtol=tol, atol=max(c.atol, 1e-5))


def test_every_reverse_rule_has_a_tangent_rule():
    missing = sorted(
        p.path
        for p in s2sgrad.rules.all_primitives()
        if p.reverse is not None and p.forward is None
    )
    assert not missing, f"primitives with a reverse rule but no tangent rule: {missing}"


# -- runtime helpers: forward over reverse and forward over forward ---------------------------


def _r(*shape):
    return lambda rng: rng.standard_normal(shape)


def _well(n):
    return lambda rng: rng.standard_normal((n, n)) + 3.0 * np.eye(n)


def _singular(n):
    """A matrix of rank n - 1 whose last row is 0: numpy's det is exactly 0 (session 20)."""
    return lambda rng: np.vstack([rng.standard_normal((n - 1, n)), np.zeros((1, n))])


HELPER_CASES = {}


def helper_case(name, *specs, argnums):
    def register(fn):
        HELPER_CASES.setdefault(name, []).append((fn, specs, argnums))
        return fn

    return register


@helper_case("add", _r(3), _r(3), argnums=(0, 1))
def h_add(a, b):
    return add(a, b) * a


@helper_case("fresh_adjoint", _r(3), _r(3), argnums=(0,))
def h_fresh(g, x):
    return fresh_adjoint(g, x) * 2.0


@helper_case("dense_cotangent", _r(3), _r(3), argnums=(0, 1))
def h_dense_cotangent(g, x):
    da, db = dense_cotangent([g * x, 0.0], [x, x])
    return da * db + dense_cotangent({"a": g}, {"a": x, "b": x})["a"] * x


@helper_case("densify", _r(3), _r(3), argnums=(0,))
def h_densify(g, x):
    return densify(g, x) * x


@helper_case(
    "sinc_derivative", lambda rng: np.array([0.0, 1e-3, -0.2, 0.31, 0.9, -1.7]), argnums=(0,)
)
def h_sinc_derivative(x):
    # |pi x| < 1 takes the Taylor series, the others the closed form
    return sinc_derivative(x, 1) * x + sinc_derivative(x, 2)


@helper_case("log_of_base", lambda rng: float(rng.uniform(1.5, 3.0)), argnums=(0,))
def h_log_of_base(b):
    # math.log(x, base)'s divisor
    return log_of_base(b) * b + log_of_base(None)


@helper_case("scale_items", _r(), _r(), _r(), argnums=(0, 1, 2))
def h_scale_items(c, x, y):
    # math.hypot(*xs)'s adjoints, with a constant item
    a, b, k = scale_items(c, [x, y * x, 2.0])
    return a * b + k * c


@helper_case("dot_items", _r(), _r(), _r(), argnums=(0, 1, 2))
def h_dot_items(x, y, t):
    # math.hypot(*xs)'s tangent times its value, with a zero tangent
    return dot_items([x, y, 3.0], [t * x, 0.0, y])


@helper_case("snapshot", _r(3), argnums=(0,))
def h_snapshot(x):
    return snapshot(x) * x


@helper_case("array_operand", _r(3), _r(3), argnums=(0, 1))
def h_array_operand(a, b):
    return array_operand([a, b * a]) * a + array_operand(b)


@helper_case("part", _r(3), _r(3), argnums=(0, 1))
def h_part(a, b):
    xs = [a, b]
    return part(xs, 1) * a


@helper_case("display_part", _r(3), _r(3), argnums=(0, 1))
def h_display_part(a, b):
    d = {"u": a * b, "v": a}
    return display_part(d, "u", ["v"]) * a + display_part(d, "v", ["v"]) * b


@helper_case("pop_adjoint", _r(3), _r(3), argnums=(0, 1))
def h_pop_adjoint(a, b):
    xs = [a * 1.0, b * 2.0]
    return pop_adjoint(xs) + xs[0]


@helper_case("add_or_concat_adjoint", _r(3), _r(3), argnums=(0, 1))
def h_add_or_concat_adjoint(g, x):
    da, db = add_or_concat_adjoint([g, 2.0 * g, g * x], [x], [x, x])
    return np.stack(da + db) * x + add_or_concat_adjoint(g * x, x, 2.0)[0]


@helper_case("mul_or_repeat_adjoint", _r(3), _r(3), argnums=(0, 1))
def h_mul_or_repeat_adjoint(g, x):
    da, db = mul_or_repeat_adjoint(g, x, x * x)
    dr, _ = mul_or_repeat_adjoint([g, g * x, x], [x], 3)
    return da * db + np.stack(dr)


@helper_case("save_item", _r(3), _r(3), argnums=(0, 1))
def h_save_item(a, b):
    xs = [a * 1.0, b * 2.0]
    return save_item(xs, 1) * a + save_item(xs, 0)


@helper_case("restore_value", _r(3), _r(3), argnums=(0, 1))
def h_restore_value(a, b):
    xs = [a * 1.0, b * 2.0]
    return restore_value(xs, 0, b * a) + restore_value(xs, 1, Absent) * a


@helper_case("add_at_value", _r(4), _r(2), argnums=(0, 1))
def h_add_at(g, v):
    h = g * 1.0
    h = add_at_value(h, np.array([0, 0]), v)
    return h * g


@helper_case("put_back", _r(3), _r(3), argnums=(0, 1))
def h_put_back(a, b):
    xs = [a * 1.0, b * 2.0]
    xs = put_back(xs, 1, a * b)
    xs = put_back(xs, -2, np.sin(b))
    return xs[1] * xs[2] + xs[3] * a


@helper_case("loop_items", _r(3), _r(3), argnums=(0, 1))
def h_loop_items(a, b):
    xs = loop_items([a * 1.0, np.sin(b)])  # a sequence: itself
    keys = loop_items({"p": a, "q": b})  # a dict: its keys, no derivative
    return xs[0] * xs[1] * len(keys)


@helper_case("loop_items_adjoint", _r(3), _r(3), argnums=(0, 1))
def h_loop_items_adjoint(g, x):
    items = loop_items_adjoint([g * 2.0, g * x], [x, x])
    return items[0] * x + items[1] + loop_items_adjoint(g, {"p": x}) * g


@helper_case("loop_items_tangent", _r(3), _r(3), argnums=(0, 1))
def h_loop_items_tangent(t, x):
    items = loop_items_tangent((t * x, np.cos(t)), [x, x])
    zeros = loop_items_tangent({"p": t}, {"p": x, "q": x})
    return items[0] * items[1] + zeros[0] + zeros[1]


@helper_case("unbroadcast", _r(3, 4), _r(4), argnums=(0,))
def h_unbroadcast(g, x):
    return unbroadcast(g, x) * x


@helper_case("reduce_adjoint", _r(3), _r(3, 4), argnums=(0,))
def h_reduce(g, x):
    return reduce_adjoint(g, x, 1, False) * x


@helper_case("select_adjoint", _r(3), _r(3, 4), argnums=(0,))
def h_select(g, x):
    y = np.max(x, axis=1)
    return select_adjoint(g, y, x, 1, False)


@helper_case("var_adjoint", _r(3), _r(3, 4), argnums=(0, 1))
def h_var(g, x):
    return var_adjoint(g, x, 1, 0, False)


@helper_case("mean_adjoint", _r(3), _r(3, 4), argnums=(0,))
def _mean_adjoint_case(g, x):
    return mean_adjoint(g, x, 1, False) * x


@helper_case("reshape_like", _r(3, 4), _r(4, 3), argnums=(0,))
def _reshape_like_case(g, x):
    return reshape_like(g, x, "F") * x + reshape_like(g, x, "C")


@helper_case("array_item", _r(2, 3), argnums=(0,))
def _array_item_case(x):
    return array_item(x, 4) * x + array_item(x, 1, 0)


@helper_case("array_view", _r(2, 3), argnums=(0,))
def _array_view_case(x):
    return array_view(x) * x


@helper_case("array_conj", _r(2, 3), argnums=(0,))
def _array_conj_case(x):
    return array_conj(x) * x


@helper_case("item_adjoint", _r(), _r(2, 3), argnums=(0,))
def _item_adjoint_case(g, x):
    return item_adjoint(g, x, -1) * x + item_adjoint(g, x, (0, 2))


@helper_case("tolist_adjoint", _r(3), _r(3), argnums=(0,))
def _tolist_adjoint_case(g, x):
    return tolist_adjoint([g[0] * 2.0, g[1], 0.0], x) * x


@helper_case("tolist_tangent", _r(3), _r(3), argnums=(0,))
def _tolist_tangent_case(t, x):
    return tolist_tangent(t, x)[0] * x + tolist_tangent(t, x)[2]


@helper_case("item_tangent", _r(2, 3), _r(2, 3), argnums=(0,))
def _item_tangent_case(t, x):
    return item_tangent(t, x, 3) * x


@helper_case("astype_tangent", _r(3), _r(3), argnums=(0,))
def _astype_tangent_case(t, x):
    return astype_tangent(t, x) * x + astype_tangent(t, x.astype(int))


@helper_case("cast_adjoint", _r(3), _r(3), argnums=(0,))
def _cast_adjoint_case(g, x):
    return cast_adjoint(g, x) * x + cast_adjoint(g, x.astype(int))


@helper_case("stored_adjoint", _r(3), _r(3), argnums=(0,))
def _stored_adjoint_case(g, x):
    return stored_adjoint(g, x) * x + stored_adjoint(g, x.astype(bool))


@helper_case("stored_tangent", _r(3), _r(3), argnums=(0,))
def _stored_tangent_case(t, x):
    return stored_tangent(t, x) * x + stored_tangent(t, x.astype(np.int32))


@helper_case("prod_adjoint", _r(3), _r(3, 4), argnums=(0, 1))
def h_prod(g, x):
    return prod_adjoint(g, x, 1, False)


@helper_case(
    "prod_adjoint",
    _r(),
    lambda rng: rng.standard_normal((3, 4)) * (rng.uniform(size=(3, 4)) > 0.3),
    argnums=(0, 1),
)
def h_prod_zeros(g, x):
    return prod_adjoint(g, x, None, False)


@helper_case("ratio_or_zero", _r(3), lambda rng: rng.uniform(0.5, 2.0, 3), argnums=(0, 1))
def h_ratio(n, m):
    return ratio_or_zero(n, m)


@helper_case(
    "power_slope",
    lambda rng: rng.uniform(0.5, 2.0, 3),
    lambda rng: rng.uniform(0.5, 3.0, 3),
    argnums=(0, 1),
)
def h_power_slope(x, k):
    return power_slope(x, k)


@helper_case(
    "power_term",
    lambda rng: rng.uniform(0.5, 2.0, 3),
    lambda rng: rng.uniform(0.5, 3.0, 3),
    argnums=(0, 1),
)
def h_power_term(x, k):
    return power_term(x, k, 2)


@helper_case("linspace_adjoint", _r(5, 2), _r(2), _r(2), argnums=(0,))
def h_linspace(g, a, b):
    return linspace_adjoint(g, a, b, 5, True, False, 0, 0) * linspace_adjoint(
        g, a, b, 5, False, False, 0, 1
    )


@helper_case("cumsum_adjoint", _r(3, 4), _r(3, 4), argnums=(0,))
def h_cumsum(g, x):
    return cumsum_adjoint(g, x, 1) * x


@helper_case("cumprod_adjoint", _r(3, 4), lambda rng: rng.uniform(0.5, 2.0, (3, 4)), argnums=(0, 1))
def h_cumprod(g, x):
    return cumprod_adjoint(g, x, 1)


@helper_case(
    "cumprod_adjoint",
    _r(3, 4),
    lambda rng: rng.standard_normal((3, 4)) * (rng.uniform(size=(3, 4)) > 0.3),
    argnums=(0, 1),
)
def h_cumprod_zeros(g, x):
    return cumprod_adjoint(g, x, None)


@helper_case("clip_adjoint", _r(3, 4), _r(3, 4), argnums=(0,))
def h_clip(g, x):
    return clip_adjoint(g, x, -0.5, 0.5)


@helper_case("safe_log", lambda rng: rng.uniform(0.5, 2.0, 4), argnums=(0,))
def h_safe_log(x):
    return safe_log(x)


@helper_case("array_astype", lambda rng: rng.uniform(0.5, 2.0, 4), argnums=(0,))
def h_array_astype(x):
    return array_astype(x, float)


@helper_case("safe_log_slope", lambda rng: rng.uniform(0.5, 2.0, 4), argnums=(0,))
def h_safe_log_slope(x):
    return safe_log_slope(x)


@helper_case("matmul_left", _r(3, 5), _r(3, 4), _r(4, 5), argnums=(0, 2))
def h_matmul_left(g, a, b):
    return matmul_left(g, a, b)


@helper_case("matmul_right", _r(3, 5), _r(3, 4), _r(4, 5), argnums=(0, 1))
def h_matmul_right(g, a, b):
    return matmul_right(g, a, b)


@helper_case("dot_left", _r(3, 5), _r(3, 4), _r(4, 5), argnums=(0, 2))
def h_dot_left(g, a, b):
    return dot_left(g, a, b)


@helper_case("dot_right", _r(3, 5), _r(3, 4), _r(4, 5), argnums=(0, 1))
def h_dot_right(g, a, b):
    return dot_right(g, a, b)


@helper_case("outer_left", _r(3, 4), _r(3), _r(4), argnums=(0, 2))
def h_outer_left(g, a, b):
    return outer_left(g, a, b)


@helper_case("outer_right", _r(3, 4), _r(3), _r(4), argnums=(0, 1))
def h_outer_right(g, a, b):
    return outer_right(g, a, b)


@helper_case("inner_left", _r(3, 5), _r(3, 4), _r(5, 4), argnums=(0, 1, 2))
def h_inner_left(g, a, b):
    return inner_left(g, a, b) * a


@helper_case("inner_right", _r(3, 5), _r(3, 4), _r(5, 4), argnums=(0, 1, 2))
def h_inner_right(g, a, b):
    return inner_right(g, a, b) * b


@helper_case("tensordot_left", _r(3, 5), _r(3, 4), _r(4, 5), argnums=(0, 1, 2))
def h_tensordot_left(g, a, b):
    return tensordot_left(g, a, b, 1) * a


@helper_case("tensordot_right", _r(3, 5), _r(3, 4), _r(4, 5), argnums=(0, 1, 2))
def h_tensordot_right(g, a, b):
    return tensordot_right(g, a, b, 1) * b


@helper_case("einsum_adjoint", _r(3, 5), _r(3, 4), _r(4, 5), argnums=(0, 1, 2))
def h_einsum_adjoint(g, a, b):
    parts = einsum_adjoint(g, ("ij,jk->ik", a, b))
    return np.sum(parts[1] * parts[1]) + np.sum(parts[2] * a[0, 0])


@helper_case("transpose_adjoint", _r(3, 4), argnums=(0,))
def h_transpose(g):
    return transpose_adjoint(g, (1, 0)) * 2.0


@helper_case("concatenate_adjoint", _r(5), _r(2), _r(3), argnums=(0,))
def h_concat(g, a, b):
    parts = concatenate_adjoint(g, [a, b], 0)
    return parts[0] * a


@helper_case("meshgrid_adjoint", _r(2, 3), _r(2, 3), _r(3), _r(2), argnums=(0, 1))
def h_meshgrid_adjoint(g0, g1, x, y):
    parts = meshgrid_adjoint([g0, g1], (x, y), False, "xy")
    return parts[0] * x + np.sum(parts[1] ** 2)


@helper_case("meshgrid_tangent", _r(3), _r(2), argnums=(0, 1))
def h_meshgrid_tangent(tx, ty):
    grids = meshgrid_tangent([tx, ty], (tx, ty), False, "ij")
    return grids[0] * grids[1]


@helper_case("broadcast_arrays_adjoint", _r(2, 3), _r(2, 3), _r(2, 1), _r(3), argnums=(0, 1))
def h_broadcast_arrays_adjoint(g0, g1, a, b):
    parts = broadcast_arrays_adjoint([g0, g1], (a, b))
    return np.sum(parts[0] * a) + parts[1] * b


@helper_case("broadcast_arrays_tangent", _r(2, 1), _r(3), argnums=(0, 1))
def h_broadcast_arrays_tangent(a, b):
    parts = broadcast_arrays_tangent([a, b], (a, b))
    return parts[0] * parts[1]


class _Pair(NamedTuple):
    w: np.ndarray
    b: float


_PAIR = _Pair(np.ones(3), 0.5)


@helper_case("tree_field_adjoint", _r(3), argnums=(0,))
def h_field_adjoint(g):
    parts = tree_field_adjoint(g, _PAIR, "w")
    return parts[0] * 2.0 + np.sum(tree_field_adjoint(g, {"w": 1.0}, "w")["w"])


@helper_case("tree_field_tangent", _r(3), _r(), argnums=(0, 1))
def h_field_tangent(a, b):
    return tree_field_tangent([a, b], _PAIR, "w") * tree_field_tangent({"w": a, "b": b}, _PAIR, "b")


@helper_case("tree_node", _r(3), _r(), argnums=(0, 1))
def h_tree_node(a, b):
    p = tree_node(_Pair, ("w", "b"), a * 2.0, b)
    return p.w * p.b + tree_node(_Pair, ("b", "w"), 0.5, a).w


@helper_case("tree_replace", _r(3), _r(), argnums=(0, 1))
def h_tree_replace(a, b):
    q = tree_replace(_PAIR, ("b",), b * b)
    return q.w * q.b + tree_replace(_PAIR, ("w",), a).w


@helper_case("tree_node_adjoint", _r(3), _r(), argnums=(0, 1))
def h_tree_node_adjoint(a, b):
    parts = tree_node_adjoint([a, b], _PAIR, ("b", "w"))
    return parts[1] * parts[0]


@helper_case("tree_node_tangent", _r(3), _r(), argnums=(0, 1))
def h_tree_node_tangent(a, b):
    parts = tree_node_tangent(_PAIR, ("w", "b"), [a, b])
    return parts[0] * parts[1]


@helper_case("tree_replace_adjoint", _r(3), _r(), argnums=(0, 1))
def h_tree_replace_adjoint(a, b):
    parts = tree_replace_adjoint([a, b], _PAIR, ("w",))
    return parts[1] * a


@helper_case("tree_replace_tangent", _r(3), _r(), argnums=(0, 1))
def h_tree_replace_tangent(a, b):
    parts = tree_replace_tangent([a, b], _PAIR, ("b",), [b * 2.0])
    return parts[0] * parts[1]


class _Box:  # an object made in a differentiated function: a tree of its attributes
    def __init__(self, w):
        self.w = w


_BOX = new_object(_Box)


@helper_case("object_with", _r(3), _r(), argnums=(0, 1))
def h_object_with(a, b):
    o = object_with(object_with(_BOX, "w", a * 2.0), "b", b)
    return o.w * o.b + object_with(o, "w", a).w


@helper_case("object_with_adjoint", _r(3), _r(), argnums=(0, 1))
def h_object_with_adjoint(a, b):
    parts = object_with_adjoint({"w": a, "b": b}, "b")
    return parts["w"] * b


@helper_case("object_with_tangent", _r(3), _r(), argnums=(0, 1))
def h_object_with_tangent(a, b):
    parts = object_with_tangent({"w": a}, "b", b * 2.0)
    return parts["w"] * parts["b"]


@helper_case("stack_adjoint", _r(2, 3), _r(3), _r(3), argnums=(0,))
def h_stack(g, a, b):
    parts = stack_adjoint(g, [a, b], 0)
    return parts[1] * b


@helper_case("hstack_adjoint", _r(5), _r(2), _r(3), argnums=(0,))
def h_hstack(g, a, b):
    parts = hstack_adjoint(g, [a, b])
    return parts[1] * b


@helper_case("vstack_adjoint", _r(2, 3), _r(3), _r(3), argnums=(0,))
def h_vstack(g, a, b):
    parts = vstack_adjoint(g, [a, b])
    return parts[0] * a


@helper_case("unstack", _r(2, 3), _r(3), _r(3), argnums=(0,))
def h_unstack(g, a, b):
    parts = unstack(g, [a, b])
    return parts[0] * a


@helper_case("builtin_sum_adjoint", _r(3), _r(2, 3), argnums=(0,))
def h_builtin_sum(g, x):
    return builtin_sum_adjoint(g, x) * x


@helper_case("builtin_sum_adjoint", _r(3), _r(3), argnums=(0, 1))
def h_builtin_sum_of_lists(a, b):
    first, second = builtin_sum_adjoint([a, b * 2.0, a * b], [[a], [b, a]])
    return first[0] * b + second[0] * second[1]


@helper_case("builtin_sum_start_adjoint", _r(3), _r(3), argnums=(0, 1))
def h_builtin_sum_start(a, b):
    return builtin_sum_start_adjoint([a * b, b], [a])[0] * a + builtin_sum_start_adjoint(b, a)


@helper_case("chosen", _r(3), argnums=(0,))
def h_chosen(g):
    return chosen(g, True) * g + chosen(g, False) + chosen([g, g * 2.0], True)[1] * g


@helper_case("chosen_tangent", _r(3), _r(3), argnums=(0, 1))
def h_chosen_tangent(a, b):
    first = chosen_tangent(a, b, True) * a + chosen_tangent(a, b, False) * b
    return first + chosen_tangent((a, b), (b, a), False)[0] * a


@helper_case("tile_adjoint", _r(6), _r(3), argnums=(0,))
def h_tile(g, x):
    return tile_adjoint(g, x, 2) * x


@helper_case("repeat_adjoint", _r(6), _r(3), argnums=(0,))
def h_repeat(g, x):
    return repeat_adjoint(g, x, 2, None) * x


@helper_case("diag_adjoint", _r(3, 3), _r(3), argnums=(0,))
def h_diag(g, v):
    return diag_adjoint(g, v, 0) * v


@helper_case("trace_adjoint", _r(3), _r(3, 4, 4), argnums=(0,))
def h_trace(g, x):
    return trace_adjoint(g, x, 0, 1, 2) * x


@helper_case("sort_adjoint", _r(5), _r(5), argnums=(0,))
def h_sort(g, x):
    return sort_adjoint(g, x, -1) * x


KNOTS = np.linspace(-2.0, 2.0, 6)


@helper_case("trapezoid_weights", _r(3, 5), _r(5), argnums=(1,))
def h_trapezoid_weights(y, x):
    return trapezoid_weights(y, x, 1.0, -1) * y + trapezoid_weights(y, None, x[0], 1) * y


@helper_case("trapezoid_spacing_slope", _r(3, 5), argnums=(0,))
def h_trapezoid_spacing_slope(y):
    return trapezoid_spacing_slope(y, 1) * y


@helper_case("trapezoid_dx_slope", _r(3, 5), argnums=(0,))
def h_trapezoid_dx_slope(y):
    return trapezoid_dx_slope(y, None, -1) * y[:, 0]


@helper_case("trapezoid_x_adjoint", _r(3), _r(3, 5), _r(5), argnums=(0, 1))
def h_trapezoid_x_adjoint(g, y, x):
    return trapezoid_x_adjoint(g, y, x, -1) * x


@helper_case("trapezoid_x_tangent", _r(5), _r(3, 5), _r(5), argnums=(0, 1))
def h_trapezoid_x_tangent(tx, y, x):
    return trapezoid_x_tangent(tx, y, x, -1) * y[:, 0]


@helper_case("interp_slope", _r(6), argnums=(0,))
def h_interp_slope(fp):
    return interp_slope(np.array([-1.5, 0.1, 1.7]), KNOTS, fp, None, None, None) * fp[0]


@helper_case("interp_fp_adjoint", _r(4), _r(6), argnums=(0,))
def h_interp_fp_adjoint(g, fp):
    x = np.array([-2.5, -1.0, 0.3, 2.5])
    return interp_fp_adjoint(g, x, KNOTS, fp, None, None, None) * fp


@helper_case("interp_fp_tangent", _r(6), _r(6), argnums=(0,))
def h_interp_fp_tangent(tfp, fp):
    x = np.array([-2.5, -1.0, 0.3, 2.5])
    return interp_fp_tangent(tfp, x, KNOTS, fp, 0.5, None, None) * x


@helper_case("cumulative_sum_adjoint", _r(3, 5), _r(3, 4), argnums=(0,))
def h_cumulative_sum_adjoint(g, x):
    return cumulative_sum_adjoint(g, x, 1, True)[:, :4] * x


@helper_case("quantile_adjoint", _r(2, 3), _r(3, 5), argnums=(0,))
def h_quantile(g, x):
    return quantile_adjoint(g, x, [0.2, 0.7], 1, False, "linear", None, False) * x


@helper_case("quantile_tangent", _r(3, 5), _r(3, 5), argnums=(0,))
def h_quantile_tangent(t, x):
    return quantile_tangent(t, x, 0.4, 0, True, "linear", None, True) * x[0]


@helper_case("take_adjoint", _r(2), _r(5), argnums=(0,))
def h_take(g, x):
    return take_adjoint(g, x, np.array([1, 3]), 0) * x


@helper_case("norm_adjoint", _r(), _r(4), argnums=(0, 1))
def h_norm(g, x):
    y = np.linalg.norm(x)
    return norm_adjoint(g, y, x, None, None, False)


@helper_case("det_adjoint", _r(), _well(3), argnums=(0, 1))
def h_det(g, a):
    return det_adjoint(g, a)


@helper_case("det_adjoint", _r(), _singular(3), argnums=(0, 1))
def h_det_singular(g, a):
    return det_adjoint(g, a)


@helper_case("slogdet_inverse", _well(3), argnums=(0,))
def h_slogdet_inverse(a):
    return slogdet_inverse(a, np.linalg.slogdet(a)[0])


@helper_case("det_tangent", _r(3, 3), _well(3), argnums=(0, 1))
def h_det_tangent(ta, a):
    return det_tangent(ta, a)


@helper_case("det_tangent", _r(3, 3), _singular(3), argnums=(0, 1))
def h_det_tangent_singular(ta, a):
    return det_tangent(ta, a)


@helper_case("solve_adjoint", _r(3), _well(3), argnums=(0, 1))
def h_solve(g, a):
    return solve_adjoint(g, a)


@helper_case("one_system_each", _r(2, 3), _well(3), argnums=(0, 1))
def h_one_system_each(y, a):
    return np.sin(one_system_each(y, a))


@helper_case("broadcast_tangent", _r(4), _r(3, 4), argnums=(0,))
def h_broadcast_tangent(v, like):
    return broadcast_tangent(v, like) * like


@helper_case("sort_tangent", _r(5), _r(5), argnums=(0,))
def h_sort_tangent(t, x):
    return sort_tangent(t, x, -1) * x


@helper_case("norm_tangent", _r(4), _r(4), argnums=(0, 1))
def h_norm_tangent(t, x):
    y = np.linalg.norm(x)
    return norm_tangent(t, y, x, None, None, False)


@helper_case("einsum_tangent", _r(3, 4), _r(4, 5), _r(3, 4), _r(4, 5), argnums=(0, 1, 2, 3))
def h_einsum_tangent(a, b, ta, tb):
    return einsum_tangent(("ij,jk->ik", a, b), (0.0, ta, tb))


# -- issue 12: tangents of the catalogue's helpers ---------------------------------------------

from s2sgrad import runtime as rt  # noqa: E402

_ONES34 = np.ones((3, 4))
_MASK = np.array([[True, False, True, True]] * 3)


def _ok(name, *specs, argnums):
    return helper_case(name, *specs, argnums=argnums)


@_ok("append_adjoint", _r(7), argnums=(0,))
def hc_append_adjoint(g):
    return rt.append_adjoint(g, np.ones(3), np.ones(4), None, 1)


@_ok("average_weights", _r(4), _r(3, 4), argnums=(0, 1))
def hc_average_weights(w, a):
    return rt.average_weights(a, w, 1) * a


@_ok("weights_tangent", _r(4), argnums=(0,))
def hc_weights_tangent(tw):
    return rt.weights_tangent(_ONES34, tw, 1) * np.arange(12.0).reshape(3, 4)


@_ok("average_part", _r(3), argnums=(0,))
def hc_average_part(v):
    return rt.average_part((v, v * 2.0), True, 1) + rt.average_part(v, False, 0)


@_ok("weights_total_adjoint", _r(3), argnums=(0,))
def hc_weights_total_adjoint(g):
    return rt.weights_total_adjoint(g, _ONES34, 1, False) * np.arange(12.0).reshape(3, 4)


@_ok("average_output", _r(3), _r(3, 1), argnums=(0, 1))
def hc_average_output(ta, ts):
    ta_, ts_ = rt.average_output(ta, ts, (np.ones(3), np.ones(3)), True)
    return ta_ * 2.0 + ts_ * 3.0 + rt.average_output(ta, ts, np.ones(3), False)


@_ok("average_weights_adjoint", _r(3, 4), argnums=(0,))
def hc_average_weights_adjoint(g):
    return rt.average_weights_adjoint(g, np.ones(4), 1)


@_ok("display_part", _r(3), argnums=(0,))
def hc_display_part(g):
    # {0: a, 1: b}: part 1; {1: a, 1.0: b}: the first value's adjoint is zero
    return rt.display_part([g, np.sin(g)], 1, (0,)) + rt.display_part([g], 1, (1.0,)) * g


@_ok("column_stack_adjoint", _r(4, 3), argnums=(0,))
def hc_column_stack_adjoint(g):
    p = rt.column_stack_adjoint(g, [np.ones(4), np.ones((4, 2))])
    return p[1] + p[0][:, None]


@_ok("convolve_left", _r(5), _r(3), argnums=(0, 1))
def hc_convolve_left(g, b):
    return rt.convolve_left(g, np.ones(5), b, "same")


@_ok("convolve_right", _r(7), _r(5), argnums=(0, 1))
def hc_convolve_right(g, a):
    return rt.convolve_right(g, a, np.ones(3), "full")


@_ok("correlate_left", _r(3), _r(3), argnums=(0, 1))
def hc_correlate_left(g, b):
    return rt.correlate_left(g, np.ones(5), b, "valid")


@_ok("correlate_right", _r(6), _r(2), argnums=(0, 1))
def hc_correlate_right(g, a):
    return rt.correlate_right(g, a, np.ones(6), "same")


@_ok("cross_left", _r(3), _r(3), argnums=(0, 1))
def hc_cross_left(g, b):
    return rt.cross_left(g, np.ones(3), b)


@_ok("cross_right", _r(4, 3), _r(4, 3), argnums=(0, 1))
def hc_cross_right(g, a):
    return rt.cross_right(g, a, np.ones(3))


@_ok("cross_left", _r(4, 3), _r(3, 4), argnums=(0, 1))
def hc_cross_left_axes(g, b):
    return rt.cross_left(g, np.ones((3, 4)), b, 0, 0, 1)


@_ok("cross_right", _r(5, 3), _r(3), argnums=(0, 1))
def hc_cross_right_axis(g, a):
    return rt.cross_right(g, a, np.arange(15.0).reshape(3, 5), axisb=0, axis=None)


@_ok("finite_part", _r(6), argnums=(0,))
def hc_finite_part(g):
    return rt.finite_part(g, np.array([0.0, np.nan, np.inf, 1.0, -np.inf, 2.0]))


@_ok("real_like", _r(4), argnums=(0,))
def hc_real_like(v):
    return rt.real_like(v + 0j, np.ones(4)) + rt.real_like(v, np.ones(4) + 0j)


@_ok("rollaxis_adjoint", _r(3, 2, 4), argnums=(0,))
def hc_rollaxis_adjoint(g):
    return rt.rollaxis_adjoint(g, np.ones((2, 3, 4)), 1, 0)


@_ok("cumprod_tangent", _r(3, 4), _r(3, 4), argnums=(0, 1))
def hc_cumprod_tangent(tx, x):
    return rt.cumprod_tangent(tx, x, 1) + rt.cumprod_tangent(tx, x, None).reshape(3, 4)


@_ok("diag_embed", _r(2, 3), argnums=(0,))
def hc_diag_embed(v):
    return rt.diag_embed(v)


@_ok("diff_adjoint", _r(3, 4), argnums=(0,))
def hc_diff_adjoint(g):
    return rt.diff_adjoint(g, np.ones((3, 5)), 1, -1, None, None, 0)


@_ok("diff_tangent", _r(5), _r(), argnums=(0, 1))
def hc_diff_tangent(ta, tp):
    return rt.diff_tangent(ta, 1, -1, 1.0, None, tp, 0.0)


@_ok("dstack_adjoint", _r(3, 4, 2), argnums=(0,))
def hc_dstack_adjoint(g):
    return rt.dstack_adjoint(g, [_ONES34, _ONES34])[1]


@_ok("eigen_gaps", _r(3), argnums=(0,))
def hc_eigen_gaps(w):
    return rt.eigen_gaps(w + 3.0 * np.arange(3.0))


@_ok("gap_product", _r(3, 3), _r(3, 3), argnums=(0, 1))
def hc_gap_product(gaps, m):
    # gaps * m, exactly 0 where m is 0 (a pair of repeated eigenvalues it does not couple)
    return rt.gap_product(gaps, m) + rt.gap_product(gaps, m * np.eye(3))


@_ok("when_used", _r(3), _r(3), argnums=(0, 1))
def hc_when_used(g, x):
    # x linear in g; with g zero (a constant here) the term and its tangent are zero
    return rt.when_used(g, g * x) + rt.when_used(np.zeros(3), x * 2.0)


@_ok("expm_frechet", _r(3, 3), _r(3, 3), argnums=(0, 1))
def hc_expm_frechet(a, e):
    return rt.expm_frechet(a, e)


@_ok("gradient_adjoint", _r(5), argnums=(0,))
def hc_gradient_adjoint(g):
    return rt.gradient_adjoint(g, np.ones(5), (0.5,))


@_ok("item_or_zeros", _r(3), _r(3), argnums=(0, 1))
def hc_item_or_zeros(a, b):
    return rt.item_or_zeros([a, b], 1, a)


@_ok("kron_left", _r(6, 6), _r(3, 2), argnums=(0, 1))
def hc_kron_left(g, b):
    return rt.kron_left(g, np.ones((2, 3)), b)


@_ok("kron_right", _r(6, 6), _r(2, 3), argnums=(0, 1))
def hc_kron_right(g, a):
    return rt.kron_right(g, a, np.ones((3, 2)))


@_ok("lower_symmetric", _r(3, 3), argnums=(0,))
def hc_lower_symmetric(m):
    return rt.lower_symmetric(m, False) + 2.0 * rt.lower_symmetric(m, True)


@_ok("lower_symmetric_adjoint", _r(3, 3), argnums=(0,))
def hc_lower_symmetric_adjoint(g):
    return rt.lower_symmetric_adjoint(g, False) + 2.0 * rt.lower_symmetric_adjoint(g, True)


@_ok("solved_matrix", _r(3, 3), argnums=(0,))
def hc_solved_matrix(a):
    return (
        rt.solved_matrix(a, "sym", False, False)
        + 2.0 * rt.solved_matrix(a, "lower triangular", False, True)
        + 3.0 * rt.solved_matrix(a, "tridiagonal", False, False)
    )


@_ok("solved_matrix_adjoint", _r(3, 3), argnums=(0,))
def hc_solved_matrix_adjoint(g):
    return (
        rt.solved_matrix_adjoint(g, "pos", True, False)
        + 2.0 * rt.solved_matrix_adjoint(g, "diagonal", False, True)
        + 3.0 * rt.solved_matrix_adjoint(g, None, False, True)
    )


@_ok("pinv_matrix", _r(3, 3), argnums=(0,))
def hc_pinv_matrix(m):
    return rt.pinv_matrix(m, True) + 2.0 * rt.pinv_matrix(m, False)


_PINV_A = np.array([[2.0, 0.5, 0.1], [0.3, 1.5, 0.2], [0.1, 0.4, 1.8]])


@_ok("pinv_matrix_adjoint", _r(3, 3), argnums=(0,))
def hc_pinv_matrix_adjoint(g):
    y = np.linalg.pinv(_PINV_A)
    return rt.pinv_matrix_adjoint(g, _PINV_A, y, None, True, None) + 2.0 * (
        rt.pinv_matrix_adjoint(g, _PINV_A, y, 1e-10, False, None)
    )


@_ok("pinv_matrix_tangent", _r(3, 3), argnums=(0,))
def hc_pinv_matrix_tangent(ta):
    y = np.linalg.pinv(_PINV_A)
    return rt.pinv_matrix_tangent(ta, _PINV_A, y, None, True, None) + 2.0 * (
        rt.pinv_matrix_tangent(ta, _PINV_A, y, None, False, 1e-10)
    )


@_ok("lse_weights", _r(3, 4), _r(3, 4), _r(3), argnums=(0, 1, 2))
def hc_lse_weights(a, b, y):
    return rt.lse_weights(a, b, y, 1, False, False)


@_ok("matrix_power_tangent", _r(3, 3), _r(3, 3), argnums=(0, 1))
def hc_matrix_power_tangent(ta, a):
    return rt.matrix_power_tangent(ta, a, 3)


@_ok("matrix_power_tangent", _r(3, 3), _well(3), argnums=(0, 1))
def hc_matrix_power_tangent_negative(ta, a):
    return rt.matrix_power_tangent(ta, a, -2)


@_ok("multi_dot_adjoint", _r(3, 5), _r(3, 4), _r(4, 2), argnums=(0, 1, 2))
def hc_multi_dot_adjoint(g, a, b):
    return rt.multi_dot_adjoint(g, [a, b, np.ones((2, 5))])[2]


@_ok("multi_dot_tangent", _r(3, 4), _r(4, 2), _r(3, 4), argnums=(0, 1, 2))
def hc_multi_dot_tangent(a, b, ta):
    return rt.multi_dot_tangent([a, b], [ta, 0.0])


@_ok("mvn_cotangent", _r(4), argnums=(0,))
def hc_mvn_cotangent(g):
    return rt.mvn_cotangent(g, np.ones((4, 3)))


@_ok("mvn_cov", _r(3, 3), argnums=(0,))
def hc_mvn_cov(c):
    return rt.mvn_cov(c)


@_ok("mvn_solve", _r(3, 3), _r(4, 3), argnums=(0, 1))
def hc_mvn_solve(a, r):
    c = a @ a.T + 3.0 * np.eye(3)  # full rank: both branches solve, in c and r
    return rt.mvn_solve(c, r, False) + rt.mvn_solve(c, r, True)


@_ok("mvn_full_rank", _r(3, 3), argnums=(0,))
def hc_mvn_full_rank(a):
    return rt.mvn_full_rank(a @ a.T + 3.0 * np.eye(3), True)


@_ok("mvn_residual", _r(4, 3), _r(3), argnums=(0, 1))
def hc_mvn_residual(x, m):
    return rt.mvn_residual(x, m)


@_ok("nanvar_adjoint", _r(3), _r(3, 4), argnums=(0, 1))
def hc_nanvar_adjoint(g, x):
    return rt.nanvar_adjoint(g, x, _MASK, 1, 1, False)


@_ok("pad_adjoint", _r(4, 5), argnums=(0,))
def hc_pad_adjoint(g):
    return rt.pad_adjoint(g, np.ones((2, 3)), 1, "reflect", 0, 0)


@_ok("pad_tangent", _r(3), _r(), argnums=(0, 1))
def hc_pad_tangent(ta, tc):
    return rt.pad_tangent(ta, 2, "constant", tc)


@_ok("partition_adjoint", _r(5), argnums=(0,))
def hc_partition_adjoint(g):
    return rt.partition_adjoint(g, np.array([3.0, 1.0, 4.0, 1.5, 5.0]), 2, -1)


@_ok("partition_tangent", _r(5), argnums=(0,))
def hc_partition_tangent(tx):
    return rt.partition_tangent(tx, np.array([3.0, 1.0, 4.0, 1.5, 5.0]), 2, -1)


@_ok("qr_cotangent", _r(3), _r(3), argnums=(0, 1))
def hc_qr_cotangent(a, b):
    return rt.qr_cotangent([a, b], "reduced", 0, a)


@_ok("reshaped_as", _r(6), argnums=(0,))
def hc_reshaped_as(v):
    return rt.reshaped_as(v, np.ones((2, 3)))


@_ok("select_adjoint_choices", _r(3, 4), argnums=(0,))
def hc_select_adjoint_choices(g):
    return rt.select_adjoint_choices(g, [_MASK, ~_MASK], [_ONES34, np.ones(4)])[1]


@_ok("select_adjoint_default", _r(3, 4), argnums=(0,))
def hc_select_adjoint_default(g):
    return rt.select_adjoint_default(g, [_MASK], np.ones(4))


@_ok("signal_convolve_left", _r(5, 7), _r(2, 3), argnums=(0, 1))
def hc_signal_convolve_left(g, b):
    return rt.signal_convolve_left(g, np.ones((4, 5)), b, "full", "auto")


@_ok("signal_convolve_right", _r(4, 5), _r(4, 5), argnums=(0, 1))
def hc_signal_convolve_right(g, a):
    return rt.signal_convolve_right(g, a, np.ones((2, 3)), "same", "direct")


@_ok("signal_correlate2d_full", _r(4, 5), argnums=(0,))
def hc_signal_correlate2d_full(g):
    a, b = np.ones((4, 5)), np.ones((2, 3))
    return rt.signal_correlate2d_full(g, a, b, "same") + rt.signal_correlate2d_full(
        g[:3, :3], a, b, "valid"
    )


@_ok("split_adjoint", _r(3), _r(3), argnums=(0, 1))
def hc_split_adjoint(a, b):
    return rt.split_adjoint([a, b], np.ones(6), 2, 0)


@_ok("svd_cotangent", _r(4, 3), _r(3), _r(3, 3), argnums=(0, 1, 2))
def hc_svd_cotangent(u, s, vt):
    return rt.svd_cotangent([u, s, vt], np.ones((4, 3)), False, True, 1, s)


@_ok("svd_output", _r(4, 3), _r(3), _r(3, 3), argnums=(0, 1, 2))
def hc_svd_output(u, s, vt):
    return rt.svd_output(u, s, vt, True)[2]


@_ok("sylvester", _well(3), _well(3), _r(3, 3), argnums=(0, 1, 2))
def hc_sylvester(a, b, q):
    return rt.sylvester(a, b, q)


# scipy.spatial.distance's helpers (NumPy only): the distances written out with NumPy


def _numpy_distances(a, b, metric):
    """cdist(a, b, metric) (pdist: its upper triangle) with NumPy."""
    diff = a[:, None, :] - b[None, :, :]
    if metric == "sqeuclidean":
        return np.sum(diff * diff, axis=-1)
    if metric == "minkowski":
        return np.sum(np.abs(diff) ** 3, axis=-1) ** (1.0 / 3.0)
    if metric == "cosine":
        na = np.sqrt(np.sum(a * a, axis=-1))
        nb = np.sqrt(np.sum(b * b, axis=-1))
        return 1.0 - (a @ b.T) / (na[:, None] * nb[None, :])
    return np.sqrt(np.sum(diff * diff, axis=-1))


_METRICS = ("euclidean", "sqeuclidean", "minkowski", "cosine")


@_ok("cdist_adjoint", _r(3, 4), _r(3, 2), _r(4, 2), argnums=(0, 1, 2))
def hc_cdist_adjoint(g, a, b):
    out = []
    for metric in _METRICS:
        y = _numpy_distances(a, b, metric)
        out.append(np.sum(rt.cdist_adjoint(g, y, a, b, metric, 3.0, 0) * a))
        out.append(np.sum(rt.cdist_adjoint(g, y, a, b, metric, 3.0, 1) * b))
    return np.stack(out)


@_ok("cdist_tangent", _r(3, 2), _r(4, 2), _r(3, 2), _r(4, 2), argnums=(0, 1, 2, 3))
def hc_cdist_tangent(ta, tb, a, b):
    out = []
    for metric in _METRICS:
        y = _numpy_distances(a, b, metric)
        out.append(np.sum(rt.cdist_tangent(ta, y, a, b, metric, 3.0, 0) * y))
        out.append(np.sum(rt.cdist_tangent(tb, y, a, b, metric, 3.0, 1) * y))
    return np.stack(out)


@_ok("pdist_adjoint", _r(6), _r(4, 2), argnums=(0, 1))
def hc_pdist_adjoint(g, x):
    i, j = np.triu_indices(4, 1)
    out = []
    for metric in _METRICS:
        y = _numpy_distances(x, x, metric)[i, j]
        out.append(np.sum(rt.pdist_adjoint(g, y, x, metric, 3.0) * x))
    return np.stack(out)


@_ok("pdist_tangent", _r(4, 2), _r(4, 2), argnums=(0, 1))
def hc_pdist_tangent(tx, x):
    i, j = np.triu_indices(4, 1)
    out = []
    for metric in _METRICS:
        y = _numpy_distances(x, x, metric)[i, j]
        out.append(np.sum(rt.pdist_tangent(tx, y, x, metric, 3.0) * y))
    return np.stack(out)


@_ok("squareform_adjoint", _r(4, 4), _r(6), argnums=(0, 1))
def hc_squareform_adjoint(g, v):
    return np.concatenate(
        [rt.squareform_adjoint(g, v) * v, np.ravel(rt.squareform_adjoint(v, g) * g)]
    )


try:
    import scipy.special as sps
except ImportError:  # the SciPy helpers' cases need SciPy
    sps = None


def _in(lo, hi, *shape):
    return lambda rng: rng.uniform(lo, hi, shape)


def _fixed(value):
    return lambda rng: value


@_ok("banded_matmul", _fixed((1, 1)), _r(3, 5), _r(5, 2), argnums=(1, 2))
def hc_banded_matmul(l_and_u, ab, x):
    return rt.banded_matmul(l_and_u, ab, x)


@_ok("banded_outer", _fixed((2, 1)), _r(6), _r(6), argnums=(1, 2))
def hc_banded_outer(l_and_u, g, y):
    return rt.banded_outer(l_and_u, g, y)


@_ok("banded_transpose", _fixed((1, 2)), _r(4, 5), argnums=(1,))
def hc_banded_transpose(l_and_u, ab):
    return rt.banded_transpose(l_and_u, ab)


@_ok("gammainc_da", _in(0.5, 3.0, 4), _in(0.3, 4.0, 4), argnums=(0, 1))
def hc_gammainc_da(a, x):
    return rt.gammainc_da(a, x)


@_ok("betainc_da", _in(0.5, 3.0, 4), _in(0.5, 3.0, 4), _in(0.1, 0.9, 4), argnums=(0, 1, 2))
def hc_betainc_da(a, b, x):
    return rt.betainc_da(a, b, x)


@_ok("betainc_db", _in(0.5, 3.0, 4), _in(0.5, 3.0, 4), _in(0.1, 0.9, 4), argnums=(0, 1, 2))
def hc_betainc_db(a, b, x):
    return rt.betainc_db(a, b, x)


@_ok("stdtr_ddf", _in(1.0, 6.0, 4), _r(4), argnums=(0, 1))
def hc_stdtr_ddf(df, z):
    return rt.stdtr_ddf(df, z)


@_ok("order_slope", _in(0.5, 3.0, 4), _in(0.5, 4.0, 4), argnums=(0, 1))
def hc_order_slope(v, x):
    return rt.order_slope(sps.jv, v, x) + rt.order_slope(sps.ive, v, x)


@_ok("multigammaln_slope", _in(2.0, 4.0, 4), _fixed(3), argnums=(0,))
def hc_multigammaln_slope(a, d):
    return rt.multigammaln_slope(a, d)


@_ok("autograd_make_diagonal", _r(3, 4), argnums=(0,))
def hc_autograd_make_diagonal(D):
    return rt.autograd_make_diagonal(D, 1, 2, 0)


@_ok("autograd_where", _r(4), _r(3, 1), argnums=(0, 1))
def hc_autograd_where(x, y):
    return rt.autograd_where(np.arange(4) % 2 == 0, x, y=y)


@_ok("autograd_transpose", _r(2, 3, 4), argnums=(0,))
def hc_autograd_transpose(x):
    return rt.autograd_transpose(x)


@_ok("autograd_dot", _r(2, 3, 4), _r(4, 2), argnums=(0, 1))
def hc_autograd_dot(a, b):
    return rt.autograd_dot(a, b)


@_ok("general_convolve", _r(4, 3), _r(3, 2), argnums=(0, 1))
def hc_general_convolve(a, b):
    return rt.general_convolve(a, b, ([0], [1]), ((), ()), "valid")


@_ok("general_convolve_left", _r(2, 3, 4), _r(3, 3, 2), _r(3, 2, 3), argnums=(0, 1, 2))
def hc_general_convolve_left(g, a, b):
    return rt.general_convolve_left(g, a, b, ([1], [1]), ([0], [2]), "full")


@_ok("general_convolve_right", _r(6, 4), _r(4, 3), _r(3, 2), argnums=(0, 1, 2))
def hc_general_convolve_right(g, a, b):
    return rt.general_convolve_right(g, a, b, None, ((), ()), "full")


@_ok("take_along_axis_adjoint", _r(3, 2), argnums=(0,))
def hc_take_along_axis_adjoint(g):
    return rt.take_along_axis_adjoint(g, _ONES34, np.array([[0, 0], [1, 3], [2, 1]]), 1)


@_ok("triangular_matmul", _r(3, 3), _r(3, 2), argnums=(0, 1))
def hc_triangular_matmul(ta, y):
    return rt.triangular_matmul(ta, y, 1, True, False)


@_ok("triangular_outer", _r(3, 2), _r(3, 2), argnums=(0, 1))
def hc_triangular_outer(gb, y):
    return rt.triangular_outer(gb, y, 0, False, True)


@_ok("triangular_part", _r(3, 3), argnums=(0,))
def hc_triangular_part(m):
    return rt.triangular_part(m, True, False) + rt.triangular_part(m, False, True)


@_ok("triangular_solve", _well(3), _r(3, 2), argnums=(0, 1))
def hc_triangular_solve(a, b):
    return rt.triangular_solve(a, b, 0, True, False)


@_ok("triangular_solve_adjoint", _r(3), _well(3), argnums=(0, 1))
def hc_triangular_solve_adjoint(g, a):
    return rt.triangular_solve_adjoint(g, a, 1, False, False)


@_ok("cho_lower", _r(3, 3), argnums=(0,))
def hc_cho_lower(c):
    return rt.cho_lower(c, True) + 2.0 * rt.cho_lower(c, False)


@_ok("cho_from_lower", _r(3, 3), argnums=(0,))
def hc_cho_from_lower(m):
    return rt.cho_from_lower(m, True) + 2.0 * rt.cho_from_lower(m, False)


@_ok("cho_other", _r(3, 3), argnums=(0,))
def hc_cho_other(m):
    return rt.cho_other(m, True) + 2.0 * rt.cho_other(m, False)


@_ok("pair_first", _r(3), argnums=(0,))
def hc_pair_first(x):
    return rt.pair_first(x)[0]


@_ok("col_outer", _r(3, 2), _r(4, 2), argnums=(0, 1))
def hc_col_outer(a, b):
    return rt.col_outer(a, b) + rt.col_outer(a[:, 0], b[:, 1])


_LSTSQ_Y = (np.ones(3), np.ones(1), 3, np.ones(3))


@_ok("lstsq_cotangent", _r(3), argnums=(0,))
def hc_lstsq_cotangent(g):
    return rt.lstsq_cotangent([g, 0.0, 0.0, 0.0], _LSTSQ_Y, np.ones((5, 3)))


@_ok("lstsq_output", _r(3), _r(1), _r(3), argnums=(0, 1, 2))
def hc_lstsq_output(dx, dres, ds):
    out = rt.lstsq_output(dx, dres, ds, _LSTSQ_Y)
    return out[0] + out[1] + out[3]


@_ok("qr_checked", _r(3, 3), argnums=(0,))
def hc_qr_checked(r):
    return rt.qr_checked(r, "reduced") ** 2


@_ok("tensor_matrix", _r(2, 3, 4), argnums=(0,))
def hc_tensor_matrix(a):
    return np.sum(rt.tensor_matrix(a, 2, None) ** 2) + rt.tensor_matrix(a, 1, (0,)) ** 3


@_ok("tensor_matrix_adjoint", _r(6, 4), argnums=(0,))
def hc_tensor_matrix_adjoint(g):
    return (
        np.sum(rt.tensor_matrix_adjoint(g, np.ones((2, 3, 4)), 2, None) ** 2)
        + rt.tensor_matrix_adjoint(g, np.ones((2, 4, 3)), 2, (1,)) ** 3
    )


@_ok("vector_rows", _r(2, 3, 4), argnums=(0,))
def hc_vector_rows(x):
    # np.linalg.vector_norm's rows: every axis, one axis, two axes
    return (
        np.sum(rt.vector_rows(x, None) ** 2)
        + np.sum(rt.vector_rows(x, 1) ** 3)
        + np.sum(np.sin(rt.vector_rows(x, (0, -1))) * np.arange(8.0))
    )


@_ok("vector_rows_adjoint", _r(3, 8), argnums=(0,))
def hc_vector_rows_adjoint(g):
    x = np.ones((2, 3, 4))
    return np.sum(rt.vector_rows_adjoint(g, x, (0, 2)) ** 3) + np.sum(
        np.sin(rt.vector_rows_adjoint(np.ravel(g), x, None))
    )


@_ok("eigh_part", _r(3), _r(3, 3), argnums=(0, 1))
def hc_eigh_part(w, v):
    # scipy.linalg.eigh's cotangents: of (w, v), of w alone (eigvals_only), none
    return (
        np.sum(rt.eigh_part((w, v), False, 1) ** 2)
        + np.sum(rt.eigh_part((w, v), False, 0) ** 3)
        + np.sum(np.sin(rt.eigh_part(w, True, 0)))
        + rt.eigh_part(w, True, 1)
        + rt.eigh_part((0.0, v), False, 0)
    )


@_ok("eigh_output", _r(3), _r(3, 3), argnums=(0, 1))
def hc_eigh_output(w, v):
    tw, tv = rt.eigh_output([w, v], False)
    return np.sum(tw**2) + np.sum(np.sin(tv)) + np.sum(rt.eigh_output([w, v], True) ** 3)


_COV_W = np.array([1.0, 2.0, 0.5, 1.0, 3.0])


@_ok("cov_data", _r(3, 5), _r(2, 5), argnums=(0, 1))
def hc_cov_data(m, y):
    return (
        np.sum(rt.cov_data(m, y, True) ** 2)
        + np.sum(np.sin(rt.cov_data(m.T, y.T, False)))
        + np.sum(rt.cov_data(m[0], y[:1].T, False) ** 3)
    )


@_ok("cov_data_tangent", _r(3, 5), _r(5), argnums=(0, 1))
def hc_cov_data_tangent(tm, ty):
    m, y = np.ones((3, 5)), np.ones(5)
    return np.sum(rt.cov_data_tangent(tm, ty, m, y, True) ** 2) + np.sum(
        np.sin(rt.cov_data_tangent(tm.T, 0.0, m.T, y, False))
    )


@_ok("cov_data_adjoint", _r(4, 5), argnums=(0,))
def hc_cov_data_adjoint(g):
    m, y = np.ones((5, 3)), np.ones(5)
    return np.sum(rt.cov_data_adjoint(g, m, y, False, 0) ** 2) + np.sum(
        np.sin(rt.cov_data_adjoint(g, m, y, False, 1))
    )


@_ok("cov_adjoint", _r(3, 3), _r(3, 5), argnums=(0, 1))
def hc_cov_adjoint(g, x):
    return np.sum(rt.cov_adjoint(g, x, _COV_W, 4.5) ** 2)


@_ok("cov_tangent", _r(3, 5), _r(3, 5), argnums=(0, 1))
def hc_cov_tangent(tx, x):
    return np.sum(np.sin(rt.cov_tangent(tx, x, _COV_W, 4.5)))


@_ok("sliding_window_adjoint", _r(2, 4, 2, 3), argnums=(0,))
def hc_sliding_window_adjoint(g):
    x = np.ones((3, 6))
    return np.sum(rt.sliding_window_adjoint(g, x, (2, 3), None) ** 2) + np.sum(
        np.sin(rt.sliding_window_adjoint(g[0, :, 0], x[0], 3, 0))
    )


# third derivatives of np.prod, np.linalg.norm and np.einsum: the tangents of their second
# derivatives' helpers


@_ok("prod_adjoint_dx", _r(3), _r(3, 4), _r(3, 4), argnums=(0, 1, 2))
def hc_prod_adjoint_dx(g, x, tx):
    return np.sum(rt.prod_adjoint_dx(g, x, tx, 1, False) ** 2) + np.sum(
        np.sin(rt.prod_adjoint_dx(g[0], x * np.array([1.0, 0.0, 1.0, 1.0]), tx, None, False))
    )


@_ok("norm_adjoint_dx", _r(3), _r(3, 4), _r(3, 4), _r(3), argnums=(0, 1, 2, 3))
def hc_norm_adjoint_dx(g, x, tx, ty):
    y = np.linalg.norm(x, axis=1)
    whole = np.linalg.norm(x)
    return np.sum(rt.norm_adjoint_dx(g, y, x, tx, ty, None, 1, False) ** 2) + np.sum(
        np.sin(rt.norm_adjoint_dx(g[0], whole, x, tx, ty[0], "fro", None, False))
    )


@_ok("norm_tangent_dx", _r(3, 4), _r(3, 4), _r(3, 4), _r(3, 1), argnums=(0, 1, 2, 3))
def hc_norm_tangent_dx(tx, x, dx, dy):
    y = np.linalg.norm(x, axis=1, keepdims=True)
    return np.sum(rt.norm_tangent_dx(tx, y, x, dx, dy, 2, 1, True) ** 2)


@_ok("einsum_cross", _r(3, 4), _r(4, 5), _r(3, 4), _r(4, 5), _r(3, 4), argnums=(0, 1, 2, 3, 4))
def hc_einsum_cross(a, b, ta, tb, da):
    ops = ("ij,jk,ij->ik", a, b, a)
    return np.sum(rt.einsum_cross(ops, (0.0, ta, tb, ta), (0.0, da, 0.0, a)) ** 2)


@_ok("einsum_adjoint_tangent", _r(3, 5), _r(3, 4), _r(4, 5), _r(3, 4), argnums=(0, 1, 2, 3))
def hc_einsum_adjoint_tangent(g, a, b, ta):
    ops = ("ij,jk,ij->ik", a, b, a)
    out = rt.einsum_adjoint_tangent(g, ops, (0.0, ta, b, 0.0))
    return np.sum(out[1] ** 2) + np.sum(np.sin(out[2])) + np.sum(out[3] ** 3)


@_ok("scipy_qr_cotangent", _r(5, 3), _r(3, 3), argnums=(0, 1))
def hc_scipy_qr_cotangent(gq, gr):
    like_q, like_r = np.ones((5, 3)), np.ones((3, 3))
    return (
        np.sum(rt.scipy_qr_cotangent((gq, gr), "economic", 0, like_q) ** 2)
        + np.sum(np.sin(rt.scipy_qr_cotangent((gq, gr), "full", 1, like_r)))
        + np.sum(rt.scipy_qr_cotangent((gq,), "r", 1, like_r) ** 3)
        + np.sum(rt.scipy_qr_cotangent((gq,), "r", 0, like_q))
    )


@_ok("scipy_qr_output", _r(5, 3), _r(3, 3), argnums=(0, 1))
def hc_scipy_qr_output(tq, tr):
    a = np.ones((5, 3))
    q, r = rt.scipy_qr_output(tq, tr, "economic", a)
    return np.sum(q**2) + np.sum(np.sin(r)) + np.sum(rt.scipy_qr_output(tq, tr, "r", a)[0] ** 3)


@_ok("lu_op", _r(3, 3), argnums=(0,))
def hc_lu_op(m):
    return (
        np.sum(rt.lu_op(m, 0) ** 2)
        + np.sum(np.sin(rt.lu_op(m, 1)) * np.arange(3.0))
        + np.sum(rt.lu_op(m, 2) ** 3 * np.arange(3.0)[:, None])
    )


@_ok("block_diag_adjoint", _r(4, 6), argnums=(0,))
def hc_block_diag_adjoint(g):
    a, b, c = rt.block_diag_adjoint(g, [np.ones((2, 3)), np.ones(2), 1.0])
    return np.sum(a**2) + np.sum(np.sin(b)) + c**3


@_ok("block_diag_tangent", _r(2, 3), _r(2), argnums=(0, 1))
def hc_block_diag_tangent(ta, tv):
    arrs = [np.ones((2, 3)), np.ones(2), 1.0]
    return np.sum(rt.block_diag_tangent(arrs, [ta, tv, 0.0]) ** 2)


def _near_eye(n):
    return lambda rng: 0.3 * rng.standard_normal((n, n)) + np.eye(n)


@_ok("logm_frechet", _near_eye(3), _r(3, 3), argnums=(0, 1))
def hc_logm_frechet(a, e):
    return rt.logm_frechet(a, e)


@_ok("lu_square", _r(3, 3), argnums=(0,))
def hc_lu_square(m):
    p, low, up = rt.lu_square((np.eye(3), m, m**2), np.ones((3, 3)), False)
    return np.sum(np.sin(low)) + np.sum(up * p)


@_ok("ediff1d_adjoint", _r(6), argnums=(0,))
def hc_ediff1d_adjoint(g):
    a, end, begin = (rt.ediff1d_adjoint(g, np.ones((2, 2)), np.ones(2), 1.0, k) for k in range(3))
    return np.sum(a**2) + np.sum(np.sin(end)) + begin**3


@_ok("ediff1d_tangent", _r(2, 2), _r(2), _r(), argnums=(0, 1, 2))
def hc_ediff1d_tangent(ta, te, tb):
    return np.sum(rt.ediff1d_tangent(ta, np.ones(2), 1.0, te, tb) ** 2) + np.sum(
        np.sin(rt.ediff1d_tangent(ta, None, np.ones(3), 0.0, 0.0))
    )


@_ok("block_adjoint", _r(3, 4), argnums=(0,))
def hc_block_adjoint(g):
    (a, b), (c,) = rt.block_adjoint(g, [[np.ones((2, 3)), np.ones((2, 1))], [np.ones(4)]])
    return np.sum(a**2) + np.sum(np.sin(b)) + np.sum(c**3)


@_ok("block_tangent", _r(2, 3), _r(4), argnums=(0, 1))
def hc_block_tangent(ta, tc):
    arrays = [[np.ones((2, 3)), np.ones((2, 1))], [np.ones(4)]]
    return np.sum(np.block(rt.block_tangent(arrays, [[ta, 0.0], [tc]])) ** 2)


@_ok("polyfit_checked", _r(5), argnums=(0,))
def hc_polyfit_checked(x):
    return np.sin(rt.polyfit_checked(x, 2, None, False, None, False))


_VAR_MASK = np.arange(12).reshape(3, 4) % 3 != 1


@_ok("var_where_adjoint", _r(3), _r(3, 4), _r(3, 1), argnums=(0, 1, 2))
def hc_var_where_adjoint(g, x, m):
    return (
        rt.var_where_adjoint(g, x, 1, 0, False, _VAR_MASK, None)
        + rt.var_where_adjoint(g, x, 1, 1, False, _VAR_MASK, m) ** 2
        + np.sin(rt.var_where_adjoint(np.sum(g), x, None, 0, False, True, None))
        + rt.var_where_adjoint(g[:, None], x, 1, 0, True, True, m)
    )


@_ok("mean_tangent", _r(3), argnums=(0,))
def hc_mean_tangent(tm):
    return np.sin(rt.mean_tangent(np.ones(3), tm))


@_ok("initial_dropped", _r(3, 5), argnums=(0,))
def hc_initial_dropped(g):
    return np.sum(rt.initial_dropped(g, 1, True) ** 2) + np.sum(
        np.sin(rt.initial_dropped(g, 0, False))
    )


@_ok("initial_zero", _r(3, 4), argnums=(0,))
def hc_initial_zero(t):
    return np.sum(rt.initial_zero(t, -1, True) ** 3) + np.sum(
        np.sin(rt.initial_zero(t[0], None, True))
    )


@_ok("delete_adjoint", _r(2, 4), argnums=(0,))
def hc_delete_adjoint(g):
    x = np.ones((3, 4))
    return np.sum(rt.delete_adjoint(g, x, 1, 0) ** 2) + np.sum(
        np.sin(rt.delete_adjoint(np.ravel(g)[:6], np.ones(8), [1, 4], None))
    )


@_ok("not_overwritten", _r(3, 3), argnums=(0,))
def hc_not_overwritten(a):
    return np.sum(rt.not_overwritten(a, False) ** 3)


HELPER_PARAMS = [
    pytest.param(n, k, fn, specs, nums, id=f"{n}-{k}")
    for n in sorted(HELPER_CASES)
    for k, (fn, specs, nums) in enumerate(HELPER_CASES[n])
]

_NO_CASE = {
    "zeros_like",
    "output_seed",
    "match_input",
    "add_at",
    "tree_field",  # of a tree argument: tests/test_trees.py (jvp, hessian)
    "index_range",  # its tangent is an error: tests/test_suite_gaps.py
    # second derivatives whose own tangent raises: tests/test_scipy_rules.py
    "curvature2",
    "curvature3",
    "multigammaln_curvature",
    "order_slope_dx",
    # helpers of rules taking a function value: tests/test_function_args.py (the Hessian
    # through fixed_point; the second derivatives of odeint, an error)
    "fixed_point_adjoint",
    "fixed_point_tangent",
    "odeint_adjoint",
    "odeint_tangent",
    # calls of callees known only at run time: tests/test_runtime_callees.py (jvp, hessian)
    "called",
    "called_adjoint",
    "called_tangent",
}


@pytest.mark.parametrize("name,k,fn,specs,nums", HELPER_PARAMS)
def test_helper_tangent_rule(name, k, fn, specs, nums):
    rng = np.random.default_rng(sum(map(ord, name)) + k)
    args = [s(rng) for s in specs]
    tangents = [rng.standard_normal(np.shape(a)) if i in nums else None for i, a in enumerate(args)]
    out, dot = s2sgrad.jvp(fn, args, tangents)
    np.testing.assert_allclose(out, fn(*args), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dot, fd_directional(fn, args, tangents), rtol=1e-5, atol=1e-6)


def test_every_helper_tangent_rule_has_a_case():
    helpers = {
        p.path
        for p in s2sgrad.rules.all_primitives()
        if p.forward is not None and "." not in p.path and p.path not in dir(builtins)
    }
    # the complex, eigh and FFT helpers are exercised by hessians in tests/test_complex.py and
    # tests/test_fft.py
    complex_helpers = {
        "abs_slope",
        "angle_slope",
        "fft_adjoint",
        "hfft_adjoint",
        "ihfft_adjoint",
        "imag_adjoint",
        "irfft_adjoint",
        "real_adjoint",
        "real_if_real",
        "real_only",
        "rfft_adjoint",
        "sign_adjoint",
        "sign_tangent",
        "vdot_left",
        "vdot_right",
        "eigh_gaps",
        "eigh_adjoint",
        "eigh_tangent",
        "eigh_triangle",
        "eigh_input_tangent",
        "svd_values_adjoint",
        "svd_values_tangent",
    }
    missing = sorted(helpers - set(HELPER_CASES) - _NO_CASE - complex_helpers)
    assert not missing, f"helper tangent rules without a case: {missing}"
    assert set(FORWARD_HELPERS) - {"add_at_value"} <= helpers | _NO_CASE


# -- generated source -------------------------------------------------------------------------


def mlp(x, w, b):
    h = np.tanh(x @ w + b)
    return np.sum(h * h)


def test_forward_source_reads_like_the_math():
    text = s2sgrad.source(mlp, mode="forward")
    assert "def mlp_jvp(x, w, b, *, x_dot=None):" in text
    assert "h_dot = h_add_dot * (1.0 - h * h)" in text
    assert "return (result, result_dot)" in text


def test_forward_source_drops_zero_tangents():
    def f(x, y):
        return x * y + np.sin(y)

    text = s2sgrad.source(f, argnums=0, mode="forward")
    assert "y_dot" not in text
    assert "result_mul_dot = x_dot * y" in text


def test_unknown_mode():
    with pytest.raises(ValueError, match="forward"):
        s2sgrad.source(mlp, mode="sideways")
