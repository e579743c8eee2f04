"""Callees that draw random numbers under derivatives that run their forward pass twice
(forward over reverse: hessian, hvp, jacfwd of grad; a checkpoint): the second run
starts from the generator states the first started from (runtime.generators), so it
draws the same numbers, and the generators end where one plain call of the function
leaves them. Checked against finite differences of the gradient with every generator
reseeded per evaluation, and against autograd (which runs each forward pass once).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.random import randn

import s2sgrad
import s2sgrad.compat.autograd as compat
from s2sgrad import TransformError, pipeline

autograd = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402

RS = np.random.RandomState(0)
GEN = np.random.default_rng(1)
GEN_START = GEN.bit_generator.state
X3 = np.array([0.3, -0.5, 1.2])
V = np.array([1.0, -2.0, 0.5])  # the vector of the Hessian-vector products


def reset():
    """Every generator back to its seed; the generators made for arguments."""
    np.random.seed(3)
    RS.seed(4)
    GEN.bit_generator.state = GEN_START
    return np.random.RandomState(5), np.random.default_rng(6)


def states(*extra):
    out = [np.random.get_state()[1].copy(), RS.get_state()[1].copy(), GEN.bit_generator.state]
    for g in extra:
        out.append(g.bit_generator.state if hasattr(g, "bit_generator") else g.get_state()[1])
    return out


def same_states(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        if isinstance(x, np.ndarray):
            np.testing.assert_array_equal(x, y)
        else:
            assert x == y


def callees(npm):
    """Callees that draw, written for NumPy or autograd's NumPy (``npm``)."""

    def from_global(p):
        eps = np.random.randn(3)
        return npm.sum(npm.sin(p * eps) * p**2)

    def from_module_rs(p):
        eps = RS.randn(3)
        return npm.sum(npm.sin(p * eps) * p**2)

    def from_module_generator(p):
        eps = GEN.normal(size=3)
        return npm.sum(npm.cos(p * eps) * p**3)

    def from_import(p):
        return npm.sum(npm.sin(p * randn(3)) * p**2)

    def through_helper(p):
        return from_global(p) + npm.sum(p * RS.rand(3)) ** 2

    def unused_draw(p):
        c = np.random.randn(3, 2)  # noqa: F841 (never read: test_r_basic of autograd's suite)
        d = c * 2.0  # noqa: F841
        return npm.sum(npm.sin(p) * p**3)

    def both(p):
        c = np.random.randn(3)  # noqa: F841
        return npm.sum(npm.exp(p * RS.randn(3)) * p)

    return {
        "global": from_global,
        "module_rs": from_module_rs,
        "module_generator": from_module_generator,
        "imported": from_import,
        "helper": through_helper,
        "unused": unused_draw,
        "both": both,
    }


def callers(npm, callee):
    def once(p):
        return callee(p) * 2.0 + npm.sum(p**3)

    def twice(p):
        return callee(p) * callee(p + 1.0)

    def in_loop(p):
        s = 0.0
        for i in range(3):
            s = s + npm.tanh(callee(p * (i + 1.0)))
        return s

    return {"once": once, "twice": twice, "in_loop": in_loop}


def takes_generator(npm):
    def draw(p, rs):
        return npm.sum(npm.cos(p * rs.normal(size=3)) * p**2)

    def f(p, rs):
        return draw(p, rs) * 2.0 + draw(p * p, rs)

    return f


OPS = {
    "hessian": lambda f, x, *rest: s2sgrad.hessian(f)(x, *rest),
    "hvp": lambda f, x, *rest: compat.hessian_vector_product(f)(x, *rest, V),
    "jacfwd_of_grad": lambda f, x, *rest: s2sgrad.jacfwd(s2sgrad.grad(f))(x, *rest),
    "jacobian_of_grad": lambda f, x, *rest: compat.jacobian(compat.grad(f))(x, *rest),
}


