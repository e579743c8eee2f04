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
from s2sgrad.compat.autograd.extend import defjvp, defvjp, primitive


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


# -- s2sgrad.source: both modes take the same arguments; a derivative is an error ----------


def loss_xyz(x, y=2.0, *, z=1.0):
    return np.sum(np.sin(x) * y) * z


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_source_takes_argnums_and_argnames_in_both_modes(mode):
    by_name = s2sgrad.source(loss_xyz, argnames="z", mode=mode)
    # forward mode ignored argnames before: the jvp in x, silently
    assert ("z_dot=None" if mode == "forward" else "dz = ") in by_name
    assert "x_dot" not in by_name and "dx = " not in by_name
    by_num = s2sgrad.source(loss_xyz, argnums=1, mode=mode)
    assert ("y_dot=None" if mode == "forward" else "dy = ") in by_num


@pytest.mark.parametrize("mode", ["reverse", "forward"])
@pytest.mark.parametrize(
    "made",
    [s2sgrad.grad, s2sgrad.value_and_grad, s2sgrad.jacfwd, s2sgrad.jacrev, s2sgrad.hessian],
)
def test_source_of_a_derivative_says_how_to_read_its_derivative(made, mode):
    # forward mode: an AttributeError ('Transformed' object has no attribute '__code__')
    call = lambda: s2sgrad.source(made(loss_xyz), mode=mode)  # noqa: E731
    with pytest.raises(s2sgrad.ArgumentTypeError) as info:
        call()
    assert_at_line(info.value, call.__code__.co_firstlineno, "is a derivative made by s2sgrad")
    assert ".source_for(*args)" in str(info.value)
    # as it says
    x = np.array([0.3, 0.4])
    assert "def loss_xyz_grad_jvp(" in s2sgrad.jacfwd(s2sgrad.grad(loss_xyz)).source_for(x)


@pytest.mark.parametrize(
    "call_of, cls, text",
    [
        (lambda: s2sgrad.source(loss_xyz, argnums=5), ValueError, "argnums=5 of loss_xyz()"),
        (
            lambda: s2sgrad.source(loss_xyz, argnums=5, mode="forward"),
            ValueError,
            "argnums=5 of loss_xyz()",
        ),
        (
            lambda: s2sgrad.source(loss_xyz, argnames="w", mode="forward"),
            ValueError,
            "has no argument 'w'",
        ),
        (lambda: s2sgrad.source(loss_xyz, mode="fwd"), ValueError, "unknown mode 'fwd'"),
    ],
)
def test_bad_arguments_to_source_name_the_calling_line(call_of, cls, text):
    # an IndexError from s2sgrad's internals before
    with pytest.raises(s2sgrad.GradientArgumentError) as info:
        call_of()
    assert isinstance(info.value, cls)
    assert_at_line(info.value, call_of.__code__.co_firstlineno, text)


# -- a custom rule of any number of parameters, given to a transformation itself -----------


@s2sgrad.custom_vjp
def product4(a, b, c, d):
    return a * b * c * d


product4.defvjp(
    lambda a, b, c, d: (a * b * c * d, (a, b, c, d)),
    lambda r, g: (
        g * r[1] * r[2] * r[3],
        g * r[0] * r[2] * r[3],
        g * r[0] * r[1] * r[3],
        g * r[0] * r[1] * r[2],
    ),
)


@primitive
def product5(a, b, c, d, e):
    return a * b * c * d * e


defvjp(
    product5,
    lambda ans, a, b, c, d, e: lambda g: g * b * c * d * e,
    lambda ans, a, b, c, d, e: lambda g: g * a * c * d * e,
    lambda ans, a, b, c, d, e: lambda g: g * a * b * d * e,
    lambda ans, a, b, c, d, e: lambda g: g * a * b * c * e,
    lambda ans, a, b, c, d, e: lambda g: g * a * b * c * d,
)


