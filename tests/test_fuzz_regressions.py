"""Reduced programs from the random-program fuzzer (tests/fuzz): each class it found, as
several small instances, in reverse mode (``grad``, ``value_and_grad``, ``hessian``) and
forward mode (``jvp``) against central finite differences, autograd as a second oracle
where it runs them; or s2sgrad's clear error at the user's line where the program stays
unsupported.

Over-rejections fixed (programs that are safe and common, rejected before):

* a generator expression consumed at once by ``sum``, ``list``, ``tuple``, ``sorted``,
  ``max`` or ``min`` (fuzz construct ``power.genexp``: ``sum(x ** k for k in range(3))``);
* ``dict(a=x, b=y)`` (``dict.dict_call``);
* ``d.values()`` / ``d.items()`` read at once by a builtin or NumPy function
  (``np.stack(list(d.values()))``, ``dict.values_list``); a view bound to a name sees later
  changes of the dict and stays an error;
* ``np.c_[a, b]`` (``rc.c_``): items made at least 2-D, 1-D items as columns, joined on
  the last axis; slices and strings in it stay an error;
* an alias of an array made after its last in-place change, inside a loop or branch
  (seed 20241755, the known over-rejection ``alias_after_inplace``).
"""

from __future__ import annotations

import functools
import inspect
import types

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad import TransformError, UnsupportedSyntaxError

X = np.array([0.3, -0.7, 1.1])
Y = np.array([0.5, 0.2, -0.4])
Z3 = np.zeros(3)
A = np.arange(6.0).reshape(3, 2) / 5 - 0.3
B = np.array([[0.1], [-0.6], [0.9]])
A3 = np.arange(12.0).reshape(2, 3, 2) / 7 - 0.5


# -- generator expressions consumed at once ----------------------------------------------


def genexp_powers(x):
    return np.sum(sum(x**k for k in range(3)))


def genexp_powers_scalar(x):
    return sum(x[0] ** k for k in range(4)) * 2.0


def genexp_list_stack(x):
    return np.sum(np.stack(list(np.sin(x) * j for j in range(1, 3))) ** 2)


def genexp_tuple_condition(x):
    parts = tuple(x * x[i] for i in range(3) if i != 1)
    return np.sum(parts[0] + 3.0 * parts[1])


def genexp_max_min(x):
    return max(x[i] * 2.0 for i in range(3)) - min(np.sin(x[i]) for i in range(2))


def genexp_sum_start(x):
    return sum((x[i] * x[i] for i in range(3)), 0.5) + np.sum(sum(np.cos(x) * k for k in range(2)))


# -- dict(k=v), d.values(), d.items() ----------------------------------------------------


def dict_call_loop(x, y):
    d = dict(u=2.0 * x, v=y)
    acc = 0.0
    for k in d:
        acc = acc + np.sum(d[k] * d[k])
    return acc


def dict_call_items_update(x, y):
    d = dict(a=x, b=y * 3.0)
    d["a"] = d["a"] * 0.5 + y
    s = 0.0
    for k, v in d.items():
        s = s + np.sum(v * x)
    return s


def values_stacked(x, y):
    d = {"u": 2.0 * x, "v": np.sin(y)}
    return np.sum(np.stack(list(d.values())) ** 2)


def values_summed_int_keys(x, y):
    d = {2: x, 0: y * y}
    return np.sum(sum(d.values()) * np.array(list(d.values()))[0])


def items_listed(x, y):
    d = {1: x, 3: y}
    s = 0.0
    for k, v in list(d.items()):
        s = s + k * np.sum(np.sin(v) * x)
    return s


def values_after_update(x, y):
    d = dict(p=x, q=y)
    d["p"] = d["p"] * y
    return np.sum(np.array(list(d.values())) ** 3)


def add_at_after_values(x, y):
    # np.add.at is a method of a ufunc, its __module__ is None (seeds 108032 ...: an
    # AttributeError inside s2sgrad)
    v = np.zeros(3)
    np.add.at(v, [2, 2, 0], x[1] * y[0])
    d = {"a": v, "b": y}
    return np.sum(v * y) + np.sum(np.stack(list(d.values())) ** 2)


