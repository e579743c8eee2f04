"""s2sgrad.checkpoint: the same derivatives, fewer saved values, visible in the source."""

import tracemalloc

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad

rng = np.random.default_rng(11)


def _step(h, w, c, i):
    return np.tanh(h * w + c * i * 0.1)


@s2sgrad.checkpoint
def segment(h, w, c, start):
    for i in range(start, start + 4):
        h = _step(h, w, c, i)
    return h


def loop_checkpointed(w, c, h0):
    h = h0
    for s in range(3):
        h = segment(h, w, c, s * 4)
    return np.sum(h * h)


def loop_plain(w, c, h0):
    h = h0
    for i in range(12):
        h = _step(h, w, c, i)
    return np.sum(h * h)


def loop_autograd(w, c, h0):
    h = h0
    for i in range(12):
        h = anp.tanh(h * w + c * i * 0.1)
    return anp.sum(h * h)


@s2sgrad.checkpoint
def branchy(x, k):
    if np.sum(x) > 0:
        return np.sin(x) * k
    return x**3


def uses_branchy(x, k):
    return np.sum(branchy(x, k) ** 2) + np.sum(branchy(-x, k))


def uses_branchy_plain(x, k):
    return np.sum(branchy.fun(x, k) ** 2) + np.sum(branchy.fun(-x, k))


def _inputs(n=5):
    return rng.uniform(0.5, 1.0, n), rng.normal(size=n), rng.normal(size=n)


def test_gradient_matches_finite_differences_and_autograd():
    w, c, h0 = _inputs()
    grads = check_grads(loop_checkpointed, w, c, h0, argnums=(0, 1, 2))
    expected = autograd.grad(loop_autograd, (0, 1, 2))(w, c, h0)
    assert_tree_close(grads, expected)


@pytest.mark.parametrize("x", [np.array([0.3, -0.2, 1.1]), np.array([-0.5, -0.1, 0.2])])
def test_branches_inside_the_checkpointed_function(x):
    check_grads(uses_branchy, x, 1.7, argnums=(0, 1))
    plain = s2sgrad.grad(uses_branchy_plain, argnums=(0, 1))(x, 1.7)
    assert_tree_close(s2sgrad.grad(uses_branchy, argnums=(0, 1))(x, 1.7), plain)


def test_value_and_grad_keeps_the_value():
    w, c, h0 = _inputs()
    value, dw = s2sgrad.value_and_grad(loop_checkpointed)(w, c, h0)
    assert value == pytest.approx(loop_plain(w, c, h0))
    assert_tree_close(dw, numerical_grad(loop_plain, (w, c, h0), 0))


def test_forward_mode_and_hessian_differentiate_through():
    w, c, h0 = _inputs(3)
    v = rng.normal(size=3)
    out, tangent = s2sgrad.jvp(loop_checkpointed, (w, c, h0), (v, v, v))
    out_plain, tangent_plain = s2sgrad.jvp(loop_plain, (w, c, h0), (v, v, v))
    assert out == pytest.approx(out_plain) and tangent == pytest.approx(tangent_plain)
    assert_tree_close(
        s2sgrad.hessian(loop_checkpointed)(w, c, h0), autograd.hessian(loop_autograd)(w, c, h0)
    )


def test_source_recomputes_the_segment():
    w, c, h0 = _inputs()
    source = s2sgrad.grad(loop_checkpointed, argnums=(0, 1, 2)).source_for(w, c, h0)
    forward, backward = source.split("dresult = output_seed", 1)
    assert "h_segment = segment(h, w, c, h_mul)" in forward
    assert "segment_grad_h_w_c(h, w, c, h_mul, dh=dh_segment)[1]" in backward
    assert "_pullback" not in source


@s2sgrad.custom_vjp
def double(x):
    return 2.0 * x


double.defvjp(lambda x: (2.0 * x, None), lambda res, g: (3.0 * g,))  # deliberately not 2


def _uses_double(x):
    return double(x)


ck_double = s2sgrad.checkpoint(_uses_double)


def _calls_ck_double(x):
    return np.sum(ck_double(x))


def test_checkpoint_composes_with_custom_rules():
    assert s2sgrad.checkpoint(ck_double) is ck_double
    np.testing.assert_allclose(s2sgrad.grad(_calls_ck_double)(np.ones(3)), 3.0 * np.ones(3))


@s2sgrad.checkpoint
def ck_inner(x):
    return np.sin(x) * x


@s2sgrad.checkpoint
def ck_outer(x):
    return ck_inner(x) + ck_inner(2.0 * x)


def _nested_loss(x):
    return np.sum(ck_outer(x) ** 2)


def test_nested_checkpoints():
    check_grads(_nested_loss, rng.normal(size=4))


def test_checkpoint_rejects_non_callables():
    with pytest.raises(TypeError, match="needs a function"):
        s2sgrad.checkpoint(3)


SEGMENT = 50


@s2sgrad.checkpoint
def long_segment(h, w, start):
    for i in range(start, start + SEGMENT):
        h = np.tanh(h * w + i * 1e-3)
    return h


def long_checkpointed(w, h0):
    h = h0
    for s in range(20):
        h = long_segment(h, w, s * SEGMENT)
    return np.sum(h)


def long_plain(w, h0):
    h = h0
    for i in range(20 * SEGMENT):
        h = np.tanh(h * w + i * 1e-3)
    return np.sum(h)


def _peak(fun, *args):
    g = s2sgrad.grad(fun)
    g(*args)
    tracemalloc.start()
    out = g(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, peak


def test_memory_falls_to_one_value_per_segment():
    w, h0 = rng.uniform(0.5, 1.0, 4000), rng.normal(size=4000)
    plain, plain_peak = _peak(long_plain, w, h0)
    ck, ck_peak = _peak(long_checkpointed, w, h0)
    np.testing.assert_allclose(ck, plain, rtol=1e-12, atol=1e-14)
    # 1,000 saved vectors unsegmented; 20 + one segment's 50 checkpointed
    assert ck_peak < 0.15 * plain_peak, (ck_peak, plain_peak)


def test_ahead_of_time_module_recomputes_too(tmp_path):
    import importlib.util

    path = tmp_path / "ck_grad.py"
    s2sgrad.emit(loop_checkpointed, str(path), argnums=(0, 1, 2))
    spec = importlib.util.spec_from_file_location("ck_grad", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    w, c, h0 = _inputs()
    assert "segment_grad_h_w_c(" in path.read_text()
    assert_tree_close(
        module.grad_loop_checkpointed(w, c, h0),
        s2sgrad.grad(loop_plain, argnums=(0, 1, 2))(w, c, h0),
    )
