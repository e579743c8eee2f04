"""``f(**kw)`` of a local dict that gains keys in branches (normalize.branch_keys): one
call per set of added keys, chosen when the code runs, against finite differences and
autograd."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad

ag = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402


def programs(np):
    """The same functions over ``np`` (NumPy for s2sgrad, autograd.numpy for the oracle)."""

    def dense(x, W, b=None, activation=None, **kwargs):
        out = np.dot(x, W)
        if b is not None:
            out = out + b
        if activation is not None:
            out = activation(out)
        mask = kwargs.get("mask")
        if mask is not None:
            out = out * mask / kwargs.get("keep", 1.0)
        return out

    def masked(W, x, masks):
        h = x
        for i in range(2):
            kw = dict(activation=np.tanh, b=W[0])
            if masks is not None and i < len(masks):
                kw["mask"] = masks[i]
                kw["keep"] = 0.8
            h = dense(h, W, **kw)
        return np.sum(h**2)

    def affine(x, W, scale=1.0, shift=0.0):
        return scale * np.dot(x, W) + shift

    def two_branches(W, x, flags):
        kw = {}
        if flags[0]:
            kw["scale"] = W[0, 0]  # a differentiated value added in a branch
        if flags[1]:
            kw["shift"] = np.sin(x[0])
        return np.sum(np.tanh(affine(x, W, **kw)) ** 2)

    def named_too(W, x, flags):
        opts = {"shift": 0.5}
        if flags[0]:
            opts["scale"] = 2.0
        y = affine(x, W=W, **opts)
        return np.sum(y * np.cos(y))

    return {"masked": masked, "two_branches": two_branches, "named_too": named_too}


OURS, THEIRS = programs(np), programs(anp)
RS = np.random.RandomState(53)
W = 0.5 * RS.randn(3, 3)
X = RS.randn(4, 3)
MASKS = [(RS.rand(4, 3) < 0.8).astype(float)]


@pytest.mark.parametrize(
    "name, third",
    [
        ("masked", MASKS),
        ("masked", None),
        ("masked", MASKS * 2),
        *[("two_branches", (a, b)) for a in (False, True) for b in (False, True)],
        ("named_too", (True,)),
        ("named_too", (False,)),
    ],
)
def test_keys_added_in_branches(name, third):
    g = check_grads(OURS[name], W, X, third, argnums=(0, 1), rtol=1e-5)
    assert_tree_close(g, ag.grad(THEIRS[name], (0, 1))(W, X, third), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("flags", [(False, True), (True, True)])
def test_forward_mode(flags):
    f = OURS["two_branches"]
    v = np.random.RandomState(1).randn(*W.shape)
    value, dot = s2sgrad.jvp(lambda w: f(w, X, flags), (W,), (v,))
    assert np.isclose(value, f(W, X, flags))
    assert np.isclose(dot, np.sum(numerical_grad(f, (W, X, flags), 0) * v), rtol=1e-6)


def _affine(x, W, scale=1.0, shift=0.0):
    return scale * np.dot(x, W) + shift


def key_not_constant(W, x, names):
    kw = {}
    for k in names:
        kw[k] = 2.0
    return np.sum(_affine(x, W, **kw))


def passed_on(W, x, flag):
    kw = {}
    if flag:
        kw["scale"] = 2.0
    _fill(kw)
    return np.sum(_affine(x, W, **kw))


def _fill(d):
    d["shift"] = 1.0


def _autograd_affine(x, W, scale=1.0, shift=0.0):
    return scale * anp.dot(x, W) + shift


@pytest.mark.parametrize("fun, third", [(key_not_constant, ("scale",)), (passed_on, True)])
def test_other_changes_are_keys_known_when_the_code_runs(fun, third):
    # keys the lowering cannot list: the call's derivative is made when it runs, for the
    # keywords it finds (tests/test_programs_s26b.py); was "whose keys are not known"
    g = check_grads(fun, W, X, third, argnums=(0, 1), rtol=1e-5)
    expected = ag.grad(
        lambda w, x: anp.sum(_autograd_affine(x, w, 2.0, 1.0 * (fun is passed_on))), (0, 1)
    )(W, X)
    assert_tree_close(g, expected, rtol=1e-10, atol=1e-12)
    v = np.random.RandomState(2).randn(*W.shape)
    _, dot = s2sgrad.jvp(lambda w: fun(w, X, third), (W,), (v,))
    assert np.isclose(dot, np.sum(g[0] * v))
