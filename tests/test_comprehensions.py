"""Comprehensions and generators as deep-learning code writes them (issue 12): nested
``for`` clauses (im2col patches, pairwise sums), generators consumed by tuple unpacking
(``q, k, v = (x @ W for W in Ws)``) and ``dict(...)`` of pairs (``zip``, ``enumerate``,
``.items()``, a comprehension).

Each program is checked in ``grad`` and ``value_and_grad`` against central finite
differences, in ``jvp`` along a random direction, and in ``hessian`` where it takes one
array; the corners that stay unsupported raise s2sgrad's error at the user's line.
"""

from __future__ import annotations

import functools
import operator

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError

RS = np.random.RandomState(7)
IMG = RS.randn(4, 4)
X = RS.randn(3)
W3 = [RS.randn(3, 2) for _ in range(3)]

# -- nested comprehensions --------------------------------------------------------------------


def patches(x, k):
    n = x.shape[0] - k + 1
    return np.array([x[i : i + k, j : j + k].ravel() for i in range(n) for j in range(n)])


def im2col_conv(w):
    return np.sum(np.tanh(patches(IMG, 3) @ w))


def pairwise_upper(w):
    return sum(w[i] * w[j] for i in range(len(w)) for j in range(len(w)) if i <= j)


def dependent_inner(w):
    # the inner clause's iterable reads the outer target
    rows = [w[i] * w[j] for i in range(3) for j in range(i, 3)]
    return np.sum(np.stack(rows) ** 2)


def nested_with_conditions(w):
    out = [np.sin(w[i] - w[j]) for i in range(3) if i != 1 for j in range(3) if j > i]
    return sum(out) + len(out)


def nested_in_element(w):
    grid = [[w[i] * w[j] for j in range(3)] for i in range(3)]  # a comprehension per row
    flat = [v for row in grid for v in row]
    return np.sum(np.array(grid) @ w) + sum(flat)


def nested_dict(w):
    ws = [w, 2 * w, w**2]
    d = {f"{i}{j}": np.sum(a * b) for i, a in enumerate(ws) for j, b in enumerate(ws) if j >= i}
    return sum(d[k] for k in sorted(d)) * d["01"]


def target_shadows_outer(w):
    i = 2
    vals = [w[i] * w[j] for i in range(2) for j in range(i + 1)]
    return np.sum(np.stack(vals)) + w[i]  # the comprehension's i does not leak


# -- generators consumed by unpacking, dict(...) of pairs -------------------------------------


def unpack_generator(x, ws):
    q, k, v = (np.dot(x, w) for w in ws)
    [a, b] = (np.sin(t) for t in (q, k))
    return np.sum(q * k * v) + np.sum(a * b)


def dict_of_pairs(x, ws):
    by_zip = dict(zip("qkv", ws))
    by_gen = dict((name, np.tanh(x @ w)) for name, w in by_zip.items())
    by_list = dict([(i, np.sum(w**2)) for i, w in enumerate(ws)])
    by_enum = dict(enumerate(ws))
    copied = dict(by_gen.items())
    return (
        np.sum(by_gen["q"] * copied["v"])
        + by_list[2]
        + np.sum(by_enum[1] * by_zip["k"])
        + np.sum(copied["k"])
    )


# -- zip(*rows), f(*local_list), functools.reduce -------------------------------------------


def unzip_layers(x, layers):
    Ws, bs = zip(*layers)
    h = x
    for W, b in zip(Ws, bs):
        h = np.tanh(h @ W + b)
    return np.sum(h**2) + sum(np.sum(b) for b in bs) * len(Ws)


def star_local_list(x, W, V):
    params = [W, V]
    again = [x]
    return np.sum(chain(*again, *params)) + chain(x, params[0])


def chain(x, *ws):
    for w in ws:
        x = np.sin(x @ w)
    return np.sum(x)


