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
