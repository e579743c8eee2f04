"""try/except/else/finally in differentiated code (normalize.tries, reverse.tries): the
primal sweep runs the body in a try and records which path ran and how far the body got;
the adjoint sweep runs the adjoints of exactly the statements that completed, then those
of the path taken. Each form in reverse and forward mode, against finite differences and
autograd (which runs try/except natively), on both paths, including an exception raised
midway through the body after earlier statements assigned differentiated values.
"""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import numerical_grad

import s2sgrad
from s2sgrad import TransformError, UnsupportedSyntaxError

autograd = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402


def programs(npm):
    """Functions of one array ``x`` with try statements, for NumPy or autograd (``npm``)."""

    def checked_log(v):
        if npm.any(v <= 0.0):
            raise ValueError("log of a non-positive value")
        return npm.log(v)

    def one_type(x):
        try:
            a = x * 2.0  # assigned before the statement that raises
            b = checked_log(a) * x
            c = npm.sum(b**2)
        except ValueError:
            c = npm.sum(a * x) + 1.0
        return c + npm.sum(npm.sin(x))

    def tuple_of_types(x):
        total = npm.sum(x**2)
        try:
            scale = 1.0 / total if total < 10.0 else npm.sqrt(total)
            r = checked_log(x * scale)
            y = npm.sum(r * x)
        except (ValueError, ZeroDivisionError):
            y = npm.sum(npm.cos(x)) * total
        return y

    def cholesky_retry(x):
        K = npm.outer(x, x) + npm.diag(x - 1.0)
        try:
            L = npm.linalg.cholesky(K)
        except npm.linalg.LinAlgError:
            L = npm.linalg.cholesky(K + (npm.abs(npm.min(x)) + 3.0) * npm.eye(3))
        return npm.sum(L**2) + npm.sum(npm.diag(L))

    def else_and_finally(x):
        out = x[0]
        try:
            h = npm.tanh(x) * out
            r = checked_log(h)
        except ValueError:
            out = out * 3.0
            w = npm.sum(h)
        else:
            w = npm.sum(r * r)
        finally:
            out = out + npm.sum(x**3)
        return out * w

    def named_exception(x):
        try:
            y = checked_log(x)
            msg = ""
        except ValueError as e:
            msg = str(e)
            y = x * len(msg) * 0.01
        return npm.sum(y * x)

    def returns_inside(x):
        try:
            a = x * x
            r = checked_log(a - 1.0)
            return npm.sum(r)
        except ValueError:
            if x[0] > 0:
                return npm.sum(a * 2.0)
            b = npm.exp(x)
        return npm.sum(b * a)

    def if_in_body(x):
        s = npm.sum(x)
        try:
            if s > 0:
                t = npm.sin(x) * s
                u = checked_log(t)
            else:
                t = npm.cos(x)
                u = t * t
            v = npm.sum(u * x)
        except ValueError:
            v = npm.sum(t) * s
        return v

    def line_search(x):
        step = 1.0
        y = x
        for i in range(4):
            try:
                trial = y - step * npm.sin(y)
                value = npm.sum(checked_log(trial))
                y = trial + 1e-3 * value
            except ValueError:
                step = step * 0.5
                y = y * 0.9
        return npm.sum(y**2)

    return {
        "one_type": one_type,
        "tuple_of_types": tuple_of_types,
        "cholesky_retry": cholesky_retry,
        "else_and_finally": else_and_finally,
        "named_exception": named_exception,
        "returns_inside": returns_inside,
        "if_in_body": if_in_body,
        "line_search": line_search,
        "else_path_of_if": if_in_body,
    }


# each program at a point where the body completes and one where it raises midway
POINTS = {
    "one_type": ([0.5, 1.2, 0.8], [0.5, -1.2, 0.8]),
    "tuple_of_types": ([0.5, 1.2, 0.8], [0.5, -1.2, 0.8]),
    "cholesky_retry": ([2.0, 1.5, 3.0], [0.5, 0.2, 0.1]),
    "else_and_finally": ([0.5, 1.2, 0.8], [-0.5, 1.2, 0.8]),
    "named_exception": ([0.5, 1.2, 0.8], [0.5, -1.2, 0.8]),
    "returns_inside": ([1.5, 1.2, 1.8], [1.5, 0.2, 0.8]),
    "if_in_body": ([0.5, 1.2, 0.8], [2.0, -0.5, 4.0]),
    "line_search": ([0.5, 1.2, 0.8], [2.5, 3.2, -0.8]),
    "else_path_of_if": ([-0.5, -1.2, -0.8], [-0.5, -1.2, -0.8]),
}

