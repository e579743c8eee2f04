"""Complex inputs, intermediates and outputs: every complex rule in reverse mode (grad,
vjp) and forward mode (jvp, jacfwd), against complex finite differences and autograd."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from complex_helpers import complex_fd_grad, complex_fd_jvp, random_like

import s2sgrad
from s2sgrad.errors import GradientArgumentError


def make_cases(np):
    """Real-valued functions of a complex vector ``z`` (``np`` is numpy or autograd's)."""
    a = np.array([[1.0 + 2.0j, 0.5, -1.0j], [0.3, 2.0 - 1.0j, 1.0], [1.0j, 0.2, 1.5]])
    return {
        "parts": lambda z: np.sum(np.real(z) ** 2 + 3.0 * np.imag(z)),
        "abs": lambda z: np.sum(np.abs(z) * np.real(z)),
        "abs_squared": lambda z: np.sum(np.abs(z) ** 2),
        "conj": lambda z: np.real(np.sum(np.conj(z) * z * z)),
        "conjugate": lambda z: np.imag(np.sum(np.conjugate(z) * np.exp(z))),
        "angle": lambda z: np.sum(np.angle(z) * np.abs(z)),
        "angle_deg": lambda z: np.sum(np.angle(z, deg=True)),
        "exp_log": lambda z: np.real(np.sum(np.exp(z) * np.log(z))),
        "sqrt": lambda z: np.imag(np.sum(np.sqrt(z) + 1.0 / z)),
        "powers": lambda z: np.real(np.sum(z**3 + z**2.5 + z**z + 2.0**z)),
        "trig": lambda z: np.real(np.sum(np.sin(z) * np.cos(z) + np.tan(z))),
        "inverse_trig": lambda z: np.real(np.sum(np.arcsin(z * 0.3) + np.arctan(z))),
        "hyperbolic": lambda z: np.imag(np.sum(np.sinh(z) + np.cosh(z) * np.tanh(z))),
        "arccosh": lambda z: np.real(np.sum(np.arccosh(z) + np.arcsinh(z))),
        "matmul": lambda z: np.real(np.sum((a @ z) * z)),
        "dot_outer": lambda z: np.imag(np.dot(z, a @ z) + np.sum(np.outer(z, z))),
        "einsum": lambda z: np.real(np.einsum("ij,j,i->", a, z, z)),
        "inner": lambda z: np.abs(np.inner(z, z * 1j)),
        "reductions": lambda z: np.real(np.prod(z) + np.mean(z * z) + np.sum(np.cumsum(z) ** 2)),
        "cumprod": lambda z: np.real(np.sum(np.cumprod(z))),
        "inv_det": lambda z: np.real(np.sum(np.linalg.inv(a + np.diag(z))) + np.linalg.det(a * z)),
        "solve": lambda z: np.imag(np.sum(np.linalg.solve(a + np.diag(z), z))),
        "norm": lambda z: np.linalg.norm(z * 2.0),
        "mixed_real": lambda z: np.sum(np.real(z) * np.array([1.0, 2.0, 3.0]) * 1j).real,
    }


NAMES = list(make_cases(np))
# autograd's angle takes no deg, it has no cumprod rule and no .real on its boxes, and its
# arccosh rule 1 / sqrt(z * z - 1) has the wrong sign for Re z < 0 (finite differences agree
# with s2sgrad's 1 / (sqrt(z - 1) * sqrt(z + 1)))
AUTOGRAD_LACKS = {"angle_deg", "cumprod", "mixed_real", "arccosh"}
CASES = make_cases(np)
AG_CASES = make_cases(anp)
Z = np.array([0.7 + 0.4j, -0.3 + 1.1j, 1.2 - 0.5j])


def complex_loss(z, name):
    return CASES[name](z)


@pytest.mark.parametrize("name", NAMES)
def test_grad_against_finite_differences_and_autograd(name):
    f = CASES[name]
    g = s2sgrad.grad(f)(Z)
    assert g.dtype == Z.dtype
    np.testing.assert_allclose(g, complex_fd_grad(f, Z), rtol=1e-5, atol=1e-6)
    if name not in AUTOGRAD_LACKS:
        np.testing.assert_allclose(g, autograd.grad(AG_CASES[name])(Z), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("name", NAMES)
def test_forward_mode(name):
    f = CASES[name]
    v = random_like(np.random.default_rng(0), 3, True)
    _, t = s2sgrad.jvp(f, (Z,), (v,))
    np.testing.assert_allclose(t, complex_fd_jvp(f, Z, v), rtol=1e-5, atol=1e-6)
    # jacfwd of a real function of complex input: the gradient, as grad gives it
    np.testing.assert_allclose(s2sgrad.jacfwd(f)(Z), s2sgrad.grad(f)(Z), rtol=1e-9, atol=1e-10)


def vdot_loss(a, b):
    return np.real(np.vdot(a, b * b)) + np.imag(np.vdot(b, a))


def test_vdot_conjugates_its_first_argument():
    rng = np.random.default_rng(1)
    a, b = random_like(rng, 4, True), random_like(rng, 4, True)
    ga, gb = s2sgrad.grad(vdot_loss, argnums=(0, 1))(a, b)
    np.testing.assert_allclose(ga, complex_fd_grad(lambda u: vdot_loss(u, b), a), rtol=1e-6)
    np.testing.assert_allclose(gb, complex_fd_grad(lambda u: vdot_loss(a, u), b), rtol=1e-6)
    v = random_like(rng, 4, True)
    _, t = s2sgrad.jvp(vdot_loss, (a, b), (v, v))
    fd = (vdot_loss(a + 1e-6 * v, b + 1e-6 * v) - vdot_loss(a - 1e-6 * v, b - 1e-6 * v)) / 2e-6
    np.testing.assert_allclose(t, fd, rtol=1e-6)


def holomorphic(z):
    return np.exp(z) * z**2 + np.sin(z) / (z + 2.0)


def holomorphic_ag(z):
    return anp.exp(z) * z**2 + anp.sin(z) / (z + 2.0)


def test_holomorphic_jacobians_and_vjp():
    jf = s2sgrad.jacfwd(holomorphic)(Z)
    jr = s2sgrad.jacrev(holomorphic)(Z)
    h = 1e-6
    fd = np.diag((holomorphic(Z + h) - holomorphic(Z - h)) / (2 * h))
    np.testing.assert_allclose(jf, fd, rtol=1e-6)
    np.testing.assert_allclose(jr, fd, rtol=1e-6)
    g = random_like(np.random.default_rng(2), 3, True)
    _, (ct,) = s2sgrad.vjp(holomorphic, (Z,), g)
    np.testing.assert_allclose(ct, autograd.make_vjp(holomorphic_ag)(Z)[0](g), rtol=1e-9)
    # a complex scalar output: grad refuses it (as autograd's grad); vjp with 1.0 is f'(z)
    with pytest.raises(ValueError, match="complex value"):
        s2sgrad.grad(lambda_scalar)(0.3 + 0.2j)
    _, (d,) = s2sgrad.vjp(lambda_scalar, (0.3 + 0.2j,), 1.0)
    assert np.isclose(d, autograd.holomorphic_grad(lambda_scalar_ag)(0.3 + 0.2j))


def lambda_scalar(z):
    return np.exp(z) * z


def lambda_scalar_ag(z):
    return anp.exp(z) * z


def non_holomorphic(z):
    return np.conj(z) * z


def test_non_holomorphic_vector_function():
    g = random_like(np.random.default_rng(3), 3, True)
    _, (ct,) = s2sgrad.vjp(non_holomorphic, (Z,), g)
    np.testing.assert_allclose(
        ct, complex_fd_grad(lambda u: np.sum(np.real(g * non_holomorphic(u))), Z), rtol=1e-6
    )
    v = random_like(np.random.default_rng(4), 3, True)
    _, t = s2sgrad.jvp(non_holomorphic, (Z,), (v,))
    np.testing.assert_allclose(t, complex_fd_jvp(non_holomorphic, Z, v), rtol=1e-6)
    with pytest.raises(ValueError, match="not holomorphic"):
        s2sgrad.jacfwd(non_holomorphic)(Z)
    with pytest.raises(ValueError, match="not holomorphic"):
        s2sgrad.jacrev(non_holomorphic)(Z)


def real_to_complex(x):
    return np.exp(1j * x) * np.array([1.0, 2.0 + 1.0j, -1.0j])


def test_real_input_complex_output():
    x = np.array([0.3, -1.2, 0.8])
    jf = s2sgrad.jacfwd(real_to_complex)(x)
    jr = s2sgrad.jacrev(real_to_complex)(x)
    fd = np.stack(
        [(real_to_complex(x + 1e-6 * e) - real_to_complex(x - 1e-6 * e)) / 2e-6 for e in np.eye(3)],
        axis=1,
    )
    np.testing.assert_allclose(jf, fd, rtol=1e-6)
    np.testing.assert_allclose(jr, fd, rtol=1e-6)
    g = s2sgrad.grad(lambda_real_loss)(x)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, complex_fd_grad(lambda_real_loss, x), rtol=1e-6)
    np.testing.assert_allclose(
        s2sgrad.hessian(lambda_real_loss)(x),
        autograd.hessian(lambda_real_loss_ag)(x),
        rtol=1e-8,
        atol=1e-10,
    )


def lambda_real_loss(x):
    y = real_to_complex(x * x)
    return np.sum(np.abs(y + 1.0) ** 2) + np.real(np.sum(y * y))


def lambda_real_loss_ag(x):
    y = anp.exp(1j * x * x) * anp.array([1.0, 2.0 + 1.0j, -1.0j])
    return anp.sum(anp.abs(y + 1.0) ** 2) + anp.real(anp.sum(y * y))


def scalar_loss(z):
    return abs(z) ** 2 + (z * z).real


def test_complex_scalars_and_attributes():
    z = 0.4 - 1.3j
    g = s2sgrad.grad(scalar_loss)(z)
    assert isinstance(g, complex)
    np.testing.assert_allclose(g, complex_fd_grad(scalar_loss, np.array(z)), rtol=1e-6)
    _, cts = s2sgrad.vjp(attributes, (Z,), 1.0)
    assert cts[0] is not None
    np.testing.assert_allclose(cts[0], complex_fd_grad(attributes, Z), rtol=1e-6)


def attributes(z):
    return np.sum(z.real * z.imag + z.conj().real + z.astype(complex).imag)


def variance(z):
    return np.var(z)


def qr_of_outer(z):
    return np.sum(np.abs(np.linalg.qr(np.outer(z, z) + np.eye(3))[1]))


def cholesky_of_parts(z):
    return np.sum(np.abs(np.linalg.cholesky(np.outer(z, z) * 0.1 + np.eye(3))) ** 2) + np.sum(
        np.linalg.cholesky(np.outer(np.real(z), np.real(z)) + np.eye(3))
    )


@pytest.fixture
def cholesky_marked_real_only():
    """``np.linalg.cholesky``'s rule marked ``real_only`` for one test (every built-in rule
    takes complex values; the mark is for rules written for real values only)."""
    prim = next(p for p in s2sgrad.rules.all_primitives() if p.path == "np.linalg.cholesky")
    saved = prim.reverse, prim.forward, prim.real_only
    s2sgrad.rules.real_only("numpy.linalg.cholesky")
    yield
    prim.reverse, prim.forward, prim.real_only = saved


def _real_only_rules():
    return [p.path for p in s2sgrad.rules.all_primitives() if p.real_only]


def test_every_rule_takes_complex_values_and_bad_inputs_still_fail():
    assert not _real_only_rules()
    np.testing.assert_allclose(
        s2sgrad.grad(qr_of_outer)(Z), complex_fd_grad(qr_of_outer, Z), rtol=1e-5, atol=1e-6
    )
    with pytest.raises(GradientArgumentError, match="dtype int64"):
        s2sgrad.grad(variance)(np.arange(3))
    with pytest.raises(GradientArgumentError, match="bool"):
        s2sgrad.grad(variance)(True)
    with pytest.raises(ValueError, match="tangent 0 is complex"):
        s2sgrad.jvp(variance, (np.ones(3),), (Z,))


def cholesky_guarded(z):
    return np.sum(np.abs(np.linalg.cholesky(np.outer(z, z) * 0.1 + np.eye(3))) ** 2) + np.sum(
        np.linalg.cholesky(np.outer(np.real(z), np.real(z)) + np.eye(3))
    )


def test_real_only_rules_are_guarded_in_every_mode(cholesky_marked_real_only):
    assert _real_only_rules() == ["np.linalg.cholesky"]
    for transform in (
        lambda f: s2sgrad.grad(f)(Z),
        lambda f: s2sgrad.jvp(f, (Z,), (Z,)),
        lambda f: s2sgrad.hessian(f)(Z),
    ):
        with pytest.raises(
            s2sgrad.DerivativeNotImplementedError,
            match=r"test_complex.py:\d+:\d+: the derivative of np.linalg.cholesky is defined",
        ):
            transform(cholesky_guarded)
    # real values pass the guard unchanged
    x = np.array([0.3, 1.2, -0.4])
    np.testing.assert_allclose(
        s2sgrad.grad(cholesky_guarded)(x), complex_fd_grad(cholesky_guarded, x), rtol=1e-6
    )


def test_cholesky_of_complex_values_in_every_mode():
    g = s2sgrad.grad(cholesky_of_parts)(Z)
    np.testing.assert_allclose(g, complex_fd_grad(cholesky_of_parts, Z), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        s2sgrad.jvp(cholesky_of_parts, (Z,), (Z,))[1], np.real(np.sum(g * Z)), rtol=1e-8
    )
    hv = s2sgrad.jvp(s2sgrad.grad(cholesky_of_parts), (Z,), (Z,))[1]
    np.testing.assert_allclose(
        hv, complex_fd_jvp(s2sgrad.grad(cholesky_of_parts), Z, Z), rtol=1e-4, atol=1e-6
    )


def test_real_only_needs_a_rule():
    with pytest.raises(s2sgrad.rules.RuleError, match="no rule"):
        s2sgrad.rules.real_only("numpy.floor")


def test_complex_fuzz_batch():
    import os
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fuzz"))
    from complex_mode import run

    failures = run(7000, 60)
    assert not failures, "\n".join(f"seed {s}: {m}\n{src}" for s, m, src in failures)


def eigh_loss(a, uplo):
    # invariant under the eigenvectors' signs and phases
    w, v = np.linalg.eigh(a, UPLO=uplo)
    return np.sum(w * np.arange(3.0)) + np.sum(np.abs(v[0, :]) ** 2 * w) + np.sum(np.abs(v) ** 4)


def eigh_loss_ag(a, uplo):
    w, v = anp.linalg.eigh(a, UPLO=uplo)
    return (
        anp.sum(w * anp.arange(3.0)) + anp.sum(anp.abs(v[0, :]) ** 2 * w) + anp.sum(anp.abs(v) ** 4)
    )


def eigenvalues_only(a):
    return np.sum(np.linalg.eigh(a)[0] ** 3)


@pytest.mark.parametrize("uplo", ["L", "U"])
@pytest.mark.parametrize("hermitian", [False, True])
def test_eigh(uplo, hermitian):
    rng = np.random.default_rng(5)
    b = random_like(rng, (3, 3), hermitian)
    a = b + np.conj(b.T) + np.triu(random_like(rng, (3, 3), hermitian), 1) * (uplo == "L")
    g = s2sgrad.grad(eigh_loss)(a, uplo)
    np.testing.assert_allclose(
        g, complex_fd_grad(lambda m: eigh_loss(m, uplo), a), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(g, autograd.grad(eigh_loss_ag)(a, uplo), rtol=1e-8, atol=1e-10)
    v = random_like(rng, (3, 3), hermitian)
    _, t = s2sgrad.jvp(eigh_loss, (a, uplo), (v, None))
    np.testing.assert_allclose(
        t, complex_fd_jvp(lambda m: eigh_loss(m, uplo), a, v), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(
        s2sgrad.grad(eigenvalues_only)(a),
        complex_fd_grad(eigenvalues_only, a),
        rtol=1e-5,
        atol=1e-6,
    )
    if not hermitian:
        h = s2sgrad.hessian(eigh_loss)(a, uplo)
        np.testing.assert_allclose(h, autograd.hessian(eigh_loss_ag)(a, uplo), rtol=1e-6, atol=1e-8)


def singular_values(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 1.5)


def singular_values_ag(a):
    return anp.sum(anp.linalg.svd(a, compute_uv=False) ** 1.5)


def svd_factors(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return np.sum(s)


@pytest.mark.parametrize("shape", [(3, 4), (4, 2), (3, 3)])
@pytest.mark.parametrize("cplx", [False, True])
def test_svd_singular_values(shape, cplx):
    rng = np.random.default_rng(6)
    a = random_like(rng, shape, cplx)
    g = s2sgrad.grad(singular_values)(a)
    np.testing.assert_allclose(g, complex_fd_grad(singular_values, a), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g, autograd.grad(singular_values_ag)(a), rtol=1e-8, atol=1e-10)
    v = random_like(rng, shape, cplx)
    _, t = s2sgrad.jvp(singular_values, (a,), (v,))
    np.testing.assert_allclose(t, complex_fd_jvp(singular_values, a, v), rtol=1e-5, atol=1e-6)


def test_svd_factors_of_a_real_matrix():
    a = np.random.default_rng(7).normal(size=(3, 3))
    np.testing.assert_allclose(
        s2sgrad.grad(svd_factors)(a), complex_fd_grad(svd_factors, a), rtol=1e-5, atol=1e-6
    )


def casts(z):
    return np.sum(z.astype(float) ** 2) + np.sum(np.abs(z.astype(complex)))


@pytest.mark.filterwarnings("ignore::numpy.exceptions.ComplexWarning")
def test_astype_casts_in_both_modes():
    v = np.array([1j, 1.0, 0.5 - 0.5j])
    _, t = s2sgrad.jvp(casts, (Z,), (v,))
    assert np.isrealobj(t)
    np.testing.assert_allclose(t, complex_fd_jvp(casts, Z, v), rtol=1e-6)
    np.testing.assert_allclose(s2sgrad.grad(casts)(Z), complex_fd_grad(casts, Z), rtol=1e-6)


def negative_base_power(w):
    return np.real(np.sum((-2.0) ** w + np.array([-1.5, 0.5, 2.0]) ** (w * w)))


def test_power_of_a_real_base_with_complex_exponent():
    g = s2sgrad.grad(negative_base_power)(Z)
    np.testing.assert_allclose(g, complex_fd_grad(negative_base_power, Z), rtol=1e-6)
    v = np.array([0.3 + 1j, -1.0, 0.5j])
    _, t = s2sgrad.jvp(negative_base_power, (Z,), (v,))
    np.testing.assert_allclose(t, complex_fd_jvp(negative_base_power, Z, v), rtol=1e-6)


def negative_constant_base(x, k):
    return np.sum(x * (-0.5) ** k)


def test_negative_constant_base_keeps_its_parentheses():
    # the emitted source once read `-0.5 ** k`, which is -(0.5 ** k)
    x = np.array([1.0, 2.0])
    value, g = s2sgrad.value_and_grad(negative_constant_base)(x, 2)
    assert value == negative_constant_base(x, 2)
    np.testing.assert_allclose(g, [0.25, 0.25])
    assert "(-0.5) ** k" in s2sgrad.source(negative_constant_base)


# a real input whose value reaches complex intermediates through containers, indexing and
# casts: its gradient is real and adjoints of real values never turn complex in place
X = np.array([0.3, -1.2, 0.7])


def via_astype(x):
    return np.sum(x * x) + np.sum(np.abs(x.astype(complex) * (1 + 1j)))


def via_concatenate(x):
    return np.sum(np.abs(np.concatenate([x, x * 1j])) ** 2) + np.sum(x**3)


def via_stack(x):
    return np.abs(np.stack([x, x * (2 + 1j)])[1, 0]) + np.sum(x * x)


def via_items(x):
    y = x * 2.0
    w = y[0] * 1j + y[1]
    return np.abs(w) + np.sum(y * y)


def via_array(x):
    parts = np.array([x[0] * 1j, x[1], x[2] + 0j])
    return np.sum(np.real(parts) ** 2) + np.sum(np.imag(np.array([x[0] * 1j, x[1]])))


def via_hstack_vstack(x):
    return np.sum(np.abs(np.hstack([x, x * 1j]) + np.vstack([x * 1j, x])[0].repeat(2)) ** 2)


def via_loop(x):
    s = 0.0
    acc = 0.0 + 0.0j
    for i in range(3):
        acc = acc * (0.5 + 0.5j) + x[i]
        s = s + np.abs(acc) ** 2
    return s


@pytest.mark.parametrize(
    "f", [via_astype, via_concatenate, via_stack, via_items, via_array, via_hstack_vstack, via_loop]
)
def test_real_input_through_complex_containers(f):
    g = s2sgrad.grad(f)(X)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, complex_fd_grad(f, X), rtol=1e-5, atol=1e-7)
    v = np.array([1.0, -0.5, 2.0])
    _, t = s2sgrad.jvp(f, (X,), (v,))
    np.testing.assert_allclose(t, complex_fd_jvp(f, X, v), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(
        s2sgrad.hessian(f)(X),
        np.stack(
            [
                (s2sgrad.grad(f)(X + 1e-5 * e) - s2sgrad.grad(f)(X - 1e-5 * e)) / 2e-5
                for e in np.eye(3)
            ]
        ),
        rtol=1e-4,
        atol=1e-6,
    )


def complex_scalar_beside_a_real_array(z, x):
    # mean(z * x) is a complex scalar: x's adjoint from `+ x` must stay real
    v = np.mean(z * x) + x
    return np.sum(np.abs(v) ** 2) + np.sum(np.imag(np.outer(x, x) @ x))


def abs_of_a_complex_scalar(z, c):
    s = np.abs(np.sum(z))
    return np.real(s * c) + np.abs(np.sum(z * z)) * 2.0


def test_complex_scalars_beside_real_values():
    x = np.array([0.3, -1.2, 0.7])
    for argnum, a in ((0, Z), (1, x)):
        g = s2sgrad.grad(complex_scalar_beside_a_real_array, argnums=argnum)(Z, x)
        f = (
            (lambda u: complex_scalar_beside_a_real_array(u, x))
            if argnum == 0
            else (lambda u: complex_scalar_beside_a_real_array(Z, u))
        )
        np.testing.assert_allclose(g, complex_fd_grad(f, a), rtol=1e-6, atol=1e-8)
    c = 0.5 - 2.0j
    g = s2sgrad.grad(abs_of_a_complex_scalar)(Z, c)
    np.testing.assert_allclose(
        g, complex_fd_grad(lambda u: abs_of_a_complex_scalar(u, c), Z), rtol=1e-6
    )
