"""One set of argument checks (s2sgrad.arguments) behind grad, the forward-mode
transformations and ahead-of-time files: the same mistake gives the same
GradientArgumentError from each."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad import GradientArgumentError, aot
from s2sgrad.arguments import (
    argspec,
    check_differentiable,
    check_kinds,
    kind,
    positional_indices,
    static_wrt_names,
    wrt_names,
)


def f(x, y, *, z=1.0):
    return np.sum(x * y) * z


@pytest.mark.parametrize(
    "argnums, argnames, positional, single, names",
    [
        (None, (), (0,), True, ()),
        (1, (), (1,), True, ()),
        ((0, 1), (), (0, 1), False, ()),
        ([1], (), (1,), False, ()),
        (None, "z", (), False, ("z",)),
        (0, ["y", "z"], (0,), True, ("y", "z")),
    ],
)
def test_argspec_normalises(argnums, argnames, positional, single, names):
    spec = argspec(argnums, argnames)
    assert (spec.positional, spec.single, spec.argnames) == (positional, single, names)


@pytest.mark.parametrize(
    "argnums, argnames, words",
    [
        ((), (), "no argument"),
        (1.5, (), "int or a sequence"),
        ((0, "a"), (), "must be ints"),
        ((True,), (), "must be ints"),
        (None, ("y", "y"), "duplicate names"),
    ],
)
def test_argspec_rejects(argnums, argnames, words):
    with pytest.raises(GradientArgumentError, match=words):
        argspec(argnums, argnames)


def test_wrt_names_for_a_call():
    params, kwonly = ["x", "y"], ["z"]
    assert wrt_names(argspec(-1, ()), params, kwonly, 2, {}) == ["y"]
    assert wrt_names(argspec(0, "z"), params, kwonly, 2, {"z": 2.0}) == ["x", "z"]
    with pytest.raises(GradientArgumentError, match="index 2 .* only 2 positional"):
        wrt_names(argspec(2, ()), params, kwonly, 2, {})
    with pytest.raises(GradientArgumentError, match="duplicate argument index"):
        wrt_names(argspec((0, -2), ()), params, kwonly, 2, {})
    with pytest.raises(GradientArgumentError, match="part of \\*args"):
        wrt_names(argspec(2, ()), params, kwonly, 3, {})
    with pytest.raises(GradientArgumentError, match="not called with that keyword"):
        wrt_names(argspec(None, "z"), params, kwonly, 2, {})
    with pytest.raises(GradientArgumentError, match="given by both"):
        wrt_names(argspec(0, "x"), params, kwonly, 1, {"x": 1.0})
    with pytest.raises(GradientArgumentError, match="has no parameter 'w'"):
        wrt_names(argspec(None, "w"), params, kwonly, 2, {"w": 1.0}, "f")


def test_static_wrt_names():
    assert static_wrt_names(argspec((0, -1), "z"), ["x", "y"], ["z"], "f") == ["x", "y", "z"]
    with pytest.raises(GradientArgumentError, match="out of range: f\\(\\) has 2"):
        static_wrt_names(argspec(2, ()), ["x", "y"], [], "f")
    with pytest.raises(GradientArgumentError, match="duplicate argument index"):
        static_wrt_names(argspec((1, -1), ()), ["x", "y"], [], "f")


def test_positional_indices_names_the_derivative():
    assert positional_indices((0, -1, 0), 3) == [0, 2, 0]
    with pytest.raises(GradientArgumentError, match="derivative of argument index 3"):
        positional_indices((3,), 3, "derivative")
    with pytest.raises(GradientArgumentError, match="duplicate"):
        positional_indices((0, -3), 3, unique=True)


@pytest.mark.parametrize(
    "value, words",
    [
        (True, "bool"),
        (3, "integer"),
        (np.arange(3), "dtype int"),
        (None, "None"),
        ("s", "type str"),
        ([1.0, 2], r"\[1\] is an integer"),
        ({"a": False}, r"\['a'\] is a bool"),
    ],
)
def test_check_differentiable_rejects(value, words):
    with pytest.raises(GradientArgumentError, match=words):
        check_differentiable(value, "argument 'x'")


@pytest.mark.parametrize(
    "value",
    [1.0, np.float32(2.0), np.ones(3), [1.0, np.ones(2)], {"a": (1.0,)}, 1j, np.ones(2, complex)],
)
def test_check_differentiable_accepts(value):
    check_differentiable(value, "x")


def test_kind_and_kinds():
    assert [kind(v) for v in (np.ones(2), 1.0, 2, np.float64(1), [1.0])] == [
        "array",
        "scalar",
        "scalar",
        "scalar",
        "unknown",
    ]
    check_kinds({"x": "array"}, ["x"])
    with pytest.raises(GradientArgumentError, match="not a parameter"):
        check_kinds({"q": "array"}, ["x"])
    with pytest.raises(GradientArgumentError, match="must be one of"):
        check_kinds({"x": "vector"}, ["x"])


# -- the same mistake, the same error, from every entry point ----------------------------


def _entry_points(argnums):
    x, y = np.ones(2), np.ones(2)
    return [
        lambda: s2sgrad.grad(f, argnums=argnums)(x, y),
        lambda: s2sgrad.value_and_grad(f, argnums=argnums)(x, y),
        lambda: aot.module_source(f, argnums=argnums),
    ]


@pytest.mark.parametrize(
    "argnums, words",
    [
        ((), "no argument"),
        (1.5, "int or a sequence"),
        (("a",), "must be ints"),
        ((0, 0), "duplicate argument index"),
    ],
)
def test_every_entry_point_gives_the_same_error(argnums, words):
    for call in _entry_points(argnums):
        with pytest.raises(GradientArgumentError, match=words):
            call()


@pytest.mark.parametrize("make", [s2sgrad.jacfwd, s2sgrad.jacrev])
def test_forward_and_jacrev_argnums_out_of_range(make):
    with pytest.raises(GradientArgumentError, match="argument index 2"):
        make(lambda a, b: a * b, argnums=2)(1.0, 2.0)


def test_forward_modes_check_differentiability():
    with pytest.raises(GradientArgumentError, match="primal 0 is an integer"):
        s2sgrad.jvp(lambda a: a * 2.0, (1,), (1.0,))
    with pytest.raises(GradientArgumentError, match="argument 0 is an integer"):
        s2sgrad.jacrev(lambda a: a * 2.0)(1)
    with pytest.raises(GradientArgumentError, match="argument 'x' is an integer"):
        s2sgrad.hessian(lambda x: x * x)(3)