def reduces(x, mats):
    product = functools.reduce(np.dot, mats)
    total = functools.reduce(lambda a, b: a + b, [x, x**2, np.sin(x)])
    scaled = functools.reduce(operator.mul, (x[i] for i in range(3)), 2.0)
    nested = functools.reduce(lambda acc, m: acc @ m, mats, x)
    return np.sum(product) + np.sum(total) + scaled + np.sum(nested)


# -- lists of rows built in nested loops (feature maps, grids) ---------------------------------


def feature_maps(x):
    maps = []
    for k in range(2):
        out = []
        for i in range(3):
            out.append([x[i] * x[j] * (k + 1) for j in range(3)])
        maps.append(np.array(out))
    return np.sum(np.stack(maps) ** 2)


def rows_in_while(x):
    grid = []
    k = 0
    while k < 2:
        rows = []
        for i in range(3):
            row = []
            for j in range(3):
                row.append(np.sin(x[i] + k * x[j]))
            rows.append(row)
        grid.append(rows)
        k += 1
    return np.sum(np.array(grid) * np.arange(3.0))


# -- list.insert -------------------------------------------------------------------------------


def reverse_time_states(x, W):
    h = np.zeros(3)
    states = []
    for t in range(3):
        h = np.tanh(W @ h + x * t)
        states.insert(0, h)
    states.insert(1, x * 2.0)  # the middle
    states.insert(-1, np.sin(x))  # before the last
    states.insert(99, x**2)  # past the end: appended
    return np.sum(np.stack(states) * np.arange(1.0, 7.0)[:, None])


PROGRAMS = [
    (im2col_conv, (RS.randn(9, 2),), (0,)),
    (pairwise_upper, (X,), (0,)),
    (dependent_inner, (X,), (0,)),
    (nested_with_conditions, (X,), (0,)),
    (nested_in_element, (X,), (0,)),
    (nested_dict, (X,), (0,)),
    (target_shadows_outer, (X,), (0,)),
    (unpack_generator, (X, W3), (0, 1)),
    (dict_of_pairs, (X, W3), (0, 1)),
    (dict_of_pairs, (X, tuple(W3)), (0, 1)),
    (unzip_layers, (X, [(RS.randn(3, 3), RS.randn(3)) for _ in range(2)]), (0, 1)),
    (unzip_layers, (X, ([RS.randn(3, 2), RS.randn(2)],)), (0, 1)),
    (star_local_list, (X, RS.randn(3, 3), RS.randn(3, 2)), (0, 1, 2)),
    (reduces, (X, [RS.randn(3, 3) * 0.5 for _ in range(3)]), (0, 1)),
    (feature_maps, (X,), (0,)),
    (rows_in_while, (X,), (0,)),
    (reverse_time_states, (X, RS.randn(3, 3) * 0.5), (0, 1)),
]


def _id(p):
    return f"{p[0].__name__}-{type(p[1][-1]).__name__}"


@pytest.mark.parametrize("fun,args,argnums", PROGRAMS, ids=[_id(p) for p in PROGRAMS])
def test_grad_matches_finite_differences(fun, args, argnums):
    grads = s2sgrad.grad(fun, argnums)(*args)
    value, again = s2sgrad.value_and_grad(fun, argnums)(*args)
    assert np.isclose(value, fun(*args))
    for i, g, g2 in zip(argnums, grads, again):
        assert_tree_close(g, numerical_grad(fun, args, i), rtol=1e-5, atol=1e-6)
        assert_tree_close(g2, g, rtol=1e-12)


