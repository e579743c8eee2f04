"""Errors found while the generated code runs name the user's line (issue 10), in every
mode, also for statements of the forward sweep, which carry no ``# line`` comment."""

import inspect
import itertools
import operator

import numpy as np
import pytest
from gradcheck import assert_tree_close

import s2sgrad


def _sum_sines(q):
    s = 0.0
    for k in q:
        s = s + np.sum(np.sin(q[k]))
    return s


def loop_in_callee_over_an_item(p):
    return _sum_sines(p["inner"]) + np.sum(p["a"] ** 2)


def loop_over_nested_dict(p):
    s = 0.0
    inner = p["inner"]
    for k in inner:
        s = s + np.sum(inner[k] * 2.0)
    return s


def _sum_sorted(q):
    s = 0.0
    for v in sorted(q):
        s = s + np.sin(v)
    return s


def sorted_in_callee(p):
    return _sum_sorted(p["inner"]) + np.sum(p["a"] ** 2)


def sorted_item(p):
    s = 0.0
    inner = p["inner"]
    for v in sorted(inner):
        s = s + v * 2.0
    return s


def _line_of(fun, text):
    lines, start = inspect.getsourcelines(fun)
    return start + next(i for i, line in enumerate(lines) if text in line)


P = {"a": np.array([1.0, 2.0]), "b": np.array([3.0])}
MODES = {
    "grad": lambda f, p: s2sgrad.grad(f)(p),
    "value_and_grad": lambda f, p: s2sgrad.value_and_grad(f)(p),
    "jvp": lambda f, p: s2sgrad.jvp(f, (p,), (p,)),
    "hessian": lambda f, p: s2sgrad.hessian(f)(p),
}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(
    "fun, arg, where, text",
    [
        (
            sorted_in_callee,
            {"inner": [1.0, 3.0], "a": np.ones(2)},
            _sum_sorted,
            "for v in sorted(q)",
        ),
        (sorted_item, {"inner": [1.0, 3.0, 2.0]}, sorted_item, "for v in sorted(inner)"),
    ],
)
def test_runtime_error_names_the_users_line(mode, fun, arg, where, text):
    """sorted() of differentiated values, found when the code runs (the list's items are
    only known then), in a callee or in the function itself."""
    with pytest.raises(s2sgrad.NonDifferentiableError) as info:
        MODES[mode](fun, arg)
    assert info.value.filename == __file__
    assert info.value.lineno == _line_of(where, text)


INNER_SINES = {"inner": {k: np.cos(v) for k, v in P.items()}, "a": 2.0 * np.ones(2)}
INNER_TWICE = {"inner": {k: 2.0 * np.ones_like(v) for k, v in P.items()}}


@pytest.mark.parametrize(
    "fun, arg, expected",
    [
        (loop_in_callee_over_an_item, {"inner": P, "a": np.ones(2)}, INNER_SINES),
        (loop_over_nested_dict, {"inner": P}, INNER_TWICE),
    ],
)
def test_a_loop_over_a_dict_item_iterates_its_keys(fun, arg, expected):
    """``for k in q`` over a dict s2sgrad only sees when the code runs (an item of a dict
    argument, in a callee or in the function): the keys, as Python iterates them."""
    assert_tree_close(s2sgrad.grad(fun)(arg), expected, rtol=1e-12)
    value, g = s2sgrad.value_and_grad(fun)(arg)
    assert np.isclose(value, fun(arg))
    assert_tree_close(g, expected, rtol=1e-12)
    _, dot = s2sgrad.jvp(fun, (arg,), (arg,))
    assert np.isclose(dot, sum(np.sum(u * v) for u, v in zip(_leaves(expected), _leaves(arg))))


def _leaves(tree):
    if isinstance(tree, dict):
        return [leaf for k in sorted(tree) for leaf in _leaves(tree[k])]
    return [tree]


def test_keys_view_of_a_dict_argument_works():
    def f(p):
        s = 0.0
        for k in p.keys():
            s = s + np.sum(p[k] ** 2)
        return s

    g = s2sgrad.grad(f)(P)
    assert set(g) == set(P)
    for k in P:
        np.testing.assert_allclose(g[k], 2 * P[k])


# -- an alias made after every in-place change of its array is no hazard -----------------
# (the fuzzer's known over-rejection alias_after_inplace, seed 20241755)


