"""Issue 10: decorators, stale derivatives, source that is not the running code, fork,
and functions without Python source. Each either differentiates correctly or raises
s2sgrad's own error."""

from __future__ import annotations

import os
import threading
import time
import warnings

import autograd
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads

import s2sgrad

# -- fork while other threads transform -------------------------------------------------------


def _fork_target(x):
    return np.sum(np.sin(x) * x)


def _busy_target(x):
    y = np.tanh(x) * 2.0
    return np.sum(y * y + np.exp(-x))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_while_threads_transform_leaves_children_working():
    stop = threading.Event()

    def transform_forever():
        x = np.linspace(0.1, 1.0, 4)
        while not stop.is_set():
            s2sgrad.clear_cache()
            s2sgrad.grad(_busy_target)(x)

    threads = [threading.Thread(target=transform_forever, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    x = np.linspace(0.2, 0.8, 3)
    expected = np.sin(x) + x * np.cos(x)
    hung = failed = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
            for _ in range(100):  # 80 s under load at 200
                pid = os.fork()
                if pid == 0:  # child: transform afresh, exit at once
                    code = 1
                    try:
                        s2sgrad.clear_cache()
                        g = s2sgrad.grad(_fork_target)(x)
                        code = 0 if np.allclose(g, expected) else 2
                    finally:
                        os._exit(code)
                deadline = time.monotonic() + 5.0
                while True:
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if done:
                        failed += os.waitstatus_to_exitcode(status) != 0
                        break
                    if time.monotonic() > deadline:
                        os.kill(pid, 9)
                        os.waitpid(pid, 0)
                        hung += 1
                        break
                    time.sleep(0.0005)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert (hung, failed) == (0, 0)


def test_fork_handlers_replace_the_locks():
    from s2sgrad import backends, pipeline

    old = (pipeline._lock, backends._lock)
    pipeline._in_progress.add("stale")
    try:
        pipeline._after_fork_in_child()
        backends._after_fork_in_child()
        assert pipeline._lock is not old[0] and backends._lock is not old[1]
        assert not pipeline._in_progress
    finally:
        pipeline._lock, backends._lock = old


# -- helpers ---------------------------------------------------------------------------------


def _load(path, name, text):
    """Write ``text`` to ``path/name.py`` and import it as a fresh module."""
    import importlib.util

    file = os.path.join(str(path), name + ".py")
    with open(file, "w") as fh:
        fh.write(text)
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


X = np.array([0.5, 1.0, -2.0])


# -- decorators: a wrapper is a function of its own ------------------------------------------

DECORATED = """
import functools
import numpy as np
import pytest


def twice(f):
    @functools.wraps(f)
    def wrapper(x):
        return 2.0 * f(x)
    return wrapper


def scale(k):
    def deco(f):
        @functools.wraps(f)
        def wrapper(x):
            return k * f(x)
        return wrapper
    return deco


def shifted(f):
    @functools.wraps(f)
    def wrapper(x, c=1.0):
        return f(x + c) * f(x)
    return wrapper


def passthrough(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return 2.0 * f(*args, **kwargs)
    return wrapper


@twice
def sq(x):
    return np.sum(x ** 2)


@scale(3.0)
@twice
def cube(x):
    return np.sum(np.sin(x) * x ** 3)


@twice
@scale(-0.5)
def tanhsum(x):
    return np.sum(np.tanh(x) * x)


@shifted
def shift(x):
    return np.sum(np.exp(-x * x))


@passthrough
def star(x):
    return np.sum(np.sin(x))


def calls_decorated(x):
    return sq(x) + cube(x) * tanhsum(x)


def calls_star(x):
    return star(x) + 1.0


class K:
    @staticmethod
    @twice
    def sm(x):
        return np.sum(x * np.cos(x))

    @classmethod
    def cm(cls, x):
        return np.sum(x * x)
"""

DECORATED_CASES = ["sq", "cube", "tanhsum", "shift", "calls_decorated"]


@pytest.fixture(scope="module")
def decorated(tmp_path_factory):
    path = tmp_path_factory.mktemp("decorated")
    return _load(path, "s2s_decorated", DECORATED)


@pytest.fixture(scope="module")
def decorated_autograd(tmp_path_factory):
    pytest.importorskip("autograd")
    path = tmp_path_factory.mktemp("decorated_ag")
    return _load(
        path,
        "s2s_decorated_ag",
        DECORATED.replace("import numpy as np", "import autograd.numpy as np"),
    )


@pytest.mark.parametrize("case", DECORATED_CASES)
def test_decorated_gradient_matches_finite_differences_and_autograd(
    case, decorated, decorated_autograd
):
    f = getattr(decorated, case)
    g = check_grads(f, X)[0]
    assert_tree_close(g, autograd.grad(getattr(decorated_autograd, case))(X))
    value, g2 = s2sgrad.value_and_grad(f)(X)
    assert np.isclose(value, f(X))
    assert_tree_close(g2, g)


@pytest.mark.parametrize("case", DECORATED_CASES)
def test_decorated_jvp_and_hessian_match_autograd(case, decorated, decorated_autograd):
    f, fa = getattr(decorated, case), getattr(decorated_autograd, case)
    v = np.array([0.3, -1.0, 0.7])
    out, dot = s2sgrad.jvp(f, (X,), (v,))
    assert np.isclose(out, f(X))
    assert np.isclose(dot, np.dot(autograd.grad(fa)(X), v))
    assert_tree_close(s2sgrad.hessian(f)(X), autograd.hessian(fa)(X), atol=1e-6)


def test_wrapper_is_not_the_wrapped_function(decorated):
    # the bug: inspect.unwrap differentiated the inner function (gradient 2x, not 4x)
    assert np.allclose(s2sgrad.grad(decorated.sq)(X), 4.0 * X)
    assert np.allclose(
        s2sgrad.grad(decorated.cube.__wrapped__)(X), s2sgrad.grad(decorated.cube)(X) / 3.0
    )


def test_staticmethod_decorated_and_raw(decorated):
    check_grads(decorated.K.sm, X)
    raw = vars(decorated.K)["sm"]  # the staticmethod object itself
    assert np.allclose(s2sgrad.grad(raw)(X), s2sgrad.grad(decorated.K.sm)(X))


def test_classmethod_bound_and_raw(decorated):
    # K.cm is bound to the class, held fixed as cls (tests/test_gaps_s13.py: cls.scale);
    # the classmethod object itself is not a function
    check_grads(decorated.K.cm, X)
    assert np.allclose(s2sgrad.grad(decorated.K.cm)(X), 2.0 * X)
    with pytest.raises(s2sgrad.SourceUnavailableError, match="classmethod"):
        s2sgrad.grad(vars(decorated.K)["cm"])(X)


def test_star_args_wrapper_is_differentiated_not_unwrapped(decorated, decorated_autograd):
    # a wrapper(*args, **kwargs) is differentiated as written (issue 12): 2 * f, not f
    for name in ("star", "calls_star"):
        expected = autograd.grad(getattr(decorated_autograd, name))(X)
        assert_tree_close(s2sgrad.grad(getattr(decorated, name))(X), expected)
        assert np.allclose(expected, 2.0 * np.cos(X))
        out, dot = s2sgrad.jvp(getattr(decorated, name), (X,), (X,))
        assert np.isclose(dot, np.dot(expected, X))


def test_lru_cache_is_looked_through():
    import functools

    @functools.lru_cache(maxsize=8)
    def cached(x):
        return x * x * 3.0

    @functools.cache
    def cached2(x):
        return np.sin(x) * x

    assert np.isclose(s2sgrad.grad(cached)(1.5), 9.0)
    assert np.isclose(s2sgrad.grad(cached2)(0.7), np.cos(0.7) * 0.7 + np.sin(0.7))
    out, dot = s2sgrad.jvp(cached, (1.5,), (2.0,))
    assert np.isclose(dot, 18.0)

    def uses(x):  # a cached callee: the function behind the cache is differentiated
        return cached(x) * 2.0 + cached2(x)

    def expected(x):
        return 12.0 * x + np.cos(x) * x + np.sin(x)

    assert np.isclose(s2sgrad.grad(uses)(0.9), expected(0.9))
    assert np.isclose(s2sgrad.value_and_grad(uses)(0.9)[1], expected(0.9))
    assert np.isclose(s2sgrad.jvp(uses, (0.9,), (1.0,))[1], expected(0.9))
    assert np.isclose(s2sgrad.hessian(uses)(0.9), 12.0 + 2 * np.cos(0.9) - 0.9 * np.sin(0.9))


def test_local_decorator_with_closure():
    import functools

    def offset(c):
        def deco(f):
            @functools.wraps(f)
            def wrapper(x):
                return f(x) + c * np.sum(x)

            return wrapper

        return deco

    @offset(2.5)
    def f(x):
        return np.sum(x**3)

    assert np.allclose(s2sgrad.grad(f)(X), 3 * X**2 + 2.5)
    assert np.allclose(s2sgrad.hessian(f)(X), np.diag(6 * X))


# -- functions without Python source ----------------------------------------------------------


class _Callable:
    def __call__(self, x):
        return np.sum(x * x)


@pytest.mark.parametrize(
    "fun,x,expected",
    [
        (np.sum, X, np.ones_like(X)),
        (np.linalg.norm, X, X / np.linalg.norm(X)),
        (abs, -1.5, -1.0),
        (__import__("math").sin, 0.5, np.cos(0.5)),
        (np.sin, 0.5, np.cos(0.5)),
    ],
)
def test_a_primitive_passed_itself_is_differentiated_by_its_rule(fun, x, expected):
    # no source to read: the rule is the derivative (issue 12), in both modes
    np.testing.assert_allclose(s2sgrad.grad(fun)(x), expected, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.value_and_grad(fun)(x)[1], expected, rtol=1e-12)
    tangent = np.ones_like(x) if np.ndim(x) else 1.0
    np.testing.assert_allclose(
        s2sgrad.jvp(fun, (x,), (tangent,))[1], np.sum(expected * tangent), rtol=1e-12
    )


@pytest.mark.parametrize(
    "fun,words",
    [
        (len, "len"),
        (__import__("math").gamma, "gamma"),
        (np.ndarray.sum, "sum"),
        (__import__("functools").partial(np.sum, axis=0), "partial"),
        (_Callable, "class"),
    ],
)
def test_no_source_gives_a_clear_error(fun, words):
    calls = [lambda: s2sgrad.grad(fun)(X), lambda: s2sgrad.value_and_grad(fun)(X)]
    calls.append(lambda: s2sgrad.hessian(fun)(X))
    if words == "partial":  # jvp differentiates a partial of a primitive (its rule)
        np.testing.assert_allclose(s2sgrad.jvp(fun, (X,), (X,)), (np.sum(X), np.sum(X)))
    else:
        calls.append(lambda: s2sgrad.jvp(fun, (X,), (X,)))
    for call in calls:
        with pytest.raises(s2sgrad.SourceUnavailableError) as info:
            call()
        msg = str(info.value)
        assert words in msg and "hint:" in msg, msg
        assert "fromnumeric" not in msg and "site-packages" not in msg, msg


def test_a_callable_object_is_differentiated_through_its_call():
    # autograd's grad(obj) differentiates obj.__call__: so does s2sgrad (issue 12)
    np.testing.assert_allclose(s2sgrad.grad(_Callable())(X), 2 * X)
    np.testing.assert_allclose(s2sgrad.hessian(_Callable())(X), 2 * np.eye(len(X)))


# -- generators and coroutines are reported at the yield / await -------------------------------


def _gen_later(x):
    y = x * 2.0
    for i in range(2):
        y = y + i
    yield y


def _gen_in_expression(x):
    z = np.sum(x)
    w = (yield z) or 1.0
    return w


async def _awaits(x):
    y = x * 2.0
    await _coro()
    return y


async def _coro():
    return 1.0


async def _async_for(x):
    async for v in _agen():
        x = x + v
    return x


async def _agen():
    yield 1.0


async def _no_await(x):
    return x * 2.0


@pytest.mark.parametrize(
    "fun,needle",
    [
        (_gen_later, "yield y"),
        (_gen_in_expression, "w = (yield z)"),
        (_awaits, "await _coro"),
        (_async_for, "async for v"),
        (_no_await, "async def _no_await"),
    ],
)
def test_generator_and_async_errors_point_at_the_construct(fun, needle):
    import inspect

    lines, start = inspect.getsourcelines(fun)
    line = start + next(i for i, text in enumerate(lines) if needle in text)
    for call in (lambda: s2sgrad.grad(fun)(X), lambda: s2sgrad.jvp(fun, (X,), (X,))):
        with pytest.raises(s2sgrad.UnsupportedSyntaxError) as info:
            call()
        assert info.value.lineno == line, str(info.value)
        assert needle in str(info.value)


# -- the source read must be the code that runs -----------------------------------------------

ORIGINAL = """import numpy as np


def helper(x):
    return np.sin(x) * 2.0


def f(x):
    return np.sum(x ** 2)


def g(x):
    return np.sum(helper(x))


h = lambda x: np.sum(x * 3.0)  # noqa: E731
"""


def _edit(module, text):
    with open(module.__file__, "w") as fh:
        fh.write(text)
    os.utime(module.__file__, (time.time() + 5, time.time() + 5))  # a newer mtime, surely


def _raises_mismatch(fun, *calls):
    calls = calls or ("grad", "value_and_grad", "jvp", "hessian")
    for kind in calls:
        s2sgrad.clear_cache()
        run = {
            "grad": lambda: s2sgrad.grad(fun)(X),
            "value_and_grad": lambda: s2sgrad.value_and_grad(fun)(X),
            "jvp": lambda: s2sgrad.jvp(fun, (X,), (X,)),
            "hessian": lambda: s2sgrad.hessian(fun)(X),
        }[kind]
        with pytest.raises(s2sgrad.SourceMismatchError) as info:
            run()
        assert isinstance(info.value, s2sgrad.SourceUnavailableError)
        assert "re-import" in str(info.value) and "restart" in str(info.value)
    return info.value


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("x ** 2", "x ** 3"),  # the body changed
        lambda t: "# a new first line\n" + t,  # every line shifted down
        lambda t: t.replace(
            "def f(x):\n    return np.sum(x ** 2)",
            "def f(x):\n    y = x * 4.0\n    return np.sum(x ** 2)",
        ),
        lambda t: t.replace("import numpy as np\n", ""),  # lines shifted up: another function
    ],
)
def test_file_edited_after_import_is_refused(tmp_path, edit):
    module = _load(tmp_path, "s2s_edited", ORIGINAL)
    assert np.allclose(s2sgrad.grad(module.f)(X), 2 * X)
    _edit(module, edit(ORIGINAL))
    _raises_mismatch(module.f)