@pytest.mark.parametrize("fun,args,argnums", PROGRAMS, ids=[_id(p) for p in PROGRAMS])
def test_jvp_matches_finite_differences(fun, args, argnums):
    i = argnums[0]
    direction = np.random.RandomState(3).randn(*np.shape(args[i]))
    tangents = [direction if j == i else None for j in range(len(args))]
    value, dot = s2sgrad.jvp(fun, args, tangents)
    eps = 1e-6
    up = [a + eps * direction if j == i else a for j, a in enumerate(args)]
    down = [a - eps * direction if j == i else a for j, a in enumerate(args)]
    assert np.isclose(value, fun(*args))
    assert np.isclose(dot, (fun(*up) - fun(*down)) / (2 * eps), rtol=1e-5, atol=1e-6)


ONE_ARRAY = [p for p in PROGRAMS if len(p[1]) == 1 and isinstance(p[1][0], np.ndarray)]


@pytest.mark.parametrize("fun,args,argnums", ONE_ARRAY, ids=[_id(p) for p in ONE_ARRAY])
def test_hessian_matches_finite_differences_of_the_gradient(fun, args, argnums):
    x = args[0]
    h = s2sgrad.hessian(fun)(x).reshape(x.size, x.size)
    g = s2sgrad.grad(fun)
    eps = 1e-5
    for k in range(x.size):
        e = np.zeros_like(x)
        e.flat[k] = eps
        column = ((g(x + e) - g(x - e)) / (2 * eps)).ravel()
        np.testing.assert_allclose(h[:, k], column, rtol=1e-4, atol=1e-6)


def test_nested_comprehension_values_are_pythons():
    # the same lists as Python builds, in the same order
    w = np.arange(3.0)
    fun = s2sgrad.grad(
        lambda v: np.sum(
            np.stack([v[i] * 10 + v[j] for i in range(3) for j in range(3) if i < j])
            * np.arange(3.0)
        )
    )
    # items 10 w0 + w1, 10 w0 + w2, 10 w1 + w2 with weights 0, 1, 2
    assert_tree_close(fun(w), np.array([10.0, 20.0, 3.0]))


def too_many_to_unpack(x):
    a, b = (x * k for k in range(3))  # rejected
    return np.sum(a * b)


def test_unpacking_a_generator_of_the_wrong_length_raises_as_python():
    with pytest.raises(ValueError):
        too_many_to_unpack(X)
    with pytest.raises(ValueError):
        s2sgrad.grad(too_many_to_unpack)(X)


def dict_of_a_mapping_argument(x, d):
    copied = dict(d)
    copied["a"] = copied["a"] * 3.0  # the copy changes, d does not
    local = dict({"b": x * 2})
    again = dict(local)
    return np.sum(copied["a"] * x) + np.sum(d["a"] * again["b"])


def test_dict_of_a_mapping_is_a_copy_not_pairs():
    d = {"a": X * 2}
    for i in (0, 1):
        g = s2sgrad.grad(dict_of_a_mapping_argument, i)(X, d)
        assert_tree_close(g, numerical_grad(dict_of_a_mapping_argument, (X, d), i), rtol=1e-6)
    assert_tree_close(d["a"], X * 2)


def generator_to_a_function(x):
    return np.sum(np.stack(np.sin(x * k) for k in range(3)))  # rejected


def test_a_generator_passed_on_is_still_rejected_at_the_users_line():
    import inspect

    with pytest.raises(UnsupportedSyntaxError, match="generator expression") as info:
        s2sgrad.grad(generator_to_a_function)(X)
    lines, start = inspect.getsourcelines(generator_to_a_function)
    line = start + next(i for i, t in enumerate(lines) if "# rejected" in t)
    assert f"test_comprehensions.py:{line}:" in str(info.value)


def copies_containers(x, d):
    mine = d.copy()
    mine["w"] = mine["w"] * 2.0  # the copy changes, d does not
    parts = [x, x**2]
    more = parts.copy()
    more.append(np.sin(x))
    return np.sum(mine["w"] * d["w"]) + sum(np.sum(p) for p in more) + len(parts)


