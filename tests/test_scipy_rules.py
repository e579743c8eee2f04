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
from s2sgrad import runtime as rt
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
    return (
        np.sum(sst.norm.logpdf(x, x[0], np.exp(x[1])))
        + np.sum(sst.norm.logcdf(x))
        + np.sum(sst.norm.sf(x, 0.2, np.exp(x[2])))
    )


def h_t_gamma_beta(x):
    p = np.exp(x)
    return (
        np.sum(sst.t.logpdf(x, p[0] + 1.0, x[1], p[2]))
        + np.sum(sst.gamma.logpdf(p + 0.5, p[1] + 0.5))
        + np.sum(sst.beta.logpdf(sps.expit(x), p[0], p[1]))
    )


def h_poisson(x):
    return (
        np.sum(sst.poisson.logpmf(np.array([0.0, 1.0, 4.0, 2.0]), np.exp(x)))
        + np.sum(sst.poisson.cdf(np.array([0.0, 1.0, 4.0, 2.0]), np.exp(x)))
        + np.sum(sst.t.cdf(x, 3.0, 0.1, np.exp(x[0])))
        + np.sum(sst.gamma.cdf(np.exp(x), 2.0))
        + np.sum(sst.beta.cdf(sps.expit(x), 2.0, 3.0))
    )


def h_solve_triangular(x):
    a = np.tril(np.outer(x, x)) + 3.0 * np.eye(4)
    return np.sum(np.sin(sla.solve_triangular(a, x, lower=True))) + np.sum(
        sla.solve_triangular(a.T, x, trans=1) ** 2
    )


def h_cholesky(x):
    return np.sum(np.sin(np.linalg.cholesky(_spd(np.outer(x, x) + np.diag(x)))))


def h_slogdet_eigh(x):
    a = _spd(np.outer(x, np.sin(x)) + np.diag(x))
    w, v = np.linalg.eigh(a)
    return (
        np.linalg.slogdet(a)[1]
        + np.sum(np.sin(w))
        + np.sum(v**2 * np.arange(16.0).reshape(4, 4))
        + np.sum(np.linalg.eigvalsh(a) ** 2)
    )


def h_pinv(x):
    return np.sum(np.sin(np.linalg.pinv(np.outer(x, x[:3]) + np.eye(4, 3))))


def h_shape(x):
    return (
        np.sum(np.sin(np.diff(x, prepend=x[0] ** 2)))
        + np.sum(np.kron(x, x) ** 2)
        + np.sum(np.sin(np.convolve(x, x[:2] ** 2, "same")))
        + np.sum(np.average(x, weights=np.exp(x)) * x)
        + np.nanvar(x * x)
        + np.sum(np.cross(x[:3], x[1:]) ** 2)
    )


def h_svd_qr(x):
    a = np.outer(x, x[:3]) + np.eye(4, 3) * x[:3]
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    q, r = np.linalg.qr(a)
    return (
        np.sum(np.sin(s))
        + np.sum(u**4)
        + np.sum(vt**4)
        + np.sum(np.linalg.svd(a, compute_uv=False) ** 2)
        + np.sum(np.sin(q))
        + np.sum(r**2)
    )


def h_matrix_power_multi_dot(x):
    a = np.outer(x, x) / 4.0 + np.eye(4)
    return (
        np.sum(np.sin(np.linalg.matrix_power(a, 3)))
        + np.sum(np.linalg.matrix_power(a, -1))
        + np.sin(np.linalg.multi_dot([x, a, a, x]))
    )


def h_mvn_dirichlet(x):
    cov = np.outer(x[:3], x[:3]) + np.eye(3)
    pts = np.stack([x[:3], x[1:], x[:3] ** 2])
    e = np.exp(x[:3])
    return np.sum(sst.multivariate_normal.logpdf(pts, x[1:], cov)) + sst.dirichlet.logpdf(
        e / np.sum(e), np.exp(x[1:])
    )


def h_expm_sqrtm_signal(x):
    a = np.outer(x, x[::-1]) / 4.0
    return (
        np.sum(np.sin(sla.expm(a)))
        + np.sum(np.sin(sla.sqrtm(a @ a.T + np.eye(4))))
        + np.sum(np.sin(scipy.signal.convolve(a, a[:2, :3], "same")))
    )


def h_eig(x):
    q = np.outer(x, x[::-1]) / 4.0 + np.eye(4)
    a = q @ np.diag(np.arange(1.0, 5.0) + x) @ np.linalg.inv(q)
    w, v = np.linalg.eig(a)
    return np.real(
        np.sum(np.sin(w))
        + np.sum(v**2 * np.arange(16.0).reshape(4, 4))
        + np.sum(np.linalg.eigvals(a) ** 3)
    )  # complex with a zero imaginary part from NumPy 2.5 on


def h_norms(x):
    return (
        np.linalg.norm(x, 3) ** 2
        + np.linalg.norm(x, 1) * np.sum(x**2)
        + np.linalg.norm(np.outer(x, x[:3]), np.inf) * np.sum(x)
        + np.linalg.norm(x) ** 3
        + np.linalg.norm(np.outer(x, x[:3]) + np.eye(4, 3), "fro") ** 3
    )


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
    return (
        np.sum(np.sin(np.append(a * b, x)))
        + np.sum(np.column_stack([x, x**2]) ** 3)
        + np.sum(parts[0] * parts[2][:, :1])
        + np.sum(np.take_along_axis(x, order, 0) * x)
        + np.sum(np.select([x > 0.7], [x**3], x**2))
        + np.sum(np.partition(x**2, 1) * x)
        + np.sum(np.pad(x, 2, mode="reflect") ** 3)
        + np.sum(np.gradient(x * x, 0.5) ** 2)
        + np.nanmean(nan**3)
        + np.nanmax(nan) ** 2
        + np.nanprod(nan)
        + np.nanstd(nan**2)
        + np.sum(np.dstack([m, m * m]) ** 2)
    )