def alias_in_later_loop(x):
    acc = 0.0 * x
    for i in range(2):
        acc += x * x
    out = x * 1.0
    for j in range(3):
        b = acc
        if np.max(acc) > -10.0:
            b = np.cos(acc) * x
        out = np.tanh(out) + b
    return np.sum(out)


def alias_in_branch(x):
    acc = x * 2.0
    acc += np.sin(x)
    if np.sum(x) > -100.0:
        b = acc
        return np.sum(b * x)
    return np.sum(acc)


def alias_in_nested_loop(x):
    acc = x + 1.0
    for i in range(2):
        acc *= x
    s = 0.0
    for i in range(2):
        for j in range(2):
            b = acc
            s = s + np.sum(b * b) * (i + j)
    return s


@pytest.mark.parametrize("fun", [alias_in_later_loop, alias_in_branch, alias_in_nested_loop])
def test_alias_after_the_last_inplace_change_is_accepted(fun):
    from gradcheck import check_grads, numerical_grad

    x = np.array([0.3, -0.7, 1.1])
    check_grads(fun, x)
    _, tangent = s2sgrad.jvp(fun, (x,), (np.ones(3),))
    np.testing.assert_allclose(tangent, numerical_grad(fun, (x,), 0, 1e-6).sum(), rtol=1e-6)


def change_later_in_the_loop(x):
    acc = x * 1.0
    s = 0.0
    for i in range(3):
        b = acc
        acc += x
        s = s + np.sum(b * x)
    return s


def change_earlier_in_the_loop(x):
    acc = x * 1.0
    bs = []
    for i in range(3):
        acc += x
        b = acc
        bs.append(b)
    return np.sum(bs[0] * x)


def change_after_the_branch(x):
    acc = x * 1.0
    b = x
    if np.sum(x) > -100.0:
        b = acc
    acc += x
    return np.sum(b * x)


def change_in_the_outer_loop(x):
    acc = x * 1.0
    s = 0.0
    for i in range(2):
        acc += x
        for j in range(2):
            b = acc
            s = s + np.sum(b)
    bs = [b]
    return s + np.sum(bs[0])


@pytest.mark.parametrize(
    "fun",
    [
        change_later_in_the_loop,
        change_earlier_in_the_loop,
        change_after_the_branch,
        change_in_the_outer_loop,
    ],
)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_alias_that_a_later_change_reaches_is_rejected(fun, mode):
    x = np.array([0.3, -0.7, 1.1])
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="alias|share"):
        if mode == "grad":
            s2sgrad.grad(fun)(x)
        else:
            s2sgrad.jvp(fun, (x,), (np.ones(3),))


# -- loops over a dict argument iterate its keys, as in Python ----------------------------


def keys_loop(p):
    s = 0.0
    for k in p:
        s = s + np.sum(p[k] ** 3) * len(k)
    return s


def comprehension(p):
    d = {k: p[k] * 3.0 for k in p}
    return np.sum(d["a"] * d["b"]) + sum(np.sum(v) for v in d.values())


def nested_items(p):
    s = 0.0
    for k in p:
        for j, v in p[k].items():
            s = s + np.sum(np.sin(v) * v) * len(j)
    return s


def callee_with_dict(p):
    return _sum_sines(p) * 2.0 + keys_loop(p)


def int_keys(p):
    s = 0.0
    for k in p:
        s = s + np.sum(p[k]) * (k + 1.0)
    return s


_PP = {"u": {"x": np.array([0.2]), "yy": np.array([0.4, 0.1])}, "v": {"z": np.array([1.5])}}
DICT_CASES = [
    (keys_loop, P),
    (comprehension, {"a": np.array([1.0, -2.0]), "b": np.array([0.3, 0.5])}),
    (nested_items, _PP),
    (callee_with_dict, P),
    (int_keys, {2: np.array([0.5, 1.0]), 0: np.array([2.0])}),
]


def _flat(tree):
    if isinstance(tree, dict):
        return np.concatenate([_flat(tree[k]) for k in tree])
    return np.ravel(tree)


