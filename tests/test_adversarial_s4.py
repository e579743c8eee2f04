"""Adversarial programs of session 4 (issue 10, "never a silent wrong gradient"): each is
checked in every mode (grad, value_and_grad, vjp, jvp, hessian) against central finite
differences, with autograd as a second oracle where it runs, or must raise s2sgrad's own
error at the user's line."""

import inspect
import re

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected, numerical_grad

import s2sgrad

X6 = np.array([0.3, -1.2, 0.8, 1.5, -0.4, 2.1])
X23 = X6.reshape(2, 3)


# x.item(i) reads one item: the adjoint is that item alone (was: g added to every item)
def item_flat(x):
    return x.item(2) * x[0, 0]


def item_negative_and_multi(x):
    return x.item(-1) ** 2 + x.item(1, 2) * x.item((0, 1))


def item_in_loop(x):
    s = 0.0
    for i in range(x.size):
        s = s + np.sin(x.item(i)) * i
    return s


def item_of_size_one(x):
    return x[0:1, 1:2].item() ** 3


@pytest.mark.parametrize("f", [item_flat, item_negative_and_multi, item_in_loop, item_of_size_one])
def test_item_reads_one_item(f):
    check_all_modes(f, X23, hess=f is not item_in_loop)


def test_item_tangent_is_a_scalar():
    out, dot = s2sgrad.jvp(item_of_size_one, (X23,), (np.ones_like(X23),))
    assert np.ndim(out) == 0 and np.ndim(dot) == 0


# x.clip(lo) and x.clip(max=hi): the method takes one bound (np.clip needs both)
def clip_lower_only(x):
    return np.sum(x.clip(-0.5) ** 2)


def clip_max_keyword(x):
    return np.sum(x.clip(max=1.0) ** 2)


def clip_min_keyword(x):
    return np.sum(x.clip(min=0.0) * x)


def clip_both_keywords(x):
    return np.sum(x.clip(min=-1.0, max=1.0) ** 3)


def clip_differentiated_bound(x):
    return np.sum(x[:3].clip(x[3:] * 0.1, None) ** 2)


@pytest.mark.parametrize(
    "f",
    [
        clip_lower_only,
        clip_max_keyword,
        clip_min_keyword,
        clip_both_keywords,
        clip_differentiated_bound,
    ],
)
def test_clip_method_bounds(f):
    check_all_modes(f, X6)


# order="A"/"K" follow the memory layout, which an adjoint does not share: rejected (the
# reverse mode was silently wrong for 'A' and crashed inside NumPy for 'K')
def reshape_order_a_method(x):
    y = x.reshape(2, 3).T
    return np.sum(y.reshape(6, order="A") * np.arange(6.0))


def reshape_order_a_positional(x):
    y = x.reshape(2, 3).T
    return np.sum(np.reshape(y, (3, 2), "A") * np.arange(6.0).reshape(3, 2))


def ravel_order_k(x):
    y = x.reshape(2, 3).T
    return np.sum(np.ravel(y, order="K") * np.arange(6.0))


def ravel_order_a_method(x):
    y = x.reshape(2, 3).T
    return np.sum(y.ravel("A") * np.arange(6.0))


def flatten_order_k(x):
    y = x.reshape(2, 3).T
    return np.sum(y.flatten("K") * np.arange(6.0))


@pytest.mark.parametrize(
    "f",
    [
        reshape_order_a_method,
        reshape_order_a_positional,
        ravel_order_k,
        ravel_order_a_method,
        flatten_order_k,
    ],
)
def test_layout_orders_rejected(f):
    check_rejected(f, X6, "memory layout")


def reshape_order_f_positional(x):
    y = x.reshape(2, 3).T
    return np.sum(np.reshape(y, (3, 2), "F") * np.arange(6.0).reshape(3, 2))


def ravel_order_f_method(x):
    return np.sum(x.reshape(2, 3).ravel("F") * np.arange(6.0))


@pytest.mark.parametrize("f", [reshape_order_f_positional, ravel_order_f_method])
def test_explicit_orders_differentiated(f):
    check_all_modes(f, X6)


# s[()], s[...], s[None] of a 0-d value: its adjoint is a NumPy scalar, which the index
# adjoint wrote into (TypeError inside s2sgrad)
def index_empty_tuple_of_sum(x):
    s = np.sum(x)
    return s[()] * s


def index_ellipsis_of_sum(x):
    s = np.sum(x**2)
    return s[...] * s


def index_none_of_dot(x):
    s = np.dot(x, x)
    return np.sum(s[None] * s)


def index_of_zero_d_product(x):
    a = np.array(2.0) * x[0]
    return a[()] ** 2 + a


def index_none_ellipsis(x):
    s = np.sum(x)
    return np.sum(s[None, ...] ** 2) * s


@pytest.mark.parametrize(
    "f",
    [
        index_empty_tuple_of_sum,
        index_ellipsis_of_sum,
        index_none_of_dot,
        index_of_zero_d_product,
        index_none_ellipsis,
    ],
)
def test_index_of_zero_d_value(f):
    check_all_modes(f, X6[:4])


