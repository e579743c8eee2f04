"""Constructs of session 28's real-style programs (tests/programs/s28_*.py) that s2sgrad
refused, each checked against finite differences in every mode: a number parameter that
a call leaves to its default and the callee rebinds with an augmented assignment
(``jitter *= 100`` in a ``safe_cholesky(K, jitter=1e-8)``: a float, which ``*=`` rebinds,
not an array the caller shares)."""

import numpy as np
import pytest
from gradcheck import check_all_modes


def scaled(x, c=1e-3, steps=2):
    for _ in range(steps):
        c *= 10.0
    return x * c


def jittered_solve(K, b, jitter=1e-8):
    jitter += 1e-6
    return np.linalg.solve(K + jitter * np.eye(len(b)), b)


def only_default(x):
    return np.sum(scaled(x))


def default_and_given(x):
    return np.sum(scaled(x, 0.01) ** 2) + np.sum(scaled(x**2, steps=1))


def keyword_only_default(x):
    return np.sum(_kw_scaled(x) * x)


def _kw_scaled(x, *, c=2):
    c -= 1
    return np.sin(x) * c


def solve_with_default_jitter(x):
    K = np.outer(x, x) + np.eye(3)
    return np.sum(jittered_solve(K, x))


@pytest.mark.parametrize(
    "f", [only_default, default_and_given, keyword_only_default, solve_with_default_jitter]
)
def test_a_defaulted_number_rebound_by_an_augmented_assignment(f):
    check_all_modes(f, np.array([0.3, 1.0, -2.0]))