# -- a list or tuple rebound to a slice of itself, then extended (seed 108007) -------------
# a slice of a list or tuple is a new one, so ``+=``/append on the name changes no other


def list_slice_then_extend_seed_108007(x0):
    v1 = x0 / 3.3
    v2 = [x0, v1] + [0.35]
    v2 += [v1]
    v2 = v2[::-1]
    v3 = np.array(v2)
    return np.sum(v3 * v3)


def list_reversed_then_appended(x, y):
    xs = [x, 2.0 * y]
    xs = xs[::-1]
    for i in range(2):
        xs.append(x * (i + 1.0))
        xs += [np.sin(y)]
    return np.sum(np.stack(xs) ** 2)


def tuple_sliced_then_extended(x, y):
    t = (x, x * y, y)
    t = t[1:]
    t += (np.cos(x),)
    return np.sum(np.hstack(t) ** 2)


def tuple_extended_in_a_loop(x, y):
    t = (x * y,)
    for i in range(3):
        t += (np.sin(x) * i, y)
    return np.sum(np.stack(t) * np.arange(21.0).reshape(7, 3))


def list_slice_item_written(x, y):
    xs = [x * 1.0, y * 1.0, x * y]
    ys = xs[1:]
    ys[0] = np.sin(x)
    return np.sum(np.stack(ys) * np.stack(xs[:2]))


# -- np.c_ ---------------------------------------------------------------------------------


def c_columns(x, y):
    z = np.c_[x, y]
    return np.sum(z * z * np.arange(6.0).reshape(3, 2))


def c_scalars(x, y):
    return np.sum(np.c_[1.5, 2.0 * x[0], y[1]] ** 3)


def c_matrix_and_column(a, b):
    return np.sum(np.sin(np.c_[a, b, np.cos(b)]) * np.arange(12.0).reshape(3, 4))


def c_three_dimensional(a):
    return np.sum(np.c_[a, a * a] ** 2 * np.arange(24.0).reshape(2, 3, 4))


# -- std/var of values equal by construction (seed 105563) ---------------------------------
# the function is constant there (the spread stays 0), so the derivative is 0; the rounded
# mean differs from the values in the last bit and gave an O(1) gradient


def std_reduced_seed_105563(x0, x1):
    v1 = 0.0 * x0
    v1 += np.sum(x1)
    v5 = v1 / 21
    v6 = v5.std()
    v9 = [v6 * 1.0, v6 * 1.0]
    return np.sin((v9[0] + 2.0 * v9[1]) / 6)


def std_of_broadcast_scalar(x, y):
    v = 0.0 * x + y[0]
    return np.sin(3.0 * v.std() + 0.5) + np.sum(x)


def std_of_repeated_rows(x, y):
    m = np.outer(np.ones(5), x + 0.0 * y)
    return np.sum(np.std(m, axis=0) * y) + np.sum(np.var(m, axis=0)) + np.sum(x * y)


def std_product_with_constant_vector(x, y):
    z = y[1] + np.zeros(7)
    return x[0] * np.std(z) + np.std(z[0:1]) + np.sum(np.sin(x))


# values whose rounded mean over 3, 5, 7 copies is not the value itself
X0_105563 = np.array([[0.5785345707660898], [0.7328229968858675], [0.2025582364132794]])
X1_105563 = np.array(
    [
        [0.42769779719919043, 0.3255030290716816],
        [-0.3142613227913922, -0.36105597611850637],
        [0.9885786232668212, 0.8904818477445946],
    ]
)
Y_EQUAL = np.array([-0.9470309021920553, -0.2972738788897409, 0.4])
X_EQUAL = np.array([0.3, -0.4270179510567871, 1.1])


def genexp_passed_to_numpy(x, y):
    # np.fromiter of a generator is rewritten into an array of its items (normalize/numpy_calls)
    return np.sum(np.fromiter((x[i] * y[i] for i in range(3)), float))


