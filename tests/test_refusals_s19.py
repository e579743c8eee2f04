"""Issue 12, session 19: constructs real programs use that s2sgrad refused, now
differentiated in every mode (finite differences as the oracle; autograd where it gets
them right: it ignores ``where=`` of a reduction)."""

from __future__ import annotations

import itertools
import operator

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

X = np.array([0.2, 0.7, 1.1, 0.4, 0.9, 0.1])


# -- reductions with where= and initial= --------------------------------------------------


def mean_where(x):
    return np.mean(x, where=x > 0.3)


def sum_where_initial(x):
    return np.sum(x**2, where=x > 0.5, initial=1.5)


def max_initial(x):
    return np.max(x, initial=0.6)


def min_where_initial(x):
    return np.min(x * 2, where=x > 0.3, initial=5.0)


def array_methods(x):
    return x.mean(where=x < 1.0) + x.sum(initial=3.0) + x.prod(where=x > 0.5)


def by_axis(x):
    m = x.reshape(2, 3)
    rows = np.mean(m, axis=1, where=m > 0.3)
    cols = np.max(m, axis=0, initial=0.5, keepdims=True)
    return np.sum(rows**2) + np.sum(cols)


def constant_mask(x):
    return np.sum(np.mean(x.reshape(2, 3) ** 2, 1, where=[True, False, True]))


def amax_amin(x):
    return np.amax(x, initial=1.0) * np.amin(x, where=x > 0.15, initial=0.0 + 9.0)


@pytest.mark.parametrize(
    "f",
    [
        mean_where,
        sum_where_initial,
        max_initial,
        min_where_initial,
        array_methods,
        by_axis,
        constant_mask,
        amax_amin,
    ],
)
def test_reduction_keywords(f):
    check_all_modes(f, X, oracle=False)


def test_reduction_values_match_numpy():
    import s2sgrad

    for f in (mean_where, sum_where_initial, by_axis, amax_amin):
        value, _ = s2sgrad.value_and_grad(f)(X.copy())
        np.testing.assert_allclose(value, f(X.copy()), rtol=1e-12)


def max_where_no_initial(x):
    return np.max(x, where=x > 0.3)


def test_max_where_needs_initial():
    check_rejected(max_where_no_initial, X, "needs initial=")


# -- itertools and filter ------------------------------------------------------------------


def pair_products(x):
    s = 0.0
    for a, b in itertools.combinations(x, 2):
        s = s + a * b
    return s


def combinations_r_variable(x):
    r = 3
    return sum(np.prod(np.array(c)) for c in itertools.combinations(x, r))


def rows_pairs(x):
    m = x.reshape(3, 2)
    return sum(np.dot(u, v) for u, v in combinations(m, 2))


def permutations_all(x):
    total = 0.0
    for p in itertools.permutations(x[:3]):
        total = total + p[0] * p[1] ** 2 + p[2]
    return total


def with_replacement(x):
    return sum(a * np.sin(b) for a, b in itertools.combinations_with_replacement(x[:4], 2))


def product_two(x):
    s = 0.0
    for a, b in itertools.product(x[:2], [x[3], 2.0 * x[4]]):
        s = s + a * b**2
    return s


def product_repeat(x):
    return sum(a * b * c for a, b, c in itertools.product(x[:2], repeat=3))


def chain_lists(x):
    ys = [x[0] * 2, np.sin(x[1])]
    s = 0.0
    for v in itertools.chain(ys, x[3:], [x[2]]):
        s = s + v * v
    return s


def chain_flat(x):
    parts = [x[:2], x[2:]]
    return sum(np.exp(v) for v in itertools.chain.from_iterable(parts))


def _times(a, b):
    return a * b


def starmaps(x):
    pairs = [(a, b) for a, b in zip(x, x[::-1])]
    s = sum(itertools.starmap(lambda a, b: a * b + a, pairs))
    return s + sum(itertools.starmap(_times, zip(x[:3], x[3:])))


def _large(v):
    return v > 0.3


def filters(x):
    kept = list(filter(lambda v: v > 0.5, x))
    return sum(kept) + sum(v**2 for v in filter(_large, x)) + sum(filter(None, x - 0.35))


def running(x):
    return sum(itertools.accumulate(x)) + sum(itertools.accumulate(x, operator.mul))


def running_func(x):
    steps = list(itertools.accumulate(x, lambda a, b: 0.5 * a + np.sin(b), initial=1.0))
    return steps[-1] * steps[2] + max(accumulate(x, max))


combinations = itertools.combinations
accumulate = itertools.accumulate


@pytest.mark.parametrize(
    "f",
    [
        pair_products,
        combinations_r_variable,
        rows_pairs,
        permutations_all,
        with_replacement,
        product_two,
        product_repeat,
        chain_lists,
        chain_flat,
        starmaps,
        filters,
        running,
        running_func,
    ],
)
def test_itertools(f):
    check_all_modes(f, X)


