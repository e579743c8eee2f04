"""Session 28: errors at the user's line for what a new user gets wrong first (issue 12,
"errors that remain"): a value that is not a function given to a transformation, a
function or lambda made by ``exec``/``eval`` (its "file" is ``<string>``: the error names
the line that called the derivative instead), and a lambda reading the differentiated
function's locals given to a SciPy function (named as the lambda and the function it is
given to, not as a generated name)."""

from __future__ import annotations

import sys

import numpy as np
import pytest
import scipy.integrate
import scipy.optimize

import s2sgrad
from s2sgrad import SourceUnavailableError, UnsupportedSyntaxError
from s2sgrad.errors import ArgumentTypeError

HERE = __file__


def _line() -> int:
    return sys._getframe(1).f_lineno


# -- a value that is not a function: the transformation's own TypeError, at the call -----

MADE = [
    ("grad", lambda v: s2sgrad.grad(v), "grad(f)(x)"),
    ("value_and_grad", lambda v: s2sgrad.value_and_grad(v), "value_and_grad(f)(x)"),
    ("jacfwd", lambda v: s2sgrad.jacfwd(v), "jacfwd(f)(x)"),
    ("jacrev", lambda v: s2sgrad.jacrev(v), "jacrev(f)(x)"),
    ("hessian", lambda v: s2sgrad.hessian(v), "hessian(f)(x)"),
    ("jvp", lambda v: s2sgrad.jvp(v, (1.0,), (1.0,)), "jvp(f, primals, tangents)"),
    ("vjp", lambda v: s2sgrad.vjp(v, (1.0,), 1.0), "vjp(f, primals, cotangents)"),
    ("hvp", lambda v: s2sgrad.hvp(v, (1.0,), (1.0,)), "hvp(f, primals, tangents)"),
]


@pytest.mark.parametrize("value", [3.0, np.ones(3), "f"], ids=["float", "array", "str"])
@pytest.mark.parametrize("what,make,usage", MADE, ids=[m[0] for m in MADE])
def test_a_value_that_is_not_a_function(what, make, usage, value):
    line = make.__code__.co_firstlineno  # the user's line: where the lambda calls it
    with pytest.raises(ArgumentTypeError) as info:
        make(value)
    err = info.value
    assert isinstance(err, TypeError)  # as JAX and MLX raise
    message = str(err)
    assert message.startswith(f"{HERE}:{line}: "), message  # the test's own line
    assert f"{what} takes the function to differentiate" in message
    assert type(value).__name__ in message and f"write {usage}" in message


def test_an_argnums_given_in_place_of_the_function_keeps_its_hint():
    with pytest.raises(ArgumentTypeError, match="pass argnums by keyword"):
        s2sgrad.grad(1)


def test_callables_are_still_accepted():
    class Scaled:
        def __call__(self, x):
            return 3.0 * x**2

    def f(x):
        return np.sin(x)

    assert np.isclose(s2sgrad.grad(f)(0.3), np.cos(0.3))
    assert np.isclose(s2sgrad.grad(Scaled())(0.5), 3.0)  # its __call__
    assert np.isclose(s2sgrad.grad(np.sin)(0.3), np.cos(0.3))  # a NumPy function


# -- functions made by exec and eval: the error names the line that called the derivative ---


def _exec_made(source: str, name: str):
    namespace = {"np": np}
    exec(source, namespace)
    return namespace[name]


def test_a_function_made_by_exec():
    sq = _exec_made("def sq(x):\n    return np.sin(x) ** 2\n", "sq")
    assert np.isclose(sq(0.5), np.sin(0.5) ** 2)
    line = _line() + 2
    with pytest.raises(SourceUnavailableError) as info:
        s2sgrad.grad(sq)(0.5)
    err = info.value
    assert err.filename == HERE and err.lineno == line, str(err)
    message = str(err)
    assert "cannot find the source of 'sq' (defined in <string>)" in message
    assert "exec/eval" in err.hint


def test_a_lambda_made_by_eval():
    triple = eval("lambda x: x * 3.0")
    line = _line() + 2
    with pytest.raises(SourceUnavailableError) as info:
        s2sgrad.grad(triple)(0.5)
    err = info.value
    assert err.filename == HERE and err.lineno == line, str(err)
    assert "a lambda (defined in <string>)" in str(err) and "eval" in err.hint


def test_an_exec_made_callee_names_the_call_of_the_derivative():
    sq = _exec_made("def sq(x):\n    return x ** 2\n", "sq")

    def f(x):
        return np.sin(sq(x))

    line = _line() + 2
    with pytest.raises(SourceUnavailableError) as info:
        s2sgrad.grad(f)(0.5)
    assert info.value.filename == HERE and info.value.lineno == line, str(info.value)


# -- a lambda reading locals given to a SciPy function ----------------------------------


def quad_of_lambda(x):
    return scipy.integrate.quad(lambda t: np.sin(t * x), 0.0, 1.0)[0]  # lambda


def root_of_lambda(x):
    return scipy.optimize.brentq(lambda t: t**3 - x, 0.0, 10.0)  # lambda


def helper_def(x):
    def integrand(t):
        return np.sin(t * x)

    return scipy.integrate.quad(integrand, 0.0, 1.0)[0]  # lambda


@pytest.mark.parametrize(
    "fn,what,receiver",
    [
        (quad_of_lambda, "the lambda", "scipy.integrate.quad"),
        (root_of_lambda, "the lambda", "scipy.optimize.brentq"),
        (helper_def, "the local function 'integrand'", "scipy.integrate.quad"),
    ],
    ids=["quad", "brentq", "local_def"],
)
def test_a_function_reading_locals_given_to_scipy(fn, what, receiver):
    import inspect

    lines, start = inspect.getsourcelines(fn)
    line = start + next(i for i, text in enumerate(lines) if "# lambda" in text)
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(fn)(0.5)
    err = info.value
    assert err.filename == HERE and err.lineno == line, str(err)
    assert f"{what} reads 'x' of the enclosing function" in str(err)
    assert f"cannot be passed to {receiver}" in str(err)
    assert "lambda_fn" not in str(err) and "args=(x,)" in err.hint