def test_edited_callee_and_lambda_are_refused(tmp_path):
    module = _load(tmp_path, "s2s_edited_callee", ORIGINAL)
    assert np.allclose(s2sgrad.grad(module.g)(X), 2 * np.cos(X))
    _edit(
        module, ORIGINAL.replace("np.sin(x) * 2.0", "np.cos(x) * 2.0").replace("x * 3.0", "x * 4.0")
    )
    err = _raises_mismatch(module.g)
    assert err.lineno == 4  # the callee's def
    _raises_mismatch(module.h)
    assert "f" in vars(module)
    assert np.allclose(s2sgrad.grad(module.f)(X), 2 * X)  # f itself did not change


def test_exec_with_a_real_file_name_is_refused(tmp_path):
    module = _load(tmp_path, "s2s_exec_target", ORIGINAL)
    ns = {"np": np}
    exec(compile("def f(x):\n    return np.sum(np.exp(x))\n", module.__file__, "exec"), ns)
    _raises_mismatch(ns["f"])
    ns = {"np": np}  # at the line of a function with another body
    exec(compile("\n" * 7 + "def f(x):\n    return np.sum(x ** 4)\n", module.__file__, "exec"), ns)
    _raises_mismatch(ns["f"])
    ns = {"np": np}  # exactly the file's text: the same code, differentiated
    exec(compile(ORIGINAL, module.__file__, "exec"), ns)
    assert np.allclose(s2sgrad.grad(ns["f"])(X), 2 * X)