def test_dict_and_list_copy_methods_copy_the_container():
    d = {"w": X * 1.5}
    for i in (0, 1):
        g = s2sgrad.grad(copies_containers, i)(X, d)
        assert_tree_close(g, numerical_grad(copies_containers, (X, d), i), rtol=1e-6)
    _, dot = s2sgrad.jvp(copies_containers, (X, d), (np.ones(3), None))
    assert np.isclose(dot, np.sum(s2sgrad.grad(copies_containers)(X, d)))
    assert_tree_close(d["w"], X * 1.5)


def unzip_ragged(x, rows):
    a, b = zip(*rows)
    return np.sum(a[0] * x)


def star_changed_list(x, W):
    params = [x]
    grow(params, W)
    return chain(*params)


def grow(xs, W):
    xs.append(W)


def test_python_errors_of_unzip_reduce_and_star_calls_stay_errors():
    with pytest.raises(ValueError, match="zip"):
        s2sgrad.grad(unzip_ragged)(X, [(X, X, X)])
    with pytest.raises(ValueError, match="zip"):
        s2sgrad.grad(unzip_ragged)(X, [])
    with pytest.raises(TypeError, match="empty iterable"):
        s2sgrad.grad(lambda x: np.sum(functools.reduce(np.add, [x][:0])))(X)
    with pytest.raises((TypeError, UnsupportedSyntaxError)):
        s2sgrad.grad(star_changed_list)(X, W3[0])


def row_changed_after_alias(x):
    out = []
    row = [x[0]]
    for i in range(2):
        out.append(row)  # rejected
        for j in range(2):
            row.append(x[j])  # the row out holds: no new row first
    return np.sum(np.array(out[0]))


def test_a_row_changed_after_it_is_aliased_is_still_rejected():
    with pytest.raises(UnsupportedSyntaxError, match="changed in place elsewhere"):
        s2sgrad.grad(row_changed_after_alias)(X)


def insert_into_aliased(x):
    states = [x]
    seen = states
    states.insert(0, x * 2.0)  # rejected: seen is the same list
    return np.sum(np.stack(seen) * np.arange(2.0)[:, None])


def test_insert_into_a_list_another_name_holds_is_rejected():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(insert_into_aliased)(X)
    assert "states" in str(info.value)


def copies_its_dict_argument(x, params):
    params = params.copy()
    params["w"] = params["w"] * 2.0
    other = dict(params)
    other["w"] = other["w"] + x
    return np.sum(params["w"] * other["w"])


def chained_comprehension(x):
    a = b = [x * i for i in range(2)]  # rejected
    a.append(x)
    return np.sum(np.stack(b))


def test_a_dict_argument_rebound_to_its_copy_is_changed_freely():
    d = {"w": X * 1.5}
    for i in (0, 1):
        g = s2sgrad.grad(copies_its_dict_argument, i)(X, d)
        assert_tree_close(g, numerical_grad(copies_its_dict_argument, (X, d), i), rtol=1e-6)
    _, dot = s2sgrad.jvp(copies_its_dict_argument, (X, d), (np.ones(3), None))
    assert np.isclose(dot, np.sum(s2sgrad.grad(copies_its_dict_argument)(X, d)))
    assert_tree_close(d["w"], X * 1.5)
    with pytest.raises(UnsupportedSyntaxError, match="changed in place elsewhere"):
        s2sgrad.grad(chained_comprehension)(X)


def list_then_array(x):
    h = []
    for i in range(3):
        h.append(x * (i + 1.0))
    h = np.stack(h)  # now an array: h.copy() copies the array
    h2 = h.copy()
    return np.sum(h2 * h2[::-1])


def test_copy_of_a_name_that_was_a_list_and_is_now_an_array_is_the_array_copy():
    g = s2sgrad.grad(list_then_array)(X)
    assert_tree_close(g, numerical_grad(list_then_array, (X,), 0), rtol=1e-6)
    _, dot = s2sgrad.jvp(list_then_array, (X,), (np.ones(3),))
    assert np.isclose(dot, np.sum(g))