@pytest.mark.parametrize("fun, p", DICT_CASES, ids=[c[0].__name__ for c in DICT_CASES])
def test_loop_over_dict_argument(fun, p):
    from gradcheck import check_grads

    g = check_grads(fun, p)[0]
    value, g2 = s2sgrad.value_and_grad(fun)(p)
    assert value == pytest.approx(fun(p))
    np.testing.assert_allclose(_flat(g2), _flat(g))
    # jvp along the argument itself: the directional derivative <g, p>
    _, tangent = s2sgrad.jvp(fun, (p,), (p,))
    assert tangent == pytest.approx(float(_flat(g) @ _flat(p)), rel=1e-9)


def test_hessian_of_loop_over_dict_argument():
    def cube(p):
        s = 0.0
        for k in p:
            s = s + np.sum(p[k] ** 3)
        return s

    h = s2sgrad.hessian(cube)(P)
    np.testing.assert_allclose(h["a"]["a"], np.diag(6 * P["a"]))
    np.testing.assert_allclose(h["b"]["b"], np.diag(6 * P["b"]))
    np.testing.assert_allclose(h["a"]["b"], np.zeros((2, 1)))


# -- xs.pop() for its change alone is seen in both modes ----------------------------------
# (forward mode dropped the pop of the tangent list: a wrong tangent; reverse mode crashed,
# then was an error until normalize.removals)


def pop_then_append(x):
    xs = [x * 2.0, x * 3.0]
    b = xs[1]
    xs.pop()
    xs.append(b * b)
    return np.sum(xs[1])


def pop_in_loop(x):
    xs = [x * 2.0, np.sin(x), x * x]
    s = 0.0
    for i in range(2):
        xs.pop()
        s = s + np.sum(xs[-1] * x)
    return s


def pop_in_branch(x):
    xs = [x, np.cos(x)]
    if np.sum(x) > 0.0:
        xs.pop()
    return np.sum(xs[-1] ** 2)


@pytest.mark.parametrize("fun", [pop_then_append, pop_in_loop, pop_in_branch])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_bare_pop(fun, sign):
    from gradcheck import numerical_grad

    x = sign * np.array([0.5, 1.5])
    v = np.array([0.3, -1.0])
    value, tangent = s2sgrad.jvp(fun, (x,), (v,))
    assert value == pytest.approx(fun(x))
    assert tangent == pytest.approx(float(numerical_grad(fun, (x,), 0, 1e-6) @ v), rel=1e-6)
    # reverse mode too (normalize.removals: the list without its last item)
    np.testing.assert_allclose(
        s2sgrad.grad(fun)(x), numerical_grad(fun, (x,), 0, 1e-6), rtol=1e-6, atol=1e-8
    )


def pop_of_argument(xs):
    v = xs.pop()
    return np.sum(v * xs[0])


def pop_of_a_copy(xs):
    xs = list(xs)
    v = xs.pop()
    return np.sum(v * xs[0])


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_pop_of_an_argument_is_rejected_and_of_a_copy_works(mode):
    xs = [np.array([0.5, 1.5]), np.array([2.0, -1.0])]
    ts = [np.ones(2), np.ones(2)]
    run = (
        (lambda f: s2sgrad.grad(f)(xs))
        if mode == "grad"
        else (lambda f: s2sgrad.jvp(f, (xs,), (ts,)))
    )
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="pop") as info:
        run(pop_of_argument)
    assert info.value.lineno == _line_of(pop_of_argument, "xs.pop()")
    assert len(xs) == 2 and len(ts) == 2
    if mode == "jvp":
        value, tangent = run(pop_of_a_copy)
        assert value == pytest.approx(pop_of_a_copy(xs))
        assert tangent == pytest.approx(np.sum(ts[1] * xs[0] + xs[1] * ts[0]))
        assert len(xs) == 2 and len(ts) == 2


# -- other list/dict mutations of differentiated values: an error at the user's line -------


def _pop_index(x):
    xs = [x * 2.0, x * 3.0]
    v = xs.pop(0)  # works: normalize.removals (tests/test_container_removals.py)
    return np.sum(v * xs[0])


def _del_item(x):
    xs = [x * 2.0, x * 3.0]
    del xs[0]  # works
    return np.sum(xs[0])


def _insert(x):
    xs = [x * 2.0]
    xs.insert(0, x * 3.0)  # a new list xs[:0] + [v] + xs[0:] (tests/test_comprehensions.py)
    return np.sum(xs[0] * 2.0 + xs[1])


def _remove(x):
    xs = [x * 2.0, x]
    xs.remove(xs[0])  # error
    return np.sum(xs[0])


