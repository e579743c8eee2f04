"""Constructs of session 26's real-style programs (tests/programs/s26_*.py) that s2sgrad
refused, each checked against finite differences and autograd in every mode that
applies: a star import of autograd's ``scipy.stats.<distribution>`` modules."""

import importlib.util

import numpy as np
import pytest
from gradcheck import check_all_modes

import s2sgrad.compat.autograd as compat

X = [0.31, -0.57, 0.73]

STAR_PROGRAMS = {
    "norm": "np.sum(logpdf(x, 0.3, 1.5) + logcdf(x) + logsf(0.5 * x) + pdf(x) + cdf(x) + sf(x))",
    "t": "np.sum(logpdf(x, 4.0, 0.2, 1.3)) + np.sum(cdf(x, 5.0)) + np.sum(pdf(x, 3.0))",
    "gamma": "np.sum(logpdf(np.exp(x), 2.5)) + np.sum(cdf(np.exp(x), 2.0) * pdf(1.0 + x**2, 3.0))",
    "beta": "np.sum(logpdf(1 / (1 + np.exp(-x)), 2.0, 3.0)) + np.sum(cdf(0.5 + 0.1 * x, 2.0, 2.0))",
    "chi2": "np.sum(logpdf(np.exp(x), 3.0)) + np.sum(cdf(np.exp(x), 2.0))",
    "poisson": "np.sum(logpmf(np.array([0, 2, 5]), np.exp(x))) + np.sum(pmf(3, np.exp(x)))",
    "dirichlet": "logpdf(np.array([0.2, 0.5, 0.3]), np.exp(x)) + pdf(np.full(3, 1 / 3), np.exp(x))",
    "multivariate_normal": "logpdf(np.ones(3), x, np.diag([1.0, 2.0, 0.5]))"
    " + pdf(x, np.zeros(3), 2 * np.eye(3))",
}
# autograd's names that are its implementation, not its interface: a star import from
# s2sgrad's modules leaves them out
HELPERS = {"unbroadcast_f", "covgrad", "generalized_outer_product", "solve"}


def _star_module(tmp_path, prefix, dist):
    body = STAR_PROGRAMS[dist]
    name = f"s26_star_{dist}_{prefix.replace('.', '_')}"
    path = tmp_path / f"{name}.py"
    path.write_text(
        f"import {prefix}.numpy as np\n"
        f"from {prefix}.scipy.stats.{dist} import *\n\n\n"
        f"def f(x):\n    return {body}\n"
    )
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dist", sorted(STAR_PROGRAMS))
def test_a_star_import_of_a_stats_module_gives_autograds_functions(dist, tmp_path):
    # was: "cannot call 'logpdf': it is not a function known when the function is
    # transformed" (the star import bound nothing)
    import autograd

    ours = _star_module(tmp_path, "s2sgrad.compat.autograd", dist)
    theirs = _star_module(tmp_path, "autograd", dist)
    x = np.array(X)
    expected = autograd.grad(theirs.f)(x)
    np.testing.assert_allclose(compat.grad(ours.f)(x), expected, rtol=1e-10)
    np.testing.assert_allclose(ours.f(x), theirs.f(x), rtol=1e-12)
    check_all_modes(ours.f, X, hess=dist not in ("dirichlet", "multivariate_normal"), oracle=False)
    public = {k for k in vars(theirs) if not k.startswith(("__", "grad_"))} - {"f"} - HELPERS
    assert public == {k for k in vars(ours) if not k.startswith("__")} - {"f"}
    assert ours.np is compat.numpy


def test_the_stats_modules_read_the_scipy_distributions():
    import sys

    import s2sgrad.compat.autograd.scipy.stats.norm as norm
    import scipy.stats

    from s2sgrad.compat.autograd.scipy import stats

    assert norm is scipy.stats.norm and stats.norm is scipy.stats.norm
    module = sys.modules["s2sgrad.compat.autograd.scipy.stats.norm"]  # what * reads
    assert module.logpdf == scipy.stats.norm.logpdf and module.ppf == scipy.stats.norm.ppf
    assert module.__all__[:6] == ["pdf", "cdf", "sf", "logpdf", "logcdf", "logsf"]
