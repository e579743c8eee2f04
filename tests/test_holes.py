"""Errors found while the generated code runs name the user's line (issue 10), in every
mode, also for statements of the forward sweep, which carry no ``# line`` comment."""

import inspect

import numpy as np
import pytest

import s2sgrad


def loop_over_dict_argument(p):
    s = 0.0
    for k in p:
        s = s + np.sum(p[k] ** 2)
    return s


def loop_over_nested_dict(p):
    s = 0.0
    inner = p["inner"]
    for k in inner:
        s = s + np.sum(inner[k] * 2.0)
    return s


def _line_of(fun, text):
    lines, start = inspect.getsourcelines(fun)
    return start + next(i for i, line in enumerate(lines) if text in line)


P = {"a": np.array([1.0, 2.0]), "b": np.array([3.0])}
MODES = {
    "grad": lambda f, p: s2sgrad.grad(f)(p),
    "value_and_grad": lambda f, p: s2sgrad.value_and_grad(f)(p),
    "jvp": lambda f, p: s2sgrad.jvp(f, (p,), (p,)),
    "hessian": lambda f, p: s2sgrad.hessian(f)(p),
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("fun, arg, text", [
    (loop_over_dict_argument, P, "for k in p:"),
    (loop_over_nested_dict, {"inner": P}, "for k in inner:"),
])
def test_runtime_error_names_the_users_line(mode, fun, arg, text):
    with pytest.raises(s2sgrad.UnsupportedSyntaxError) as info:
        MODES[mode](fun, arg)
    assert info.value.filename == __file__
    assert info.value.lineno == _line_of(fun, text)


def test_keys_view_of_a_dict_argument_works():
    def f(p):
        s = 0.0
        for k in p.keys():
            s = s + np.sum(p[k] ** 2)
        return s

    g = s2sgrad.grad(f)(P)
    assert set(g) == set(P)
    for k in P:
        np.testing.assert_allclose(g[k], 2 * P[k])
