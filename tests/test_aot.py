"""Ahead-of-time emission: standalone modules that need only NumPy."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest

import s2sgrad
from s2sgrad import aot

HELPERS = '''\
import numpy as np

GAIN = 1.5


def squash(z):
    return GAIN * np.tanh(z)


def helper(z):
    """Same name as model.helper: the emitted module must keep them apart."""
    return z * z
'''

MODEL = """\
import numpy as np

from {pkg}.helpers import squash
from {pkg} import helpers

BIAS = 0.25


def helper(z):
    return np.sin(z)


def loss(x, w, scale=2.0):
    h = squash(x @ w + BIAS)
    unbroadcast = helper(h) + helpers.helper(h)
    return scale * np.sum(unbroadcast ** 2) + 0.1 * np.sum(w * w)


def step(x, n):
    acc = x
    for i in range(n):
        acc = acc * np.cos(acc) + 0.5 * x
    return np.sum(acc)
"""

# a subprocess prelude that makes s2sgrad (and everything under it) unimportable
BLOCK_S2SGRAD = """\
import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name == "s2sgrad" or name.startswith("s2sgrad."):
            raise ImportError("s2sgrad is blocked in this test")
        return None
sys.meta_path.insert(0, _Block())
for _m in [m for m in sys.modules if m == "s2sgrad" or m.startswith("s2sgrad.")]:
    del sys.modules[_m]
"""

_counter = [0]


@pytest.fixture
def pkg(tmp_path, monkeypatch):
    """A fresh importable package ``<name>`` with ``helpers`` and ``model`` modules."""
    _counter[0] += 1
    name = f"aotpkg_{os.getpid()}_{_counter[0]}"
    root = tmp_path / "src"
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    (root / name / "helpers.py").write_text(HELPERS)
    (root / name / "model.py").write_text(MODEL.format(pkg=name))
    monkeypatch.syspath_prepend(str(root))
    model = importlib.import_module(f"{name}.model")
    return types.SimpleNamespace(name=name, root=root, model=model, tmp=tmp_path)


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(code: str, *paths, env_extra=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(env_extra or {})
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(paths[0]) if paths else None,
        timeout=120,
    )


def test_emitted_module_needs_only_numpy(pkg):
    out = pkg.tmp / "gen" / "loss_grad_mod.py"
    out.parent.mkdir()
    text = s2sgrad.emit(pkg.model.loss, out, argnums=(0, 1))
    assert out.read_text() == text
    assert not re.search(r"^\s*(import|from)\s+s2sgrad", text, re.MULTILINE)
    script = BLOCK_S2SGRAD + textwrap.dedent(f"""
        import numpy as np
        try:
            import s2sgrad
        except ImportError:
            pass
        else:
            raise SystemExit("s2sgrad should not be importable here")
        import loss_grad_mod
        from {pkg.name}.model import loss
        rng = np.random.default_rng(0)
        x, w = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
        gx, gw = loss_grad_mod.grad_loss(x, w)
        assert gx.shape == x.shape and gw.shape == w.shape
        eps = 1e-6
        for arr, g, which in ((x, gx, 0), (w, gw, 1)):
            for idx in np.ndindex(arr.shape):
                d = np.zeros_like(arr)
                d[idx] = eps
                args_p, args_m = [x, w], [x, w]
                args_p[which] = arr + d
                args_m[which] = arr - d
                fd = (loss(*args_p) - loss(*args_m)) / (2 * eps)
                assert abs(fd - g[idx]) < 1e-5 * (1 + abs(fd)), (which, idx, fd, g[idx])
        assert not loss_grad_mod.is_stale()
        assert "s2sgrad" not in sys.modules or sys.modules["s2sgrad"] is None
        print("ok")
    """)
    res = _run(script, out.parent, pkg.root)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"


def test_header_and_helpers(pkg):
    text = aot.module_source(pkg.model.loss, argnums=(0, 1))
    head = text.split('"""')[0]
    assert f"s2sgrad {s2sgrad.__version__}" in head
    assert f"{pkg.name}.model.loss" in head
    assert aot.source_digest(pkg.model.loss) in head
    assert aot.source_digest(pkg.model.helper) in head  # callees are hashed too
    assert f"from {pkg.name}.model import BIAS" in text
    assert "def is_stale()" in text
    # only the helpers the code needs, with their private dependencies
    compile(text, "<emitted>", "exec")
    assert "def output_seed(" in text and "def _check_scalar(" in text
    assert "def einsum_adjoint(" not in text and "def sort_adjoint(" not in text


