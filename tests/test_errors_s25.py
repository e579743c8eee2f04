"""Session 25: every error a user can hit names the user's file and line (issue 12, "errors
that remain"): bad arguments to a derivative at the line that calls it, unsupported
constructs at their own line, in s2sgrad's API and through s2sgrad.compat.autograd."""

from __future__ import annotations

import inspect
import pickle

import numpy as np
import pytest
import scipy.optimize
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
import s2sgrad.compat.autograd as sg
from s2sgrad import ArgumentTypeError, GradientArgumentError, SourceUnavailableError  # noqa: F401
from s2sgrad.compat.autograd.extend import defvjp, primitive

X = np.array([0.3, 0.7])


def loss(x, y=1.0):
    return np.sum(x**2) * y


def double(x):
    return x * 2.0


@primitive
def scaled(x):
    return x * 3.0


defvjp(scaled, lambda ans, x: lambda g: g * 3.0)


@s2sgrad.custom_vjp
def cube(x):
    return x**3


cube.defvjp(lambda x: (x**3, x), lambda x, g: (3.0 * x**2 * g,))


class Callable:
    def __call__(self, x):
        return np.sum(x**2)


def assert_at_line(err, line: int, text: str) -> None:
    """``err`` names this file and ``line`` (at the start of its message) and says ``text``."""
    message = str(err)
    assert message.startswith(f"{__file__}:{line}:"), message
    assert err.filename == __file__ and err.lineno == line
    assert text in message


# -- bad arguments: at the user's line of the call ----------------------------------------------

CALLS = [
    (GradientArgumentError, "argument index 3", lambda: s2sgrad.grad(loss, argnums=3)(X)),
    (GradientArgumentError, "argnums must be an int", lambda: s2sgrad.grad(loss, argnums="x")(X)),
    (GradientArgumentError, "argument index 3", lambda: sg.grad(loss, 3)(X)),
    (GradientArgumentError, "argument index 2", lambda: sg.grad(loss, (0, 2))(X, 1.0)),
    (GradientArgumentError, "x.astype(float)", lambda: s2sgrad.grad(loss)(np.arange(2))),
    (GradientArgumentError, "pass a float", lambda: sg.grad(lambda a: a * a)(3)),
    (GradientArgumentError, "has no argument 'z'", lambda: sg.grad_named(loss, "z")(X)),
    (ArgumentTypeError, "too many positional", lambda: s2sgrad.grad(loss)(X, 1.0, 2.0)),
    (ArgumentTypeError, "pass argnums by keyword", lambda: s2sgrad.grad(3)),
    (
        GradientArgumentError,
        "tangent 0 has shape (3,) but its primal has shape (2,)",
        lambda: s2sgrad.jvp(loss, (X,), (np.ones(3),)),
    ),
    (GradientArgumentError, "1 primals but 2 tangents", lambda: s2sgrad.jvp(loss, (X,), (X, X))),
    (ArgumentTypeError, "primals must be a tuple", lambda: s2sgrad.jvp(loss, X, (X,))),
    (ArgumentTypeError, "tangents must be a tuple", lambda: s2sgrad.jvp(loss, (X,), X)),
    (ArgumentTypeError, "primals must be a tuple", lambda: s2sgrad.vjp(loss, X, 1.0)),
    (
        ArgumentTypeError,
        "takes 2 positional arguments but 3",
        lambda: s2sgrad.jvp(loss, (X, 1.0, 2.0), (X, None, None)),
    ),
    (
        GradientArgumentError,
        "the cotangent has shape (3,)",
        lambda: sg.make_vjp(double)(X)[0](np.ones(3)),
    ),
    (GradientArgumentError, "tangent 0 has shape (3,)", lambda: sg.make_jvp(double)(X)(np.ones(3))),
    (
        GradientArgumentError,
        "tangent 0 has shape (3,)",
        lambda: sg.hessian_vector_product(loss)(X, np.ones(3)),
    ),
]


@pytest.mark.parametrize("cls, text, call", CALLS, ids=[c[1][:24] for c in CALLS])
def test_bad_arguments_name_the_calling_line(cls, text, call):
    with pytest.raises(cls) as info:
        call()
    assert_at_line(info.value, call.__code__.co_firstlineno, text)


def test_the_errors_are_still_valueerror_and_typeerror():
    assert issubclass(GradientArgumentError, ValueError)
    assert issubclass(ArgumentTypeError, TypeError)
    with pytest.raises(ValueError):
        s2sgrad.jvp(loss, (X,), (np.ones(3),))
    with pytest.raises(TypeError):
        s2sgrad.grad(loss)(X, 1.0, 2.0)


def test_a_pickled_error_keeps_its_message():
    with pytest.raises(GradientArgumentError) as info:
        s2sgrad.grad(loss, argnums=3)(X)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value) and str(again).count(__file__) == 1


def test_a_wrong_cotangent_of_vjp_names_the_calling_line():
    call = lambda: s2sgrad.vjp(double, (X,), np.ones(3))  # noqa: E731
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    assert f"(at {__file__}:{call.__code__.co_firstlineno}:" in message
    assert "pass a cotangent shaped like the output" in message


def test_a_nonscalar_output_names_its_return_line():
    with pytest.raises(ValueError) as info:
        s2sgrad.grad(double)(X)
    line = inspect.getsourcelines(double)[1] + 1
    assert f"{__file__}:{line}" in str(info.value) and "must return a scalar" in str(info.value)


