"""Transformations called inside a differentiated function (s2sgrad/nested.py): grad,
value_and_grad, autograd's elementwise_grad and jvp nested in functions that grad,
value_and_grad, jvp and hessian differentiate, against autograd (the same program written
with autograd's transformations) and central finite differences."""

import autograd
import autograd.numpy as anp
import numpy as onp
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
import s2sgrad.compat.autograd as cag
from s2sgrad import UnsupportedSyntaxError


def _autograd_jvp(f, primals, tangents):
    """autograd's jvp in s2sgrad's signature (tangents of every primal)."""

    def along(eps):
        return f(*[p + eps * t for p, t in zip(primals, tangents)])

    return f(*primals), autograd.make_jvp(along)(0.0)(1.0)[1]


def programs(np, grad, value_and_grad, jvp, elementwise_grad=None):
    """Functions with a nested derivative, written once for each library."""

    def poly(x):
        return np.sin(x) * x**2

    def loopy(x, n):
        s = 0.0
        for i in range(n):
            if i % 2 == 0:
                s = s + np.sin(x * i)
            else:
                s = s + x**2 * np.cos(s)
        return s

    def inner_loss(w, x):
        return np.sum(np.tanh(x @ w) ** 2)

    def two(a, b):
        return np.sum(a * b**2) + np.sum(np.cos(a * b))

    def branchy(x):
        if np.sum(x) > 0.0:
            return np.sum(np.exp(x) * x)
        return np.sum(x**3)

    def while_inner(x):
        y = x
        k = 0
        while k < 3:
            y = np.sin(y) + x
            k = k + 1
        return np.sum(y * y)

    def tree_inner(p):
        return np.sum(np.sin(p["a"]) * p["b"] ** 2)

    def helper(z):
        return np.exp(z) * np.sin(z)

    def calls_helper(z):
        return np.sum(helper(z) ** 2)

    def data_loss(w, x):
        return np.sum((x * w - 1.0) ** 2 * np.cos(x))

    def tree(w):
        g = grad(tree_inner)({"a": w, "b": w * 2.0})
        return np.sum(g["a"] * g["b"])

    def inner_calls(w):
        return np.sum(grad(calls_helper)(w) ** 2)

    def through_data(x, w):
        w2 = w - 0.3 * grad(data_loss)(w, x)  # the outer takes the data's gradient
        return data_loss(w2, x)

    def scaled(x, scale=2.0):
        return np.sum(np.sin(x * scale) * x)

    def in_branch(x):
        if np.sum(x) > 0:
            g = grad(scaled)(x, scale=3.0)  # a keyword argument of the inner function
        else:
            g = grad(scaled)(x)
        return np.sum(g * g)

    def descent_with_break(x):
        k = 0
        while k < 4:
            x = x - 0.1 * grad(scaled)(x)
            if np.sum(x) < -10.0:
                break
            k = k + 1
        return np.sum(x**2)

    def in_comprehension(x):
        gs = [grad(scaled)(x * c) for c in (1.0, 2.0)]
        return np.sum(gs[0] * gs[1])

    def local_with_default(x):
        def local(y, s=0.5):
            return np.sum(np.cos(y * s) * x)

        return np.sum(grad(local)(x * 2.0))

    def square_of_grad(x):
        return grad(poly)(x) ** 2

    def loop_grad(x):
        return grad(loopy)(x, 5) * x

    def maml(w, x):
        w2 = w - 0.1 * grad(inner_loss)(w, x)
        return inner_loss(w2, x)

    def maml_two_steps(w, x):
        for _ in range(2):
            w = w - 0.05 * grad(inner_loss)(w, x)
        return inner_loss(w, x) + np.sum(w * w)

    def both_args(a, b):
        ga, gb = grad(two, (0, 1))(a, b)
        return np.sum(ga * gb) + np.sum(np.sin(ga))

    def second_arg(a, b):
        return np.sum(grad(two, 1)(a, b) ** 2) * np.sum(a)

    def with_value(a, b):
        v, g = value_and_grad(two, 1)(a, b)
        return v * np.sum(g**2)

    def closure(y):
        return grad(lambda x: x * y * x)(1.5)

    def closure_array(y):
        return np.sum(grad(lambda x: np.sum(np.sin(x * y)))(np.array([1.0, 2.0])))

    def closure_def(w):
        c = np.sum(w)

        def local(x):
            return np.sum(np.tanh(x * c) * w)

        return np.sum(grad(local)(w * 0.5) * w)

    def branch_inner(x):
        return np.sum(grad(branchy)(x) * x)

    def while_grad(x):
        return np.sum(np.cos(grad(while_inner)(x)))

    def nested_in_loop(x):
        total = 0.0
        for k in range(3):
            step = grad(lambda z, s: np.sum(np.sin(z * s)) * s)(x * (k + 1.0), total + 0.5)
            total = total + np.sum(step * x)
        return total

    def jvp_sum(w):
        return np.sum(jvp(poly, (w,), (w * 0.0 + 1.5,))[1])

    def jvp_both(w):
        y, t = jvp(poly, (w,), (np.sin(w),))
        return np.sum(y * t)

    def jvp_closure(s):
        y, t = jvp(lambda w: np.sin(w * s), (np.array([0.2, 0.4, 1.0]),), (np.ones(3),))
        return np.sum(t**2 + y)

    cases = {
        "square_of_grad": (square_of_grad, (0.7,)),
        "loop_grad": (loop_grad, (0.3,)),
        "maml": (maml, (onp.full(3, 0.3), onp.arange(6.0).reshape(2, 3) / 5)),
        "maml_two_steps": (
            maml_two_steps,
            (onp.array([0.3, -0.2, 0.5]), onp.arange(6.0).reshape(2, 3) / 5),
        ),
        "both_args": (both_args, (onp.array([0.1, 0.5]), onp.array([1.2, -0.3]))),
        "second_arg": (second_arg, (onp.array([0.1, 0.5]), onp.array([1.2, -0.3]))),
        "with_value": (with_value, (onp.array([0.1, 0.5]), onp.array([1.2, -0.3]))),
        "closure": (closure, (2.0,)),
        "closure_array": (closure_array, (0.4,)),
        "closure_def": (closure_def, (onp.array([0.3, -0.6, 0.9]),)),
        "branch_inner": (branch_inner, (onp.array([0.3, -0.1, 0.4]),)),
        "branch_inner_other_side": (branch_inner, (onp.array([-0.3, -0.1, 0.2]),)),
        "while_grad": (while_grad, (onp.array([0.3, -0.1, 0.4]),)),
        "nested_in_loop": (nested_in_loop, (onp.array([0.3, 0.8]),)),
        "jvp_sum": (jvp_sum, (onp.array([0.5, 1.0, -0.2]),)),
        "jvp_both": (jvp_both, (onp.array([0.5, 1.0, -0.2]),)),
        "jvp_closure": (jvp_closure, (0.7,)),
        "tree": (tree, (onp.array([0.3, -0.7, 1.1]),)),
        "in_branch": (in_branch, (onp.array([0.3, 0.2]),)),
        "in_other_branch": (in_branch, (onp.array([-0.3, -0.2]),)),
        "descent_with_break": (descent_with_break, (onp.array([0.3, 0.2]),)),
        "in_comprehension": (in_comprehension, (onp.array([0.3, -0.2]),)),
        "local_with_default": (local_with_default, (onp.array([0.3, -0.2]),)),
        "inner_calls": (inner_calls, (onp.array([0.3, -0.7, 1.1]),)),
        "through_data": (through_data, (onp.array([0.3, -0.7, 1.1]), onp.array([0.1, 0.2, -0.4]))),
    }
    if elementwise_grad is not None:

        def ew(x):
            return np.sum(elementwise_grad(poly)(x) ** 2)

        def ew_ew(x):
            return np.sum(elementwise_grad(lambda z: elementwise_grad(poly)(z))(x) * x)

        cases["elementwise_grad"] = (ew, (onp.array([0.3, 0.9, -1.2]),))
        cases["elementwise_grad_of_elementwise_grad"] = (ew_ew, (onp.array([0.3, 0.9]),))
    return cases


