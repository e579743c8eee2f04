"""Session 26: errors that point at the user's line, and forward-mode gaps (issue 12, "errors
that remain"): every error s2sgrad raises for user input names the user's file and line,
the construct and a hint, never s2sgrad's or SciPy's internals; calls that can be
differentiated instead of refused (math.log with a base, math.hypot of n coordinates)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_tree_close, fd_hessian, numerical_grad

import s2sgrad
import s2sgrad.compat.autograd as sg
from s2sgrad import NonDifferentiableError, TransformError, UnsupportedSyntaxError


def assert_at_line(err, line: int, text: str, col: int | None = None) -> None:
    """``err`` names this file and ``line`` (and ``col``, 1-based) at the start of its
    message, says ``text`` and (for a TransformError) ends with a hint."""
    message = str(err)
    where = f"{__file__}:{line}:" + (f"{col}:" if col is not None else "")
    assert message.startswith(where), message
    assert err.filename == __file__ and err.lineno == line
    assert text in message, message
    if isinstance(err, TransformError):
        assert err.hint and "\nhint: " in message, message


def line_of(fn, text: str) -> int:
    """The line of this file, inside ``fn``'s source, that holds ``text``."""
    import inspect

    lines, start = inspect.getsourcelines(fn)
    return start + next(i for i, line in enumerate(lines) if text in line)


# -- math.log with a base, math.hypot of any number of coordinates: differentiated ----------


def log_base(v):
    return math.log(v[0], v[1]) * v[2] + math.log(v[2], 10.0)


def hypot_n(v):
    return math.hypot(v[0], v[1], v[2]) * math.hypot(v[1], v[2]) + math.hypot(v[0]) + math.hypot()


def log_base_scalar(x):
    return math.log(x, x * 3.0)


def hypot_scalar(x):
    return math.hypot(x, 2.0 * x, 1.0)


V = np.array([2.5, 3.0, 0.7])


@pytest.mark.parametrize("fun", [log_base, hypot_n])
def test_log_base_and_hypot_n_in_both_modes_and_to_second_order(fun):
    g = s2sgrad.grad(fun)(V)
    assert_tree_close(g, numerical_grad(fun, (V,), 0), rtol=1e-7)
    v = np.array([1.0, -2.0, 0.5])
    _, tangent = s2sgrad.jvp(fun, (V,), (v,))
    assert tangent == pytest.approx(float(g @ v), rel=1e-12)
    want = fd_hessian(fun, V)
    assert_tree_close(s2sgrad.hessian(fun)(V), want, rtol=1e-5, atol=1e-6)
    assert_tree_close(s2sgrad.jacrev(s2sgrad.grad(fun))(V), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fun", [log_base_scalar, hypot_scalar])
def test_log_base_and_hypot_n_to_third_order(fun):
    second = s2sgrad.grad(s2sgrad.grad(fun))
    h = 1e-4
    want = (second(0.7 + h) - second(0.7 - h)) / (2 * h)
    assert s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(fun)))(0.7) == pytest.approx(want, rel=1e-6)


def test_hypot_at_the_origin_has_slope_zero_as_np_hypot():
    assert s2sgrad.grad(lambda x: math.hypot(x, 0.0, x))(0.0) == 0.0
    assert s2sgrad.jvp(lambda x: math.hypot(x, 0.0, x), (0.0,), (1.0,))[1] == 0.0


def test_log_base_in_the_base_only():
    # the base differentiated, x constant: -log(x) / (base * log(base) ** 2)
    got = s2sgrad.grad(lambda b: math.log(5.0, b))(2.0)
    assert got == pytest.approx(-math.log(5.0) / (2.0 * math.log(2.0) ** 2), rel=1e-12)


# -- a primitive called with more positional arguments than its rule binds -----------------


def sin_of_two(x):
    return math.sin(x, 2.0)


def helper2(a, b):
    return a * b


