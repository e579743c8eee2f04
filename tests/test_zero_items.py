"""Items of list and dict adjoints that no use reached stay the scalar 0.0
(runtime.fresh_adjoint), so a loop step costs no array work for the other items of a
long list. Where such a zero reaches the user (a gradient, a custom_vjp bwd) it is an
array of the primal's shape and dtype; every gradient is checked against finite
differences and autograd."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import numerical_grad

import s2sgrad


def check(f, *args, argnums=0, anp_f=None):
    """s2sgrad's gradient of ``f`` against finite differences (and autograd's of
    ``anp_f``); each gradient has its parameter's shape and dtype."""
    got = s2sgrad.grad(f, argnums=argnums)(*args)
    nums = argnums if isinstance(argnums, tuple) else (argnums,)
    gots = got if isinstance(argnums, tuple) else (got,)
    for i, g in zip(nums, gots):
        want = numerical_grad(f, args, i)
        _same(g, want, args[i])
    if anp_f is not None:
        theirs = autograd.grad(anp_f, argnums)(*args)
        for g, t in zip(gots, theirs if isinstance(argnums, tuple) else (theirs,)):
            _close(g, t)
    return got


def _same(g, want, x):
    if isinstance(x, (list, tuple)):
        assert isinstance(g, type(x)) and len(g) == len(x)
        for gi, wi, xi in zip(g, want, x):
            _same(gi, wi, xi)
    elif isinstance(x, dict):
        assert isinstance(g, dict) and set(g) == set(x)
        for k in x:
            _same(g[k], want[k], x[k])
    else:
        assert isinstance(g, np.ndarray), type(g)
        assert g.shape == np.shape(x) and g.dtype == np.asarray(x).dtype
        np.testing.assert_allclose(g, want, rtol=1e-5, atol=1e-6)


def _close(a, b):
    if isinstance(a, (list, tuple)):
        for x, y in zip(a, b):
            _close(x, y)
    elif isinstance(a, dict):
        for k in a:
            _close(a[k], b[k])
    else:
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10)


rng = np.random.default_rng(3)


def untouched(xs):
    # items 0 and 2 never reach the loss: their gradients are zero arrays of their shapes
    ys = list(xs)
    ys.append(np.sin(xs[1]))
    return np.sum(ys[-1] ** 2)


def test_untouched_items_of_different_shapes():
    xs = [rng.normal(size=(2, 3)), rng.normal(size=4), rng.normal(size=(3,))]
    g = check(untouched, xs)
    assert not np.any(g[0]) and not np.any(g[2])
    assert g[0].shape == (2, 3) and g[2].shape == (3,)


def record(h, history):
    history.append(h)


def rnn_record(w, xs):
    history = []
    h = np.zeros(w.shape[0])
    for x in xs:
        h = np.tanh(w @ h + x)
        record(h, history)
    return np.sum(history[-1] ** 2) + np.sum(history[1])


def anp_rnn_record(w, xs):
    history = []
    h = anp.zeros(w.shape[0])
    for x in xs:
        h = anp.tanh(anp.dot(w, h) + x)
        history.append(h)
    return anp.sum(history[-1] ** 2) + anp.sum(history[1])


def test_changing_callee_reads_two_states():
    w = rng.normal(size=(4, 4)) * 0.5
    xs = rng.normal(size=(7, 4))
    check(rnn_record, w, xs, argnums=(0, 1), anp_f=anp_rnn_record)


def nested(w, xs):
    rows = [[np.sin(w * x), np.cos(w)] for x in xs]
    return np.sum(rows[1][0] * rows[2][0])


def anp_nested(w, xs):
    rows = [[anp.sin(w * x), anp.cos(w)] for x in xs]
    return anp.sum(rows[1][0] * rows[2][0])


def test_nested_lists():
    w = rng.normal(size=3)
    check(nested, w, rng.normal(size=(4, 3)), argnums=(0, 1), anp_f=anp_nested)


def nested_input(ws):
    return np.sum(np.tanh(ws[1][0]) * ws[1][1])


def test_nested_list_input_untouched_items():
    ws = [
        [rng.normal(size=2), rng.normal(size=(2, 2))],
        [rng.normal(size=3), rng.normal(size=3)],
        [np.float32(1.5) * np.ones(2, dtype=np.float32)],
    ]
    g = s2sgrad.grad(nested_input)(ws)
    assert g[0][0].shape == (2,) and g[0][1].shape == (2, 2) and not np.any(g[0][1])
    assert g[2][0].dtype == np.float32 and not np.any(g[2][0])
    want = [
        [0 * ws[0][0], 0 * ws[0][1]],
        [(1 - np.tanh(ws[1][0]) ** 2) * ws[1][1], np.tanh(ws[1][0])],
        [0 * ws[2][0]],
    ]
    _close(g, want)


def dict_states(w, xs):
    states = {}
    h = np.zeros(3)
    for t in range(len(xs)):
        h = np.tanh(w @ h + xs[t])
        states[f"h{t}"] = h
    return np.sum(states["h2"] ** 2)


def test_dict_of_arrays_partly_read():
    w = rng.normal(size=(3, 3)) * 0.5
    check(dict_states, w, rng.normal(size=(5, 3)), argnums=(0, 1))


def dict_input(p):
    return np.sum(np.sin(p["a"]) * p["b"][0])


def test_dict_input_untouched_entries():
    p = {
        "a": rng.normal(size=3),
        "b": [rng.normal(size=3), rng.normal(size=(2, 2))],
        "c": rng.normal(size=(4,)),
    }
    g = check(dict_input, p)
    assert g["c"].shape == (4,) and not np.any(g["c"])
    assert g["b"][1].shape == (2, 2) and not np.any(g["b"][1])


@s2sgrad.custom_vjp
def pair(x):
    return np.sin(x), np.cos(x)


def pair_fwd(x):
    return pair(x), x


def pair_bwd(x, g):
    ga, gb = g
    # written for arrays: a zero cotangent must come as an array of the output's shape
    assert isinstance(ga, np.ndarray) and ga.shape == x.shape
    assert isinstance(gb, np.ndarray) and gb.shape == x.shape
    return (ga * np.cos(x) - gb * np.sin(x),)


pair.defvjp(pair_fwd, pair_bwd)


def one_of_pair(x):
    a, b = pair(x)
    return np.sum(a**2)


def test_custom_vjp_gets_dense_cotangents():
    check(one_of_pair, rng.normal(size=4))


@pytest.mark.parametrize("steps", [3, 40])
def test_long_list_gradient_is_exact(steps):
    w = rng.normal(size=(4, 4)) * 0.3
    xs = rng.normal(size=(steps, 4))
    check(rnn_record, w, xs, argnums=(0, 1), anp_f=anp_rnn_record)
