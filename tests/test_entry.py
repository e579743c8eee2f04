"""The per-instance entry of a call (s2sgrad.entry): what it tests before it answers."""

from __future__ import annotations

import numpy as np
import pytest

import s2sgrad
from s2sgrad.entry import MISS, answers

SCALE = 2.0


def loss(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + SCALE * np.sum(w * w)


def loss_grad(w, X, y):
    e = np.exp(-y * (X @ w))
    return X.T @ (-y * (e / (1.0 + e)) / X.shape[0]) + 2.0 * SCALE * w


def _args(dtype=np.float64):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 5)).astype(dtype)
    y = np.where(rng.random(40) < 0.5, -1.0, 1.0).astype(dtype)
    return (0.1 * rng.standard_normal(5)).astype(dtype), X, y


def test_entry_answers_the_repeated_call_exactly():
    g = s2sgrad.grad(loss)
    args = _args()
    first = g(*args)
    assert g._entry is not None and answers(g._entry, args) is not MISS
    again = g(*args)
    assert again.dtype == np.float64 and again.shape == (5,)
    np.testing.assert_array_equal(again, first)
    np.testing.assert_allclose(again, loss_grad(*args), rtol=1e-12)


def test_entry_misses_other_types_dtypes_and_arity():
    g = s2sgrad.grad(loss)
    args = _args()
    g(*args)
    entry = g._entry
    assert answers(entry, _args(np.float32)) is MISS  # another dtype: another instance
    assert answers(entry, args[:2]) is MISS
    assert answers(entry, (list(args[0]), *args[1:])) is MISS
    w32 = g(*_args(np.float32))
    assert w32.dtype == np.float32
    np.testing.assert_allclose(w32, loss_grad(*_args(np.float32)), rtol=2e-5)
    np.testing.assert_allclose(g(*args), loss_grad(*args), rtol=1e-12)  # back to float64


def test_entry_of_an_equal_dtype_object_takes_the_general_path():
    g = s2sgrad.grad(loss)
    w, X, y = _args()
    g(w, X, y)
    other = np.dtype(np.float64).newbyteorder("=")  # equal, maybe not the same object
    w2 = w.view(other)
    np.testing.assert_allclose(g(w2, X, y), loss_grad(w, X, y), rtol=1e-12)


def test_entry_notices_a_rebound_global(monkeypatch):
    g = s2sgrad.grad(loss)
    args = _args()
    g(*args)
    monkeypatch.setitem(loss.__globals__, "np", _Shim())
    assert answers(g._entry, args) is MISS  # the name np means another object now
    with pytest.raises(Exception):  # noqa: B017 (the shim has no exp: a transform error)
        g(*args)


class _Shim:
    def __getattr__(self, name):
        raise AttributeError(name)


def test_entry_reads_a_global_number_on_each_call(monkeypatch):
    g = s2sgrad.grad(loss)
    args = _args()
    g(*args)
    monkeypatch.setitem(loss.__globals__, "SCALE", 3.0)
    assert answers(g._entry, args) is not MISS  # any number: the generated code reads it
    np.testing.assert_allclose(g(*args), loss_grad(*args), rtol=1e-12)
    monkeypatch.setitem(loss.__globals__, "SCALE", "three")
    assert answers(g._entry, args) is MISS


def _scaled(x, k=2.0):
    return x * k


def test_entry_notices_a_callees_new_defaults():
    def f(x):
        return np.sum(_scaled(x) * x)

    g = s2sgrad.grad(f)
    x = np.linspace(-1.0, 1.0, 7)
    np.testing.assert_allclose(g(x), 4.0 * x)
    _scaled.__defaults__ = (3.0,)
    try:
        assert answers(g._entry, (x,)) is MISS
        np.testing.assert_allclose(g(x), 6.0 * x)
    finally:
        _scaled.__defaults__ = (2.0,)


def test_entry_sends_an_integer_array_to_the_check():
    def f(x, y):
        return np.sum(x * y)

    g = s2sgrad.value_and_grad(f)
    g(np.ones(3), np.ones(3))
    assert g._entry is not None
    with pytest.raises(Exception, match="x"):
        g(np.arange(3), np.ones(3))  # not differentiable: s2sgrad's own error


def test_entry_with_value_several_arguments_and_floats():
    def f(x, a, b):
        return np.sum(np.sin(x) * a) + a * b

    g = s2sgrad.value_and_grad(f, argnums=(0, 1, 2))
    x = np.linspace(-1.0, 1.0, 6)
    g(x, 0.5, 3.0)
    assert g._entry is not None
    value, (gx, ga, gb) = g(x, 0.5, 3.0)
    assert value == pytest.approx(f(x, 0.5, 3.0))
    np.testing.assert_allclose(gx, np.cos(x) * 0.5)
    assert type(ga) is float and ga == pytest.approx(np.sum(np.sin(x)) + 3.0)
    assert type(gb) is float and gb == 0.5


