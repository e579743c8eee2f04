"""Ahead-of-time modules of functions taking ``*params`` or unpacking a list into a call
(``model(x, *params)``): ``emit(..., lengths={"params": n})`` makes the module for ``n``
items, as a call of that length makes :func:`s2sgrad.grad`'s derivative (issue 12)."""

from __future__ import annotations

import importlib
import pickle
import textwrap

import numpy as np
import pytest
from gradcheck import numerical_grad
from test_aot import BLOCK_S2SGRAD, _load, _run

import s2sgrad

MODEL = """\
import numpy as np


def layer(x, w, b):
    return np.tanh(x @ w + b)


def chain(x, *ws):
    for w in ws:
        x = np.tanh(x @ w)
    return x


def chain_loss(params, x):
    return np.sum(chain(x, *params) ** 2)


def vararg_loss(x, *params, scale=1.0):
    return scale * np.sum(layer(x, *params) ** 2)


def vararg_chain(x, *ws):
    return np.sum(chain(x, *ws))
"""

_count = [0]


@pytest.fixture
def model(tmp_path, monkeypatch):
    _count[0] += 1
    name = f"aot_lengths_{_count[0]}"
    (tmp_path / f"{name}.py").write_text(MODEL)
    monkeypatch.syspath_prepend(str(tmp_path))
    return importlib.import_module(name)


RNG = np.random.default_rng(3)
X = RNG.normal(size=(4, 3))
W = RNG.normal(size=(3, 3)) * 0.5
B = RNG.normal(size=3)


def _emit(tmp_path, fun, name, **kw):
    path = tmp_path / f"{name}.py"
    s2sgrad.emit(fun, path, **kw)
    return _load(path, f"{name}_{_count[0]}")


def test_a_list_unpacked_into_a_call(model, tmp_path):
    with pytest.raises(s2sgrad.TransformError, match="length is not known"):
        s2sgrad.emit(model.chain_loss, tmp_path / "no.py")
    mod = _emit(tmp_path, model.chain_loss, "chain", lengths={"params": 2})
    params = [W, W.T * 0.7]
    (got,) = [mod.grad_chain_loss(params, X)]
    want = s2sgrad.grad(model.chain_loss)(params, X)
    for g, h in zip(got, want):
        np.testing.assert_allclose(g, h, rtol=1e-12)
    fd = numerical_grad(lambda w0: model.chain_loss([w0, params[1]], X), (W,), 0)
    np.testing.assert_allclose(got[0], fd, rtol=1e-6, atol=1e-8)
    with pytest.raises(TypeError):  # the module's length, checked
        mod.grad_chain_loss([W, W, W], X)


@pytest.mark.parametrize(
    "argnums", [None, 1, -1, (0, 1, 2), (2, 0)], ids=["default", "item", "last", "all", "order"]
)
def test_star_params(model, tmp_path, argnums):
    mod = _emit(tmp_path, model.vararg_loss, "star", argnums=argnums, lengths={"params": 2})
    got = mod.grad_vararg_loss(X, W, B, scale=1.5)
    want = s2sgrad.grad(model.vararg_loss, argnums=argnums)(X, W, B, scale=1.5)
    if not isinstance(want, tuple):
        got, want = (got,), (want,)
    assert len(got) == len(want)
    for g, h in zip(got, want):
        np.testing.assert_allclose(g, h, rtol=1e-12)
    fd = numerical_grad(lambda x, w, b: model.vararg_loss(x, w, b, scale=1.5), (X, W, B), 2)
    if argnums in (-1, (0, 1, 2)):
        np.testing.assert_allclose(got[-1], fd, rtol=1e-6, atol=1e-8)


def test_star_params_value_and_grad_and_length_check(model, tmp_path):
    mod = _emit(
        tmp_path,
        model.vararg_chain,
        "vag",
        argnums=(1, 2, 3),
        value_and_grad=True,
        lengths={"ws": 3},
    )
    ws = (W, W.T, W * 0.3)
    value, grads = mod.value_and_grad_vararg_chain(X, *ws)
    want_value, want = s2sgrad.value_and_grad(model.vararg_chain, argnums=(1, 2, 3))(X, *ws)
    assert value == pytest.approx(want_value)
    for g, h in zip(grads, want):
        np.testing.assert_allclose(g, h, rtol=1e-12)
    with pytest.raises(TypeError, match=r"made for 3 items of \*ws, got 2"):
        mod.value_and_grad_vararg_chain(X, W, W)


def test_star_params_need_a_length(model, tmp_path):
    with pytest.raises(s2sgrad.TransformError, match=r"lengths=\{'params': n\}"):
        s2sgrad.emit(model.vararg_loss, tmp_path / "no.py")
    with pytest.raises(s2sgrad.GradientArgumentError, match="neither the"):
        s2sgrad.emit(model.chain_loss, tmp_path / "no.py", lengths={"params": 2, "x": 2})
    with pytest.raises(s2sgrad.GradientArgumentError, match="int >= 0"):
        s2sgrad.emit(model.vararg_loss, tmp_path / "no.py", lengths={"params": "2"})
    with pytest.raises(s2sgrad.GradientArgumentError, match="out of range"):
        s2sgrad.emit(model.vararg_loss, tmp_path / "no.py", argnums=3, lengths={"params": 2})


def test_star_module_needs_only_numpy(model, tmp_path):
    out = tmp_path / "gen"
    out.mkdir()
    s2sgrad.emit(model.vararg_loss, out / "star_mod.py", argnums=(1, 2), lengths={"params": 2})
    want = s2sgrad.grad(model.vararg_loss, argnums=(1, 2))(X, W, B)
    (tmp_path / "data.pkl").write_bytes(pickle.dumps(((X, W, B), want)))
    script = BLOCK_S2SGRAD + textwrap.dedent(f"""
        import numpy as np
        import star_mod
        import pickle
        with open({str(tmp_path / "data.pkl")!r}, "rb") as fh:
            (x, w, b), want = pickle.load(fh)
        got = star_mod.grad_vararg_loss(x, w, b)
        for g, h in zip(got, want):
            assert np.allclose(g, h, rtol=1e-12), (g, h)
        assert "s2sgrad" not in sys.modules or sys.modules["s2sgrad"] is None
        print("ok")
    """)
    res = _run(script, out, tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"