OURS = programs(onp, s2sgrad.grad, s2sgrad.value_and_grad, s2sgrad.jvp)
COMPAT = programs(onp, cag.grad, cag.value_and_grad, s2sgrad.jvp, cag.elementwise_grad)
ORACLE = programs(
    anp, autograd.grad, autograd.value_and_grad, _autograd_jvp, autograd.elementwise_grad
)
CASES = sorted(OURS)
COMPAT_CASES = sorted(COMPAT)


def _argnums(args):
    return tuple(range(len(args))) if len(args) > 1 else 0


@pytest.mark.parametrize("case", CASES)
def test_grad_of_a_nested_derivative(case):
    fun, args = OURS[case]
    nums = _argnums(args)
    expected = autograd.grad(ORACLE[case][0], nums)(*args)
    assert_tree_close(s2sgrad.grad(fun, argnums=nums)(*args), expected, rtol=1e-9, atol=1e-10)
    check_grads(fun, *args, argnums=nums, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", COMPAT_CASES)
def test_autograd_programs_switched_to_compat(case):
    fun, args = COMPAT[case]
    nums = _argnums(args)
    expected = autograd.grad(ORACLE[case][0], nums)(*args)
    assert_tree_close(cag.grad(fun, nums)(*args), expected, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("case", CASES)
def test_value_and_grad_of_a_nested_derivative(case):
    fun, args = OURS[case]
    value, g = s2sgrad.value_and_grad(fun)(*args)
    ref_value, ref = autograd.value_and_grad(ORACLE[case][0])(*args)
    assert onp.isclose(value, ref_value)
    assert_tree_close(g, ref, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("case", CASES)
def test_jvp_of_a_nested_derivative(case):
    fun, args = OURS[case]
    r = onp.random.default_rng(len(case))
    tangents = tuple(
        r.normal(size=onp.shape(a)) if onp.ndim(a) else float(r.normal()) for a in args
    )
    out, dot = s2sgrad.jvp(fun, args, tangents)
    ref_out, ref_dot = _autograd_jvp(ORACLE[case][0], args, tangents)
    assert onp.isclose(out, ref_out)
    assert onp.isclose(dot, ref_dot, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c not in ("nested_in_loop", "maml_two_steps")]
)
def test_hessian_of_a_nested_derivative(case):
    """Third derivatives of the inner function: forward over forward over its gradient."""
    fun, args = OURS[case]
    expected = autograd.hessian(ORACLE[case][0])(*args)
    assert_tree_close(s2sgrad.hessian(fun)(*args), expected, rtol=1e-8, atol=1e-9)


def test_grad_of_grad_of_an_outer_with_a_nested_grad():
    fun, args = OURS["square_of_grad"]
    expected = autograd.grad(autograd.grad(ORACLE["square_of_grad"][0]))(*args)
    assert onp.isclose(s2sgrad.grad(s2sgrad.grad(fun))(*args), expected, rtol=1e-9)


def _aux(w, x):
    h = onp.tanh(x * w)
    return onp.sum(h**2), h


def _value_with_aux(w):
    (loss, h), g = s2sgrad.value_and_grad(_aux)(w, 0.5)
    return loss * onp.sum(h) + onp.sum(g**2)


def _grad_with_aux(w):
    return onp.sum(s2sgrad.grad(_aux)(w, 0.5) * w)


@pytest.mark.parametrize("fun", [_value_with_aux, _grad_with_aux])
def test_nested_derivative_of_a_function_with_auxiliary_output(fun):
    """autograd has no auxiliary outputs: finite differences, of the Hessian too."""
    w = onp.array([0.3, -0.7, 1.1])
    check_grads(fun, w, rtol=1e-6)
    rows = [numerical_grad(lambda v, i=i: s2sgrad.grad(fun)(v)[i], (w,), 0) for i in range(3)]
    assert_tree_close(s2sgrad.hessian(fun)(w), onp.array(rows), rtol=1e-5, atol=1e-6)


def test_perturbation_confusion():
    """d/dx (x * d/dy (x + y)) at x = 1 is 1 (2 when the inner derivative's perturbation
    is confused with the outer one's); the inner function closes over x."""

    def f(x):
        return x * s2sgrad.grad(lambda y: x + y)(1.0)

    assert s2sgrad.grad(f)(1.0) == 1.0
    assert s2sgrad.jvp(f, (1.0,), (1.0,))[1] == 1.0

    def g(y):
        return s2sgrad.grad(lambda x: x * y)(1.0)  # d/dy of y: 1

    assert s2sgrad.grad(g)(2.0) == 1.0
    assert s2sgrad.grad(lambda y: s2sgrad.grad(lambda x: x * x * y)(3.0))(2.0) == 6.0


def test_the_generated_code_calls_the_inner_gradient():
    fun, args = OURS["maml"]
    text = s2sgrad.grad(fun).source_for(*args)
    assert "inner_loss_grad_w(w, x)" in text
    assert "grad_adjoint(inner_loss_grad_w" in text
    assert text == s2sgrad.grad(fun).source_for(*args)


# -- top-level compositions ------------------------------------------------------------------


def _cubic(x):
    return onp.sin(x) * x**3 + onp.exp(0.5 * x)


def _acubic(x):
    return anp.sin(x) * x**3 + anp.exp(0.5 * x)


@pytest.mark.parametrize("x", [0.3, -1.1, 2.0])
def test_repeated_grad_of_a_scalar_function(x):
    g = s2sgrad.grad
    assert onp.isclose(g(g(_cubic))(x), autograd.grad(autograd.grad(_acubic))(x))
    assert onp.isclose(g(g(g(_cubic)))(x), autograd.grad(autograd.grad(autograd.grad(_acubic)))(x))
    assert onp.isclose(cag.grad(cag.grad(_cubic))(x), autograd.grad(autograd.grad(_acubic))(x))


def test_elementwise_grad_of_elementwise_grad_at_the_top():
    x = onp.array([0.3, -1.1, 2.0])
    ours = cag.elementwise_grad(cag.elementwise_grad(_cubic))(x)
    ref = autograd.elementwise_grad(autograd.elementwise_grad(_acubic))(x)
    assert_tree_close(ours, ref, rtol=1e-10)


def _two(x, y):
    return onp.sum(onp.sin(x) * y**2) + onp.prod(x)


def _atwo(x, y):
    return anp.sum(anp.sin(x) * y**2) + anp.prod(x)


X, Y = onp.array([0.3, 0.7, 1.1]), onp.array([1.0, -0.5, 2.0])


def test_hessian_by_reverse_over_reverse():
    """jacrev of a gradient: vjp of grad(f) is forward over reverse by symmetry."""
    assert_tree_close(
        s2sgrad.jacrev(s2sgrad.grad(_two))(X, Y), autograd.hessian(_atwo)(X, Y), rtol=1e-10
    )
    assert_tree_close(
        s2sgrad.jacrev(s2sgrad.grad(_two), 1)(X, Y),
        autograd.jacobian(autograd.grad(_atwo), 1)(X, Y),
        rtol=1e-10,
    )
    assert_tree_close(
        s2sgrad.jacrev(s2sgrad.grad(_two, argnums=1), 0)(X, Y),
        autograd.jacobian(autograd.grad(_atwo, 1), 0)(X, Y),
        rtol=1e-10,
    )
    assert_tree_close(cag.jacobian(cag.grad(_two))(X, Y), autograd.hessian(_atwo)(X, Y), rtol=1e-10)


def test_jacrev_of_a_gradient_of_one_argument():
    x = onp.array([0.3 + 0.0, -1.1, 2.0])
    assert_tree_close(
        s2sgrad.jacrev(s2sgrad.grad(lambda v: onp.sum(_cubic(v))))(x),
        autograd.hessian(lambda v: anp.sum(_acubic(v)))(x),
        rtol=1e-10,
    )
    assert onp.isclose(
        s2sgrad.jacrev(s2sgrad.grad(_cubic))(0.4), autograd.grad(autograd.grad(_acubic))(0.4)
    )
    z = onp.array([0.3 + 0.2j, -0.5 + 1.0j])
    ct = onp.array([1.0 + 0.5j, 2.0])

    def complex_loss(z):
        return onp.sum(onp.abs(z) ** 2 * onp.real(z) + onp.imag(z * z))

    def acomplex_loss(z):
        return anp.sum(anp.abs(z) ** 2 * anp.real(z) + anp.imag(z * z))

    value, (cz,) = s2sgrad.vjp(s2sgrad.grad(complex_loss), (z,), ct)
    assert_tree_close(cz, autograd.make_vjp(autograd.grad(acomplex_loss))(z)[0](ct))
    outer = lambda z: onp.sum(onp.abs(s2sgrad.grad(complex_loss)(z)) ** 2)  # noqa: E731
    aouter = lambda z: anp.sum(anp.abs(autograd.grad(acomplex_loss)(z)) ** 2)  # noqa: E731
    assert_tree_close(s2sgrad.grad(outer)(z), autograd.grad(aouter)(z), rtol=1e-10)


def test_vjp_of_a_gradient_in_several_arguments():
    ct = (onp.array([1.0, 0.5, -2.0]), onp.array([0.3, 0.0, 1.0]))
    value, (cx, cy) = s2sgrad.vjp(s2sgrad.grad(_two, argnums=(0, 1)), (X, Y), ct)
    assert_tree_close(value, autograd.grad(_atwo, (0, 1))(X, Y))

    def contracted(x, y):
        gx, gy = autograd.grad(_atwo, (0, 1))(x, y)
        return anp.sum(gx * ct[0]) + anp.sum(gy * ct[1])

    assert_tree_close((cx, cy), autograd.grad(contracted, (0, 1))(X, Y), rtol=1e-10)
    assert_tree_close(
        cx,
        numerical_grad(
            lambda x: (
                onp.sum(s2sgrad.grad(_two, argnums=(0, 1))(x, Y)[0] * ct[0])
                + onp.sum(s2sgrad.grad(_two, argnums=(0, 1))(x, Y)[1] * ct[1])
            ),
            (X,),
            0,
        ),
        rtol=1e-5,
        atol=1e-6,
    )


# -- what stays an error, at the user's line -------------------------------------------------


def _nested_hvp(x):
    return onp.sum(s2sgrad.hvp(_cubic, (x,), (1.0,)))  # rejected


def _nested_vjp(x):
    return onp.sum(s2sgrad.vjp(_cubic, (x,), 1.0)[1][0])  # rejected


def _nested_tuple_jacobian(x):
    return onp.sum(s2sgrad.jacfwd(_two, (0, 1))(x, x)[0])  # rejected


def _bound_gradient(x):
    dcubic = s2sgrad.grad(_cubic)  # rejected: read as a value, not only called
    derivatives = [dcubic]
    return derivatives[0](x)


def _computed_argnums(x, k):
    return s2sgrad.grad(_two, argnums=k)(x, x)  # rejected


def _grad_of_a_gradient_inside(x):
    return s2sgrad.grad(s2sgrad.grad(_cubic))(x) * x


def _unknown_function(x, fs):
    return s2sgrad.grad(fs[0])(x)  # rejected


@pytest.mark.parametrize(
    "fun,args,words",
    [
        (_nested_hvp, (0.5,), "nested derivative"),
        (_nested_vjp, (0.5,), "nested derivative"),
        (_nested_tuple_jacobian, (X,), "must be an int"),
        (_bound_gradient, (0.5,), "can only be called where it is made"),
        (_computed_argnums, (X, 1), "must be written as a number"),
        (_unknown_function, (0.5, [_cubic]), "must be a function known when transforming"),
    ],
)
def test_unsupported_nesting_is_an_error_at_the_users_line(fun, args, words):
    import inspect

    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(fun)(*args)
    lines, start = inspect.getsourcelines(fun)
    line = start + next(i for i, t in enumerate(lines) if "# rejected" in t)
    assert f"test_nested.py:{line}:" in str(info.value)
    assert words in str(info.value)


def test_grad_of_a_gradient_written_inline_is_called_as_a_lambda():
    # grad(grad(f))(x) inside: the inner derivative is the lambda x: grad(f)(x)
    x = 0.5
    g = s2sgrad.grad(_grad_of_a_gradient_inside)(x)
    assert onp.isclose(g, numerical_grad(_grad_of_a_gradient_inside, (x,), 0), rtol=1e-6)
    second = s2sgrad.grad(s2sgrad.grad(_cubic))
    assert onp.isclose(g, s2sgrad.grad(second)(x) * x + second(x))


def test_emit_of_a_nested_derivative_is_an_error(tmp_path):
    from s2sgrad import TransformError

    with pytest.raises(TransformError, match="nested derivative"):
        s2sgrad.emit(_nested_in_module, str(tmp_path / "out.py"))


def _nested_in_module(w):
    return onp.sum(s2sgrad.grad(_cubic)(w) * w)


def _int_argument(x):
    return s2sgrad.grad(lambda n, y: n * y, argnums=0)(3, x)


def test_a_nested_gradient_in_an_integer_is_an_error():
    with pytest.raises(s2sgrad.GradientArgumentError, match="integer"):
        s2sgrad.grad(_int_argument)(0.5)


def _poly3(x, y):
    return onp.sum(onp.sin(x) * x**2 * y)


def _apoly3(x, y):
    return anp.sum(anp.sin(x) * x**2 * y)


DPOLY = s2sgrad.grad(_poly3)
DPOLY_BOTH = s2sgrad.value_and_grad(_poly3, argnums=(0, 1))
CDPOLY = cag.grad(_poly3, 1)
ADPOLY = autograd.grad(_apoly3)
ADPOLY_BOTH = autograd.value_and_grad(_apoly3, (0, 1))
ACDPOLY = autograd.grad(_apoly3, 1)


def _uses_module_derivatives(x):
    v, (gx, gy) = DPOLY_BOTH(x, 1.5)
    return onp.sum(DPOLY(x, 2.0) ** 2) + v * onp.sum(gx) + gy * onp.sum(CDPOLY(x, 0.5))


def _uses_module_derivatives_autograd(x):
    v, (gx, gy) = ADPOLY_BOTH(x, 1.5)
    return anp.sum(ADPOLY(x, 2.0) ** 2) + v * anp.sum(gx) + gy * anp.sum(ACDPOLY(x, 0.5))


def test_derivatives_made_at_module_level_and_called_inside():
    """``DF = grad(f)`` at module level, ``DF(x)`` inside: the nested grad(f)(x)."""
    x = onp.array([0.3, -0.7, 1.1])
    ref = autograd.grad(_uses_module_derivatives_autograd)(x)
    assert_tree_close(s2sgrad.grad(_uses_module_derivatives)(x), ref, rtol=1e-9)
    assert_tree_close(
        s2sgrad.hessian(_uses_module_derivatives)(x),
        autograd.hessian(_uses_module_derivatives_autograd)(x),
        rtol=1e-8,
    )


@s2sgrad.custom_vjp
def _clipped_sin(x):
    return onp.sin(x)


_clipped_sin.defvjp(lambda x: (onp.sin(x), x), lambda x, g: (onp.clip(g * onp.cos(x), -0.5, 0.5),))


def _with_rule(x):
    return onp.sum(_clipped_sin(x) * x)


def _outer_of_rule(x):
    return onp.sum(s2sgrad.grad(_with_rule)(x) ** 2)  # rejected


def test_reverse_over_reverse_through_a_custom_rule_is_an_error():
    """A custom backward need not be a derivative: no symmetry, so no forward-over-reverse
    adjoint; forward mode over the rule's backward is still right."""
    import inspect

    x = onp.array([0.3, 0.5])
    with pytest.raises(UnsupportedSyntaxError, match="custom_vjp") as info:
        s2sgrad.grad(_outer_of_rule)(x)
    lines, start = inspect.getsourcelines(_outer_of_rule)
    assert f"test_nested.py:{start + 1}:" in str(info.value)
    with pytest.raises(s2sgrad.TransformError, match="custom_vjp"):
        s2sgrad.vjp(s2sgrad.grad(_with_rule), (x,), onp.ones(2))

    def backward_as_written(x):  # the gradient of _with_rule, through the rule
        return onp.clip(x * onp.cos(x), -0.5, 0.5) + onp.sin(x)

    def outer_as_written(x):
        return onp.sum(backward_as_written(x) ** 2)

    v = onp.array([1.0, -0.5])
    assert onp.isclose(
        s2sgrad.jvp(_outer_of_rule, (x,), (v,))[1], s2sgrad.jvp(outer_as_written, (x,), (v,))[1]
    )


def _through_stop_gradient(w):
    inner = s2sgrad.grad(lambda v: onp.sum(v * s2sgrad.stop_gradient(v) * w))(w * 2.0)
    return onp.sum(inner)


def test_stop_gradient_inside_a_nested_gradient_stops_at_every_order():
    """The inner gradient is stop(v) * w with v = 2w: only the explicit w moves (JAX's
    semantics), in both modes; the gradient 2w is stop(v), so the Hessian is zero."""
    w = onp.array([0.3, -0.4, 0.9])
    assert_tree_close(s2sgrad.grad(_through_stop_gradient)(w), 2.0 * w)
    assert onp.isclose(
        s2sgrad.jvp(_through_stop_gradient, (w,), (onp.ones(3),))[1], onp.sum(2.0 * w)
    )
    assert_tree_close(s2sgrad.hessian(_through_stop_gradient)(w), onp.zeros((3, 3)))


def jacobian_programs(np, jac, hess):
    """Jacobians and Hessians called inside a differentiated function (reverse mode)."""

    def vector(x):
        return np.sin(x) * np.sum(x**2)

    def energy(x):
        return np.sum(np.sin(x) * x**3) + np.sum(x[:-1] * x[1:]) ** 2

    def jac_norm(x):
        return np.sum(jac(vector)(x) ** 2)

    def hess_trace(x):
        return np.sum(hess(energy)(x) * x)

    def jac_closure(s):
        return np.sum(jac(lambda x: np.tanh(x * s))(np.array([0.2, 0.5])) ** 2)

    def hess_closure(s):
        return np.sum(hess(lambda x: np.sum(np.sin(x * s) * x))(np.array([0.2, 0.5, 1.0])))

    def scalar_jac(x):
        return jac(lambda t: np.sin(t) * t**2)(x[0]) * x[1]

    x = onp.array([0.3, -0.4, 0.9])
    return {
        "jac_norm": (jac_norm, x),
        "hess_trace": (hess_trace, x),
        "jac_closure": (jac_closure, 0.7),
        "hess_closure": (hess_closure, 0.7),
        "scalar_jac": (scalar_jac, x),
    }


JAC_ORACLE = jacobian_programs(anp, autograd.jacobian, autograd.hessian)


@pytest.mark.parametrize(
    "jac,hess",
    [
        (s2sgrad.jacfwd, s2sgrad.hessian),
        (s2sgrad.jacrev, s2sgrad.hessian),
        (cag.jacobian, cag.hessian),
    ],
    ids=["jacfwd", "jacrev", "compat"],
)
@pytest.mark.parametrize("case", sorted(JAC_ORACLE))
def test_grad_of_a_nested_jacobian_or_hessian(jac, hess, case):
    fun, x = jacobian_programs(onp, jac, hess)[case]
    assert_tree_close(
        s2sgrad.grad(fun)(x), autograd.grad(JAC_ORACLE[case][0])(x), rtol=1e-9, atol=1e-10
    )


def _jacobian_inside(x):
    return onp.sum(s2sgrad.jacfwd(onp.sin)(x))


def _hessian_inside(x):
    return onp.sum(s2sgrad.hessian(_cubic)(x) * x)  # rejected


def test_a_nested_jacobian_in_forward_mode_is_an_error_at_the_users_line():
    import inspect

    with pytest.raises(UnsupportedSyntaxError, match="reverse mode only") as info:
        s2sgrad.jvp(_hessian_inside, (0.5,), (1.0,))
    lines, start = inspect.getsourcelines(_hessian_inside)
    assert f"test_nested.py:{start + 1}:" in str(info.value)
    with pytest.raises(s2sgrad.TransformError, match="reverse mode only"):
        s2sgrad.hessian(_hessian_inside)(0.5)  # forward over its gradient: an error too
    assert onp.isclose(
        s2sgrad.grad(_hessian_inside)(0.5),
        autograd.grad(lambda x: autograd.hessian(_acubic)(x) * x)(0.5),
    )


def _complex_jacobian_inside(z):
    return onp.real(onp.sum(s2sgrad.jacfwd(lambda v: v * v)(z)))


def test_a_nested_jacobian_of_complex_values_is_an_error():
    with pytest.raises(s2sgrad.GradientArgumentError, match="real arrays"):
        s2sgrad.grad(_complex_jacobian_inside)(onp.array([0.3 + 0.1j, 0.2]))


def _flat_slope(x):
    return onp.floor(x) + 2.0 * x  # a constant slope: its own derivative is the zero 0.0


def _star_outer(w, *args):
    return w * s2sgrad.grad(_flat_slope)(*args)


def _star_outer_kw(w, **kw):
    return w * s2sgrad.grad(_flat_slope)(kw["x"]) + kw["y"] ** 2


def test_a_zero_gradient_of_star_args_items():
    # the nested gradient's derivative is zero: the items of *args / **kwargs get 0.0
    assert s2sgrad.grad(_star_outer, argnums=(0, 1))(1.5, 0.3) == (2.0, 0.0)
    assert s2sgrad.grad(_star_outer, argnums=1)(1.5, 0.3) == 0.0
    out, dot = s2sgrad.jvp(s2sgrad.grad(_star_outer, argnums=(1,)), (1.5, 0.3), (None, 1.0))
    assert out == (0.0,) and dot == (0.0,)
    assert s2sgrad.grad(_star_outer_kw, argnames="x")(1.5, x=0.3, y=1.0) == (None, {"x": 0.0})