CASES = [(k, i) for k in sorted(POINTS) for i in (0, 1)]


def _reference(name, x):
    f = programs(np)[name]
    return numerical_grad(f, (x,), 0)


@pytest.mark.parametrize(
    "name, which", CASES, ids=[f"{k}-{'body' if i == 0 else 'raised'}" for k, i in CASES]
)
@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_gradients_match_finite_differences_and_autograd(name, which, mode):
    x = np.array(POINTS[name][which])
    f = programs(np)[name]
    if mode == "reverse":
        value, g = s2sgrad.value_and_grad(f)(x)
        np.testing.assert_allclose(value, f(x), rtol=1e-12)
    else:
        g = s2sgrad.jacfwd(f)(x)
    np.testing.assert_allclose(g, _reference(name, x), rtol=1e-6, atol=1e-7)
    theirs = autograd.grad(programs(anp)[name])(x)
    np.testing.assert_allclose(g, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    "name, which", [("one_type", 1), ("cholesky_retry", 1), ("line_search", 0)]
)
def test_second_derivatives(name, which):
    x = np.array(POINTS[name][which])
    h = s2sgrad.hessian(programs(np)[name])(x)
    theirs = autograd.hessian(programs(anp)[name])(x)
    np.testing.assert_allclose(h, theirs, rtol=1e-8, atol=1e-10)


def test_the_path_taken_and_the_steps_are_in_the_source():
    f = programs(np)["one_type"]
    source = s2sgrad.grad(f).source_for(np.array(POINTS["one_type"][0]))
    assert "try:" in source and "except ValueError:" in source
    assert "try_reached = try_done" in source and "if try_reached >= " in source


def reraises(x):
    try:
        y = np.log(x)
        if np.any(x < 0):
            raise ValueError("negative")
    except ValueError:
        y = x  # noqa: F841
        raise
    return np.sum(y)


def test_a_bare_raise_in_a_handler_raises_the_exception_caught():
    with pytest.raises(ValueError, match="negative"):
        s2sgrad.grad(reraises)(np.array([1.0, -2.0]))
    np.testing.assert_allclose(s2sgrad.grad(reraises)(np.array([1.0, 2.0])), [1.0, 0.5])


def raises_on_in_finally(x):
    try:
        y = np.sqrt(x)
        if np.any(x < 0):
            raise KeyError("negative")
    except ValueError:
        y = x
    finally:
        z = np.sum(y)
    return z


def test_an_exception_no_clause_catches_leaves_after_finally():
    with pytest.raises(KeyError, match="negative"):
        s2sgrad.grad(raises_on_in_finally)(np.array([1.0, -2.0]))
    with pytest.raises(KeyError, match="negative"):
        s2sgrad.jacfwd(raises_on_in_finally)(np.array([1.0, -2.0]))
    x = np.array([1.0, 4.0])
    np.testing.assert_allclose(s2sgrad.grad(raises_on_in_finally)(x), 0.5 / np.sqrt(x))


def not_differentiable(v):
    return np.sum(np.frompyfunc(lambda t: t, 1, 1)(v))


def catches_everything(x):
    try:
        inner = s2sgrad.grad(lambda v: np.sum(v**2) * not_differentiable(v))(x)
        y = np.sum(inner * x)
    except Exception:
        y = np.sum(x)
    return y


def test_an_error_of_s2sgrad_inside_a_try_body_is_not_the_users_to_catch():
    with pytest.raises(TransformError):
        s2sgrad.grad(catches_everything)(np.array([1.0, 2.0]))


def loop_in_body(x):
    try:
        s = sum(np.sin(v) for v in x)
    except ValueError:
        s = 0.0
    return s


def nested(x):
    try:
        try:
            y = np.log(x)
        except ValueError:
            y = x
    except KeyError:
        y = x
    return np.sum(y)


def with_in_body(x):
    try:
        with np.errstate(divide="ignore"):
            y = np.log(x)
    except FloatingPointError:
        y = x
    return np.sum(y)