def calls_helper_with_three(x):
    y = 2.0 * helper2(x, 1.0, 3.0)
    return y


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_too_many_arguments_to_a_primitive_point_at_the_call(mode):
    with pytest.raises(NonDifferentiableError) as info:
        if mode == "reverse":
            s2sgrad.grad(sin_of_two)(1.0)
        else:
            s2sgrad.jvp(sin_of_two, (1.0,), (1.0,))
    line = line_of(sin_of_two, "math.sin")
    assert_at_line(info.value, line, "math.sin is called with 2 positional arguments", col=12)
    assert "takes at most 1" in str(info.value)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_too_many_arguments_to_a_user_function_point_at_the_call(mode):
    with pytest.raises(UnsupportedSyntaxError) as info:
        if mode == "reverse":
            s2sgrad.grad(calls_helper_with_three)(1.0)
        else:
            s2sgrad.jvp(calls_helper_with_three, (1.0,), (1.0,))
    line = line_of(calls_helper_with_three, "helper2(")
    assert_at_line(info.value, line, "helper2() takes 2 positional arguments but 3", col=15)


# -- derivatives too deep, or of derivatives s2sgrad made: at the user's line --------------


def quartic(x):
    return x**4


def calls_grad(x):
    return s2sgrad.grad(quartic)(x) * x


def calls_autograd_grad(x):
    return sg.grad(quartic)(x) * x


@pytest.mark.parametrize("inner", [calls_grad, calls_autograd_grad])
def test_a_refused_third_derivative_names_the_line_of_the_nested_derivative(inner):
    assert s2sgrad.grad(s2sgrad.grad(inner))(1.5) == pytest.approx(48 * 1.5**2)  # of 4 x**4
    with pytest.raises(TransformError) as info:
        s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(inner)))(1.5)
    assert_at_line(info.value, line_of(inner, "return"), "a third derivative", col=5)


@pytest.mark.parametrize(
    "outer, made, text",
    [
        (s2sgrad.grad, s2sgrad.hessian, "hessian(quartic) is a derivative made by s2sgrad"),
        (s2sgrad.jacfwd, s2sgrad.hessian, "hessian(quartic) is a derivative made by s2sgrad"),
        (s2sgrad.hessian, s2sgrad.hessian, "hessian(quartic) is a derivative made by s2sgrad"),
        (s2sgrad.grad, s2sgrad.jacrev, "jacrev(quartic) is a derivative made by s2sgrad"),
        (s2sgrad.jacrev, s2sgrad.jacrev, "jacrev(quartic) is a derivative made by s2sgrad"),
    ],
)
def test_a_derivative_made_by_s2sgrad_is_not_called_a_c_function(outer, made, text):
    # before: "cannot read the source of 'quartic' ...: it is not a Python function"
    call = lambda: outer(made(quartic))(1.5)  # noqa: E731
    with pytest.raises(TransformError) as info:
        call()
    assert_at_line(info.value, call.__code__.co_firstlineno, text)
    assert "C-implemented" not in str(info.value)
    assert "call it inside a function you differentiate" in info.value.hint
    # as the hint says
    d = made(quartic)
    want = 24 * 1.5 if made is s2sgrad.hessian else 12 * 1.5**2
    assert s2sgrad.grad(lambda x: d(x))(1.5) == pytest.approx(want)


@pytest.mark.parametrize(
    "call_of",
    [
        lambda: sg.hessian(sg.hessian(quartic))(np.array([1.5])),
        lambda: sg.jacobian(sg.jacobian(sg.jacobian(quartic)))(np.array([1.5])),
    ],
    ids=["hessian of hessian", "jacobian cubed"],
)
def test_an_error_in_a_made_derivative_names_the_calling_line_not_s2sgrads(call_of):
    # before: <s2sgrad: hessian_of_quartic(x), hessian in 0 made outside>:3:9
    with pytest.raises(UnsupportedSyntaxError) as info:
        call_of()
    assert_at_line(info.value, call_of.__code__.co_firstlineno, "differentiated here in forward")
    assert "<s2sgrad" not in str(info.value)