HESSIANS = [
    h_shape_more,
    h_lstsq,
    h_cho,
    h_gammaln,
    h_special,
    h_logsumexp,
    h_softmax,
    h_norm,
    h_t_gamma_beta,
    h_poisson,
    h_mvn_dirichlet,
    h_expm_sqrtm_signal,
    h_solve_triangular,
    h_cholesky,
    h_slogdet_eigh,
    h_pinv,
    h_svd_qr,
    h_eig,
    h_matrix_power_multi_dot,
    h_norms,
    h_shape,
]


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
    np.testing.assert_allclose(
        dot, (fn(x + 1e-6 * v) - fn(x - 1e-6 * v)) / 2e-6, rtol=1e-5, atol=1e-6
    )


# -- methods of SciPy's distribution objects ------------------------------------------------


def test_distribution_methods_are_new_objects_but_have_rules():
    assert sst.norm.logpdf is not sst.norm.logpdf
    assert s2sgrad.rules.lookup(sst.norm.logpdf) is s2sgrad.rules.lookup(sst.norm.logpdf)
    assert s2sgrad.rules.lookup(sst.norm.logpdf).path == "scipy.stats.norm.logpdf"
    # the method of another distribution (same function, another instance) is not norm's
    assert s2sgrad.rules.lookup(sst.gumbel_r.logpdf) is None


def _gumbel_r_loss(x):
    return np.sum(sst.gumbel_r.logpdf(x, 0.5, 2.0))


def test_register_vjp_attaches_to_a_distribution_method():
    x = np.array([1.0, -2.0, 0.7])
    with pytest.raises(NonDifferentiableError) as err:
        s2sgrad.grad(_gumbel_r_loss)(x)
    assert "test_scipy_rules.py" in str(err.value) and "scipy.stats.gumbel_r.logpdf" in str(
        err.value
    )

    def fwd(x, loc, scale):
        return sst.gumbel_r.logpdf(x, loc, scale), (x, loc, scale)

    def bwd(res, g):
        x, loc, scale = res
        return (-g * np.sign(x - loc) / scale, None, None)

    s2sgrad.register_vjp(sst.gumbel_r.logpdf, fwd, bwd)
    try:
        got = s2sgrad.grad(_gumbel_r_loss)(x)
        np.testing.assert_allclose(got, -np.sign(x - 0.5) / 2.0)
    finally:
        from s2sgrad import custom

        del custom._REGISTERED[s2sgrad.rules.key(sst.gumbel_r.logpdf)]


# -- library functions without a rule: an error at the user's line ----------------------------


def _uses_unwrap(x):  # (np.vander and np.ediff1d have rules since session 32)
    y = np.sin(x)
    return np.sum(np.unwrap(y) ** 2)


def _uses_zscore(x):
    return np.sum(sst.zscore(x) ** 3)


def _uses_statistics(x):
    return statistics.fmean([x, 2.0 * x])


@pytest.mark.parametrize(
    "fn,name,line",
    [
        (_uses_unwrap, "unwrap", "return np.sum(np.unwrap(y) ** 2)"),
        (_uses_zscore, "zscore", "return np.sum(sst.zscore(x) ** 3)"),
        (_uses_statistics, "fmean", "return statistics.fmean([x, 2.0 * x])"),
    ],
)
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
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)


def test_import_s2sgrad_imports_no_scipy_and_rules_load_with_scipy(tmp_path):
    code = (
        "import sys, numpy as np, s2sgrad\n"
        "assert 'scipy' not in sys.modules\n"
        "print(s2sgrad.grad(lambda x: np.sum(np.sin(x)))(np.zeros(2)))\n"
        "import scipy.special\n"
        "print(s2sgrad.grad(lambda x: np.sum(scipy.special.gammaln(x)))(np.ones(2)))\n"
    )
    out = _run(code, tmp_path)
    assert "[1. 1.]" in out.stdout and "-0.5772" in out.stdout


def test_a_transform_imports_no_scipy_module_the_program_did_not(tmp_path):
    # tangent-ad imports scipy, scipy.special and scipy.linalg: the first transform then
    # loaded all SciPy rules, importing scipy.stats and scipy.signal (1 to 5 s)
    code = (
        "import sys, numpy as np, scipy, s2sgrad\n"
        "def loaded():\n"
        "    names = {'scipy.special', 'scipy.stats', 'scipy.linalg', 'scipy.signal',\n"
        "             's2sgrad.rules.scipy.special', 's2sgrad.rules.scipy.linalg',\n"
        "             's2sgrad.rules.scipy.stats', 's2sgrad.rules.scipy.signal'}\n"
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
        "print(loaded())\n"
    )
    lines = _run(code, tmp_path).stdout.splitlines()
    assert lines[:2] == ["[1. 1.]", ""]
    assert "-0.5772" in lines[2]  # scipy.special, imported by resolving scipy.special
    assert lines[4] == (
        "s2sgrad.rules.scipy.linalg s2sgrad.rules.scipy.special scipy.linalg scipy.special"
    )
    assert lines[5] == "[-1. -1.]"
    assert abs(float(lines[6]) + 1.0 / 1.5**2) < 1e-9  # d2/dx2 (log x - x) at 1.5
    assert lines[7] == "[4. 4.]"
    assert lines[8] == (
        "s2sgrad.rules.scipy.linalg s2sgrad.rules.scipy.signal "
        "s2sgrad.rules.scipy.special s2sgrad.rules.scipy.stats scipy.linalg "
        "scipy.signal scipy.special scipy.stats"
    )