def finite_differences(f, op, x, make_rest=lambda: ()):
    """The ``op`` derivative from central differences of the gradient, every generator
    reseeded before each evaluation (so that each sees the same draws)."""
    g = s2sgrad.grad(f)
    eps = 1e-6
    cols = []
    for e in np.eye(len(x)):
        rest = make_rest()
        plus = g(x + eps * e, *rest)
        rest = make_rest()
        minus = g(x - eps * e, *rest)
        cols.append((plus - minus) / (2 * eps))
    h = np.array(cols).T
    return h @ V if op == "hvp" else h


def autograd_reference(f, op, x, *rest):
    if op == "hvp":
        return autograd.hessian_vector_product(f)(x, *rest, V)
    return autograd.hessian(f)(x, *rest)


@pytest.mark.parametrize("op", sorted(OPS))
@pytest.mark.parametrize("how", ["once", "twice", "in_loop"])
@pytest.mark.parametrize("case", sorted(callees(np)))
def test_second_derivative_of_a_caller_of_a_callee_that_draws(case, how, op):
    f = callers(np, callees(np)[case])[how]
    reset()
    f(X3)
    after_one_call = states()
    reset()
    ours = OPS[op](f, X3)
    same_states(states(), after_one_call)
    expected = finite_differences(f, op, X3, lambda: (reset(), ())[1])
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-6)
    reset()
    theirs = autograd_reference(callers(anp, callees(anp)[case])[how], op, X3)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("op", sorted(OPS))
@pytest.mark.parametrize("kind", ["RandomState", "Generator"])
def test_a_generator_passed_as_an_argument(kind, op):
    f = takes_generator(np)
    pick = 0 if kind == "RandomState" else 1
    rs = reset()[pick]
    f(X3, rs)
    after_one_call = states(rs)
    rs = reset()[pick]
    ours = OPS[op](f, X3, rs)
    same_states(states(rs), after_one_call)
    expected = finite_differences(f, op, X3, lambda: (reset()[pick],))
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-6)
    rs = reset()[pick]
    theirs = autograd_reference(takes_generator(anp), op, X3, rs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_a_generator_in_the_closure_of_a_local_function():
    def f(p, seed):
        rs = np.random.RandomState(seed)
        gen = np.random.default_rng(seed)

        def noisy(q):
            return np.sum(np.sin(q * rs.randn(3)) * q**2 + q * gen.normal(size=3))

        return noisy(p) * noisy(p + 1.0)

    h = s2sgrad.hessian(f)(X3, 2)
    expected = finite_differences(f, "hessian", X3, lambda: (2,))
    np.testing.assert_allclose(h, expected, rtol=1e-5, atol=1e-6)


def draws_twice_per_call(p):
    eps = np.random.randn(3)
    return np.sum(np.sin(p * eps) * p**2) + np.sum(np.random.rand(3) * p)


def test_a_checkpoint_that_draws():
    inner = s2sgrad.checkpoint(draws_twice_per_call)

    def f(p):
        return np.tanh(inner(p)) * inner(p * 2.0)

    def plain(p):
        return np.tanh(draws_twice_per_call(p)) * draws_twice_per_call(p * 2.0)

    reset()
    f(X3)
    after_one_call = states()
    reset()
    g = s2sgrad.grad(f)(X3)
    same_states(states(), after_one_call)
    reset()
    np.testing.assert_allclose(g, s2sgrad.grad(plain)(X3), rtol=1e-12)
    eps = 1e-6
    fd = []
    for e in np.eye(3):
        reset()
        up = f(X3 + eps * e)
        reset()
        fd.append((up - f(X3 - eps * e)) / (2 * eps))
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)
    reset()
    h = s2sgrad.hessian(f)(X3)
    np.testing.assert_allclose(
        h, finite_differences(f, "hessian", X3, lambda: (reset(), ())[1]), rtol=1e-5, atol=1e-6
    )


def test_the_generated_code_replays_the_draws():
    f = callers(np, callees(np)["module_rs"])["once"]
    unit = pipeline.build_top(f, ("p",), {"p": "array"}, "numpy", recompute=True)
    assert "from_module_rs_draws = random_states(RS)\n    result_from_module_rs = callee(p)" in (
        unit.source
    )
    assert "draws_after = set_random_states(from_module_rs_draws)" in unit.source
    assert "set_random_states(draws_after)" in unit.source