def test_linecache_registered_cell_source(tmp_path):
    import linecache

    name = "<s2sgrad-test-cell-1>"
    text = "import numpy as np\n\ndef cell_f(x):\n    return np.sum(np.tanh(x) * x)\n"
    linecache.cache[name] = (len(text), None, text.splitlines(True), name)
    try:
        ns = {}
        exec(compile(text, name, "exec"), ns)
        check_grads(ns["cell_f"], X)
        lam_text = "lam = lambda x: np.sum(x * x)\n"
        linecache.cache[name + "l"] = (len(lam_text), None, [lam_text], name + "l")
        exec(compile(lam_text, name + "l", "exec"), ns)
        assert np.allclose(s2sgrad.grad(ns["lam"])(X), 2 * X)
        edited = text.replace("np.tanh(x) * x", "np.tanh(x)")
        linecache.cache[name] = (len(edited), None, edited.splitlines(True), name)
        _raises_mismatch(ns["cell_f"])
    finally:
        linecache.cache.pop(name, None)
        linecache.cache.pop(name + "l", None)


CONTEXTS = """from __future__ import annotations

import functools

import numpy as np
from numpy import linalg


class Base:
    def energy(self, x: np.ndarray) -> float:
        return np.sum(x * x)


class Model(Base):
    __scale = 2.0

    def energy(self, x):
        return super().energy(x) * 2.0

    def private(self, x):
        return np.sum(x) * self.__scale

    @staticmethod
    def static(x):
        return np.sum(np.sin(x) * linalg.norm(x))


def outer(c):
    def inner(x):
        def deepest(y):
            return y * c
        return np.sum(deepest(x) ** 2)
    return inner


def comprehension(x):
    parts = [x[i] * (i + 1.0) for i in range(3)]
    return parts[0] + parts[1] * parts[2]


def loops(x):
    s = 0.0
    for i in range(3):
        if x[i] > 0:
            s = s + x[i] * np.exp(-x[i])
        else:
            s = s - np.sin(x[i])
    while s > 10.0:
        s = s / 2.0
    return s


lams = [lambda x: np.sum(x * 2.0), lambda x: np.sum(x * 3.0)]  # two on a line
"""