def test_without_scipy_the_registry_still_loads(tmp_path):
    code = (
        "import sys\nsys.modules['scipy'] = None\n"
        "import numpy as np, s2sgrad\n"
        "print(s2sgrad.grad(lambda x: np.sum(x * x))(np.ones(2)))\n"
        "print(len(s2sgrad.rules.all_primitives()) > 100)\n"
    )
    out = _run(code, tmp_path)
    assert "[2. 2.]" in out.stdout and "True" in out.stdout


# -- forward mode of the programs autograd has no JVP for --------------------------------------

PROGRAMS = [
    "logistic_expit",
    "negbin_gammaln",
    "vi_scipy_norm",
    "gp_marginal_likelihood",
    "gmm_scipy_logsumexp",
    "gp_slogdet",
    "physics_springs",
    "vi_frozen_scipy",
    "gp_dataclass_hypers",
]


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_forward_mode_by_differences(name, tmp_path):
    import pathlib
    import re

    source = (pathlib.Path(__file__).parent / "programs" / f"{name}.py").read_text()
    source = re.sub(
        r"^(\s*)(from|import) autograd\b",
        r"\1\2 s2sgrad.compat.autograd",
        source,
        flags=re.MULTILINE,
    )
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


@pytest.mark.parametrize("fn", [_gradient_spacing])
def test_arguments_without_a_derivative_raise_in_both_modes(fn):
    x = np.array([0.5, 1.0, 2.0, 2.5])
    np.testing.assert_allclose(
        s2sgrad.jvp(fn, (x, 1.5), (x, None))[1],
        (fn(x + 1e-6 * x, 1.5) - fn(x - 1e-6 * x, 1.5)) / 2e-6,
        rtol=1e-5,
    )
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
        return np.sum(res) + np.sum(s**2) + np.sum(x)

    a, b = RNG.standard_normal((5, 3)), RNG.standard_normal(5)
    va, vb = RNG.standard_normal((5, 3)), RNG.standard_normal(5)
    _, dot = s2sgrad.jvp(f, (a, b), (va, vb))
    fd = (f(a + 1e-6 * va, b + 1e-6 * vb) - f(a - 1e-6 * va, b - 1e-6 * vb)) / 2e-6
    np.testing.assert_allclose(dot, fd, rtol=1e-5)
    with pytest.raises(NotImplementedError, match="residuals and singular values"):
        s2sgrad.grad(f)(a, b)


def test_an_installed_package_reads_its_own_callees_but_not_other_libraries(tmp_path, monkeypatch):
    import os

    import s2sgrad.reverse.callees as callees

    (tmp_path / "mypkg").mkdir()
    (tmp_path / "mypkg" / "__init__.py").write_text("")
    (tmp_path / "mypkg" / "helpers.py").write_text(
        "import numpy as np\n\n\ndef scaled(x):\n    return np.sin(x) * x\n"
    )
    (tmp_path / "mypkg" / "model.py").write_text(
        "import numpy as np\nfrom mypkg.helpers import scaled\nfrom otherlib import smooth\n\n\n"
        "def loss(x):\n    return np.sum(scaled(x))\n\n\n"
        "def loss_other(x):\n    return np.sum(smooth(x))\n"
    )
    (tmp_path / "otherlib").mkdir()
    (tmp_path / "otherlib" / "__init__.py").write_text(
        "import numpy as np\n\n\ndef smooth(x):\n    return np.tanh(x)\n"
    )
    monkeypatch.setattr(callees, "_LIBRARY_DIRS", (os.path.join(os.path.realpath(tmp_path), ""),))
    monkeypatch.syspath_prepend(str(tmp_path))
    import mypkg.model

    x = np.array([0.3, -0.7])
    check_grads(mypkg.model.loss, x)
    np.testing.assert_allclose(
        s2sgrad.jvp(mypkg.model.loss, (x,), (np.ones(2),))[1], np.sum(np.cos(x) * x + np.sin(x))
    )
    with pytest.raises(NonDifferentiableError, match="otherlib.smooth"):
        s2sgrad.grad(mypkg.model.loss_other)(x)
    with pytest.raises(NonDifferentiableError, match="smooth has no forward-mode"):
        s2sgrad.jvp(mypkg.model.loss_other, (x,), (x,))


# -- derivatives without a closed form (s2sgrad/runtime/special.py) -------------------------


def test_numerical_shape_derivatives_match_closed_forms():
    """The finite-difference derivatives against the closed forms at special points:
    d/da gammainc(a, x) at a = 1, d/da betainc(a, 1, x) = x^a log x, d/db betainc(1, b, x)
    = -(1 - x)^b log(1 - x), and the order derivatives of J and I at v = 1/2 (DLMF 10.15.1,
    10.38.6)."""
    from s2sgrad.runtime.special import betainc_da, betainc_db, gammainc_da, order_slope

    x = np.array([0.1, 0.5, 1.0, 2.3, 5.0, 12.0, 30.0])
    exact = -sps.exp1(x) - np.exp(-x) * np.log(x) - np.euler_gamma * np.exp(-x)
    np.testing.assert_allclose(gammainc_da(1.0, x), exact, rtol=1e-9, atol=1e-300)
    u = np.array([0.05, 0.3, 0.6, 0.95])[:, None]
    s = np.array([0.3, 1.7, 4.0, 25.0])
    np.testing.assert_allclose(betainc_da(s, 1.0, u), u**s * np.log(u), rtol=1e-9)
    np.testing.assert_allclose(betainc_db(1.0, s, u), -((1.0 - u) ** s) * np.log1p(-u), rtol=1e-9)
    x = np.array([0.2, 1.0, 3.0, 10.0, 40.0])
    si, ci = sps.sici(2.0 * x)
    np.testing.assert_allclose(
        order_slope(sps.jv, 0.5, x),
        np.sqrt(2.0 / (np.pi * x)) * (ci * np.sin(x) - si * np.cos(x)),
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        order_slope(sps.iv, 0.5, x),
        -((2.0 * np.pi * x) ** -0.5)
        * (sps.exp1(2.0 * x) * np.exp(x) + sps.expi(2.0 * x) * np.exp(-x)),
        rtol=1e-9,
    )


