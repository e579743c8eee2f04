"""Gaps of issue 12 closed in session 14: real programs as written.

- A list read by a NumPy reduction through a name the derivative code rebinds (the Hessian of
  ``np.max(ys)`` after ``ys.pop(0)``: forward over reverse reads the list the adjoint sweep
  put back) and a list or tuple passed as the differentiated argument (``np.max(xs)``,
  ``np.maximum(xs, c)``, ``np.arctan2(xs, c)``): read as the array NumPy makes of it.

Each program is checked in reverse mode against central finite differences and autograd,
in forward mode (``jvp``) against the gradient, and forward over reverse (``hessian``, or
``jvp`` of ``grad`` for a list argument) against finite differences of the gradient; the
gradients are not zero.
"""

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad
from test_changing_callees import autograd_version, check_all

import s2sgrad

W = np.array([0.4, -0.7, 1.1])
ROWS = [np.array([0.4, -0.7, 1.1]), np.array([0.3, 0.2, -0.45])]
FLOATS = [0.3, -1.2, 0.8]


def _leaves(tree):
    if isinstance(tree, (list, tuple)):
        return [leaf for item in tree for leaf in _leaves(item)]
    return [np.asarray(tree, dtype=float)]


def _like(tree, rng):
    """A random tree of the structure of ``tree``."""
    if isinstance(tree, (list, tuple)):
        return type(tree)(_like(item, rng) for item in tree)
    if np.ndim(tree):
        return rng.normal(size=np.shape(tree))
    return float(rng.normal())


def _map(fn, *trees):
    """``fn`` of the leaves of trees of one structure."""
    if isinstance(trees[0], (list, tuple)):
        return type(trees[0])(_map(fn, *items) for items in zip(*trees))
    return fn(*trees)


def _dot(x, y):
    return sum(float(np.sum(u * v)) for u, v in zip(_leaves(x), _leaves(y)))


def check_tree(f, x):
    """``check_all`` for an argument that is a list or tuple (of arrays or floats): the
    gradient against finite differences and autograd, ``jvp`` against the gradient, and
    ``jvp`` of ``grad`` (forward over reverse) against finite differences of the gradient
    along the same direction."""
    g = s2sgrad.grad(f)(x)
    assert_tree_close(g, numerical_grad(f, (x,), 0), rtol=1e-5, atol=1e-6)
    assert max(np.max(np.abs(leaf)) for leaf in _leaves(g)) > 1e-3
    autograd = pytest.importorskip("autograd")
    # autograd's rules read a list as an array only in some functions (its max, mean and
    # sort call np.result_type(xs)): its gradient at the array NumPy makes of the list
    oracle = autograd.grad(autograd_version(f))(np.array(x))
    np.testing.assert_allclose(np.array(g), oracle, rtol=1e-10, atol=1e-12)
    v = _like(x, np.random.default_rng(0))
    primal, tangent = s2sgrad.jvp(f, (x,), (v,))
    np.testing.assert_allclose(primal, f(x), rtol=1e-12)
    np.testing.assert_allclose(tangent, _dot(g, v), rtol=1e-6, atol=1e-8)
    grad = s2sgrad.grad(f)
    _, hv = s2sgrad.jvp(grad, (x,), (v,))
    eps = 1e-5
    plus = grad(_map(lambda a, b: a + eps * b, x, v))
    minus = grad(_map(lambda a, b: a - eps * b, x, v))
    expected = _map(lambda p, m: (p - m) / (2 * eps), plus, minus)
    assert_tree_close(hv, expected, rtol=1e-5, atol=1e-6)


# ---- lists the derivative code reads through a copy ---------------------------------------


def max_after_pop(w):
    ys = [np.sin(w), np.cos(w) * 2.0, w**2]
    ys.pop(0)
    return np.sum(np.max(ys, axis=0)) + np.max(ys)


def min_and_sort_after_pop(w):
    ys = [np.sin(w), np.cos(w), w**3]
    first = np.min(ys)
    ys.pop()
    return first + np.min(ys) * 2.0 + np.sum(np.sort(ys, axis=0)[-1] ** 2)


def extremes_of_a_drained_queue(w):
    ys = [np.tanh(w * k) for k in (1.0, 2.0, 3.0, 0.5)]
    total = 0.0
    while len(ys) > 1:
        ys.pop(0)
        total = total + np.max(ys) * np.ptp(ys)
    return total


def norm_after_append_and_pop(w):
    ys = [w, np.sin(w)]
    ys.append(w * np.cos(w))
    last = ys.pop()
    return np.linalg.norm(ys) * np.sum(last) + np.sum(np.clip(ys, -0.5, 0.5) ** 2)