def test_functions_in_every_context_compile_to_their_code(tmp_path):
    from s2sgrad.parsing import parse_function

    module = _load(tmp_path, "s2s_contexts", CONTEXTS)
    funs = [
        module.Model.static,
        module.outer(1.5),
        module.comprehension,
        module.loops,
        *module.lams,
        module.Base.energy,
        module.Model.energy,
        module.Model.private,
    ]
    for fun in funs:
        parse_function(fun)  # no SourceMismatchError: each compiles to its own code
    for fun in funs[:6]:
        check_grads(fun, X)


# -- stale derivatives: every resolved chain, callee code and defaults are rechecked ----------

STALE = """import types

import numpy as np

acts = types.SimpleNamespace(act=np.sin)


def act(x):
    return np.sin(x)


def other(x):
    return x ** 3


class Layer:
    act = staticmethod(np.tanh)

    @staticmethod
    def f(x):
        return x * x


def scaled(x, k=2.0):
    return x * k


def kw(x, *, k=2.0):
    return x * k


def top(x):
    return np.sum(np.sin(x))


def top_other(x):
    return np.sum(x ** 3)


def total(x, k=2.0, *, m=1.0):
    return np.sum(x * k * m)


def via_module(x):
    return np.sum(lib.act(x))


def via_namespace(x):
    return np.sum(acts.act(x))


def via_class(x):
    return np.sum(Layer.act(x) + Layer.f(x))


def via_default(x):
    return np.sum(scaled(x))


def via_kwdefault(x):
    return np.sum(kw(x))


def direct(x):
    return np.sum(act(x))
"""