def test_t_cdf_derivative_in_df_matches_quadrature():
    """d/ddf of the t cdf is the integral of the density's df-derivative up to x."""
    import scipy.integrate

    def dlogpdf(z, df):
        return 0.5 * (
            sps.digamma(0.5 * (df + 1.0)) - sps.digamma(0.5 * df) - 1.0 / df - np.log1p(z * z / df)
        ) + 0.5 * (df + 1.0) * z * z / (df * (df + z * z))

    def integrand(z, df):
        return sst.t.pdf(z, df) * dlogpdf(z, df)

    def cdf(x, df):
        return sst.t.cdf(x, df)

    for x, df in [(-2.0, 1.5), (0.3, 3.0), (1.7, 7.5), (4.0, 2.2)]:
        exact = scipy.integrate.quad(integrand, -np.inf, x, args=(df,), epsabs=1e-14, epsrel=1e-12)[
            0
        ]
        got = s2sgrad.grad(cdf, argnums=1)(x, df)
        np.testing.assert_allclose(got, exact, rtol=1e-8, atol=1e-12)


def _shapes_loss(a, x):
    return np.sum(sps.gammainc(a, x) * sps.gammaincc(a + 0.5, x)) + np.sum(
        sst.gamma.cdf(x, a, 0.1, 1.3) ** 2
    )


def _beta_loss(a, b, x):
    return np.sum(np.sin(sps.betainc(a, b, x))) + np.sum(sst.beta.cdf(x, b, a) * x)


def _order_loss(v, x):
    return np.sum(sps.jv(v, x) * sps.yv(v, x)) + np.sum(sps.iv(v, x) + sps.ive(v, 2.0 * x))


def _t_loss(x, df, loc, scale):
    return np.sum(sst.t.cdf(x, df, loc, scale) + sst.t.logcdf(x, df, loc, scale) ** 2)


def _chi2_loss(x, df, loc, scale):
    return np.sum(
        sst.chi2.logpdf(x, df, loc, scale) + sst.chi2.pdf(x, df) * sst.chi2.cdf(x, df, loc, scale)
    )


SHAPE_CASES = [
    (_shapes_loss, (RNG.uniform(0.5, 4.0, (3, 4)), RNG.uniform(0.2, 6.0, 4))),
    (_shapes_loss, (2.5, RNG.uniform(0.2, 6.0, 5))),
    (_shapes_loss, (RNG.uniform(0.5, 4.0, 5), 1.7)),
    (
        _beta_loss,
        (RNG.uniform(0.5, 4.0, (3, 1)), RNG.uniform(0.5, 4.0, 4), RNG.uniform(0.05, 0.95, (3, 4))),
    ),
    (_beta_loss, (1.5, RNG.uniform(0.5, 4.0, 3), RNG.uniform(0.05, 0.95, 3))),
    (_order_loss, (RNG.uniform(0.2, 5.0, 4), RNG.uniform(0.5, 8.0, (2, 4)))),
    (_order_loss, (RNG.uniform(0.2, 5.0, (3, 1)), 2.3)),
    (
        _t_loss,
        (
            RNG.standard_normal((3, 4)),
            RNG.uniform(1.0, 9.0, 4),
            RNG.standard_normal((3, 1)),
            RNG.uniform(0.5, 2.0),
        ),
    ),
    (_t_loss, (RNG.standard_normal(5), 3.3, 0.2, 1.5)),
    (
        _chi2_loss,
        (
            RNG.uniform(1.0, 6.0, (3, 4)),
            RNG.uniform(1.0, 6.0, 4),
            RNG.uniform(-0.5, 0.5),
            RNG.uniform(0.8, 1.5, (3, 1)),
        ),
    ),
]


@pytest.mark.parametrize(
    "fn,args", SHAPE_CASES, ids=[f"{f.__name__}-{i}" for i, (f, _) in enumerate(SHAPE_CASES)]
)
def test_shape_derivatives_in_both_modes_and_second_order(fn, args):
    nums = tuple(range(len(args)))
    check_grads(fn, *args, argnums=nums, rtol=1e-6, atol=1e-7)
    tangents = tuple(RNG.standard_normal(np.shape(a)) for a in args)
    _, dot = s2sgrad.jvp(fn, args, tangents)

    def at(e):
        return fn(*(a + e * t for a, t in zip(args, tangents)))

    np.testing.assert_allclose(dot, (at(1e-6) - at(-1e-6)) / 2e-6, rtol=1e-6, atol=1e-7)
    # second order: forward over the reverse sweep, against differences of the gradient
    grad = s2sgrad.grad(fn, argnums=nums)
    _, hv = s2sgrad.jvp(grad, args, tangents)
    plus = grad(*(a + 1e-5 * t for a, t in zip(args, tangents)))
    minus = grad(*(a - 1e-5 * t for a, t in zip(args, tangents)))
    for h, p, m in zip(hv, plus, minus):
        np.testing.assert_allclose(h, (p - m) / 2e-5, rtol=1e-5, atol=1e-6)