def test_entry_keeps_the_users_line_on_an_error():
    def f(x):
        return x * 2.0

    g = s2sgrad.grad(f)
    with pytest.raises(ValueError, match="must return a scalar") as first:
        g(np.ones(3))
    with pytest.raises(ValueError, match="must return a scalar") as second:
        g(np.ones(3))  # through the entry, if one was made
    one, where_one = str(first.value).split("; the derivative is called at ")
    two, where_two = str(second.value).split("; the derivative is called at ")
    assert one == two and "return x * 2.0" in two
    assert where_one.endswith(": g(np.ones(3))")  # each names the line that called it
    assert where_two.endswith(": g(np.ones(3))  # through the entry, if one was made")


def test_no_entry_for_containers():
    def f(xs):
        return np.sum(xs[0] * xs[1])

    g = s2sgrad.grad(f)
    a, b = np.ones(3), np.arange(3.0)
    ga, gb = g([a, b])
    assert g._entry is None
    np.testing.assert_allclose(ga, b)
    np.testing.assert_allclose(gb, a)


def test_entry_misses_after_a_rule_is_set(monkeypatch):
    from s2sgrad import rules

    g = s2sgrad.grad(loss)
    args = _args()
    g(*args)
    assert answers(g._entry, args) is not MISS
    monkeypatch.setattr(rules.USER_RULES, "version", rules.USER_RULES.version + 1)
    assert answers(g._entry, args) is MISS  # a custom rule may change the derivative
    np.testing.assert_allclose(g(*args), loss_grad(*args), rtol=1e-12)


def _mapped(xs):
    return sum(map(np.sum, xs))


def test_entry_checks_a_builtin_only_where_the_function_names_it(monkeypatch):
    g = s2sgrad.grad(loss)  # names no map: a global map does not matter to it
    args = _args()
    g(*args)
    monkeypatch.setitem(loss.__globals__, "map", lambda f, xs: [])
    assert answers(g._entry, args) is not MISS
    np.testing.assert_allclose(g(*args), loss_grad(*args), rtol=1e-12)
    monkeypatch.delitem(loss.__globals__, "map")
    h = s2sgrad.grad(_mapped)  # names map: shadowing it is noticed
    xs = (np.ones(3), np.arange(2.0))
    for gx, x in zip(h(xs), xs):
        np.testing.assert_array_equal(gx, np.ones_like(x))
    monkeypatch.setitem(_mapped.__globals__, "map", lambda f, xs: [np.sum(xs[0])])
    gx, gy = h(xs)
    np.testing.assert_array_equal(gx, np.ones(3))
    np.testing.assert_array_equal(gy, np.zeros(2))


@pytest.mark.parametrize(
    "wrong",
    [np.ones(1), np.ones(4), np.ones((1, 5)), np.float64(2.0), np.ones(5, np.float32), [1.0] * 5],
    ids=["length_1", "length_4", "2d", "0d", "float32", "list"],
)
def test_entry_gives_a_gradient_of_another_shape_to_match_input(wrong):
    """The entry's inline test of a gradient of a 1-d argument (``ndim`` and ``len``, no
    shape tuples) sends any other shape, dtype or type to ``match_input``."""
    from s2sgrad.runtime import match_input

    g = s2sgrad.grad(loss)
    args = _args()
    g(*args)
    ns = g._entry.__globals__
    fn = ns["fn"]
    ns["fn"] = lambda *a: (None, (wrong,))
    try:
        try:
            expected = match_input(wrong, args[0])
        except Exception as exc:  # noqa: BLE001 (the entry must raise the same)
            with pytest.raises(type(exc)):
                g(*args)
            return
        got = g(*args)
    finally:
        ns["fn"] = fn
    assert type(got) is type(expected) and np.shape(got) == np.shape(expected)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def _scaled_sin(x, a=2.0):
    return np.sum(np.sin(x) * a)


def test_the_call_slot_holds_the_entry_and_keywords_take_the_general_path():
    g = s2sgrad.grad(_scaled_sin)
    x = np.linspace(-1.0, 1.0, 5)
    assert g.__call__ == g._dispatch  # no instance yet
    np.testing.assert_allclose(g(x, 2.0), 2.0 * np.cos(x))
    assert g.__call__ is g._entry and answers(g._entry, (x, 2.0)) is not MISS
    np.testing.assert_allclose(g(x, a=3.0), 3.0 * np.cos(x))  # keywords: the general path
    np.testing.assert_allclose(g(x), 2.0 * np.cos(x))  # the default: the general path
    assert g.__call__ is g._entry
    np.testing.assert_allclose(g(x, 3.0), 3.0 * np.cos(x))  # the entry again


def test_a_partials_gradient_runs_the_entry_on_the_bound_arguments():
    import functools

    g = s2sgrad.grad(functools.partial(lambda a, x: np.sum(np.sin(x) * a), 3.0), argnums=0)
    x = np.linspace(-1.0, 1.0, 5)
    np.testing.assert_allclose(g(x), 3.0 * np.cos(x))
    assert g._entry is not None and g.__call__ == g._dispatch  # the bound 3.0 goes first
    assert answers(g._entry, (3.0, x)) is not MISS
    np.testing.assert_allclose(g(x), 3.0 * np.cos(x))
    np.testing.assert_allclose(g(2 * x), 3.0 * np.cos(2 * x))
