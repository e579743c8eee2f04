"""numpy.polynomial.polynomial.polyval: 2-D coefficients are an error naming the call, and
the second derivative (through the rule's own primitives) matches finite differences."""

import numpy as np
import pytest

import s2sgrad

P = np.polynomial.polynomial


def test_two_dimensional_coefficients_are_an_error():
    def f(c):
        return np.sum(P.polyval(np.array([0.5, 1.5]), c))

    with pytest.raises(NotImplementedError, match="1-D coefficients"):
        s2sgrad.grad(f)(np.ones((3, 2)))


def test_hessian_in_x_matches_finite_differences():
    c = np.array([0.5, -1.0, 2.0, 0.7])

    def f(x):
        return np.sum(P.polyval(x, c) ** 2)

    x = np.array([0.3, -0.4])
    g = s2sgrad.grad(f)
    eps = 1e-5
    fd = np.array([(g(x + eps * e) - g(x - eps * e)) / (2 * eps) for e in np.eye(2)])
    np.testing.assert_allclose(s2sgrad.hessian(f)(x), fd, rtol=1e-5, atol=1e-6)
