"""A user function's result that may be the list or dict it was given is another name of
that object: an in-place change of either after the call is s2sgrad's error at the user's
line (before, ``b = keep(c); c.append(v)`` gave a zero gradient). A callee that makes a new
value is not an alias, and its gradient is checked against finite differences and autograd.
"""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import check_grads

import s2sgrad
from s2sgrad.aliasing import may_alias_arguments
from s2sgrad.errors import UnsupportedSyntaxError


def keep(c):
    return c


def keep_through_local(c):
    out = c
    return out


def first_of(pair):
    return pair[0]


def in_a_tuple(c, v):
    return (c, v)


def in_a_branch(c, flag):
    return c if flag else []


def via_get(d):
    return d.get("a")


def new_list(c, v):
    return c + [v]


def summed(c):
    return np.sum(np.stack(c), axis=0)


def step(h, w):
    return np.tanh(h * w)


@pytest.mark.parametrize(
    "fn, expected",
    [
        (keep, True),
        (keep_through_local, True),
        (first_of, True),
        (in_a_tuple, True),
        (in_a_branch, True),
        (via_get, True),
        (new_list, False),
        (summed, False),
        (step, False),
        (np.tanh, False),
        (len, False),
        (lambda c: c, True),
    ],
)
def test_which_callees_may_return_what_they_are_given(fn, expected):
    assert may_alias_arguments(fn) is expected


def list_then_append(x):
    c = [x * 2.0]
    b = keep(c)
    c.append(x * 3.0)
    return np.sum(b[-1])


def list_then_item(x):
    c = [x * 2.0]
    b = keep_through_local(c)
    c[0] = x * 3.0
    return np.sum(b[0])


def list_then_augmented(x):
    c = [x * 2.0]
    b = keep(c)
    c += [x * 3.0]
    return np.sum(b[-1])


def dict_then_item(x):
    d = {"a": x * 2.0}
    e = keep(d)
    d["a"] = x * 3.0
    return np.sum(e["a"])


def pair_then_append(x):
    c = [x * 2.0]
    b, _ = in_a_tuple(c, x)
    c.append(x * 3.0)
    return np.sum(b[-1])


@pytest.mark.parametrize(
    "f", [list_then_append, list_then_item, list_then_augmented, dict_then_item, pair_then_append]
)
def test_a_change_seen_through_a_returned_alias_is_an_error_at_the_users_line(f):
    with pytest.raises(UnsupportedSyntaxError, match="alias would see the change") as info:
        s2sgrad.grad(f)(np.array([1.0, 2.0]))
    assert "test_aliasing.py" in str(info.value)


def history(x, w):
    hs = [x]
    for _ in range(3):
        h = step(hs[-1], w)
        hs.append(h)
    total = summed(hs)
    hs.append(total * 2.0)
    return np.sum(hs[-1]) + np.sum(new_list(hs, x)[-1])


def history_autograd(x, w):
    hs = [x]
    for _ in range(3):
        hs.append(anp.tanh(hs[-1] * w))
    total = anp.sum(anp.stack(hs), axis=0)
    hs.append(total * 2.0)
    return anp.sum(hs[-1]) + anp.sum((hs + [x])[-1])


def test_callees_making_new_values_are_not_aliases():
    x, w = np.array([0.3, -0.2, 0.5]), np.array([0.9, 1.1, -0.7])
    check_grads(history, x, w, argnums=(0, 1))
    for argnum in (0, 1):
        np.testing.assert_allclose(
            s2sgrad.grad(history, argnums=argnum)(x, w),
            autograd.grad(history_autograd, argnum)(x, w),
            rtol=1e-10,
        )
