"""``xs.sort(key=k, reverse=r)`` of a local list: ``xs = sorted(xs, key=k, reverse=r)``,
marked as an in-place change (another name for the list is refused), as ``xs.reverse()``.
Before session 31 it was "``.sort()`` changes the array in place", for a list."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.5, -0.3, 1.2, 0.8])


def sort_plain(x):
    xs = [x[2], x[0], x[1] * x[3]]
    xs.sort()
    return xs[0] * 5.0 + xs[1] * xs[2]


def sort_key_reverse(x):
    xs = [x[2], x[0] * 2.0, x[1], x[3]]
    xs.sort(key=lambda v: v * v, reverse=True)
    return xs[0] * 5.0 + xs[1] * xs[2] - xs[3]


def sort_in_a_loop(x):
    xs = []
    for v in x:
        xs.append(v * v + v)
        xs.sort()
        xs[0] = xs[0] * 0.5
    return xs[0] * 5.0 + xs[-1] * xs[1]


def sort_with_alias(x):
    xs = [x[2], x[0], x[1]]
    ys = xs
    xs.sort()
    return ys[0] * 5.0 + xs[1]


def sort_an_argument(xs):
    xs.sort()
    return xs[0]


@pytest.mark.parametrize("f", [sort_plain, sort_key_reverse, sort_in_a_loop])
def test_sort_of_a_local_list(f):
    check_all_modes(f, X)


def test_sort_with_an_alias_refused():
    check_rejected(sort_with_alias, X, "this alias would see the change")


def test_sort_of_an_argument_refused():
    with pytest.raises(s2sgrad.S2SGradError):
        s2sgrad.grad(sort_an_argument)(X.copy())