def test_matches_grad_formats(pkg):
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
    cases = [
        dict(argnums=None),
        dict(argnums=1),
        dict(argnums=(0, 1)),
        dict(argnums=-1),
        dict(argnums=(0, 1), value_and_grad=True),
    ]
    for i, kw in enumerate(cases):
        path = pkg.tmp / f"case{i}.py"
        aot.emit(pkg.model.loss, path, **kw)
        mod = _load(path, f"case{i}_{pkg.name}")
        public = [n for n in mod.__all__ if n.startswith(("grad_", "value_and_grad_"))][0]
        kw2 = {k: v for k, v in kw.items() if k != "value_and_grad"}
        ref_t = s2sgrad.value_and_grad if kw.get("value_and_grad") else s2sgrad.grad
        # negative argnums count from the end of the signature (all arguments given here)
        got = getattr(mod, public)(x, w, 2.0)
        want = ref_t(pkg.model.loss, **kw2)(x, w, 2.0)
        np.testing.assert_allclose(
            np.concatenate([np.ravel(a) for a in _flat(got)]),
            np.concatenate([np.ravel(a) for a in _flat(want)]),
        )
        assert type(got) is type(want)

    path = pkg.tmp / "named.py"
    aot.emit(pkg.model.loss, path, argnames=("scale",))
    mod = _load(path, f"named_{pkg.name}")
    pos, named = mod.grad_loss(x, w, scale=3.0)
    want_pos, want_named = s2sgrad.grad(pkg.model.loss, argnames="scale")(x, w, scale=3.0)
    assert pos is None and want_pos is None
    assert set(named) == {"scale"}
    assert named["scale"] == pytest.approx(want_named["scale"])
    assert isinstance(named["scale"], float)
    # the default of the user's signature is kept
    assert mod.grad_loss(x, w)[1]["scale"] == pytest.approx(
        s2sgrad.grad(pkg.model.loss, argnames="scale")(x, w, scale=2.0)[1]["scale"]
    )


def _flat(v):
    if isinstance(v, (tuple, list)):
        out = []
        for item in v:
            out += _flat(item)
        return out
    return [np.asarray(v, dtype=float)]


def test_loop_and_scalar_kinds(pkg):
    path = pkg.tmp / "step.py"
    aot.emit(pkg.model.step, path, kinds={"n": "scalar"})
    mod = _load(path, f"step_{pkg.name}")
    x = np.linspace(-1, 1, 5)
    np.testing.assert_allclose(mod.grad_step(x, 3), s2sgrad.grad(pkg.model.step)(x, 3))


def _emit_in_subprocess(pkg, out, seed):
    script = textwrap.dedent(f"""
        import s2sgrad
        from {pkg.name}.model import loss
        s2sgrad.emit(loss, {str(out)!r}, argnums=(0, 1), value_and_grad=True)
    """)
    res = _run(script, pkg.root, env_extra={"PYTHONHASHSEED": str(seed)})
    assert res.returncode == 0, res.stderr
    return out.read_bytes()


def test_byte_identical_across_processes(pkg):
    a = _emit_in_subprocess(pkg, pkg.tmp / "a.py", 1)
    b = _emit_in_subprocess(pkg, pkg.tmp / "b.py", 2)
    assert a == b
    # and the same as in this process
    here = aot.module_source(pkg.model.loss, argnums=(0, 1), value_and_grad=True)
    assert here.encode() == a
    assert b"0x" not in a  # no object ids


def test_is_stale_after_edit(pkg):
    out = pkg.tmp / "stale_mod.py"
    aot.emit(pkg.model.loss, out, argnums=0)
    check = "import stale_mod; print(stale_mod.is_stale())"
    res = _run(check, pkg.tmp, pkg.root)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "False"

    mod = _load(out, f"stale_{pkg.name}")
    assert mod.is_stale() is False
    model_file = pkg.root / pkg.name / "model.py"
    model_file.write_text(
        model_file.read_text().replace("0.1 * np.sum(w * w)", "0.2 * np.sum(w * w) + 0.0")
    )
    res = _run(check, pkg.tmp, pkg.root)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "True"
    assert mod.is_stale() is True  # also in a process that imported the old version


def test_editing_a_callee_makes_it_stale(pkg):
    out = pkg.tmp / "stale_callee.py"
    aot.emit(pkg.model.loss, out, argnums=0)
    helpers_file = pkg.root / pkg.name / "helpers.py"
    helpers_file.write_text(
        helpers_file.read_text().replace("GAIN * np.tanh(z)", "GAIN * np.tanh(z + 0.0)")
    )
    res = _run("import stale_callee; print(stale_callee.is_stale())", pkg.tmp, pkg.root)
    assert res.stdout.strip() == "True", res.stderr


def test_closures_are_rejected():
    scale = 2.0

    def f(x):
        return np.sum(scale * x**2)

    with pytest.raises(s2sgrad.TransformError, match="closure"):
        aot.module_source(f)


def test_main_module_is_rejected():
    def f(x):
        return np.sum(x**2)

    g = types.FunctionType(f.__code__, {"__name__": "__main__", "np": np}, "f")
    with pytest.raises(s2sgrad.TransformError, match="__main__"):
        aot.module_source(g)


def test_non_functions_are_rejected():
    with pytest.raises(s2sgrad.TransformError):
        aot.module_source(np.vectorize(lambda t: t))


def test_bad_argnums():
    def f(x, y):
        return np.sum(x * y)

    with pytest.raises(s2sgrad.GradientArgumentError, match="out of range"):
        aot.module_source(f, argnums=5)
    with pytest.raises(s2sgrad.GradientArgumentError, match="no parameter"):
        aot.module_source(f, argnames="z")
