"""Each optimisation pass: the gradient is unchanged and the generated source is smaller."""

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads

import s2sgrad
from s2sgrad.pipeline import disabled

rng = np.random.default_rng(7)


def scaled(x, w):
    scale = np.sum(w * w)  # does not depend on x: no adjoint needed when x is differentiated
    h = np.tanh(x * 2.0**1)
    y = h
    return np.sum(np.sin(y) * scale) + np.sum(x ** (3 - 1))


def looped(x):
    s = 0.0
    for i in range(3):
        t = x * (i + 1.0)
        s = s + np.sum(np.exp(t))
    return s


CASES = [(scaled, (rng.normal(size=4), rng.normal(size=4))), (looped, (rng.normal(size=3),))]


def _lines(fun, args):
    return len(s2sgrad.grad(fun).source_for(*args).strip().splitlines())


@pytest.mark.parametrize(
    "pass_name", ["activity", "constant_folding", "copy_propagation", "dead_code"]
)
@pytest.mark.parametrize("fun, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_pass_keeps_gradient_and_shrinks_source(pass_name, fun, args):
    # the effect of activity analysis shows once dead code is kept
    base = ("dead_code",) if pass_name == "activity" else ()
    with disabled(*base):
        optimized = s2sgrad.grad(fun)(*args)
        with_pass = _lines(fun, args)
    with disabled(pass_name, *base):
        without = s2sgrad.grad(fun)(*args)
        without_lines = _lines(fun, args)
        check_grads(fun, *args)
    assert_tree_close(without, optimized, rtol=1e-12, atol=1e-12)
    check_grads(fun, *args)
    if (fun, pass_name) != (looped, "constant_folding"):
        assert with_pass < without_lines, (pass_name, with_pass, without_lines)


def test_folding_removes_power_of_one_and_constant_arithmetic():
    src = "\n".join(
        line
        for line in s2sgrad.grad(scaled).source.splitlines()
        if not line.strip().startswith("#")
    )
    assert "** 1" not in src and "3 - 1" not in src and "2 - 1" not in src


def test_unknown_pass_name_is_an_error():
    with pytest.raises(ValueError, match="unknown passes"):
        with disabled("inlining"):
            pass


def test_a_fixpoint_that_does_not_converge_raises():
    from s2sgrad.optimize import rounds

    count = 0
    for _ in rounds("a converging count", limit=5):
        count += 1
        if count == 3:
            break
    assert count == 3
    with pytest.raises(s2sgrad.TransformError, match="a flip-flop did not reach a fixed point"):
        state = 0
        for _ in rounds("a flip-flop", limit=7):
            state = 1 - state


def test_a_loop_left_empty_by_the_clean_up_is_removed():
    """The adjoint of a loop that contributes nothing (it only read a dict's values) was
    ``for index in reversed(index_range): pass`` in the generated code: dead code."""

    def f(x):
        d = {3: x * 2.0, 5: x * 3.0}
        acc = np.zeros(3)
        for v in d.values():
            acc = acc + v * v
        return np.sum(x)

    src = s2sgrad.grad(f).source_for(np.ones(3))
    assert "reversed(" not in src and "pass" not in src
    assert np.allclose(s2sgrad.grad(f)(np.ones(3)), np.ones(3))