def test_shape_derivatives_agree_with_autograd_where_it_has_them():
    """autograd differentiates x only; the x parts of the new rules agree with it."""
    ag = pytest.importorskip("autograd")
    import autograd.scipy.special as asp
    import autograd.scipy.stats as ast

    x = RNG.uniform(0.5, 4.0, 5)
    cases = [
        (
            lambda x: np.sum(sps.gammainc(1.7, x) + sps.betainc(1.5, 2.5, x / 5.0)),
            lambda x: ag.numpy.sum(asp.gammainc(1.7, x) + asp.betainc(1.5, 2.5, x / 5.0)),
        ),
        (
            lambda x: np.sum(sst.chi2.logpdf(x, 3) + sst.chi2.pdf(x, 2) + sst.chi2.cdf(x, 4)),
            lambda x: ag.numpy.sum(ast.chi2.logpdf(x, 3) + ast.chi2.pdf(x, 2) + ast.chi2.cdf(x, 4)),
        ),
        (
            lambda x: np.sum(sst.t.logcdf(x, 3.0, 0.5, 2.0) + sst.t.cdf(x, 2.5)),
            lambda x: ag.numpy.sum(ast.t.logcdf(x, 3.0, 0.5, 2.0) + ast.t.cdf(x, 2.5)),
        ),
        (
            lambda x: np.sum(sps.yn(2, x) * sps.rgamma(x) + sps.gammasgn(x - 3.3) * x),
            lambda x: ag.numpy.sum(asp.yn(2, x) * asp.rgamma(x) + asp.gammasgn(x - 3.3) * x),
        ),
    ]
    for ours, theirs in cases:
        np.testing.assert_allclose(s2sgrad.grad(ours)(x), ag.grad(theirs)(x), rtol=1e-9)
        np.testing.assert_allclose(
            s2sgrad.jvp(ours, (x,), (np.ones(5),))[1], np.sum(ag.grad(theirs)(x)), rtol=1e-9
        )


def test_second_derivative_in_a_shape():
    def f(a):
        return sps.gammainc(a, 1.5) + sps.jv(a, 2.0) * sps.betainc(a, 1.5, 0.3)

    second = s2sgrad.hessian(f)(2.0)
    h = 1e-4
    np.testing.assert_allclose(
        second, (s2sgrad.grad(f)(2.0 + h) - s2sgrad.grad(f)(2.0 - h)) / (2 * h), rtol=1e-6
    )


def test_gammasgn_has_derivative_zero_between_the_poles():
    x = np.array([-2.5, -1.5, -0.5, 0.5, 3.0])
    np.testing.assert_array_equal(s2sgrad.grad(lambda x: np.sum(sps.gammasgn(x)))(x), 0.0)
    assert s2sgrad.jvp(lambda x: np.sum(sps.gammasgn(x) * x), (x,), (np.ones(5),))[1] == np.sum(
        sps.gammasgn(x)
    )


# -- a registered primitive passed itself to a transformation -------------------------------


@pytest.mark.parametrize(
    "prim,args,argnum",
    [
        (np.tanh, (0.3,), 0),
        (np.arctan2, (0.3, -1.2), 1),
        (sps.polygamma, (1, 1.3), 1),
        (sps.multigammaln, (4.5, 3), 0),
        (sps.gammaln, (2.3,), 0),
        (sst.norm.logpdf, (0.3, 0.1, 2.0), 2),
        (sps.jv, (1.5, 2.5), 0),
    ],
)
def test_grad_of_a_primitive_itself(prim, args, argnum):
    g = s2sgrad.grad(prim, argnums=argnum)(*args)
    h = 1e-6
    up = list(args)
    down = list(args)
    up[argnum] += h
    down[argnum] -= h
    np.testing.assert_allclose(g, (prim(*up) - prim(*down)) / (2 * h), rtol=1e-6)
    tangents = tuple(1.0 if i == argnum else None for i in range(len(args)))
    np.testing.assert_allclose(s2sgrad.jvp(prim, args, tangents)[1], g, rtol=1e-12)


def test_grad_of_a_matrix_primitive_itself():
    a = _spd(RNG.standard_normal((3, 3)))
    np.testing.assert_allclose(
        s2sgrad.grad(np.linalg.det)(a), np.linalg.det(a) * np.linalg.inv(a).T, rtol=1e-10
    )
    np.testing.assert_allclose(s2sgrad.hessian(np.sin)(0.7), -np.sin(0.7))


def test_a_primitive_without_a_derivative_passed_itself_is_still_an_error():
    with pytest.raises(s2sgrad.errors.S2SGradError, match="argmax"):
        s2sgrad.grad(np.argmax)(np.ones(3))


# -- NumPy and SciPy functions without a rule: their public name, never their source --------


@pytest.mark.parametrize(
    "fn,name",
    [
        (sla.schur, "scipy.linalg.schur"),  # (lu_factor, lu, logm have rules since session 32)
        (sla.sinm, "scipy.linalg.sinm"),
        (scipy.signal.lfilter, "scipy.signal.lfilter"),
        (sst.entropy, "scipy.stats.entropy"),
    ],
)
def test_scipy_function_without_a_rule_passed_to_grad(fn, name):
    with pytest.raises(NonDifferentiableError) as err:
        s2sgrad.grad(fn)(np.eye(2) + 1.0)
    assert name in str(err.value) and "site-packages" not in str(err.value)


def _calls_sinm(x):
    return np.sum(sla.sinm(x * np.eye(2) + 2.0))


def _calls_kv(x):
    return np.sum(sps.kv(1.5, x))


@pytest.mark.parametrize(
    "fn,name", [(_calls_sinm, "scipy.linalg.sinm"), (_calls_kv, "scipy.special.kv")]
)
def test_scipy_function_without_a_rule_is_named_at_the_users_line(fn, name):
    for run in (lambda: s2sgrad.grad(fn)(1.5), lambda: s2sgrad.jvp(fn, (1.5,), (1.0,))):
        with pytest.raises(NonDifferentiableError) as err:
            run()
        text = str(err.value)
        assert name in text and "test_scipy_rules.py" in text and "site-packages" not in text


# -- programs as written: *args copied into a list, entropy, linalg solvers ------------------


def _symmetrized(fun, argnum):
    def symmetrized_fun(*args, **kwargs):
        args = list(args)
        args[argnum] = 0.5 * (args[argnum] + np.swapaxes(args[argnum], -1, -2))
        return fun(*args, **kwargs)

    return symmetrized_fun


