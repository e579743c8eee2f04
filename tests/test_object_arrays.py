"""NumPy arrays of dtype ``object`` mixed with differentiated values (issue 12). Where their
derivative is arithmetic on the Python numbers they hold, it is right in every mode
(finite differences, autograd); where NumPy cannot compute it on such an array (``np.log``
of a Python float in the derivative of ``c ** x``, an object result added into a float
adjoint), s2sgrad's own error names the user's line and the array, never a bare NumPy
TypeError inside generated code."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

C = np.array([1.0, 2.0, 3.0], dtype=object)
M = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [1.5, 0.0, -2.0]], dtype=object)
X = np.array([0.5, 1.0, 2.0])


def times_constant(x):
    return np.sum(x * C)


def matmul_constant(x):
    return np.sum((M @ x) ** 2)


def power_by_constant(x):
    return np.sum(x**C)


def exp_times_constant(x):
    return np.sum(np.exp(x) * C) + np.mean(x / C)


def product_with_constant(x):
    return np.prod(x * C[::-1])


def closure_constant():
    c = np.array([2.0, -1.0, 0.5], dtype=object)

    def closure_times(x):
        return np.sum(np.sin(x) * c) + np.dot(c, x**2)

    return closure_times


def filled_with_differentiated(x):
    a = np.empty(2, dtype=object)  # an object array made inside, filled with x's entries
    a[0] = x[0]
    a[1] = x[1] * x[2]
    return np.sum(a**2)


SUPPORTED = [
    times_constant,
    matmul_constant,
    power_by_constant,
    exp_times_constant,
    product_with_constant,
    closure_constant(),
    filled_with_differentiated,
]


@pytest.mark.parametrize("f", SUPPORTED, ids=lambda f: f.__name__)
def test_object_arrays_whose_derivative_is_arithmetic(f):
    check_all_modes(f, X, oracle=False)  # autograd's gradients are object arrays: below


def test_autograd_agrees_on_an_object_constant():
    import autograd
    import autograd.numpy as anp

    theirs = autograd.grad(lambda x: anp.sum(anp.exp(x) * C))(X).astype(float)
    np.testing.assert_allclose(s2sgrad.grad(lambda x: np.sum(np.exp(x) * C))(X), theirs)


def constant_to_the_power(x):
    return np.sum(C**x)  # the derivative needs np.log(C)


def broadcast_into_object(x):
    return np.sum(x[:, None] * M)  # the adjoint of x sums an object array into floats


def made_inside_to_the_power(x):
    return np.sum(np.array([1.0, 2.0, 3.0], dtype=object) ** x)


def _helper(y):
    return np.sum(C**y)


def in_a_callee(x):
    return 2.0 * _helper(x)


def _line_of(f, text):
    source, start = inspect.getsourcelines(f)
    return [start + i for i, line in enumerate(source) if text in line]


@pytest.mark.parametrize(
    "f,line",
    [
        (constant_to_the_power, None),
        (made_inside_to_the_power, None),
        (in_a_callee, _line_of(_helper, "C**y")),
    ],
    ids=["power", "made_inside", "callee"],
)
def test_object_arrays_numpy_cannot_differentiate_are_refused_at_the_line(f, line):
    check_rejected(f, X, "a NumPy array of dtype object", lines=line)


def test_object_result_summed_into_a_float_adjoint_is_refused_in_reverse_mode():
    # forward mode has no such sum: its tangent is right; reverse mode refuses at the line
    (line,) = _line_of(broadcast_into_object, "x[:, None] * M")
    _, dot = s2sgrad.jvp(broadcast_into_object, (X,), (np.ones(3),))
    assert float(dot) == pytest.approx(float(np.sum(M.astype(float))))
    for mode in (
        lambda: s2sgrad.grad(broadcast_into_object)(X),
        lambda: s2sgrad.vjp(broadcast_into_object, (X,), 1.0),
        lambda: s2sgrad.jacrev(broadcast_into_object)(X),
    ):
        with pytest.raises(s2sgrad.UnsupportedSyntaxError, match=r"dtype object \(M\)") as info:
            mode()
        assert info.value.lineno == line


def test_the_error_names_the_array_and_gives_a_hint():
    with pytest.raises(s2sgrad.UnsupportedSyntaxError) as info:
        s2sgrad.grad(constant_to_the_power)(X)
    err = info.value
    assert "(C)" in str(err) and "np.log" not in err.hint
    assert "dtype=float" in str(err)
    assert err.line.strip() == "return np.sum(C**x)  # the derivative needs np.log(C)"
    assert err.col == 4

    def as_argument(x, c):
        return np.sum(c**x)

    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match=r"dtype object \(c"):
        s2sgrad.grad(as_argument)(X, C)


def test_differentiated_values_cast_to_object_are_refused():
    def cast(x):
        return np.sum(np.array([x[0], x[1] * 2.0], dtype=object))

    check_rejected(cast, X, "dtype object")