def with_around(x):
    with np.errstate(divide="raise"):
        try:
            y = np.log(x)
        except FloatingPointError:
            y = x * 2.0
    return np.sum(y)


def test_a_try_statement_inside_a_with_block():
    for x, expected in (([1.0, 2.0], [1.0, 0.5]), ([0.0, 2.0], [2.0, 2.0])):
        np.testing.assert_allclose(s2sgrad.grad(with_around)(np.array(x)), expected)
        np.testing.assert_allclose(s2sgrad.jacfwd(with_around)(np.array(x)), expected)


def return_in_finally(x):
    # (a return in the body with a finally block works since session 19:
    # tests/test_refusals_s19.py)
    y = x
    try:
        y = np.sin(x)
    finally:
        return np.sum(y * 2.0)  # noqa: B012 (the construct refused)


@pytest.mark.parametrize(
    "fn, needle, words",
    [
        (loop_in_body, "s = sum(np.sin(v) for v in x)", "loop inside a try body"),
        (nested, "try:", "try statement inside a try body"),
        (return_in_finally, "try:", "return, break or continue in a finally block"),
        (with_in_body, 'with np.errstate(divide="ignore"):', "with block inside a try body"),
    ],
    ids=["loop", "nested", "finally_return", "with"],
)
def test_what_cannot_be_differentiated_is_an_error_at_its_line(fn, needle, words):
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(fn)(np.array([1.0, 2.0]))
    assert words in str(info.value) and needle in str(info.value)


def safe_log_sum(v):
    try:
        a = v * 1.5
        r = np.sum(np.log(a) if np.all(a > 0) else np.log(-a)) * np.sum(v)
        if np.any(v > 2.0):
            raise ArithmeticError("too large")
    except ArithmeticError:
        r = np.sum(a * v)
    return r


def calls_a_callee_with_a_try(x):
    return safe_log_sum(x) * np.sum(np.cos(x)) + safe_log_sum(x * x)


def safe_log_sum_ag(v):
    try:
        a = v * 1.5
        r = anp.sum(anp.log(a) if anp.all(a > 0) else anp.log(-a)) * anp.sum(v)
        if anp.any(v > 2.0):
            raise ArithmeticError("too large")
    except ArithmeticError:
        r = anp.sum(a * v)
    return r


def calls_a_callee_with_a_try_ag(x):
    return safe_log_sum_ag(x) * anp.sum(anp.cos(x)) + safe_log_sum_ag(x * x)


@pytest.mark.parametrize("point", [[0.5, 1.2, 0.8], [0.5, 1.7, 0.8], [2.5, 0.2, 0.3]])
@pytest.mark.parametrize("how", ["grad", "jacfwd", "hessian", "checkpoint"])
def test_a_try_statement_in_a_called_function(how, point):
    x = np.array(point)
    f = calls_a_callee_with_a_try
    if how == "checkpoint":
        inner = s2sgrad.checkpoint(safe_log_sum)

        def f(x):
            return inner(x) * np.sum(np.cos(x)) + inner(x * x)

        how = "grad"
    ours = {"grad": s2sgrad.grad, "jacfwd": s2sgrad.jacfwd, "hessian": s2sgrad.hessian}[how](f)(x)
    oracle = autograd.hessian if how == "hessian" else autograd.grad
    theirs = oracle(calls_a_callee_with_a_try_ag)(x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    if how != "hessian":
        np.testing.assert_allclose(ours, numerical_grad(f, (x,), 0), rtol=1e-6, atol=1e-7)


def test_a_try_statement_in_a_local_function():
    def f(x):
        def step(v):
            try:
                w = np.linalg.cholesky(np.outer(v, v) + np.eye(2) * v[1])
            except np.linalg.LinAlgError:
                w = np.eye(2) * v[0]
            return np.sum(w)

        return step(x) * step(x * 2.0)

    for x in ([1.0, 2.0], [1.0, -3.0], [1.0, 0.2]):
        x = np.array(x)
        expected = numerical_grad(f, (x,), 0)
        np.testing.assert_allclose(s2sgrad.grad(f)(x), expected, rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(s2sgrad.jacfwd(f)(x), expected, rtol=1e-6, atol=1e-7)