def test_star_args_copied_into_a_list_and_unpacked():
    x, m = RNG.standard_normal(3), RNG.standard_normal(3)
    c = _spd(RNG.standard_normal((3, 3)))
    logpdf = _symmetrized(sst.multivariate_normal.logpdf, 2)
    pdf = _symmetrized(sst.multivariate_normal.pdf, 2)

    def both(x, m, c):
        return logpdf(x, m, c, allow_singular=False) + pdf(x, m, c) ** 2

    check_grads(both, x, m, c, argnums=(0, 1, 2))
    ent = _symmetrized(sst.multivariate_normal.entropy, 1)
    check_grads(ent, m, c, argnums=(0, 1))
    np.testing.assert_array_equal(s2sgrad.grad(ent)(m, c), 0.0)  # the mean does not enter


def test_star_args_list_whose_length_changed_is_an_error_not_a_guess():
    def combine(a, b, c=0.0):
        return a * b + c

    def grow(*args):
        args = list(args)
        args.append(1.0)  # three items now: Python would pass c
        return np.sum(combine(*args))

    with pytest.raises(TypeError, match="exactly 2"):
        s2sgrad.grad(grow)(np.ones(2), np.ones(2))


def test_mvn_entropy_both_modes():
    m, b = RNG.standard_normal(4), RNG.standard_normal((4, 4))

    def f(m, b):
        return sst.multivariate_normal.entropy(m, b @ b.T + np.eye(4)) ** 2

    check_grads(f, m, b, argnums=(0, 1))
    t = RNG.standard_normal((4, 4))
    _, dot = s2sgrad.jvp(f, (m, b), (None, t))
    np.testing.assert_allclose(dot, (f(m, b + 1e-6 * t) - f(m, b - 1e-6 * t)) / 2e-6, rtol=1e-6)


@pytest.mark.parametrize("shapes", [(3, 3), (3, 2), (2, 4)])
def test_solve_sylvester_both_modes_and_hessian(shapes):
    n, k = shapes
    a = RNG.standard_normal((n, n)) + 3.0 * np.eye(n)
    b = RNG.standard_normal((k, k)) + 3.0 * np.eye(k)
    q = RNG.standard_normal((n, k))

    def f(a, b, q):
        return np.sum(np.sin(sla.solve_sylvester(a, b, q)))

    check_grads(f, a, b, q, argnums=(0, 1, 2))
    ta, tb, tq = (RNG.standard_normal(np.shape(v)) for v in (a, b, q))
    _, dot = s2sgrad.jvp(f, (a, b, q), (ta, tb, tq))
    fd = (
        f(a + 1e-6 * ta, b + 1e-6 * tb, q + 1e-6 * tq)
        - f(a - 1e-6 * ta, b - 1e-6 * tb, q - 1e-6 * tq)
    ) / 2e-6
    np.testing.assert_allclose(dot, fd, rtol=1e-6)
    g = s2sgrad.grad(f, argnums=2)
    _, hv = s2sgrad.jvp(g, (a, b, q), (None, None, tq))
    np.testing.assert_allclose(
        hv, (g(a, b, q + 1e-5 * tq) - g(a, b, q - 1e-5 * tq)) / 2e-5, rtol=1e-5, atol=1e-7
    )


@pytest.mark.parametrize("l_and_u,cols", [((1, 1), None), ((2, 0), 2), ((0, 2), None), ((1, 2), 3)])
def test_solve_banded_both_modes(l_and_u, cols):
    lower, upper = l_and_u
    n = 6
    ab = RNG.standard_normal((lower + upper + 1, n))
    ab[upper] += 5.0  # the diagonal: well conditioned
    b = RNG.standard_normal((n,) if cols is None else (n, cols))

    def f(ab, b):
        return np.sum(np.sin(sla.solve_banded(l_and_u, ab, b)))

    check_grads(f, ab, b, argnums=(0, 1))
    tab, tb = RNG.standard_normal(ab.shape), RNG.standard_normal(b.shape)
    _, dot = s2sgrad.jvp(f, (ab, b), (tab, tb))
    np.testing.assert_allclose(
        dot,
        (f(ab + 1e-6 * tab, b + 1e-6 * tb) - f(ab - 1e-6 * tab, b - 1e-6 * tb)) / 2e-6,
        rtol=1e-6,
    )
    # the corners of ab that SciPy does not read have derivative 0
    g = s2sgrad.grad(f)(ab, b)
    for r in range(upper):
        assert np.all(g[r, : upper - r] == 0.0)
    for r in range(upper + 1, lower + upper + 1):
        assert np.all(g[r, n - (r - upper) :] == 0.0)


def test_sqrtm_of_a_symmetric_matrix_with_negative_eigenvalues():
    """sqrtm is holomorphic: its rule holds for the complex square roots too."""
    x = np.array([[1.0, 2.0, 0.3], [2.0, -0.5, 0.1], [0.3, 0.1, 0.8]])
    assert np.linalg.eigvalsh(x).min() < 0

    def f(x):
        s = sla.sqrtm(0.5 * (x + x.T))
        return np.sum(np.real(s) ** 2 + np.imag(s))

    check_grads(f, x)
    t = RNG.standard_normal((3, 3))
    np.testing.assert_allclose(
        s2sgrad.jvp(f, (x,), (t,))[1], (f(x + 1e-6 * t) - f(x - 1e-6 * t)) / 2e-6, rtol=1e-6
    )


# -- autograd's generalized convolve (s2sgrad.compat.autograd.scipy.signal.convolve) --------