def read_twice(x):
    pairs = itertools.combinations(x, 2)
    s = sum(a * b for a, b in pairs)
    return s + sum(a for a, _ in pairs)


def test_iterator_read_twice_refused():
    # Python's second reading of the iterator is empty; a list would be read whole twice
    check_rejected(read_twice, X, "consumed by its first reading")


# -- list methods --------------------------------------------------------------------------


def extend_reverse(x):
    parts = [x * 2]
    parts.extend([x, np.sin(x)])
    parts.reverse()
    return np.sum(parts[0] * parts[1]) + np.sum(parts[2])


def reverse_in_loop(x):
    vals = []
    for v in x:
        vals.append(v * v)
        vals.reverse()
    return vals[0] * 3.0 + vals[-1]


def test_list_methods():
    check_all_modes(extend_reverse, X)
    check_all_modes(reverse_in_loop, X)


def reverse_alias(x):
    vals = [x[0], x[1] * 2]
    other = vals
    vals.reverse()
    return other[0] * 3.0


def test_reverse_of_an_aliased_list_refused():
    check_rejected(reverse_alias, X, "changed in place")


# -- sorted(key=) --------------------------------------------------------------------------


def sorted_by_lambda(x):
    xs = [x[0], x[1] * 2, x[2] - 1, -x[3]]
    ys = sorted(xs, key=lambda v: abs(v))
    return ys[0] * 3 + ys[-1] * ys[1]


def sorted_by_builtin(x):
    return sum(w * v for w, v in zip([1.0, 2.0, 3.0], sorted([x[4], -x[1], x[2]], key=abs)))


def sorted_reverse(x):
    ys = sorted([v * v for v in x], reverse=True)
    return ys[0] + 2 * ys[1] + np.sin(ys[-1])


def sorted_items(x):
    d = {"a": x[0] * 2, "b": np.sin(x[1]), "c": x[2] ** 2}
    pairs = sorted(d.items(), key=lambda kv: kv[1])
    return pairs[0][1] * 5 + pairs[-1][1]


def sorted_positions(x):
    xs = [x[1], x[0], x[5]]
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    return sum(k * xs[i] for k, i in enumerate(order))


def sorted_rows(x):
    rows = [r for r in x.reshape(3, 2)]
    by_norm = sorted(rows, key=lambda r: np.sum(r**2), reverse=True)
    return np.sum(by_norm[0] * 2 + by_norm[2])


def sorted_tuples(x):
    pairs = [(x[0], 1.0), (x[1], -2.0), (x[2], 0.5)]
    ranked = sorted(pairs, key=operator.itemgetter(1))
    return ranked[0][0] * 3 + ranked[2][0]


@pytest.mark.parametrize(
    "f",
    [
        sorted_by_lambda,
        sorted_by_builtin,
        sorted_reverse,
        sorted_items,
        sorted_positions,
        sorted_rows,
        sorted_tuples,
    ],
)
def test_sorted(f):
    check_all_modes(f, X)


def max_by_key(x):
    xs = [x[0], -x[1] * 2, x[2] - 1]
    big = max(xs, key=abs)
    small = min(xs, key=lambda v: (v - 0.3) ** 2)
    rows = list(x.reshape(3, 2))
    return big * small + np.sum(max(rows, key=np.sum) ** 2) + min(x[0], x[3], key=np.cos)


def test_max_min_by_key():
    check_all_modes(max_by_key, X)


# -- a swap, then an augmented assignment ---------------------------------------------------


def swap_then_add(x):
    a, b = x[:3] * 1.0, np.sin(x[3:])
    a, b = b, a
    a += 1.0
    b *= a
    return np.sum(a * b)


def swap_through_temp(x):
    a = x[:3] ** 2
    b = x[3:] * 2.0
    t = a
    a = b
    b = t
    a -= x[:3]
    return np.sum(a * b)


def test_swap_then_augmented_assignment():
    check_all_modes(swap_then_add, X)
    check_all_modes(swap_through_temp, X)


def alias_not_swapped(x):
    a = x[:3] * 1.0
    b = a
    a = b
    a += 1.0
    return np.sum(a * b)


def alias_kept(x):
    a, b = x[:3] * 1.0, x[3:] * 2.0
    c = b
    a, b = b, a
    a += 1.0  # c still holds this array
    return np.sum(a * c)


def swap_of_argument(x):
    a, b = x, x * 2.0
    a, b = b, a
    b += 1.0  # b holds the caller's x
    return np.sum(a * b)


@pytest.mark.parametrize("f", [alias_not_swapped, alias_kept, swap_of_argument])
def test_swap_that_shares_stays_refused(f):
    check_rejected(f, X, "")


# -- .tolist() in reverse mode ---------------------------------------------------------------


def tolist_items(x):
    vals = np.sin(x).tolist()
    return vals[0] * 2 + sum(vals) + max(vals[1:3])