# -- a function with a custom rule given to grad, jvp, vjp, jacfwd, jacrev (an AttributeError
# in jvp, vjp, jacfwd and jacrev before): differentiated by its rule


@s2sgrad.custom_vjp
def straight_through(x):
    return np.round(x)


straight_through.defvjp(lambda x: (np.round(x), None), lambda _, g: (g,))


@s2sgrad.custom_vjp
def four(a, b, c, d):
    return a * b * c * d


four.defvjp(lambda a, b, c, d: (a * b * c * d, None), lambda _, g: (g, g, g, g))


@pytest.mark.parametrize("fun", [scaled, cube], ids=["autograd primitive", "custom_vjp"])
def test_a_custom_rule_given_to_a_transformation_is_differentiated(fun):
    ag = pytest.importorskip("autograd")
    x = np.array([0.4, -1.2])
    total = lambda v: np.sum(fun(v))  # noqa: E731
    want = numerical_grad(total, (x,), 0)
    oracle = ag.grad(lambda v: ag.numpy.sum(3.0 * v if fun is scaled else v**3))(x)
    assert_tree_close(want, oracle, rtol=1e-6)
    assert_tree_close(s2sgrad.jacfwd(fun)(x), np.diag(oracle), rtol=1e-12)
    assert_tree_close(s2sgrad.jacrev(fun)(x), np.diag(oracle), rtol=1e-12)
    _, tangent = s2sgrad.jvp(fun, (x,), (np.ones(2),))
    assert_tree_close(tangent, oracle, rtol=1e-12)
    _, (cotangent,) = s2sgrad.vjp(fun, (x,), np.ones(2))
    assert_tree_close(cotangent, oracle, rtol=1e-12)
    assert_tree_close(s2sgrad.grad(fun)(1.5), 3.0 if fun is scaled else 6.75, rtol=1e-12)


def test_the_rule_is_what_is_differentiated_not_the_body():
    # the body (np.round) has derivative 0; the rule passes the cotangent through
    x = np.array([0.4, 1.6])
    _, (cotangent,) = s2sgrad.vjp(straight_through, (x,), np.array([2.0, 3.0]))
    assert_tree_close(cotangent, np.array([2.0, 3.0]))
    assert s2sgrad.grad(straight_through)(0.4) == 1.0


def test_a_custom_rule_of_four_parameters_is_differentiated_by_its_rule():
    # session 26: any number of parameters (an error at the call before); forward mode
    # takes the rule's Jacobian (the body's derivative, 24, before: see test_errors_s26.py)
    value, tangent = s2sgrad.jvp(four, (1.0, 2.0, 3.0, 4.0), (1.0, 0.0, 0.0, 0.0))
    assert (value, tangent) == (24.0, 1.0)
    assert s2sgrad.grad(four, argnums=(0, 3))(1.0, 2.0, 3.0, 4.0) == (1.0, 1.0)
    _, tangent = s2sgrad.jvp(lambda a: four(a, 2.0, 3.0, 4.0), (1.0,), (1.0,))
    assert tangent == 1.0


def test_a_callable_instance_given_to_jvp_differentiates_its_call():
    # as autograd: a user class's callable object is differentiated through __call__
    value, tangent = s2sgrad.jvp(Callable(), (X,), (X,))
    assert value == pytest.approx(np.sum(X**2))
    assert tangent == pytest.approx(np.sum(2 * X * X))


# -- unsupported constructs: at their own line, in both APIs -----------------------------------


def imports_inside(x):
    import operator  # construct

    return operator.mul(x, x).sum()


def class_inside(x):
    class Box:  # construct
        pass

    return np.sum(x)


def deleted(x):
    y = x * 2.0
    z = y
    del y  # construct
    return np.sum(z)


def evaluated(x):
    return np.sum(eval("x * 2.0"))  # construct


def minimized(x):
    r = scipy.optimize.minimize(lambda z: np.sum((z - x) ** 2), np.zeros(2))  # construct
    return np.sum(r.x)


def yields(x):
    yield x  # construct


CONSTRUCTS = [
    (imports_inside, "an import cannot be differentiated"),
    (class_inside, "a class definition cannot be differentiated"),
    (deleted, "a del statement cannot be differentiated"),
    (evaluated, "eval() reads the function's local variables"),
    (minimized, "cannot be passed to scipy.optimize.minimize"),
    (yields, "is a generator"),
]


@pytest.mark.parametrize("fun, text", CONSTRUCTS, ids=[c[0].__name__ for c in CONSTRUCTS])
@pytest.mark.parametrize("api", ["grad", "compat", "jvp"])
def test_unsupported_constructs_name_their_line(fun, text, api):
    source, start = inspect.getsourcelines(fun)
    line = start + next(i for i, t in enumerate(source) if "# construct" in t)
    run = {
        "grad": lambda: s2sgrad.grad(fun)(X),
        "compat": lambda: sg.grad(fun)(X),
        "jvp": lambda: s2sgrad.jvp(fun, (X,), (X,)),
    }[api]
    with pytest.raises(s2sgrad.TransformError) as info:
        run()
    err = info.value
    assert err.filename == __file__ and err.lineno == line, str(err)
    assert text in str(err) and "\nhint: " in str(err)