def test_general_convolve_matches_scipy_on_slices():
    from scipy.signal import convolve as sp_convolve

    from s2sgrad.compat.autograd.scipy import signal as ag_signal

    conv = ag_signal.convolve
    a35, a34, a342 = (RNG.standard_normal(s) for s in ((3, 5), (3, 4), (3, 4, 2)))
    a2543, a24232 = RNG.standard_normal((2, 5, 4, 3)), RNG.standard_normal((2, 4, 2, 3, 2))
    for mode in ("valid", "full"):
        np.testing.assert_allclose(
            conv(a35, a34, axes=([1], [0]), mode=mode)[1, 2],
            sp_convolve(a35[1, :], a34[:, 2], mode),
        )
        np.testing.assert_allclose(
            conv(a35, a34, axes=([], []), dot_axes=([0], [0]), mode=mode),
            np.tensordot(a35, a34, axes=([0], [0])),
        )
        np.testing.assert_allclose(
            conv(a2543, a24232, axes=([1, 2], [2, 4]), dot_axes=([0, 3], [0, 3]), mode=mode)[2],
            sum(
                sp_convolve(a2543[i, :, :, j], a24232[i, 2, :, j, :], mode)
                for i in range(2)
                for j in range(3)
            ),
        )
        np.testing.assert_allclose(
            conv(a35, a342, axes=([1], [2]), dot_axes=([0], [0]), mode=mode)[2],
            sum(sp_convolve(a35[i], a342[i, 2], mode) for i in range(3)),
        )
    for mode in ("full", "valid", "same"):  # without axes: SciPy's N-d convolution
        x, k = RNG.standard_normal((6, 5)), RNG.standard_normal((3, 2))
        np.testing.assert_allclose(conv(x, k, mode=mode), sp_convolve(x, k, mode))
    with pytest.raises(ValueError, match="at least as large"):
        conv(RNG.standard_normal((4, 2)), RNG.standard_normal((2, 4)), mode="valid")


GENERAL_CONVOLVE = [
    ((4, 3), (3, 2), dict(axes=([0], [0]))),
    ((4, 3), (3, 2), dict(axes=([1], [0]))),
    ((4, 3), (3, 2), dict(axes=([1, 0], [1, 0]))),
    ((3, 3, 2), (3, 2, 3), dict(axes=([1], [1]), dot_axes=([0], [2]))),
    ((3, 3, 2), (3, 2, 3), dict(axes=([1], [1]), dot_axes=([0], [0]))),
    ((2, 5, 4), (4, 2, 3), dict(axes=([1], [2]), dot_axes=([0, 2], [1, 0]))),
    ((5,), (2,), {}),
]
# autograd's adjoint has the wrong shape when dot_axes are not in increasing order
AUTOGRAD_WRONG = {5}