def _reverse(x):
    xs = [x * 2.0, x]
    xs.reverse()  # works since session 19: xs = xs[::-1]
    return np.sum(xs[0])


def _dict_pop(x):
    d = {"a": x * 2.0, "b": x}
    v = d.pop("a")  # works
    return np.sum(v)


@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
@pytest.mark.parametrize(
    # (xs.extend and d.update of local containers work: tests/test_changing_callees.py;
    # xs.reverse() too: tests/test_refusals_s19.py)
    "fun",
    [_remove],
)
def test_container_mutation_is_an_error_at_its_line(fun, mode):
    x = np.array([0.5, 1.5])
    with pytest.raises(s2sgrad.TransformError) as info:
        if mode == "grad":
            s2sgrad.grad(fun)(x)
        elif mode == "jvp":
            s2sgrad.jvp(fun, (x,), (np.ones(2),))
        else:
            s2sgrad.hessian(fun)(x)
    assert info.value.filename == __file__
    assert info.value.lineno == _line_of(fun, "# error")


@pytest.mark.parametrize("fun", [_pop_index, _del_item, _dict_pop, _reverse])
def test_pop_and_del_are_differentiated_in_every_mode(fun):
    from gradcheck import numerical_grad

    x = np.array([0.5, 1.5])
    g = s2sgrad.grad(fun)(x)
    np.testing.assert_allclose(g, numerical_grad(fun, (x,), 0, 1e-6), rtol=1e-6)
    _, dot = s2sgrad.jvp(fun, (x,), (np.ones(2),))
    assert np.isclose(dot, np.sum(g))


def test_list_insert_is_differentiated_in_every_mode():
    x = np.array([0.5, 1.5])
    np.testing.assert_allclose(s2sgrad.grad(_insert)(x), np.full(2, 8.0))
    _, dot = s2sgrad.jvp(_insert, (x,), (np.ones(2),))
    assert np.isclose(dot, 16.0)
    np.testing.assert_allclose(s2sgrad.hessian(_insert)(x), np.zeros((2, 2)))


# -- calls and methods that write into an array (audit of issue 10, class 5) -------------
# each is differentiated as the write it makes, or an error at the user's line


def _ip1(x):
    y = x * 2.0
    y.sort()
    return np.sum(y * x)


def _ip2(x):
    y = x * 2.0
    y.fill(3.0)
    return np.sum(y * x)


def _ip3(x):
    y = x * 2.0
    np.place(y, y > 1.0, [0.0])
    return np.sum(y * x)


def _ip4(x):
    y = np.outer(x, x)
    np.fill_diagonal(y, 0.0)
    return np.sum(y)


def _ip5(x):
    y = x * 2.0
    y.__setitem__(0, 5.0)
    return np.sum(y * x)


def _ip6(x):
    y = x * 2.0
    operator.iadd(y, x)
    return np.sum(y * x)


def _ip7(x):
    y = x * 2.0
    operator.setitem(y, 0, 1.0)
    return np.sum(y * x)


def _ip8(x):
    return np.sum(list(itertools.accumulate(x)))


def _ip9(x):
    y = x * 2.0
    z = np.add(y, x, out=y)
    return np.sum(z * y)


def _ip10(x):
    y = np.zeros(2)
    np.multiply(x, 3.0, out=y, where=x > 0)
    return np.sum(y)


def _ip11(x):
    y = x * 2.0
    np.negative(y, y)
    return np.sum(y * x)


def _ip12(x):
    y = x * 2.0
    np.putmask(y, y > 1.0, x)
    return np.sum(y)


def _ip13(x):
    y = x * 2.0
    setattr(y, "shape", (2, 1))  # noqa: B010
    return np.sum(y)


def _ip14(x):
    y = x * 2.0
    y.resize((3,), refcheck=False)
    return np.sum(y)


def _ip15(x):
    y = x * 2.0
    np.random.default_rng(0).shuffle(y)
    return np.sum(y * x)


def _ip16(x):
    y = x * 1.0
    y[...] = np.sin(y)
    return np.sum(y * x)


def _ip17(x):
    y = x * 2.0
    np.sin(y, out=y)
    return np.sum(y * x)


def _ip18(x):
    y = x * 2.0
    y.real[:] = 0.0
    return np.sum(y * x)


def _ip19(x):
    y = x * 2.0
    y.flat[0] = 0.0
    return np.sum(y * x)


