"""The in-place change validation (s2sgrad.validate) as a pass with explicit inputs (the
normal form and its analysis) and outputs (the names changed in place, or an error)."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad.activity import analyse
from s2sgrad.normalize import normalize
from s2sgrad.parsing import parse_function
from s2sgrad.validate import check_mutations, rebound_first


def _inputs(fun, wrt=("x",)):
    node, info = parse_function(fun)
    nf = normalize(node, info)
    kinds = {p: "array" for p in nf.params}
    return nf, analyse(nf, list(wrt), kinds)


def fresh_item_write(x):
    y = np.zeros(3)
    y[0] = x[0]
    return np.sum(y)


def fresh_append(x):
    ys = []
    ys.append(x * 2.0)
    return ys[0][0]


def no_change(x):
    return np.sum(x * x)


def rebound_argument(x):
    x = x.copy()
    x[0] = 2.0 * x[1]
    return np.sum(x)


@pytest.mark.parametrize(
    "fun, mutated",
    [
        (fresh_item_write, {"y"}),
        (fresh_append, {"ys"}),
        (no_change, set()),
        (rebound_argument, {"x"}),
    ],
)
def test_returns_the_names_changed_in_place(fun, mutated):
    nf, analysis = _inputs(fun)
    assert check_mutations(nf, analysis) == mutated


def view_then_write(x):
    y = x * 1.0
    v = y[1:]
    y[0] = 3.0
    return np.sum(v * x)


def write_to_argument(x):
    x[0] = 1.0
    return np.sum(x)


def alias_in_list(x):
    y = x * 1.0
    ys = [y, y]
    y[0] = 2.0
    return np.sum(ys[0])


def transpose_alias(x):
    y = x * 1.0
    t = y.T
    y[0] = 2.0
    return np.sum(t * x)


@pytest.mark.parametrize(
    "fun, words",
    [
        (view_then_write, "changed in place elsewhere"),
        (write_to_argument, "argument 'x' would change the caller's array"),
        (alias_in_list, "changed in place elsewhere"),
        (transpose_alias, "changed in place elsewhere"),
    ],
)
def test_rejects_a_change_seen_through_another_name(fun, words):
    nf, analysis = _inputs(fun)
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match=words):
        check_mutations(nf, analysis)
    # both modes run the same check
    x = np.arange(1.0, 4.0)
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match=words):
        s2sgrad.grad(fun)(x)
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match=words):
        s2sgrad.jvp(fun, (x,), (np.ones(3),))


def test_rebound_first():
    nf, _ = _inputs(rebound_argument)
    assert rebound_first(nf, "x")
    nf, _ = _inputs(write_to_argument)
    assert not rebound_first(nf, "x")