@pytest.mark.parametrize("mode", ["full", "valid", "same"])
@pytest.mark.parametrize("case", range(len(GENERAL_CONVOLVE)))
def test_general_convolve_both_modes_and_autograd(case, mode):
    import autograd
    import autograd.numpy as anp
    import autograd.scipy.signal as asig

    from s2sgrad.compat.autograd.scipy import signal as ag_signal

    sa, sb, kw = GENERAL_CONVOLVE[case]
    a, b = RNG.standard_normal(sa), RNG.standard_normal(sb)
    w = RNG.standard_normal(np.shape(ag_signal.convolve(a, b, mode=mode, **kw)))

    def f(a, b):
        return np.sum(np.sin(ag_signal.convolve(a, b, mode=mode, **kw)) * w)

    def g(a, b):
        return anp.sum(anp.sin(asig.convolve(a, b, mode=mode, **kw)) * w)

    ga, gb = check_grads(f, a, b, argnums=(0, 1))
    if case not in AUTOGRAD_WRONG:
        np.testing.assert_allclose(ga, autograd.grad(g, 0)(a, b), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(gb, autograd.grad(g, 1)(a, b), rtol=1e-10, atol=1e-12)
    ta, tb = RNG.standard_normal(sa), RNG.standard_normal(sb)
    _, dot = s2sgrad.jvp(f, (a, b), (ta, tb))
    np.testing.assert_allclose(dot, np.sum(ga * ta) + np.sum(gb * tb), rtol=1e-10)


def _curvature_in_a(a):
    return (
        rt.curvature2(sps.gammainc, 0, 0, a, 1.5)
        + rt.curvature3(sps.betainc, 0, 1, a, 2.0, 0.4)
        + rt.multigammaln_curvature(a + 2.0, 2)
        + rt.order_slope_dx(sps.jv, a, 2.0)
    )


def test_third_derivatives_raise_never_a_number():
    """The second-derivative helpers of the numerical rules have no derivative of their
    own: differentiating them (forward over the forward-over-reverse Hessian code) is an
    error."""
    with pytest.raises(NotImplementedError, match="second derivatives of"):
        s2sgrad.jvp(_curvature_in_a, (2.0,), (1.0,))


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("shapes", [((5,), (3,)), ((4, 3), (2, 2))])
def test_signal_convolve_of_complex_values(mode, shapes):
    # correlate conjugates its second argument: the adjoints must undo that (they did not,
    # and complex gradients were wrong)
    signal = pytest.importorskip("scipy.signal")
    from complex_helpers import complex_fd_grad, complex_fd_jvp

    rng = np.random.default_rng(3)
    a = rng.normal(size=shapes[0]) + 1j * rng.normal(size=shapes[0])
    b = rng.normal(size=shapes[1]) + 1j * rng.normal(size=shapes[1])

    def of_a(a):
        return np.sum(np.abs(signal.convolve(a, b, mode)) ** 2)

    def of_b(b):
        return np.sum(np.abs(signal.convolve(a, b, mode)) ** 2)

    for fn, x in ((of_a, a), (of_b, b)):
        np.testing.assert_allclose(
            s2sgrad.grad(fn)(x), complex_fd_grad(fn, x), rtol=1e-6, atol=1e-6
        )
        np.testing.assert_allclose(
            s2sgrad.jvp(fn, (x,), (x,))[1], complex_fd_jvp(fn, x, x), rtol=1e-6, atol=1e-6
        )


# -- densities registered as the exponentials of their logarithms (rules.exponential) ------

DENSITIES = {
    "norm": (lambda x, p: sst.norm.pdf(x, p[0], p[1]), [0.3, 1.7]),
    "t": (lambda x, p: sst.t.pdf(x, p[0], p[1], p[2]), [3.5, 0.2, 1.3]),
    "gamma": (lambda x, p: sst.gamma.pdf(x + 2.0, p[0], p[1], p[2]), [2.5, -0.4, 1.6]),
    "beta": (
        lambda x, p: sst.beta.pdf(sps.expit(x), p[0], p[1], p[2], p[3]),
        [2.0, 3.0, -0.1, 1.2],
    ),
    "chi2": (lambda x, p: sst.chi2.pdf(x + 2.0, p[0], p[1], p[2]), [3.0, -0.3, 1.4]),
    "poisson": (
        lambda x, p: sst.poisson.pmf(np.array([0.0, 1.0, 4.0]), np.exp(x[:3] * p[0])),
        [0.7],
    ),
    "dirichlet": (lambda x, p: sst.dirichlet.pdf(sps.softmax(x[:3]), np.exp(p)), [0.2, 0.5, 0.9]),
}


@pytest.mark.parametrize("name", sorted(DENSITIES))
def test_density_from_its_logarithm_in_every_argument(name):
    """pdf = exp(logpdf): the derived rule's gradient in x and in every parameter, its
    tangent, against central differences and autograd."""
    density, p = DENSITIES[name]
    x = np.array([0.4, -0.3, 1.1, 0.2])
    p = np.array(p)

    def loss(x, p):
        y = density(x, p)
        return np.sum(y * np.cos(x[: np.size(y)]))

    gx, gp = check_grads(loss, x, p, argnums=(0, 1), rtol=1e-5, atol=1e-7)
    assert np.any(gp != 0.0) and np.any(gx != 0.0)
    tx, tp = RNG.standard_normal(x.shape), RNG.standard_normal(p.shape)
    _, dot = s2sgrad.jvp(loss, (x, p), (tx, tp))
    np.testing.assert_allclose(dot, np.dot(gx, tx) + np.dot(gp, tp), rtol=1e-9, atol=1e-12)
    if name not in ("norm", "poisson", "dirichlet"):
        return  # autograd has no loc/scale derivatives of these: differences are the oracle
    ag_scipy = pytest.importorskip("autograd.scipy.stats")
    agnp = pytest.importorskip("autograd.numpy")
    from autograd import grad as ag_grad

    ag_density = getattr(ag_scipy, name)

    def ag_loss(x, p):
        if name == "norm":
            y = ag_density.pdf(x, p[0], p[1])
        elif name == "poisson":
            y = ag_density.pmf(agnp.array([0.0, 1.0, 4.0]), agnp.exp(x[:3] * p[0]))
        else:
            y = ag_density.pdf(agnp.exp(x[:3]) / agnp.sum(agnp.exp(x[:3])), agnp.exp(p))
        return agnp.sum(y * agnp.cos(x[: agnp.size(y)]))

    np.testing.assert_allclose(gx, ag_grad(ag_loss, 0)(x, p), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(gp, ag_grad(ag_loss, 1)(x, p), rtol=1e-7, atol=1e-12)


def test_density_hessian_from_its_logarithm():
    def loss(x):
        return np.sum(sst.norm.pdf(x, x[0], np.exp(x[1]))) + np.sum(sst.t.pdf(x, 4.0, x[2], 1.5))

    x = np.array([0.3, -0.2, 0.5, 1.2])
    h = s2sgrad.hessian(loss)(x)
    g = s2sgrad.grad(loss)
    eps = 1e-5
    fd = np.array([(g(x + eps * e) - g(x - eps * e)) / (2 * eps) for e in np.eye(len(x))])
    np.testing.assert_allclose(h, fd, rtol=1e-5, atol=1e-8)


def test_exponential_of_a_rule_that_reads_its_result_is_refused():
    from s2sgrad.rules import registry

    with pytest.raises(s2sgrad.rules.RuleError, match="reads its result"):
        registry.exponential("scipy.stats.norm.cdf", of="scipy.stats.norm.logcdf")
    with pytest.raises(s2sgrad.rules.RuleError, match="already has a rule"):
        registry.exponential("scipy.stats.norm.cdf", of="scipy.stats.norm.logpdf")


def _overwriting_cho_factor(x):
    a = np.asfortranarray(np.outer(x, x) + 3.0 * np.eye(3))
    return np.sum(np.sin(a)) + np.sum(sla.cho_factor(a, overwrite_a=True)[0])


def _overwriting_lu_factor(x):
    a = np.asfortranarray(np.outer(x, x) + 3.0 * np.eye(3))
    return np.sum(np.sin(a)) + np.sum(sla.lu_factor(a, True)[0])


def _overwriting_cholesky(x):
    a = np.asfortranarray(np.outer(x, x) + 3.0 * np.eye(3))
    return np.sum(np.sin(a)) + np.sum(sla.cholesky(a, overwrite_a=1))


def _overwriting_solve(x):
    a = np.outer(x, x) + 3.0 * np.eye(3)
    b = x * 2.0
    return np.sum(np.sin(b)) + np.sum(sla.solve(a, b, overwrite_b=True))


@pytest.mark.parametrize(
    "f",
    [_overwriting_cho_factor, _overwriting_lu_factor, _overwriting_cholesky, _overwriting_solve],
)
def test_a_call_that_may_overwrite_its_argument_is_refused(f):
    # the derivative read a after the call had overwritten it: a wrong gradient before
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="overwrite_"):
        s2sgrad.grad(f)(np.array([0.3, -0.2, 0.5]))