def amax_of_a_list_grown_in_a_loop(w):
    ys = []
    for k in range(3):
        ys.append(np.sin(w * (k + 1.0)))
        if k == 1:
            ys.pop(0)
    return np.amax(ys) + np.sum(np.amin(ys, axis=0) ** 2)


LIST_READS = [
    max_after_pop,
    min_and_sort_after_pop,
    extremes_of_a_drained_queue,
    norm_after_append_and_pop,
    amax_of_a_list_grown_in_a_loop,
]


@pytest.mark.parametrize("f", LIST_READS)
def test_reduction_of_a_changed_list(f):
    check_all(f)


@pytest.mark.parametrize("f", LIST_READS[:2])
def test_compat_hessian_of_a_changed_list(f):
    from s2sgrad.compat import autograd as compat

    autograd = pytest.importorskip("autograd")
    np.testing.assert_allclose(
        compat.hessian(f)(W), autograd.hessian(autograd_version(f))(W), rtol=1e-8, atol=1e-10
    )


# ---- a list or tuple as the differentiated argument ----------------------------------------


def max_of_a_list(xs):
    return np.max(xs) + np.sum(np.max(xs, axis=0) ** 2)


def min_of_a_list(xs):
    return np.min(xs) * np.sum(np.exp(xs))


def mean_and_sum_of_a_list(xs):
    return np.mean(xs) ** 2 + np.sum(xs) * np.sum(np.sin(xs))


def stack_of_a_list(xs):
    return np.sum(np.stack(xs) ** 3)


def norm_and_maximum_of_a_list(xs):
    return np.linalg.norm(xs) + np.sum(np.maximum(xs, 0.25) ** 2)


def minimum_with_the_list_second(xs):
    return np.sum(np.minimum(0.25, xs) ** 2) + np.sum(np.fmax(xs, 0.1))


def arctan2_and_power_of_a_list(xs):
    return np.sum(np.arctan2(xs, 0.5)) + np.sum(np.power(xs, 3)) + np.sum(np.hypot(xs, 0.5))


def sort_and_clip_of_a_list(xs):
    # (autograd sorts only 1-d arrays)
    ranked = np.sort(np.ravel(xs))
    return np.sum(ranked * np.arange(np.size(ranked))) + np.sum(np.clip(xs, -0.5, 0.5) ** 2)


def var_std_and_prod_of_a_list(xs):
    return np.var(xs) + np.std(xs) * np.prod(xs)


LIST_ARGUMENTS = [
    max_of_a_list,
    min_of_a_list,
    mean_and_sum_of_a_list,
    stack_of_a_list,
    norm_and_maximum_of_a_list,
    minimum_with_the_list_second,
    arctan2_and_power_of_a_list,
    sort_and_clip_of_a_list,
    var_std_and_prod_of_a_list,
]


@pytest.mark.parametrize("xs", [ROWS, FLOATS, tuple(FLOATS)], ids=["rows", "floats", "tuple"])
@pytest.mark.parametrize("f", LIST_ARGUMENTS)
def test_list_as_the_argument(f, xs):
    check_tree(f, xs)


def test_list_argument_with_an_array_argument():
    def f(x, xs):
        return np.max(xs) * np.sum(x) + np.sum(np.maximum(xs, 1.5))

    x, xs = np.arange(3.0), [1.0, 2.0]
    dx, dxs = s2sgrad.grad(f, argnums=(0, 1))(x, xs)
    np.testing.assert_allclose(dx, np.full(3, 2.0))
    assert_tree_close(dxs, [0.0, 4.0])


# ---- a list held in a local list or dict, changed by its methods ----------------------------


def append_to_dict_items(w):
    d = {"a": [np.sin(w)], "b": []}
    d["a"].append(np.cos(w))
    d["b"].append(w**2)
    return np.sum(d["a"][1] * d["b"][0] * d["a"][0])


def trace_in_a_loop(w):
    trace = {"h": [], "norm": []}
    h = w
    for _ in range(3):
        h = np.tanh(h * 1.5 + 0.1)
        trace["h"].append(h)
        trace["norm"].append(np.sum(h**2))
    return np.sum(np.stack(trace["h"]) ** 2) + sum(trace["norm"]) * len(trace["h"])


def rows_by_a_computed_key(w):
    rows = [[], []]
    for i in range(4):
        rows[i % 2].append(np.sin(w * (i + 1.0)))
    return np.sum(np.stack(rows[0]) * np.stack(rows[1]))


