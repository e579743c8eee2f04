"""The transformation cache: thread safety, and never a derivative of an older body."""

from __future__ import annotations

import importlib.util
import sys
import threading

import numpy as np

import s2sgrad

X = np.array([0.3, -0.8, 1.7])


def _load(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _exec_into(module, path, text: str):
    """Define functions into ``module`` from a new file, like re-running a notebook cell."""
    path.write_text(text)
    exec(compile(text, str(path), "exec"), module.__dict__)


FOUR = """
import numpy as np


def f0(x):
    return np.sum(np.sin(x) * x)


def f1(x):
    return np.sum(np.exp(0.5 * x))


def f2(x):
    acc = 0.0
    for i in range(3):
        acc = acc + np.sum(x ** 2) * i
    return acc


def f3(x):
    if np.sum(x) > 0:
        return np.sum(np.tanh(x))
    return np.sum(x * x)
"""

EXPECTED = {
    "f0": lambda x: np.cos(x) * x + np.sin(x),
    "f1": lambda x: 0.5 * np.exp(0.5 * x),
    "f2": lambda x: 6.0 * x,
    "f3": lambda x: 1.0 - np.tanh(x) ** 2,
}


def test_eight_threads_first_calls_transform_each_function_once(tmp_path):
    """8 threads call the grads of 4 functions (2 threads per function, and each thread
    through its own grad object) for the first time at once: one transform per function,
    every result correct."""
    mod = _load(tmp_path, "s2s_cache_threads", FOUR)
    s2sgrad.clear_cache()
    names = ["f0", "f1", "f2", "f3"] * 2
    barrier = threading.Barrier(len(names))
    results: dict = {}
    errors: list = []

    def work(i, name):
        g = s2sgrad.grad(getattr(mod, name))
        try:
            barrier.wait()
            results[i] = (name, g(X))
        except Exception as exc:  # reported below
            errors.append(exc)

    before = s2sgrad.stats["transforms"]
    threads = [threading.Thread(target=work, args=(i, n)) for i, n in enumerate(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert s2sgrad.stats["transforms"] - before == 4
    assert len(results) == 8
    for name, g in results.values():
        np.testing.assert_allclose(g, EXPECTED[name](X), rtol=1e-12)


def test_eight_threads_share_one_grad_object(tmp_path):
    mod = _load(tmp_path, "s2s_cache_shared", FOUR)
    s2sgrad.clear_cache()
    g = s2sgrad.grad(mod.f2)
    barrier = threading.Barrier(8)
    out: list = []

    def work():
        barrier.wait()
        out.append(g(X))

    before = s2sgrad.stats["transforms"]
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert s2sgrad.stats["transforms"] - before == 1
    assert len(out) == 8
    for r in out:
        np.testing.assert_allclose(r, 6.0 * X)


def test_redefined_function_is_transformed_again(tmp_path):
    """A notebook cell redefines ``loss`` with a new body."""
    mod = _load(
        tmp_path,
        "s2s_cache_redef",
        "import numpy as np\n\n\ndef loss(x):\n    return np.sum(x * x)\n",
    )
    np.testing.assert_allclose(s2sgrad.grad(mod.loss)(X), 2 * X)
    before = s2sgrad.stats["transforms"]
    _exec_into(
        mod,
        tmp_path / "cell2.py",
        "import numpy as np\n\n\ndef loss(x):\n    return np.sum(np.sin(x))\n",
    )
    np.testing.assert_allclose(s2sgrad.grad(mod.loss)(X), np.cos(X))
    assert s2sgrad.stats["transforms"] > before
    # and once more, back to a body that is textually like the first
    _exec_into(
        mod,
        tmp_path / "cell3.py",
        "import numpy as np\n\n\ndef loss(x):\n    return np.sum(x * x * x)\n",
    )
    np.testing.assert_allclose(s2sgrad.grad(mod.loss)(X), 3 * X * X)


def test_redefined_function_same_name_same_line_new_body(tmp_path):
    """Two versions of one module file: same name, same line, new body."""
    v1 = "import numpy as np\n\n\ndef loss(x):\n    return np.sum(x * 2.0)\n"
    v2 = "import numpy as np\n\n\ndef loss(x):\n    return np.sum(x * 3.0)\n"
    a = _load(tmp_path, "s2s_cache_v1", v1)
    b = _load(tmp_path, "s2s_cache_v2", v2)
    np.testing.assert_allclose(s2sgrad.grad(a.loss)(X), 2.0 * np.ones(3))
    np.testing.assert_allclose(s2sgrad.grad(b.loss)(X), 3.0 * np.ones(3))
    np.testing.assert_allclose(s2sgrad.grad(a.loss)(X), 2.0 * np.ones(3))


CHAIN = """
import numpy as np


def g(x):
    return x * {k}


def h(x):
    return g(x)


def f(x):
    return h(x)
"""


def test_identical_helpers_in_two_modules_keep_their_own_callees(tmp_path):
    """``h`` has the same code in both modules but calls a different ``g``."""
    a = _load(tmp_path, "s2s_cache_chain_a", CHAIN.format(k="2.0"))
    b = _load(tmp_path, "s2s_cache_chain_b", CHAIN.format(k="3.0"))
    assert s2sgrad.grad(a.f)(1.0) == 2.0
    assert s2sgrad.grad(b.f)(1.0) == 3.0
    assert s2sgrad.value_and_grad(b.f)(1.0) == (3.0, 3.0)


def test_redefined_callee_is_not_served_from_the_cache(tmp_path):
    """A notebook cell redefines ``g``, called by ``h``, called by ``f``."""
    mod = _load(tmp_path, "s2s_cache_callee", CHAIN.format(k="2.0"))
    g = s2sgrad.grad(mod.f)
    assert g(1.0) == 2.0
    _exec_into(mod, tmp_path / "cell_g.py", "def g(x):\n    return x * 5.0\n")
    assert mod.f(1.0) == 5.0
    assert s2sgrad.grad(mod.f)(1.0) == 5.0
    assert g(1.0) == 5.0


def test_redefined_direct_callee(tmp_path):
    mod = _load(
        tmp_path,
        "s2s_cache_direct",
        "def g(x):\n    return x * 2.0\n\n\ndef f(x):\n    return g(x) + x\n",
    )
    assert s2sgrad.grad(mod.f)(1.0) == 3.0
    _exec_into(mod, tmp_path / "cell_direct.py", "def g(x):\n    return x * 7.0\n")
    assert s2sgrad.grad(mod.f)(1.0) == 8.0


def test_redefined_callee_in_forward_mode(tmp_path):
    mod = _load(
        tmp_path,
        "s2s_cache_forward",
        "def g(x):\n    return x * 2.0\n\n\ndef f(x):\n    return g(x) + x\n",
    )
    assert s2sgrad.jvp(mod.f, (1.0,), (1.0,))[1] == 3.0
    _exec_into(mod, tmp_path / "cell_forward.py", "def g(x):\n    return x * 7.0\n")
    assert s2sgrad.jvp(mod.f, (1.0,), (1.0,))[1] == 8.0


def test_clear_cache_forces_a_new_transform(tmp_path):
    mod = _load(tmp_path, "s2s_cache_clear", FOUR)
    s2sgrad.grad(mod.f0)(X)
    before = s2sgrad.stats["transforms"]
    s2sgrad.grad(mod.f0)(X)
    assert s2sgrad.stats["transforms"] == before
    s2sgrad.clear_cache()
    s2sgrad.grad(mod.f0)(X)
    assert s2sgrad.stats["transforms"] == before + 1