def tolist_nested(x):
    rows = (x.reshape(2, 3) ** 2).tolist()
    return rows[0][1] * rows[1][2] + sum(rows[1])


def tolist_loop(x):
    total = 0.0
    for i, v in enumerate(np.exp(x).tolist()):
        total = total + i * v
    return total + x[0:1].sum().tolist()


@pytest.mark.parametrize("f", [tolist_items, tolist_nested, tolist_loop])
def test_tolist(f):
    check_all_modes(f, X)


# -- np.piecewise, np.choose, np.fromiter ----------------------------------------------------


def piecewise_lambdas(x):
    y = np.piecewise(x, [x < 0.5, x >= 0.5], [lambda t: t**2, lambda t: np.sin(t)])
    return np.sum(y * x)


def piecewise_sqrt(x):
    # sqrt only of the entries it is given: no NaN from the negative ones
    z = x - 0.5
    y = np.piecewise(z, [z < 0], [lambda t: -(t**3), np.sqrt])
    return np.sum(y)


def piecewise_constant(x):
    return np.sum(np.piecewise(x, [x < 0.3, x > 1.0], [0.0, np.exp, lambda t: 2 * t]) ** 2)


def choose_choices(x):
    k = np.array([0, 1, 2, 1, 0, 2])
    return np.sum(np.choose(k, [x, x**2, np.sin(x)]) * np.arange(6.0))


def fromiter_generator(x):
    y = np.fromiter((t * t for t in x), dtype=float)
    z = np.fromiter([np.exp(t) for t in x[:3]], float)
    return np.sum(y * x) + np.sum(z)


@pytest.mark.parametrize(
    "f", [piecewise_lambdas, piecewise_sqrt, piecewise_constant, choose_choices, fromiter_generator]
)
def test_numpy_functions_of_callables(f):
    check_all_modes(f, X, oracle=f is not piecewise_sqrt)


def along_axis(x):
    m = np.outer(x, x)
    return np.sum(np.apply_along_axis(lambda r: np.sum(r**2), 1, m))


def vectorized(x):
    return np.sum(np.vectorize(lambda t: t**2 + 1)(x))


@pytest.mark.parametrize("f", [along_axis, vectorized])
def test_functions_applied_by_numpy_stay_refused(f):
    check_rejected(f, X, "")


# -- draws with differentiated parameters (reparametrization) --------------------------------


def normal_of_parameters(x):
    rng = np.random.default_rng(0)
    z = rng.normal(loc=x, scale=np.exp(x))
    w = rng.normal(x[:3], 0.5, size=(2, 3))
    return np.sum(z**2) + np.sum(np.sin(w))


def uniform_of_parameters(x):
    rng = np.random.RandomState(1)
    u = rng.uniform(x, x**2 + 2.0)
    return np.sum(u * x) + rng.normal(x[0], 2.0)


def draws_for_indices(x):
    rng = np.random.default_rng(3)
    p = rng.permutation(6)
    i = rng.choice(6, size=3, replace=False)
    return np.sum(x[p] * np.arange(6.0)) + np.sum(x[i] ** 2)


@pytest.mark.parametrize("f", [normal_of_parameters, uniform_of_parameters, draws_for_indices])
def test_draws(f):
    check_all_modes(f, X, oracle=False)


# -- sum() of objects with __add__/__radd__ ---------------------------------------------------


class Vec:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Vec(self.v + other.v)

    def __radd__(self, other):
        if other == 0:
            return self
        return Vec(self.v + other.v)


def sum_of_vecs(x):
    vs = [Vec(x * 2), Vec(np.sin(x))]
    total = sum(vs)
    more = sum([Vec(x**2), Vec(x)], Vec(np.ones(6)))
    return np.sum(total.v * more.v)


def test_sum_of_objects():
    check_all_modes(sum_of_vecs, X, oracle=False)


# -- try/finally with a return, break or continue --------------------------------------------


def return_then_finally(x):
    try:
        return np.sum(x**2)
    finally:
        pass


def early_return_then_finally(x):
    y = x * 2
    try:
        if np.sum(x) > 2.5:
            return np.sum(np.sin(y))
        y = y + 1
    finally:
        y = y * 3  # runs before the return; the value returned was computed before it
    return np.sum(y * x)


def break_then_finally(x):
    s = 0.0
    for v in x:
        try:
            if v > 0.8:
                break
            s = s + v * v
        finally:
            s = s * 1.5
    return s


def handler_return_then_finally(x):
    try:
        if np.any(x > 1.0):
            raise ValueError("large")
        return np.sum(np.log(x))
    except ValueError:
        return np.sum(x**3)
    finally:
        x = x + 1.0


@pytest.mark.parametrize(
    "f",
    [
        return_then_finally,
        early_return_then_finally,
        break_then_finally,
        handler_return_then_finally,
    ],
)
@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_exits_through_finally(f, scale):
    check_all_modes(f, X * scale, oracle=False)