@pytest.mark.parametrize("fun", [product4, product5], ids=["custom_vjp", "autograd primitive"])
def test_a_custom_rule_of_four_or_more_parameters_is_differentiated_itself(fun):
    # before: "differentiated only through the functions that call it (or itself with up
    # to three positional parameters)", and "'product5' is a NumPy function called with 5
    # arguments" in the autograd layer
    args = (1.5, 2.0, -0.5, 3.0, 0.7)[: 4 if fun is product4 else 5]
    nums = tuple(range(len(args)))
    want = tuple(numerical_grad(lambda *a: fun(*a), args, i) for i in nums)
    assert_tree_close(s2sgrad.grad(fun, argnums=nums)(*args), want, rtol=1e-7)
    assert_tree_close(s2sgrad.value_and_grad(fun, argnums=nums)(*args)[1], want, rtol=1e-7)
    _, cotangents = s2sgrad.vjp(fun, args, 1.0)
    assert_tree_close(tuple(cotangents), want, rtol=1e-7)
    tangents = (1.0, -1.0, 0.5, 2.0, 0.3)[: len(args)]
    _, tangent = s2sgrad.jvp(fun, args, tangents)
    assert tangent == pytest.approx(sum(w * t for w, t in zip(want, tangents)), rel=1e-7)
    assert_tree_close(sg.grad(fun, 3)(*args), want[3], rtol=1e-7)
    _, tangent = sg.make_jvp(fun, 3)(*args)(1.0)
    assert tangent == pytest.approx(want[3], rel=1e-7)


# -- forward mode of a function with a custom VJP rule only: the rule's Jacobian ---------------
# JAX refuses jvp of a custom_vjp function and autograd make_jvp of a primitive without
# defjvp; s2sgrad differentiated the body instead, so that jvp and grad disagreed for a
# straight-through estimator (body np.round: derivative 0; rule: the identity). Forward
# mode of such a function now takes the Jacobian from the VJP (row i is bwd of the unit
# cotangent e_i), so it agrees with the rule, never the body; a second forward derivative
# through it is an error. Forward mode over a gradient differentiates the gradient's own
# code (fwd and bwd as written), as before.


@s2sgrad.custom_vjp
def straight_through(x):
    return np.round(x)


straight_through.defvjp(lambda x: (np.round(x), None), lambda _, g: (g,))


@primitive
def rounded(x):
    return np.round(x)


defvjp(rounded, lambda ans, x: lambda g: g)


@s2sgrad.custom_vjp
def clipped_sq(x, w):
    return np.minimum(x * w, 1.0) ** 2  # the rule ignores the clip: a surrogate gradient


clipped_sq.defvjp(
    lambda x, w: (np.minimum(x * w, 1.0) ** 2, (x, w)),
    lambda r, g: (2.0 * g * r[0] * r[1] ** 2, np.sum(2.0 * g * r[0] ** 2 * r[1])),
)


def ste_loss(x):
    return np.sum(straight_through(x) * x)


def rounded_loss(x):
    return np.sum(rounded(x) * x)


def surrogate_loss(x, w):
    return np.sum(np.sin(clipped_sq(x, w)))


XS = np.array([0.4, 1.6, -0.7])


@pytest.mark.parametrize("loss", [ste_loss, rounded_loss], ids=["custom_vjp", "primitive"])
def test_forward_mode_agrees_with_the_rule_not_the_body(loss):
    g = s2sgrad.grad(loss)(XS)
    assert_tree_close(g, np.round(XS) + XS)  # the rule's: round(x) + x * 1
    v = np.array([1.0, -2.0, 0.5])
    _, tangent = s2sgrad.jvp(loss, (XS,), (v,))
    assert tangent == pytest.approx(float(g @ v), rel=1e-12)  # 2.0 (the body's) before
    _, tangent = sg.make_jvp(loss)(XS)(v)
    assert tangent == pytest.approx(float(g @ v), rel=1e-12)
    # the Hessian is forward mode over the gradient's code, round(x) + x (README: a rule
    # need not be a derivative, so no reverse over reverse): its derivative is I, where
    # autograd's reverse over reverse through the rule gives 2 I
    assert_tree_close(s2sgrad.hessian(loss)(XS), np.eye(3))
    assert_tree_close(sg.hessian(loss)(XS), np.eye(3))


