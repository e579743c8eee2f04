"""A program's own names that are also names of s2sgrad's runtime helpers (``part``,
``add``, ``unbroadcast``, ``zeros_like``): the gradient's code calls the helper by another
name (``part_``), and forward mode over that code (a Hessian) must keep both apart. It bound
the helper over the program's ``part`` and took the other branch of ``part is ev``: a silent
wrong Hessian (issue 12, found with eigvalsh/svd)."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, fd_hessian

import s2sgrad

A = np.array([[2.0, 0.3, -0.1], [0.3, 1.0, 0.4], [-0.1, 0.4, -0.5]])


def _square(a):
    return a * a


def closure_named_part(part):
    def f(x):
        w = np.linalg.eigvalsh(x) if part is _square else np.linalg.svd(x)[1]
        return np.sum(part(w))

    return f


def test_closure_named_like_a_helper_keeps_its_branch():
    f = closure_named_part(_square)
    np.testing.assert_allclose(s2sgrad.hessian(f)(A.copy()), fd_hessian(f, A), atol=1e-4)


def _helper_named(helper, tmp_path):
    """A program whose closure ``helper`` is named like a runtime helper: it is called, and
    the derivative uses runtime helpers (svd's ``part``, ``add`` of tangents, ...)."""
    namespace = {"np": np, helper: lambda a, b=2.0: a * b}
    source = f"""
def make({helper}):
    def f(x):
        m = np.reshape(x, (2, 2))
        s = np.linalg.svd(m + np.eye(2) * 3.0)[1]
        w = np.linalg.eigvalsh(m @ m.T + np.eye(2))
        return np.sum({helper}(s) ** 2) + np.sum(w * x[:2]) + np.sum(np.tanh(x) * x)
    return f
"""
    path = tmp_path / f"helper_named_{helper}.py"
    path.write_text(source)
    exec(compile(source, str(path), "exec"), namespace)  # noqa: S102 (a file with source)
    return namespace["make"](namespace[helper])


@pytest.mark.parametrize("helper", ["part", "add", "unbroadcast", "zeros_like", "output_seed"])
def test_user_names_of_runtime_helpers(helper, tmp_path):
    f = _helper_named(helper, tmp_path)
    check_all_modes(f, np.array([0.3, -0.2, 0.5, 0.9]), oracle=False)