SUPPORTED = [
    (genexp_powers, (X,)),
    (genexp_powers, (Z3,)),
    (genexp_powers_scalar, (X,)),
    (genexp_powers_scalar, (Z3,)),
    (genexp_list_stack, (X,)),
    (genexp_tuple_condition, (X,)),
    (genexp_max_min, (X,)),
    (genexp_sum_start, (X,)),
    (dict_call_loop, (X, Y)),
    (dict_call_items_update, (X, Y)),
    (values_stacked, (X, Y)),
    (values_summed_int_keys, (X, Y)),
    (items_listed, (X, Y)),
    (values_after_update, (X, Y)),
    (add_at_after_values, (X, Y)),
    (list_slice_then_extend_seed_108007, (0.7,)),
    (list_reversed_then_appended, (X, Y)),
    (tuple_sliced_then_extended, (X, Y)),
    (tuple_extended_in_a_loop, (X, Y)),
    (list_slice_item_written, (X, Y)),
    (c_columns, (X, Y)),
    (c_scalars, (X, Y)),
    (c_matrix_and_column, (A, B)),
    (c_three_dimensional, (A3,)),
    (std_reduced_seed_105563, (X0_105563, X1_105563)),
    (std_of_broadcast_scalar, (X, Y_EQUAL)),
    (std_of_repeated_rows, (X_EQUAL, Y)),
    (std_product_with_constant_vector, (X, Y_EQUAL)),
    (genexp_passed_to_numpy, (X, Y)),
]
IDS = [f"{f.__name__}-{i}" for i, (f, _) in enumerate(SUPPORTED)]