@pytest.mark.parametrize("fun", [straight_through, rounded], ids=["custom_vjp", "primitive"])
def test_jacfwd_and_jacrev_of_the_rule_itself_agree(fun):
    assert_tree_close(s2sgrad.jacfwd(fun)(XS), np.eye(3))
    assert_tree_close(s2sgrad.jacrev(fun)(XS), np.eye(3))
    assert_tree_close(sg.jacobian(fun)(XS), np.eye(3))


def test_forward_mode_of_a_two_argument_surrogate_rule_is_its_jacobian():
    x, w = np.array([0.3, 0.9, 1.4]), 1.1
    gx, gw = s2sgrad.grad(surrogate_loss, argnums=(0, 1))(x, w)
    v = np.array([0.5, -1.0, 2.0])
    _, tangent = s2sgrad.jvp(surrogate_loss, (x, w), (v, 0.7))
    assert tangent == pytest.approx(float(gx @ v + gw * 0.7), rel=1e-12)
    # and where the rule is the true derivative (below the clip) both are finite differences
    small = np.array([0.1, 0.2, 0.3])
    want = numerical_grad(surrogate_loss, (small, w), 0)
    _, tangent = s2sgrad.jvp(surrogate_loss, (small, w), (v, 0.0))
    assert tangent == pytest.approx(float(want @ v), rel=1e-6)


def test_a_second_forward_derivative_over_a_vjp_only_rule_is_an_error_at_the_call():
    call = lambda: s2sgrad.jacfwd(s2sgrad.jacfwd(straight_through))(XS)  # noqa: E731
    with pytest.raises(NotImplementedError) as info:
        call()
    assert isinstance(info.value, NonDifferentiableError)
    assert_at_line(info.value, call.__code__.co_firstlineno, "second forward-mode derivative")
    assert ".defjvp" in info.value.hint


def test_a_forward_rule_given_with_defjvp_is_the_one_used():
    @primitive
    def halved(x):
        return np.round(x)

    defvjp(halved, lambda ans, x: lambda g: g)
    defjvp(halved, lambda g, ans, x: 0.5 * g)  # deliberately unlike the VJP: it is used
    _, tangent = s2sgrad.jvp(lambda x: np.sum(halved(x)), (XS,), (np.ones(3),))
    assert tangent == pytest.approx(1.5)


# -- outputs of the wrong kind: the return line and the calling line -----------------------


def doubled(x):
    return x * 2.0


def triple_out(x):
    return x * 2.0, x, x


@pytest.mark.parametrize("fun, what", [(doubled, "returned a float64"), (triple_out, "tuple of 3")])
def test_grad_and_aux_of_a_function_not_returning_a_pair_names_both_lines(fun, what):
    # a plain TypeError without a line before
    call = lambda: sg.grad_and_aux(fun)(1.5)  # noqa: E731
    with pytest.raises(TypeError) as info:
        call()
    assert isinstance(info.value, s2sgrad.ArgumentTypeError)
    assert_at_line(info.value, call.__code__.co_firstlineno, what)
    assert f"(at {__file__}:{line_of(fun, 'return')}: return x * 2.0" in str(info.value)


@pytest.mark.parametrize(
    "call_of",
    [
        lambda: s2sgrad.grad(doubled)(np.ones(3)),
        lambda: s2sgrad.value_and_grad(doubled)(np.ones(3)),
        lambda: sg.grad(doubled)(np.ones(3)),
    ],
    ids=["grad", "value_and_grad", "autograd grad"],
)
def test_a_nonscalar_output_names_the_return_line_and_the_calling_line(call_of):
    with pytest.raises(ValueError) as info:
        call_of()
    message = str(info.value)
    assert "must return a scalar" in message
    assert f"{__file__}:{line_of(doubled, 'return')}" in message
    assert f"the derivative is called at {__file__}:{call_of.__code__.co_firstlineno}:" in message