# x.astype(int) in a Hessian: the forward sweep over the reverse code took the cast as the
# identity (Hessian of sum(int(x) * x) was the identity matrix, truly 0)
def astype_int_times_x(x):
    return np.sum(x.astype(int).astype(float) * x)


def astype_bool_times_square(x):
    return np.sum(x.astype(bool) * x**2)


def astype_int32_of_product(x):
    return np.sum((x * 3.0).astype(np.int32) * x**2)


def astype_float_then_int(x):
    y = x.astype(np.float64)
    return np.sum(y.astype(np.int64) * y**3) + np.sum(y**2)


@pytest.mark.parametrize(
    "f",
    [astype_int_times_x, astype_bool_times_square, astype_int32_of_product, astype_float_then_int],
)
def test_integer_cast_has_no_second_derivative(f):
    check_all_modes(f, X6, oracle=False)


def test_integer_cast_grad_of_grad():
    def f(x):
        return np.sum(x.astype(int) * x**2)

    def g(x):
        return np.sum(s2sgrad.grad(f)(x) * np.arange(1.0, 7.0))

    expected = numerical_grad(g, (X6 * 1.1,), 0, 1e-6)
    np.testing.assert_allclose(s2sgrad.grad(g)(X6 * 1.1), expected, rtol=1e-5, atol=1e-6)


# the error for an augmented assignment names its own operator (was always "+=")
def aug_ops_on_an_item(x):
    s = x[0]
    if x[1] < 0:
        s *= x[2]
    else:
        s /= x[2]
    return s


def aug_sub_on_a_view(x):
    y = x[1:]
    y -= 1.0
    return np.sum(y)


def aug_pow_on_an_alias(x):
    y = x
    y **= 2
    return np.sum(y)


@pytest.mark.parametrize(
    "f, op", [(aug_ops_on_an_item, "*"), (aug_sub_on_a_view, "-"), (aug_pow_on_an_alias, "**")]
)
def test_inplace_error_names_the_operator(f, op):
    check_rejected(f, X23, f"in-place {op}= of")
    with pytest.raises(s2sgrad.S2SGradError, match=f"write . = . {re.escape(op)} ..."):
        s2sgrad.grad(f)(X23)


# slice assignment to a list (which may change its length) crashed in the reverse sweep
# (its adjoint was written as an array slice): rejected at the user's line in every mode
def list_slice_shrinks(x):
    items = [x[0], x[1], x[2], x[3]]
    items[1:3] = [x[3] * 2.0]
    return items[0] + items[1] * 10.0 + items[2] * 100.0


def list_slice_same_length(x):
    items = [x[0], x[1], x[2]]
    items[0:2] = [x[2], x[0] ** 2]
    return items[0] + items[1] * 10.0 + items[2] * 100.0


def list_slice_with_step(x):
    items = [x[0], x[1], x[2], x[3]]
    items[::2] = [x[1], x[1]]
    return items[0] + items[2] * 10.0


def list_slice_of_arrays(x):
    items = [x, x * 2.0]
    items[:1] = [np.sin(x)]
    return np.sum(items[0] + items[1])


@pytest.mark.parametrize(
    "f", [list_slice_shrinks, list_slice_same_length, list_slice_with_step, list_slice_of_arrays]
)
def test_list_slice_assignment_rejected(f):
    check_rejected(f, X6[:4], "slice assignment to the list 'items'")


def array_slice_assignment(x):
    y = np.zeros(4)
    y[1:3] = x[:2] * 2.0
    y[::3] = x[2:]
    return np.sum(y * np.arange(1.0, 5.0))


def test_array_slice_assignment_still_differentiated():
    check_all_modes(array_slice_assignment, X6[:4])


# the rows of a nested list comprehension (a new list each pass, filled, then appended) were
# rejected as aliases changed in place; a row still changed after it is appended is not
def nested_comprehension_matrix(x):
    m = np.array([[x[i] * x[j] for j in range(3)] for i in range(3)])
    return np.sum(m**2)


def nested_comprehension_rows_summed(x):
    rows = [[x[i] + j for j in range(2)] for i in range(4)]
    return sum(r[0] * r[1] for r in rows)


def rows_built_in_loops(x):
    rows = []
    for i in range(3):
        row = []
        for j in range(3):
            row.append(x[i] * x[j + 1])
        rows.append(row)
    return np.sum(np.array(rows) ** 2)


def array_rows_written_then_appended(x):
    rows = []
    for i in range(3):
        r = np.zeros(2)
        r[0] = x[i]
        r[1] = x[i + 1] ** 2
        rows.append(r)
    return np.sum(np.stack(rows) * np.arange(6.0).reshape(3, 2))


@pytest.mark.parametrize(
    "f",
    [
        nested_comprehension_matrix,
        nested_comprehension_rows_summed,
        rows_built_in_loops,
        array_rows_written_then_appended,
    ],
)
def test_fresh_row_per_pass_differentiated(f):
    check_all_modes(f, X6[:4])


def one_row_appended_each_pass(x):
    rows = []
    row = []
    for i in range(3):
        row.append(x[i])
        rows.append(row)
    return np.sum(np.array(rows[0]) * 2.0)


