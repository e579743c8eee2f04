"""Issue 12: the rule catalogue beyond first derivatives, and how rules attach.

- Hessians (forward over reverse) of a representative subset of the new rules against
  central differences of the gradient: this runs the tangents of the runtime helpers the
  adjoints call (``lse_weights``, ``triangular_solve_adjoint``, ``eigen_gaps`` ...).
- Rules and ``register_vjp`` attach to methods of SciPy's distribution objects, whose
  bound methods are new objects on every attribute access.
- A library function without a rule is an error at the user's line naming it; s2sgrad
  never reads (or reports errors inside) the library's source.
- SciPy's rules load when SciPy is imported; ``import s2sgrad`` imports no SciPy.
- Forward mode of the programs whose autograd oracle has no JVP, by central differences.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys

import numpy as np
import pytest
from gradcheck import check_grads

import s2sgrad
from s2sgrad.errors import NonDifferentiableError

pytest.importorskip("scipy")
import scipy.linalg as sla  # noqa: E402
import scipy.signal  # noqa: E402
import scipy.special as sps  # noqa: E402
import scipy.stats as sst  # noqa: E402

RNG = np.random.default_rng(12)


def _spd(b):
    return b @ b.T + 3.0 * np.eye(len(b))


def h_gammaln(x):
    return np.sum(sps.gammaln(x) * x + sps.digamma(x) + sps.polygamma(1, x))


def h_special(x):
    return np.sum(sps.erf(x) * sps.expit(x) + sps.i1(x) + sps.ive(1, x) + sps.ndtr(x))


def h_logsumexp(x):
    return sps.logsumexp(x) + np.sum(sps.logsumexp(np.outer(x, x), axis=1, b=np.abs(x)))


def h_softmax(x):
    return np.sum(sps.softmax(x) * x) + np.sum(sps.log_softmax(x * x))


def h_norm(x):
    return np.sum(sst.norm.logpdf(x, x[0], np.exp(x[1]))) + np.sum(sst.norm.logcdf(x)) + \
        np.sum(sst.norm.sf(x, 0.2, np.exp(x[2])))


def h_t_gamma_beta(x):
    p = np.exp(x)
    return np.sum(sst.t.logpdf(x, p[0] + 1.0, x[1], p[2])) + np.sum(
        sst.gamma.logpdf(p + 0.5, p[1] + 0.5)) + np.sum(sst.beta.logpdf(sps.expit(x), p[0], p[1]))


def h_poisson(x):
    return np.sum(sst.poisson.logpmf(np.array([0.0, 1.0, 4.0, 2.0]), np.exp(x))) + np.sum(
        sst.poisson.cdf(np.array([0.0, 1.0, 4.0, 2.0]), np.exp(x))) + np.sum(sst.t.cdf(
            x, 3.0, 0.1, np.exp(x[0]))) + np.sum(sst.gamma.cdf(np.exp(x), 2.0)) + np.sum(
        sst.beta.cdf(sps.expit(x), 2.0, 3.0))


def h_solve_triangular(x):
    a = np.tril(np.outer(x, x)) + 3.0 * np.eye(4)
    return np.sum(np.sin(sla.solve_triangular(a, x, lower=True))) + np.sum(
        sla.solve_triangular(a.T, x, trans=1) ** 2)


def h_cholesky(x):
    return np.sum(np.sin(np.linalg.cholesky(_spd(np.outer(x, x) + np.diag(x)))))


def h_slogdet_eigh(x):
    a = _spd(np.outer(x, np.sin(x)) + np.diag(x))
    w, v = np.linalg.eigh(a)
    return np.linalg.slogdet(a)[1] + np.sum(np.sin(w)) + np.sum(v ** 2 * np.arange(16.0).reshape(
        4, 4)) + np.sum(np.linalg.eigvalsh(a) ** 2)


def h_pinv(x):
    return np.sum(np.sin(np.linalg.pinv(np.outer(x, x[:3]) + np.eye(4, 3))))


def h_shape(x):
    return np.sum(np.sin(np.diff(x, prepend=x[0] ** 2))) + np.sum(np.kron(x, x) ** 2) + np.sum(
        np.sin(np.convolve(x, x[:2] ** 2, "same"))) + np.sum(np.average(
            x, weights=np.exp(x)) * x) + np.nanvar(x * x) + np.sum(np.cross(x[:3], x[1:]) ** 2)


def h_svd_qr(x):
    a = np.outer(x, x[:3]) + np.eye(4, 3) * x[:3]
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    q, r = np.linalg.qr(a)
    return np.sum(np.sin(s)) + np.sum(u ** 4) + np.sum(vt ** 4) + np.sum(
        np.linalg.svd(a, compute_uv=False) ** 2) + np.sum(np.sin(q)) + np.sum(r ** 2)


def h_matrix_power_multi_dot(x):
    a = np.outer(x, x) / 4.0 + np.eye(4)
    return np.sum(np.sin(np.linalg.matrix_power(a, 3))) + np.sum(
        np.linalg.matrix_power(a, -1)) + np.sin(np.linalg.multi_dot([x, a, a, x]))


def h_mvn_dirichlet(x):
    cov = np.outer(x[:3], x[:3]) + np.eye(3)
    pts = np.stack([x[:3], x[1:], x[:3] ** 2])
    e = np.exp(x[:3])
    return np.sum(sst.multivariate_normal.logpdf(pts, x[1:], cov)) + sst.dirichlet.logpdf(
        e / np.sum(e), np.exp(x[1:]))


def h_expm_sqrtm_signal(x):
    a = np.outer(x, x[::-1]) / 4.0
    return np.sum(np.sin(sla.expm(a))) + np.sum(np.sin(sla.sqrtm(a @ a.T + np.eye(4)))) + \
        np.sum(np.sin(scipy.signal.convolve(a, a[:2, :3], "same")))


def h_eig(x):
    q = np.outer(x, x[::-1]) / 4.0 + np.eye(4)
    a = q @ np.diag(np.arange(1.0, 5.0) + x) @ np.linalg.inv(q)
    w, v = np.linalg.eig(a)
    return np.real(np.sum(np.sin(w)) + np.sum(v ** 2 * np.arange(16.0).reshape(4, 4)) + np.sum(
        np.linalg.eigvals(a) ** 3))  # complex with a zero imaginary part from NumPy 2.5 on


def h_norms(x):
    return np.linalg.norm(x, 3) ** 2 + np.linalg.norm(x, 1) * np.sum(x ** 2) + np.linalg.norm(
        np.outer(x, x[:3]), np.inf) * np.sum(x) + np.linalg.norm(x) ** 3 + np.linalg.norm(
        np.outer(x, x[:3]) + np.eye(4, 3), "fro") ** 3


def h_cho(x):
    a = np.outer(x, x) + np.eye(4) * 2.0
    c, low = sla.cho_factor(a, lower=True)
    factor = sla.cho_factor(a)
    return np.sum(np.sin(sla.cho_solve((c, low), x))) + np.sum(sla.cho_solve(factor, x) ** 2)


def h_lstsq(x):
    a = np.outer(x, x[:3]) + np.eye(4, 3)
    return np.sum(np.sin(np.linalg.lstsq(a, x, rcond=None)[0]))


def h_shape_more(x):
    m = np.outer(x, x)
    a, b = np.split(x, 2)
    parts = np.array_split(m, 3, axis=1)
    order = np.argsort(x)
    nan = np.where(np.arange(4) == 1, np.nan, x)  # (NaN * x would give NaN * 0 in reverse)
    return np.sum(np.sin(np.append(a * b, x))) + np.sum(np.column_stack([x, x ** 2]) ** 3) + \
        np.sum(parts[0] * parts[2][:, :1]) + np.sum(np.take_along_axis(x, order, 0) * x) + \
        np.sum(np.select([x > 0.7], [x ** 3], x ** 2)) + np.sum(np.partition(x ** 2, 1) * x) + \
        np.sum(np.pad(x, 2, mode="reflect") ** 3) + np.sum(np.gradient(x * x, 0.5) ** 2) + \
        np.nanmean(nan ** 3) + np.nanmax(nan) ** 2 + np.nanprod(nan) + np.nanstd(nan ** 2) + \
        np.sum(np.dstack([m, m * m]) ** 2)


HESSIANS = [h_shape_more, h_lstsq, h_cho, h_gammaln, h_special, h_logsumexp, h_softmax, h_norm,
            h_t_gamma_beta, h_poisson, h_mvn_dirichlet, h_expm_sqrtm_signal, h_solve_triangular,
            h_cholesky, h_slogdet_eigh, h_pinv, h_svd_qr, h_eig, h_matrix_power_multi_dot,
            h_norms, h_shape]


@pytest.mark.parametrize("fn", HESSIANS, ids=[f.__name__ for f in HESSIANS])
def test_hessian_matches_differences_of_the_gradient(fn):
    x = RNG.uniform(0.3, 1.2, 4)
    check_grads(fn, x)
    h = s2sgrad.hessian(fn)(x)
    grad = s2sgrad.grad(fn)
    eps = 1e-5
    fd = np.stack([(grad(x + eps * e) - grad(x - eps * e)) / (2 * eps) for e in np.eye(4)])
    np.testing.assert_allclose(h, fd, rtol=1e-5, atol=1e-6)
    v = RNG.standard_normal(4)
    _, dot = s2sgrad.jvp(fn, (x,), (v,))
    np.testing.assert_allclose(dot, (fn(x + 1e-6 * v) - fn(x - 1e-6 * v)) / 2e-6, rtol=1e-5,
                               atol=1e-6)


# -- methods of SciPy's distribution objects ------------------------------------------------


def test_distribution_methods_are_new_objects_but_have_rules():
    assert sst.norm.logpdf is not sst.norm.logpdf
    assert s2sgrad.rules.lookup(sst.norm.logpdf) is s2sgrad.rules.lookup(sst.norm.logpdf)
    assert s2sgrad.rules.lookup(sst.norm.logpdf).path == "scipy.stats.norm.logpdf"
    # the method of another distribution (same function, another instance) is not norm's
    assert s2sgrad.rules.lookup(sst.laplace.logpdf) is None


def _laplace_loss(x):
    return np.sum(sst.laplace.logpdf(x, 0.5, 2.0))


def test_register_vjp_attaches_to_a_distribution_method():
    x = np.array([1.0, -2.0, 0.7])
    with pytest.raises(NonDifferentiableError) as err:
        s2sgrad.grad(_laplace_loss)(x)
    assert "test_scipy_rules.py" in str(err.value) and "laplace_gen.logpdf" in str(err.value)

    def fwd(x, loc, scale):
        return sst.laplace.logpdf(x, loc, scale), (x, loc, scale)

    def bwd(res, g):
        x, loc, scale = res
        return (-g * np.sign(x - loc) / scale, None, None)

    s2sgrad.register_vjp(sst.laplace.logpdf, fwd, bwd)
    try:
        got = s2sgrad.grad(_laplace_loss)(x)
        np.testing.assert_allclose(got, -np.sign(x - 0.5) / 2.0)
    finally:
        from s2sgrad import custom
        del custom._REGISTERED[s2sgrad.rules.key(sst.laplace.logpdf)]


# -- library functions without a rule: an error at the user's line ----------------------------


def _uses_trapezoid(x):
    y = np.sin(x)
    return np.trapezoid(y)


def _uses_zscore(x):
    return np.sum(sst.zscore(x) ** 3)


def _uses_statistics(x):
    return statistics.fmean([x, 2.0 * x])


@pytest.mark.parametrize("fn,name,line", [
    (_uses_trapezoid, "trapezoid", "return np.trapezoid(y)"),
    (_uses_zscore, "zscore", "return np.sum(sst.zscore(x) ** 3)"),
    (_uses_statistics, "fmean", "return statistics.fmean([x, 2.0 * x])"),
])
def test_library_function_without_rule_is_an_error_at_the_users_line(fn, name, line):
    x = np.array([0.3, 1.2, -0.4]) if fn is not _uses_statistics else 0.5
    for transform in (s2sgrad.grad(fn), lambda x: s2sgrad.jvp(fn, (x,), (x,))):
        with pytest.raises(NonDifferentiableError) as err:
            transform(x)
        text = str(err.value)
        assert text.startswith(__file__) or "test_scipy_rules.py" in text.splitlines()[0]
        assert name in text and line in text
        assert "site-packages" not in text and "/lib/python" not in text


def test_users_own_functions_are_still_read():
    def helper(x):
        return np.sin(x) * x

    def f(x):
        return np.sum(helper(x))

    check_grads(f, np.array([0.3, 1.2]))


# -- loading -------------------------------------------------------------------------------


def _run(code, tmp_path):
    script = tmp_path / "script.py"  # a file: s2sgrad reads the lambdas' source
    script.write_text(code)
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          check=True)


def test_import_s2sgrad_imports_no_scipy_and_rules_load_with_scipy(tmp_path):
    code = ("import sys, numpy as np, s2sgrad\n"
            "assert 'scipy' not in sys.modules\n"
            "print(s2sgrad.grad(lambda x: np.sum(np.sin(x)))(np.zeros(2)))\n"
            "import scipy.special\n"
            "print(s2sgrad.grad(lambda x: np.sum(scipy.special.gammaln(x)))(np.ones(2)))\n")
    out = _run(code, tmp_path)
    assert "[1. 1.]" in out.stdout and "-0.5772" in out.stdout


def test_a_transform_imports_no_scipy_module_the_program_did_not(tmp_path):
    # tangent-ad imports scipy, scipy.special and scipy.linalg: the first transform then
    # loaded all SciPy rules, importing scipy.stats and scipy.signal (1 to 5 s)
    code = ("import sys, numpy as np, scipy, s2sgrad\n"
            "def loaded():\n"
            "    names = {'scipy.special', 'scipy.stats', 'scipy.linalg', 'scipy.signal',\n"
            "             's2sgrad.rules.scipy', 's2sgrad.rules.scipy_stats',\n"
            "             's2sgrad.rules.scipy_signal'}\n"
            "    return ' '.join(sorted(names & set(sys.modules)))\n"
            "print(s2sgrad.grad(lambda x: np.sum(np.sin(x)))(np.zeros(2)))\n"
            "print(loaded())\n"
            "print(s2sgrad.grad(lambda x: np.sum(scipy.special.gammaln(x)))(np.ones(2)))\n"
            "import scipy.linalg\n"
            "print(s2sgrad.grad(lambda x: np.sum(np.sin(x)))(np.zeros(2)))\n"
            "print(loaded())\n"
            "import scipy.stats\n"
            "print(s2sgrad.grad(lambda x: np.sum(scipy.stats.norm.logpdf(x)))(np.ones(2)))\n"
            "print(s2sgrad.hessian(lambda x: np.sum(scipy.stats.gamma.logpdf(x, 2.0)))(1.5))\n"
            "import scipy.signal\n"
            "print(s2sgrad.grad(lambda x: np.sum(scipy.signal.convolve(x, x)))(np.ones(2)))\n"
            "print(loaded())\n")
    lines = _run(code, tmp_path).stdout.splitlines()
    assert lines[:2] == ["[1. 1.]", ""]
    assert "-0.5772" in lines[2]  # scipy.special, imported by resolving scipy.special
    assert lines[4] == "s2sgrad.rules.scipy scipy.linalg scipy.special"
    assert lines[5] == "[-1. -1.]"
    assert abs(float(lines[6]) + 1.0 / 1.5 ** 2) < 1e-9  # d2/dx2 (log x - x) at 1.5
    assert lines[7] == "[4. 4.]"
    assert lines[8] == ("s2sgrad.rules.scipy s2sgrad.rules.scipy_signal "
                        "s2sgrad.rules.scipy_stats scipy.linalg scipy.signal scipy.special "
                        "scipy.stats")


def test_without_scipy_the_registry_still_loads(tmp_path):
    code = ("import sys\nsys.modules['scipy'] = None\n"
            "import numpy as np, s2sgrad\n"
            "print(s2sgrad.grad(lambda x: np.sum(x * x))(np.ones(2)))\n"
            "print(len(s2sgrad.rules.all_primitives()) > 100)\n")
    out = _run(code, tmp_path)
    assert "[2. 2.]" in out.stdout and "True" in out.stdout


# -- forward mode of the programs autograd has no JVP for --------------------------------------

PROGRAMS = ["logistic_expit", "negbin_gammaln", "vi_scipy_norm", "gp_marginal_likelihood",
            "gmm_scipy_logsumexp", "gp_slogdet", "physics_springs", "vi_frozen_scipy",
            "gp_dataclass_hypers"]


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_forward_mode_by_differences(name, tmp_path):
    import pathlib
    import re

    source = (pathlib.Path(__file__).parent / "programs" / f"{name}.py").read_text()
    source = re.sub(r"^(\s*)(from|import) autograd\b", r"\1\2 s2sgrad.compat.autograd", source,
                    flags=re.MULTILINE)
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"fwd_program_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    argnum = getattr(module, "ARGNUM", 0)
    args = list(module.inputs())
    if not isinstance(args[argnum], np.ndarray):
        pytest.skip("differentiated in a tree of arrays")
    v = np.random.RandomState(3).randn(*np.shape(args[argnum]))
    tangents = [v if i == argnum else None for i in range(len(args))]
    _, dot = s2sgrad.jvp(module.loss, tuple(args), tuple(tangents))
    plus, minus = list(args), list(args)
    plus[argnum], minus[argnum] = args[argnum] + 1e-6 * v, args[argnum] - 1e-6 * v
    fd = (module.loss(*plus) - module.loss(*minus)) / 2e-6
    np.testing.assert_allclose(dot, fd, rtol=1e-5, atol=1e-6)


def test_pad_modes_without_a_rule_raise_in_both_modes():
    def f(x):
        return np.sum(np.pad(x, 2, mode="maximum"))

    x = np.array([0.3, 1.2, -0.4])
    with pytest.raises(NotImplementedError, match="mode='maximum'"):
        s2sgrad.grad(f)(x)
    with pytest.raises(NotImplementedError, match="mode='maximum'"):
        s2sgrad.jvp(f, (x,), (x,))


def test_eig_with_complex_eigenvalues():
    def f(x):  # eigenvalues +-1j * x: the loss is 2 x**2
        w, v = np.linalg.eig(np.array([[0.0, 1.0], [-1.0, 0.0]]) * x)
        return np.sum(np.imag(w) ** 2 + np.real(w))

    np.testing.assert_allclose(s2sgrad.grad(f)(1.5), 6.0, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(f, (1.5,), (1.0,))[1], 6.0, rtol=1e-12)


def _gradient_spacing(x, h):
    return np.sum(np.gradient(x, h) ** 2)


def _iv_order(x, v):
    return np.sum(sps.iv(v, x))


def _gammainc_shape(x, a):
    return np.sum(sps.gammainc(a, x))


def _t_cdf_df(x, df):
    return np.sum(sst.t.cdf(x, df))


@pytest.mark.parametrize("fn", [_gradient_spacing, _iv_order, _gammainc_shape, _t_cdf_df])
def test_arguments_without_a_derivative_raise_in_both_modes(fn):
    x = np.array([0.5, 1.0, 2.0, 2.5])
    np.testing.assert_allclose(s2sgrad.jvp(fn, (x, 1.5), (x, None))[1],
                               (fn(x + 1e-6 * x, 1.5) - fn(x - 1e-6 * x, 1.5)) / 2e-6, rtol=1e-5)
    with pytest.raises(NotImplementedError, match="not implemented"):
        s2sgrad.grad(fn, argnums=1)(x, 1.5)
    with pytest.raises(NotImplementedError, match="not implemented"):
        s2sgrad.jvp(fn, (x, 1.5), (None, 1.0))


def test_logsumexp_return_sign_raises():
    def f(x):
        return np.sum(sps.logsumexp(x, return_sign=True)[0])

    with pytest.raises(NotImplementedError, match="return_sign"):
        s2sgrad.grad(f)(np.array([0.3, 1.2]))


def test_lstsq_forward_gives_every_result_and_reverse_only_the_solution():
    def f(a, b):
        x, res, rank, s = np.linalg.lstsq(a, b, rcond=None)
        return np.sum(res) + np.sum(s ** 2) + np.sum(x)

    a, b = RNG.standard_normal((5, 3)), RNG.standard_normal(5)
    va, vb = RNG.standard_normal((5, 3)), RNG.standard_normal(5)
    _, dot = s2sgrad.jvp(f, (a, b), (va, vb))
    fd = (f(a + 1e-6 * va, b + 1e-6 * vb) - f(a - 1e-6 * va, b - 1e-6 * vb)) / 2e-6
    np.testing.assert_allclose(dot, fd, rtol=1e-5)
    with pytest.raises(NotImplementedError, match="residuals and singular values"):
        s2sgrad.grad(f)(a, b)


def test_an_installed_package_reads_its_own_callees_but_not_other_libraries(tmp_path,
                                                                              monkeypatch):
    import os

    import s2sgrad.reverse.callees as callees

    (tmp_path / "mypkg").mkdir()
    (tmp_path / "mypkg" / "__init__.py").write_text("")
    (tmp_path / "mypkg" / "helpers.py").write_text(
        "import numpy as np\n\n\ndef scaled(x):\n    return np.sin(x) * x\n")
    (tmp_path / "mypkg" / "model.py").write_text(
        "import numpy as np\nfrom mypkg.helpers import scaled\nfrom otherlib import smooth\n\n\n"
        "def loss(x):\n    return np.sum(scaled(x))\n\n\n"
        "def loss_other(x):\n    return np.sum(smooth(x))\n")
    (tmp_path / "otherlib").mkdir()
    (tmp_path / "otherlib" / "__init__.py").write_text(
        "import numpy as np\n\n\ndef smooth(x):\n    return np.tanh(x)\n")
    monkeypatch.setattr(callees, "_LIBRARY_DIRS", (os.path.join(os.path.realpath(tmp_path),
                                                                 ""),))
    monkeypatch.syspath_prepend(str(tmp_path))
    import mypkg.model

    x = np.array([0.3, -0.7])
    check_grads(mypkg.model.loss, x)
    np.testing.assert_allclose(s2sgrad.jvp(mypkg.model.loss, (x,), (np.ones(2),))[1],
                               np.sum(np.cos(x) * x + np.sin(x)))
    with pytest.raises(NonDifferentiableError, match="otherlib.smooth"):
        s2sgrad.grad(mypkg.model.loss_other)(x)
    with pytest.raises(NonDifferentiableError, match="smooth has no forward-mode"):
        s2sgrad.jvp(mypkg.model.loss_other, (x,), (x,))