@pytest.fixture
def stale(tmp_path):
    lib = _load(tmp_path, "s2s_stale_lib", STALE)
    module = _load(tmp_path, "s2s_stale", STALE)
    module.lib = lib
    return module


def _all_modes_equal(fun, expected_grad):
    v = np.array([0.2, -0.4, 1.0])
    assert np.allclose(s2sgrad.grad(fun)(X), expected_grad)
    assert np.allclose(s2sgrad.value_and_grad(fun)(X)[1], expected_grad)
    assert np.isclose(s2sgrad.jvp(fun, (X,), (v,))[1], np.dot(expected_grad, v))


def _grads_then(fun, change, before, after):
    """Gradients (kept grad objects and fresh ones, all modes) before and after ``change``."""
    g, vg = s2sgrad.grad(fun), s2sgrad.value_and_grad(fun)
    assert np.allclose(g(X), before) and np.allclose(vg(X)[1], before)
    _all_modes_equal(fun, before)
    change()
    assert np.allclose(g(X), after), "a kept grad() is stale"
    assert np.allclose(vg(X)[1], after), "a kept value_and_grad() is stale"
    _all_modes_equal(fun, after)


def test_module_attribute_reassigned(stale):
    _grads_then(
        stale.via_module, lambda: setattr(stale.lib, "act", stale.lib.other), np.cos(X), 3 * X**2
    )


def test_module_attribute_monkeypatched(stale, monkeypatch):
    _grads_then(
        stale.via_module,
        lambda: monkeypatch.setattr(stale.lib, "act", np.tanh),
        np.cos(X),
        1 - np.tanh(X) ** 2,
    )


def test_mock_patch_object_and_restore(stale):
    from unittest import mock

    g = s2sgrad.grad(stale.via_module)
    assert np.allclose(g(X), np.cos(X))
    with mock.patch.object(stale.lib, "act", stale.lib.other):
        assert np.allclose(g(X), 3 * X**2)
        _all_modes_equal(stale.via_module, 3 * X**2)
    assert np.allclose(g(X), np.cos(X))