def row_changed_after_append(x):
    rows = []
    for i in range(3):
        row = [x[i]]
        rows.append(row)
        row.append(x[i + 1] ** 2)
    return sum(r[-1] * 2.0 for r in rows)


def array_row_changed_after_append(x):
    rows = []
    for i in range(3):
        r = x[i : i + 2] * 1.0
        rows.append(r)
        r += 1.0
    return np.sum(np.stack(rows) ** 2)


@pytest.mark.parametrize(
    "f, name",
    [
        (one_row_appended_each_pass, "row"),
        (row_changed_after_append, "row"),
        (array_row_changed_after_append, "r"),
    ],
)
def test_row_changed_after_append_rejected(f, name):
    check_rejected(f, X6[:4], f"{name!r} is changed in place elsewhere")


# an error of the user's own code while the derivative runs (NumPy's shape error, an index
# out of range, a KeyError, a raise) named only the generated code: it now carries a note
# with the user's file, line and code, in every mode; the exception type is unchanged
def raises_shape_error(x):
    y = x.reshape(2, 3)
    return np.sum(y @ y)


def _shape_error_callee(a):
    return a @ np.ones((5, 2))


def raises_in_callee(x):
    return np.sum(_shape_error_callee(x))


def raises_key_error(x):
    d = {"a": x}
    return np.sum(d["b"])


def raises_index_error(x):
    y = x * 2.0
    return y[10] * 2.0


def raises_itself(x):
    if x[0] > 0:
        raise ValueError("positive")
    return x[0]


@pytest.mark.parametrize(
    "f, exc, text",
    [
        (raises_shape_error, ValueError, "return np.sum(y @ y)"),
        (raises_in_callee, ValueError, "return a @ np.ones((5, 2))"),
        (raises_key_error, KeyError, 'return np.sum(d["b"])'),
        (raises_index_error, IndexError, "return y[10] * 2.0"),
        (raises_itself, ValueError, 'raise ValueError("positive")'),
    ],
)
def test_runtime_error_notes_the_user_line(f, exc, text):
    source, start = inspect.getsourcelines(f if f is not raises_in_callee else _shape_error_callee)
    line = start + next(i for i, s in enumerate(source) if text in s)
    x = np.arange(6.0) + 0.5
    modes = [
        lambda: s2sgrad.grad(f)(x),
        lambda: s2sgrad.value_and_grad(f)(x),
        lambda: s2sgrad.vjp(f, (x,), 1.0),
        lambda: s2sgrad.jvp(f, (x,), (x,)),
        lambda: s2sgrad.hessian(f)(x),
    ]
    for mode in modes:
        for _ in range(2):  # the first call and the cached fast path
            with pytest.raises(exc) as info:
                mode()
            assert info.value.__notes__ == [
                f"s2sgrad: raised by the derivative of {__file__}:{line}: {text}"
            ]


# a default of a local def or lambda read from a differentiated value is evaluated once, at
# the def: the derivative missed it (silently wrong); now an error at the def
def lambda_default_reads_item(x):
    k = x[0]
    f = lambda t, k=k: t * k  # noqa: E731
    return f(x[1])


def def_default_reads_array(x):
    w = x * 2.0

    def g(t, scale=w):
        return np.sum(t * scale)

    return g(x**2)


def def_keyword_only_default(x):
    c = np.sin(x[0])

    def g(t, *, c=c):
        return t * c

    return g(x[1]) + g(x[2], c=2.0)


def def_default_expression(x):
    def g(t, s=x[0] * 2.0):
        return t * s

    return g(x[1])


@pytest.mark.parametrize(
    "f",
    [
        lambda_default_reads_item,
        def_default_reads_array,
        def_keyword_only_default,
        def_default_expression,
    ],
)
def test_differentiated_default_of_local_function_rejected(f):
    check_rejected(f, X6[:4], "the default value of a parameter of the local function")


def loop_index_default(x):
    s = 0.0
    for i in range(3):
        f = lambda t, i=i: t * i  # noqa: E731
        s = s + f(x[i])
    return s


def constant_default(x):
    def g(t, s=3.0):
        return t * s

    return g(x[1]) + g(x[2], x[0])


@pytest.mark.parametrize("f", [loop_index_default, constant_default])
def test_constant_default_of_local_function_differentiated(f):
    check_all_modes(f, X6[:4])


def _even_steps(v, n):
    if n == 0:
        return v
    return _odd_steps(v * 1.1, n - 1) + v


def _odd_steps(v, n):
    if n == 0:
        return v
    return _even_steps(np.sin(v), n - 1) * v


def mutual_recursion(x):
    return _even_steps(x[0], 4)


def test_mutual_recursion_error_names_the_def():
    # the def line of a function of the cycle (which one depends on the order the callees
    # are analysed in)
    lines = {inspect.getsourcelines(f)[1] for f in (_even_steps, _odd_steps)}
    with pytest.raises(s2sgrad.TransformError, match="mutual recursion") as info:
        s2sgrad.grad(mutual_recursion)(X6)
    assert info.value.filename == __file__ and info.value.lineno in lines
