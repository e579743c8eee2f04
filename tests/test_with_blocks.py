"""``with`` blocks in differentiated code (normalize.contexts, runtime.contexts): the
manager is entered and left in the primal sweep as Python does, early exits leave it
first, an exception leaving the derivative leaves it too, and the gradients are those of
the block's body (checked against finite differences, both modes, and autograd).
"""

from __future__ import annotations

import contextlib
import importlib.util
import warnings

import numpy as np
import pytest
from gradcheck import check_grads

import s2sgrad
from s2sgrad import NonDifferentiableError, TransformError

X = np.array([0.5, 1.5, 2.0])


def errstate_log(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.log(x) * x
    return np.sum(y)


def warnings_in_loop_with_break(x):
    s = 0.0
    for i in range(4):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if i == 3:
                break
            if i == 1:
                continue
            s = s + np.sum(x ** (i + 1))
    return s


def two_managers_return_inside(x):
    with np.errstate(all="raise") as state, warnings.catch_warnings() as caught:  # noqa: F841
        z = np.sin(x)
        if np.sum(x) > 0:
            return np.sum(z * x)
    return np.sum(z)


def helper_with_block(a):
    with np.errstate(over="ignore"):
        return np.exp(a) * 2


def callee_with_block(x):
    return np.sum(helper_with_block(x) * x)


def local_def_with_block(x):
    c = np.cos(x)

    def inner(a):
        with np.errstate(invalid="ignore"):
            out = a * c
        return out

    return np.sum(inner(x) ** 2)


def loop_inside_with(x):
    total = 0.0
    with np.errstate(divide="ignore"):
        for i in range(3):
            total = total + np.sum(np.log(x + i) * x)
            if total > 100.0:
                break
    return total


class Pair:
    """A manager whose ``as`` value is unpacked."""

    def __init__(self, a, b):
        self.a, self.b = a, b
        self.entered = self.left = 0

    def __enter__(self):
        self.entered += 1
        return self.a, self.b

    def __exit__(self, *exc):
        self.left += 1
        return False


PAIR = Pair(2.0, 3.0)


def tuple_target(x):
    with PAIR as (a, b):
        y = a * x + b * x**2
    return np.sum(y)


CASES = [
    errstate_log,
    warnings_in_loop_with_break,
    two_managers_return_inside,
    callee_with_block,
    local_def_with_block,
    loop_inside_with,
    tuple_target,
]


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_gradients_match_finite_differences(fn):
    g = check_grads(fn, X)[0]
    v = np.array([0.3, -1.0, 2.0])
    _, dot = s2sgrad.jvp(fn, (X,), (v,))
    eps = 1e-6
    np.testing.assert_allclose(dot, (fn(X + eps * v) - fn(X - eps * v)) / (2 * eps), rtol=1e-6)
    np.testing.assert_allclose(dot, g @ v, rtol=1e-10)
    before = np.geterr()
    s2sgrad.grad(fn)(X)
    assert np.geterr() == before  # left as it was


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_hessian(fn):
    g = s2sgrad.grad(fn)
    h = s2sgrad.hessian(fn)(X)
    eps = 1e-6
    cols = [(g(X + eps * e) - g(X - eps * e)) / (2 * eps) for e in np.eye(3)]
    np.testing.assert_allclose(h, np.array(cols).T, rtol=1e-5, atol=1e-6)


def test_manager_is_entered_and_left_once_per_call():
    before = (PAIR.entered, PAIR.left)
    s2sgrad.grad(tuple_target)(X)
    s2sgrad.value_and_grad(tuple_target)(X)
    assert (PAIR.entered - before[0], PAIR.left - before[1]) == (2, 2)


def test_the_block_runs_under_its_manager():
    def raises_inside(x):
        with np.errstate(divide="raise"):
            y = np.log(x - x)
        return np.sum(y)

    def warns_inside(x):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.warn("inside", RuntimeWarning, stacklevel=1)
            y = x * 2
        return np.sum(y)

    before = np.geterr()
    with pytest.raises(FloatingPointError):
        s2sgrad.grad(raises_inside)(X)
    # the exception left the derivative and the manager with it: the state is restored
    assert np.geterr() == before
    with pytest.raises(RuntimeWarning, match="inside"):
        s2sgrad.grad(warns_inside)(X)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        warnings.warn("outside", RuntimeWarning, stacklevel=1)
    assert [str(w.message) for w in seen] == ["outside"]


def test_exception_in_a_callee_leaves_the_caller_managers():
    def failing(a):
        return a[10]

    def outer(x):
        with np.errstate(all="raise"):
            y = failing(x)
        return np.sum(y)

    before = np.geterr()
    with pytest.raises(IndexError):
        s2sgrad.grad(outer)(X)
    assert np.geterr() == before
    with pytest.raises(IndexError):
        s2sgrad.jvp(outer, (X,), (X,))
    assert np.geterr() == before


def test_a_manager_that_suppresses_the_exception_is_an_error():
    def suppressed(x):
        with contextlib.suppress(ZeroDivisionError):
            y = np.sum(x)
            raise ZeroDivisionError("in the block")
        return y

    with pytest.raises(TransformError, match="suppress suppressed the ZeroDivisionError"):
        s2sgrad.grad(suppressed)(X)


class Scaled:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self.v * 2

    def __exit__(self, *exc):
        return False


def test_a_manager_made_from_a_differentiated_value_is_rejected_at_its_line():
    def made_from_x(x):
        with Scaled(x) as y:
            z = y * 3
        return np.sum(z)

    with pytest.raises(NonDifferentiableError, match="Scaled") as info:
        s2sgrad.grad(made_from_x)(X)
    assert "with Scaled(x) as y:" in str(info.value)


def test_generated_source_enters_and_leaves():
    src = s2sgrad.source(two_managers_return_inside)
    assert "state = enter_context(context)" in src
    assert src.count("exit_context(context)") == 2  # the return inside, the end of the block
    assert src == s2sgrad.source(two_managers_return_inside)


def test_emitted_module_enters_and_leaves(tmp_path):
    path = tmp_path / "with_grad.py"
    s2sgrad.aot.emit(errstate_log, path)
    spec = importlib.util.spec_from_file_location("with_grad", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    np.testing.assert_allclose(module.grad_errstate_log(X), s2sgrad.grad(errstate_log)(X))
    assert "enter_context(context)" in path.read_text()


def test_matches_autograd():
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp

    def with_autograd(x):
        with np.errstate(divide="ignore"):
            y = anp.log(x) * anp.sin(x)
        return anp.sum(y)

    def with_ours(x):
        with np.errstate(divide="ignore"):
            y = np.log(x) * np.sin(x)
        return np.sum(y)

    np.testing.assert_allclose(
        s2sgrad.grad(with_ours)(X), autograd.grad(with_autograd)(X), rtol=1e-12
    )


class _Holding:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self.v

    def __exit__(self, *exc):
        return False


def with_a_made_manager(x):
    with _Holding(x * 2.0) as y:  # its __enter__ runs as written
        z = np.sum(y**2)
    return z


@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
def test_a_manager_of_a_user_class_holding_differentiated_values_is_an_error(mode):
    """An object made inside the function from differentiated values (normalize.records)
    used as a context manager: its __enter__'s result would carry no derivative (it gave
    zeros before), so it is an error at the user's line in every mode."""
    x = np.array([1.0, 2.0])
    run = {
        "grad": lambda: s2sgrad.grad(with_a_made_manager)(x),
        "jvp": lambda: s2sgrad.jvp(with_a_made_manager, (x,), (x,)),
        "hessian": lambda: s2sgrad.hessian(with_a_made_manager)(x),
    }[mode]
    with pytest.raises(s2sgrad.NonDifferentiableError, match="context manager") as info:
        run()
    assert info.value.filename == __file__
    assert "with _Holding" in str(info.value)