@pytest.mark.parametrize("fun, args", SUPPORTED, ids=IDS)
def test_reverse_mode_against_finite_differences(fun, args):
    argnums = tuple(range(len(args)))
    value, grads = s2sgrad.value_and_grad(fun, argnums=argnums)(*args)
    np.testing.assert_allclose(value, fun(*args), rtol=1e-12)
    assert_tree_close(s2sgrad.grad(fun, argnums=argnums)(*args), grads, rtol=1e-12)
    for i, g in enumerate(grads):
        assert_tree_close(g, numerical_grad(fun, args, i), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("fun, args", SUPPORTED, ids=IDS)
def test_forward_mode_against_finite_differences(fun, args):
    rng = np.random.default_rng(0)
    tangents = [rng.normal(size=np.shape(a)) for a in args]
    primal, tangent = s2sgrad.jvp(fun, list(args), tangents)[:2]
    np.testing.assert_allclose(primal, fun(*args), rtol=1e-12)
    eps = 1e-6
    plus = fun(*[a + eps * t for a, t in zip(args, tangents)])
    minus = fun(*[a - eps * t for a, t in zip(args, tangents)])
    np.testing.assert_allclose(tangent, (plus - minus) / (2 * eps), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("fun, args", SUPPORTED, ids=IDS)
def test_hessian_against_finite_differences_of_the_gradient(fun, args):
    x, rest = args[0], args[1:]
    h = s2sgrad.hessian(fun)(*args)
    grad = s2sgrad.grad(fun)
    eps = 1e-5
    if np.ndim(x) == 0:
        expected = (grad(x + eps, *rest) - grad(x - eps, *rest)) / (2 * eps)
    else:
        expected = np.zeros(x.shape + x.shape)
        for idx in np.ndindex(x.shape):
            step = np.zeros_like(x)
            step[idx] = eps
            expected[(...,) + idx] = (grad(x + step, *rest) - grad(x - step, *rest)) / (2 * eps)
    np.testing.assert_allclose(h, expected, rtol=1e-5, atol=1e-5)


def _autograd_function(fn):
    anp = pytest.importorskip("autograd.numpy")
    env = dict(fn.__globals__)
    env["np"] = anp
    return types.FunctionType(fn.__code__, env, fn.__name__, fn.__defaults__, fn.__closure__)


# np.c_, max over boxes and np.add.at: autograd cannot run them; its std of equal values is NaN
AUTOGRAD_CANNOT = {
    "c_columns",
    "c_scalars",
    "c_matrix_and_column",
    "c_three_dimensional",
    "genexp_max_min",
    "std_reduced_seed_105563",
    "std_of_broadcast_scalar",
    "std_of_repeated_rows",
    "std_product_with_constant_vector",
    "add_at_after_values",
    "genexp_passed_to_numpy",
}


@pytest.mark.filterwarnings("ignore:Output seems independent of input")
@pytest.mark.parametrize(
    "fun, args",
    [
        p
        if p[0].__name__ not in AUTOGRAD_CANNOT
        else pytest.param(*p, marks=pytest.mark.skip(reason="autograd cannot run this program"))
        for p in SUPPORTED
    ],
    ids=IDS,
)
def test_reverse_mode_against_autograd(fun, args):
    autograd = pytest.importorskip("autograd")
    ours = s2sgrad.grad(fun, argnums=tuple(range(len(args))))(*args)
    ag_fn = _autograd_function(fun)
    for n, g in enumerate(ours):
        assert_tree_close(g, autograd.grad(ag_fn, n)(*args), rtol=1e-9, atol=1e-10)


# -- still rejected: s2sgrad's error at the marked line ----------------------------------


def values_view_bound_then_dict_changed(x, y):
    d = {"a": x, "b": y}
    vals = d.values()  # rejected
    d["a"] = 3.0 * x
    return np.sum(np.stack(list(vals)))


def items_view_bound(x, y):
    d = {"a": x, "b": y}
    view = d.items()  # rejected
    s = 0.0
    for k, v in view:
        s = s + np.sum(v)
    return s


def c_with_a_directive(x, y):
    # ranges are constants now (tests/test_suite_gaps.py); a string directive is rejected
    return np.sum(np.c_["0", x, x] * y[:, None])  # rejected


def argument_sliced_then_changed(x, y):
    x = x[1:]
    x += y[1:]  # rejected
    return np.sum(x)


def array_sliced_then_changed(x, y):
    a = x * 1.0
    b = a[1:]  # rejected
    b = b[::-1]
    a += y
    return np.sum(b * x[1:])


REJECTED = [
    argument_sliced_then_changed,
    array_sliced_then_changed,
    values_view_bound_then_dict_changed,
    items_view_bound,
    c_with_a_directive,
]


def _marked_line(fn) -> int:
    lines, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(lines) if line.rstrip().endswith("# rejected"))


@pytest.mark.parametrize("mode", ["grad", "value_and_grad", "jvp", "hessian"])
@pytest.mark.parametrize("fun", REJECTED, ids=[f.__name__ for f in REJECTED])
def test_rejected_at_the_users_line(fun, mode):
    x, y = X.copy(), Y.copy()
    with pytest.raises(TransformError) as info:
        if mode == "grad":
            s2sgrad.grad(fun)(x, y)
        elif mode == "value_and_grad":
            s2sgrad.value_and_grad(fun)(x, y)
        elif mode == "jvp":
            s2sgrad.jvp(fun, (x, y), (np.ones(3), np.ones(3)))
        else:
            s2sgrad.hessian(fun)(x, y)
    assert isinstance(info.value, UnsupportedSyntaxError), info.value
    assert info.value.filename == __file__
    assert info.value.lineno == _marked_line(fun), str(info.value)


# -- an entry function taking *args (a functools.wraps wrapper): the error names its def ---


def _twice(fun):
    @functools.wraps(fun)
    def wrapper(*args, **kwargs):  # def of the wrapper
        return 2.0 * fun(*args, **kwargs)

    return wrapper


@_twice
def decorated_entry(x, y):
    return np.sum(x * y)


def star_entry(*xs):  # def of the star function
    return np.sum(xs[0] * xs[1])


def _plain(x, y):
    return np.sum(x * y)


@pytest.mark.parametrize("mode", ["grad", "value_and_grad", "jvp", "hessian"])
@pytest.mark.parametrize(
    "fun, scale", [(decorated_entry, 2.0), (star_entry, 1.0)], ids=["wraps_wrapper", "star_args"]
)
def test_entry_taking_star_args_is_differentiated(fun, scale, mode):
    """An entry function taking *args (a functools.wraps wrapper) was a clear error at its
    def line until *args support landed; now it gives the gradient of what it computes."""
    x, y = X.copy(), Y.copy()
    if mode == "grad":
        np.testing.assert_allclose(s2sgrad.grad(fun)(x, y), scale * y)
    elif mode == "value_and_grad":
        value, (dx, dy) = s2sgrad.value_and_grad(fun, argnums=(0, 1))(x, y)
        np.testing.assert_allclose(value, scale * _plain(x, y))
        np.testing.assert_allclose(dx, scale * y)
        np.testing.assert_allclose(dy, scale * x)
    elif mode == "jvp":
        out, tangent = s2sgrad.jvp(fun, (x, y), (np.ones(3), np.ones(3)))
        np.testing.assert_allclose(out, scale * _plain(x, y))
        np.testing.assert_allclose(tangent, scale * np.sum(x + y))
    else:
        np.testing.assert_allclose(s2sgrad.hessian(fun)(x, y), np.zeros((3, 3)), atol=1e-12)


# -- builtin min/max of two values compare by value (seed 314911) ---------------------------


def _min_in_loop(x0, x1):
    v1 = x1 * x0
    v5 = x0 * 1.0
    for _ in range(3):
        a = np.sum(v1)  # a new object each iteration, not saved: identity would fail
        v7 = min(a, np.sum(v5) + 0.5)
        v5 = v5 + v7
    return np.mean(v5)


def _max_with_constant(x0):
    v5 = x0 * 1.0
    for _ in range(2):
        v5 = v5 + max(1.0, np.sum(v5) + 0.5)
    return np.mean(v5)


@pytest.mark.parametrize("x0", [np.array([[0.3], [-1.2], [0.4]]), np.array([[2.0], [1.0], [3.0]])])
def test_builtin_min_max_of_two_values_in_loops(x0):
    x1 = np.array([[0.5], [-0.7], [1.1]])
    check_grads(_min_in_loop, x0, x1, argnums=(0, 1))
    check_grads(_max_with_constant, x0)
    _, t = s2sgrad.jvp(_max_with_constant, (x0,), (np.ones_like(x0),))
    eps = 1e-6
    fd = (_max_with_constant(x0 + eps) - _max_with_constant(x0 - eps)) / (2 * eps)
    np.testing.assert_allclose(t, fd, rtol=1e-6)


# -- an alias made after the last in-place change (seed 20241755, alias_after_inplace) ------


def _alias_in_later_loop(x0, x1):
    v1 = np.where(x0 > x1, x0 * x1, x0 - x1)
    v2 = x1 / (2.0 + np.cos(v1))
    v3 = 0.0 * v2
    for _ in range(2):
        v3 += v1
    v6 = v2 * 1.0
    for _ in range(3):
        v9 = v3  # after every change of v3: no alias hazard
        if np.max(v3) > 0.0:
            v9 = np.cos(v3) * v1 * v2
        v6 = np.tanh(v6) + v9
    return np.sum(v6)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_alias_after_last_inplace_change(sign):
    x0 = sign * np.array([0.4, -1.3, 0.8])
    x1 = np.array([0.1, 0.6, -0.2])
    check_grads(_alias_in_later_loop, x0, x1, argnums=(0, 1))
    v = np.array([0.3, -0.2, 1.0])
    _, t = s2sgrad.jvp(_alias_in_later_loop, (x0, x1), (v, Z3))
    np.testing.assert_allclose(
        t, numerical_grad(_alias_in_later_loop, (x0, x1), 0, 1e-6) @ v, rtol=1e-6
    )