class Model:
    def __init__(self):
        self.rng = np.random.default_rng(0)

    def noisy(self, p):
        return np.sum(np.sin(p * self.rng.normal(size=3)) * p**2)


MODEL = Model()


def through_an_attribute(p):
    return MODEL.noisy(p) * 2.0


def makes_its_own(p):
    rng = np.random.default_rng()
    return np.sum(np.sin(p * rng.normal(size=3)) * p**2)


def seeds_its_own(p):
    rng = np.random.default_rng(0)
    return np.sum(np.sin(p * rng.normal(size=3)) * p**2)


def wrap(callee):
    def f(p):
        return callee(p) * 2.0

    return f


@pytest.mark.parametrize(
    "callee, needle",
    [(Model.noisy, "self.rng.normal(size=3)"), (makes_its_own, "rng.normal(size=3)")],
    ids=["attribute", "unseeded_local"],
)
def test_a_generator_not_known_before_the_call_is_an_error(callee, needle):
    f = through_an_attribute if callee is Model.noisy else wrap(callee)
    with pytest.raises(TransformError, match="not known before it runs") as info:
        s2sgrad.hessian(f)(X3)
    assert needle in str(info.value) and "a second time" in str(info.value)
    s2sgrad.grad(f)(X3)  # one reverse pass runs each callee once: no error


def test_a_generator_seeded_in_the_callee_draws_the_same_numbers():
    f = wrap(seeds_its_own)
    np.testing.assert_allclose(
        s2sgrad.hessian(f)(X3), finite_differences(f, "hessian", X3), rtol=1e-5, atol=1e-6
    )


class Unread:
    def __init__(self):
        self.rng = np.random.default_rng(0)

    def value(self, p):
        noise = self.rng.normal(size=3)  # noqa: F841 (drawn, never read)
        return np.sum(np.sin(p) * p**2)


UNREAD = Unread()


def test_an_unread_draw_from_a_generator_not_known_needs_nothing():
    def f(p):
        return UNREAD.value(p) * 2.0

    h = s2sgrad.hessian(f)(X3)
    np.testing.assert_allclose(
        h, np.diag(2 * (2 * np.sin(X3) + 4 * X3 * np.cos(X3) - X3**2 * np.sin(X3))), rtol=1e-10
    )


# -- Python's random module and random.Random objects ---------------------------------------

import random  # noqa: E402
from random import gauss  # noqa: E402

PY = random.Random(11)


def py_global(p):
    eps = np.array([random.gauss(0.0, 1.0) for _ in range(3)])
    return np.sum(np.sin(p * eps) * p**2)


def py_instance(p):
    return np.sum(np.cos(p * PY.uniform(-1.0, 1.0)) * p**3)


def py_imported(p):
    return np.sum(np.tanh(p * gauss(0.0, 1.0)) * p**2)


def py_reset():
    random.seed(12)
    PY.seed(13)


def py_states():
    return [random.getstate(), PY.getstate()]


@pytest.mark.parametrize("callee", [py_global, py_instance, py_imported], ids=lambda f: f.__name__)
@pytest.mark.parametrize("called", [True, False], ids=["called", "top_level"])
def test_draws_from_pythons_random(callee, called):
    f = wrap(callee) if called else callee
    py_reset()
    f(X3)
    after_one_call = py_states()
    py_reset()
    h = s2sgrad.hessian(f)(X3)
    assert py_states() == after_one_call
    g = s2sgrad.grad(f)
    cols = []
    for e in np.eye(3):
        py_reset()
        plus = g(X3 + 1e-6 * e)
        py_reset()
        cols.append((plus - g(X3 - 1e-6 * e)) / 2e-6)
    np.testing.assert_allclose(h, np.array(cols).T, rtol=1e-5, atol=1e-6)