def _ip20(x):
    y = x * 2.0
    v = y.view()
    v[0] = 0.0
    return np.sum(y * x)


def _ip21(x):
    y = x * 2.0
    np.copyto(y, x, where=x > 1.0)
    return np.sum(y * x)


def _ip22(x):
    y = x * 2.0
    y.T[0] = 0.0
    return np.sum(y * x)


def _ip23(x):
    acc = list(itertools.accumulate([x[0], x[1]], operator.mul))
    return acc[-1]


def _ip24(x):
    y = np.array([x[0], x[1]])
    np.add.at(y, [0, 0], x[1])
    return np.sum(y * x)


def _ip25(x):
    y = x * 2.0
    y.itemset(0, 1.0) if hasattr(y, "itemset") else None
    return np.sum(y * x)


def _ip26(x):
    y = x * 2.0
    np.clip(y, 0.0, 1.5, out=y)
    return np.sum(y * x)


# _ip8, _ip23 (itertools.accumulate): refused until session 19 (normalize.iterator_calls)
_IP_CORRECT = [_ip8, _ip9, _ip11, _ip16, _ip17, _ip23, _ip24, _ip26]
_IP_ERROR = [
    _ip1,
    _ip2,
    _ip3,
    _ip4,
    _ip5,
    _ip6,
    _ip7,
    _ip10,
    _ip12,
    _ip13,
    _ip14,
    _ip15,
    _ip18,
    _ip19,
    _ip20,
    _ip21,
    _ip22,
    _ip25,
]


@pytest.mark.parametrize("fun", _IP_CORRECT, ids=lambda f: f.__name__)
def test_inplace_call_differentiated(fun):
    from gradcheck import check_grads, numerical_grad

    x = np.array([0.4, 1.3])
    check_grads(fun, x)
    v = np.array([0.7, -0.2])
    _, t = s2sgrad.jvp(fun, (x,), (v,))
    assert t == pytest.approx(float(numerical_grad(fun, (x,), 0, 1e-6) @ v), rel=1e-6)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("fun", _IP_ERROR, ids=lambda f: f.__name__)
def test_inplace_call_rejected_at_its_line(fun, mode):
    x = np.array([0.4, 1.3])
    with pytest.raises(s2sgrad.TransformError) as info:
        if mode == "grad":
            s2sgrad.grad(fun)(x)
        else:
            s2sgrad.jvp(fun, (x,), (np.ones(2),))
    assert info.value.filename == __file__
    lines, start = inspect.getsourcelines(fun)
    assert start < info.value.lineno < start + len(lines)  # a line of the body


# -- a type whose __module__ is not a str (Cython's function type on Python 3.10) ----------
# reading it as a str raised AttributeError instead of s2sgrad's error, on 3.10 only and
# only once scipy.stats was imported (an in-place rng.shuffle found it)


class _OddModule:
    def __call__(self, y):
        return y * 2.0


_OddModule.__module__ = property(lambda self: "a descriptor")  # as Cython's function type
_ODD = _OddModule()


def _odd_call(x):
    return np.sum(_ODD(x) * x)


def _rng_call_shuffle(x):
    y = x * 2.0
    np.random.default_rng(0).shuffle(y)
    return np.sum(y * x)


def test_a_callable_object_whose_type_module_is_not_a_str_is_differentiated():
    pytest.importorskip("scipy.stats")  # the path that read type(value).__module__
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(s2sgrad.grad(_odd_call)(x), 4.0 * x)  # d/dx sum(2x * x)
    np.testing.assert_allclose(s2sgrad.jvp(_odd_call, (x,), (np.ones(3),))[1], np.sum(4.0 * x))


@pytest.mark.parametrize("fun", [_rng_call_shuffle, _ip15])
@pytest.mark.parametrize("transform", ["grad", "jvp"])
def test_a_type_module_that_is_not_a_str_gets_s2sgrads_error(fun, transform):
    pytest.importorskip("scipy.stats")  # the path that read type(value).__module__
    x = np.array([1.0, 2.0, 3.0])
    with pytest.raises(s2sgrad.TransformError) as info:
        if transform == "grad":
            s2sgrad.grad(fun)(x)
        else:
            s2sgrad.jvp(fun, (x,), (np.ones(3),))
    assert "test_holes.py" in str(info.value)