def test_namespace_and_class_attributes(stale):
    _grads_then(
        stale.via_namespace, lambda: setattr(stale.acts, "act", np.exp), np.cos(X), np.exp(X)
    )
    _grads_then(
        stale.via_class,
        lambda: setattr(stale.Layer, "act", staticmethod(np.sin)),
        1 - np.tanh(X) ** 2 + 2 * X,
        np.cos(X) + 2 * X,
    )
    _grads_then(
        stale.via_class,
        lambda: setattr(stale.Layer, "f", staticmethod(np.exp)),
        np.cos(X) + 2 * X,
        np.cos(X) + np.exp(X),
    )


def test_callee_code_and_defaults_changed(stale):
    _grads_then(
        stale.direct,
        lambda: setattr(stale.act, "__code__", stale.other.__code__),
        np.cos(X),
        3 * X**2,
    )
    _grads_then(
        stale.via_default,
        lambda: setattr(stale.scaled, "__defaults__", (5.0,)),
        2.0 * np.ones(3),
        5.0 * np.ones(3),
    )
    _grads_then(
        stale.via_kwdefault,
        lambda: setattr(stale.kw, "__kwdefaults__", {"k": 7.0}),
        2.0 * np.ones(3),
        7.0 * np.ones(3),
    )
    _grads_then(
        stale.via_kwdefault,
        lambda: stale.kw.__kwdefaults__.update(k=-1.0),
        7.0 * np.ones(3),
        -1.0 * np.ones(3),
    )


def test_top_level_code_and_defaults_changed(stale):
    _grads_then(
        stale.top,
        lambda: setattr(stale.top, "__code__", stale.top_other.__code__),
        np.cos(X),
        3 * X**2,
    )
    g = s2sgrad.grad(stale.total)
    assert np.allclose(g(X), 2.0)
    stale.total.__defaults__ = (4.0,)
    assert np.allclose(g(X), 4.0)
    stale.total.__kwdefaults__["m"] = 0.5
    assert np.allclose(g(X), 2.0)
    _all_modes_equal(stale.total, 2.0 * np.ones(3))


def test_global_shadowing_a_builtin(stale, tmp_path):
    module = _load(
        tmp_path, "s2s_shadow", "import numpy as np\n\n\ndef f(x):\n    return abs(x) * 2.0\n"
    )
    g = s2sgrad.grad(module.f)
    assert np.isclose(g(-1.5), -2.0)
    module.abs = lambda x: x * x
    assert np.isclose(g(-1.5), -6.0)


def test_closure_cell_rebound():
    def make(act):
        def f(x):
            return np.sum(act(x))

        def swap(new):
            nonlocal act
            act = new

        return f, swap

    f, swap = make(np.sin)
    _grads_then(f, lambda: swap(np.tanh), np.cos(X), 1 - np.tanh(X) ** 2)
    f2, _ = make(np.sin)  # another function object with the same code shares the unit
    assert np.allclose(s2sgrad.grad(f2)(X), np.cos(X))


def _with_assert(x):
    assert x.ndim == 1, "a vector"
    return np.sum(x * x)


def test_functions_in_a_pytest_rewritten_module_are_accepted():
    # pytest rewrites the asserts of test modules: the check compiles the same way
    assert "@pytest_ar" in globals()
    assert np.allclose(s2sgrad.grad(_with_assert)(X), 2 * X)

    def nested(k):
        total = 0.0

        def inner(x):
            nonlocal total
            assert k > 0
            return np.sum(x * k)

        return inner, lambda x: np.sum(x * k * 2.0)

    from s2sgrad.parsing import parse_function

    inner, lam = nested(3.0)
    parse_function(inner)  # a nonlocal and an assert: its source is its code
    assert np.allclose(s2sgrad.grad(lam)(X), 6.0)

    class Local:
        __k = 2.0

        def m(self, x):
            return np.sum(x) * self.__k

    parse_function(Local.m)


def test_hessian_notices_stale_callees(stale):
    h = s2sgrad.hessian(stale.via_module)
    assert np.allclose(h(X), np.diag(-np.sin(X)))
    stale.lib.act = stale.lib.other
    assert np.allclose(h(X), np.diag(6 * X))
    assert np.allclose(s2sgrad.hessian(stale.via_module)(X), np.diag(6 * X))
    h2 = s2sgrad.hessian(stale.direct)
    assert np.allclose(h2(X), np.diag(-np.sin(X)))
    stale.act.__code__ = stale.other.__code__
    assert np.allclose(h2(X), np.diag(6 * X))