def pops_of_inner_lists(w):
    xss = [[np.sin(w), np.cos(w)], [w**2, w * 3.0]]
    a = xss[0].pop()
    b = xss[1].pop(0)
    return np.sum(a * b) + np.sum(xss[0][0] * xss[1][0]) * len(xss[1])


def queues_in_a_dict(w):
    qs = {"a": [np.sin(w * k) for k in range(4)], "b": []}
    total = 0.0
    while len(qs["a"]) > 1:
        v = qs["a"].pop(0)
        qs["b"].insert(0, v * 2.0)
        total = total + np.sum(v * qs["a"][0])
    qs["b"].extend([w, w * w])
    return total + np.sum(np.stack(qs["b"]) ** 2)


def buckets_of_a_comprehension(w):
    buckets = [[] for _ in range(3)]
    for i, x in enumerate(w):
        buckets[i % 3].append(x * w)
    buckets[0].clear()
    buckets[0].append(np.exp(w))
    total = sum(np.sum(np.stack(b)) ** 2 for b in buckets)
    return total + np.sum(buckets[2][0] ** 3)


def histories_by_name(w):
    history = {name: [] for name in ("x", "y")}
    x, y = w, np.cos(w)
    for _ in range(2):
        x, y = np.sin(x * y), x + 0.5 * y
        for name, value in (("x", x), ("y", y)):
            history[name].append(value)
    return sum(np.sum(np.stack(history[k]) ** 2) for k in sorted(history))


ITEM_CHANGES = [
    append_to_dict_items,
    trace_in_a_loop,
    rows_by_a_computed_key,
    pops_of_inner_lists,
    queues_in_a_dict,
    buckets_of_a_comprehension,
    histories_by_name,
]


@pytest.mark.parametrize("f", ITEM_CHANGES)
def test_change_of_a_list_in_a_container(f):
    check_all(f)


def shared_inner_list(w):
    a = [np.sin(w)]
    rows = [a, []]
    rows[0].append(np.cos(w))
    return np.sum(a[-1] * w)


def inner_list_kept_by_a_name(w):
    rows = [[np.sin(w)], []]
    first = rows[0]
    rows[0].append(np.cos(w))
    return np.sum(first[-1] * w)


def inner_lists_iterated_by_a_loop(w):
    rows = [[np.sin(w)], [w]]
    kept = []
    for row in rows:
        kept = kept + [row]
    rows[0].append(np.cos(w))
    return np.sum(kept[0][-1] * w)


def inner_list_appended_to_itself(w):
    rows = [[np.sin(w)], [w]]
    rows[0].append(rows[0][0] * 2.0)
    rows[1].append(rows)
    return np.sum(rows[0][-1])


@pytest.mark.parametrize(
    "f",
    [
        shared_inner_list,
        inner_list_kept_by_a_name,
        inner_lists_iterated_by_a_loop,
        inner_list_appended_to_itself,
    ],
)
def test_change_of_a_list_another_name_may_see(f):
    """Where another reference to the inner list may see the change, the call stays an
    error at it (never a gradient that misses the change)."""
    from test_changing_callees import line_of

    with pytest.raises(s2sgrad.errors.TransformError) as e:
        s2sgrad.grad(f)(W)
    assert e.value.lineno == line_of(f, ".append("), str(e.value)


# ---- an item of a dict or list set to a list ----------------------------------------------


def dict_items_by_name_keys(w):
    d = {"a": [w], "b": []}
    for k in ["a", "b", "a"]:
        d[k] = d[k] + [np.sin(w) * (len(d[k]) + 1.0)]
    return np.sum(np.stack(d["a"]) ** 2) + np.sum(d["b"][0] * w)


def list_items_by_array_indices(w):
    rows = [[w], [w * 2.0]]
    for i in np.array([1, 0, 1]):
        rows[i] = rows[i] + [np.cos(w * rows[i][-1])]
    return np.sum(np.stack(rows[0])) * np.sum(np.stack(rows[1]))


def dict_item_by_constant_key(w):
    trace = {"h": []}
    h = w
    for _ in range(3):
        h = np.tanh(1.5 * h)
        trace["h"] = trace["h"] + [h]
    return np.sum(np.stack(trace["h"]) ** 2)


@pytest.mark.parametrize(
    "f", [dict_items_by_name_keys, list_items_by_array_indices, dict_item_by_constant_key]
)
def test_item_set_to_a_list(f):
    """The adjoint of ``d[k] = new_list`` is a list (it crashed: a list times the mask of
    which writes of an index survive)."""
    check_all(f)
