"""Adversarial programs of session 24 ("never a silent wrong gradient"): each wrong
derivative found is a test that failed before its fix; each refusal is checked for
s2sgrad's own error at the user's line, in every mode."""

import ast
import contextlib
import decimal
import functools
import io
import operator

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = [0.31, 0.57, 0.73, 1.13]


# Numbers read back from text made from a differentiated value: str(), repr(), format(),
# f-strings and % formatting carry no derivative, so float(str(x[0])) * x[1] had the
# gradient [0, x[0], 0, 0] (x[0]'s own path lost)


def float_of_str(x):
    return float(str(x[0])) * x[1] + x[0]


def float_of_fstring(x):
    return float(f"{x[0]}") * x[1]


def float_of_percent(x):
    s = "%.17g" % x[0]  # noqa: UP031 (the % operator is the case)
    return float(s) * x[1]


def float_of_concatenation(x):
    s = "" + str(x[0] * 2.0)
    return float(s.strip()) + x[1]


def decimal_of_str(x):
    return float(decimal.Decimal(str(x[0]))) * x[1]


def literal_eval_of_str(x):
    return ast.literal_eval(str(float(x[0]))) * x[1]


def array_of_strings(x):
    s = [str(v) for v in x]
    return np.sum(np.array(s, dtype=float) ** 2)


def _parse(s):
    return float(s)


def parsed_in_a_callee(x):
    return _parse(str(x[0])) * x[1]


def returned_read_back(x):
    return float(str(x[0]))


def item_written_from_text(x):
    y = np.zeros(2)
    y[0] = float(str(x[0]))
    return np.sum(y * x[:2])


@pytest.mark.parametrize(
    "f",
    [
        float_of_str,
        float_of_fstring,
        float_of_percent,
        float_of_concatenation,
        decimal_of_str,
        literal_eval_of_str,
        array_of_strings,
        parsed_in_a_callee,
        returned_read_back,
        item_written_from_text,
    ],
)
def test_a_number_read_back_from_text_is_refused(f):
    check_rejected(f, X, "read back from text")


def logged_as_text(x):
    loss = np.sum(x**2)
    print(f"loss {loss:.3f}")
    msgs = [f"{v:.2f}" for v in x]
    assert len(" ".join(msgs)) > 0, f"{loss}"
    return loss


def rounded_through_text(x):
    return int(f"{x[0] * 10:.0f}") * x[1] + len(f"{x[2]:.3f}") * x[3]  # piecewise constant


@pytest.mark.parametrize("f", [logged_as_text, rounded_through_text])
def test_text_kept_as_text_or_read_piecewise_constant_differentiates(f):
    check_all_modes(f, X, oracle=False)  # autograd cannot format its boxes


def returned_text(x):
    loss = np.sum(x**2)
    return loss, f"{loss:.3f}"


def _described(v):
    return f"{v:.3f}"


def _parsed_text(v):
    return float(str(v))


def logged_through_a_helper(x):
    loss = np.sum(x**2)
    print(_described(loss))
    msg = "loss " + _described(loss)
    assert msg
    return loss


def read_back_through_a_formatting_helper(x):
    return float(_described(x[0])) * x[1]


def read_back_in_a_helper(x):
    return _parsed_text(x[0]) * x[1]


def test_a_formatting_helper_of_a_differentiated_value_differentiates():
    check_all_modes(logged_through_a_helper, X, oracle=False)


@pytest.mark.parametrize("f", [read_back_through_a_formatting_helper, read_back_in_a_helper])
def test_text_of_a_helper_read_back_is_refused(f):
    check_rejected(f, X, "read back from text", lines=range(1, 10**6))


def test_text_returned_as_an_aux_output_differentiates():
    x = np.array(X)
    (value, text), g = s2sgrad.value_and_grad(returned_text)(x)
    assert text == f"{np.sum(x**2):.3f}"
    np.testing.assert_allclose(g, 2 * x)
    np.testing.assert_allclose(s2sgrad.hessian(lambda v: returned_text(v)[0])(x), 2 * np.eye(4))


# Structured (record) arrays: a field written from a differentiated value crashed
# (DTypePromotionError in zeros_like) instead of s2sgrad's error


def record_fields_written(x):
    r = np.zeros(4, dtype=[("a", float), ("b", float)])
    r["a"] = x
    r["b"] = x**2
    return np.sum(r["a"] * r["b"])


def record_array_made(x):
    r = np.array([(x[0], x[1])], dtype=[("a", float), ("b", float)])
    return r["a"][0] * r["b"][0]


@pytest.mark.parametrize("f", [record_fields_written, record_array_made])
def test_a_structured_array_of_differentiated_values_is_refused(f):
    with pytest.raises(s2sgrad.S2SGradError, match="structured|not a number's dtype"):
        s2sgrad.grad(f)(np.array(X))
    for mode in (
        lambda: s2sgrad.grad(f)(np.array(X)),
        lambda: s2sgrad.jvp(f, (np.array(X),), (np.ones(4),)),
        lambda: s2sgrad.hessian(f)(np.array(X)),
    ):
        with pytest.raises(s2sgrad.S2SGradError) as info:
            mode()
        assert info.value.filename == __file__


# Dict keys made from differentiated values: the keys read back (iterating the dict,
# d.keys(), sorted(d), next(iter(d))) carry no derivative, and the gradient was 0


def keys_of_a_display(x):
    d = {x[0]: 1.0, x[1]: 2.0}
    return sum(k * v for k, v in d.items())


def keys_iterated(x):
    d = {x[0] * 2: 1.0, x[1]: 2.0}
    s = 0.0
    for k in d:
        s = s + k**2
    return s


def keys_sorted(x):
    d = {x[0] * 2: 1.0, x[1]: 2.0}
    ks = sorted(d)
    return ks[0] * ks[1] ** 2


def keys_of_a_comprehension(x):
    d = {v * 2: i for i, v in enumerate(x)}
    return sum(d.keys())


def keys_of_dict_zip(x):
    d = dict(zip(x, [1.0, 2.0, 3.0, 4.0]))
    return sum(k * v for k, v in d.items())


def key_written(x):
    d = {}
    d[x[0] * 3] = 1.0
    k = next(iter(d))
    return k * x[1]


@pytest.mark.parametrize(
    "f",
    [
        keys_of_a_display,
        keys_iterated,
        keys_sorted,
        keys_of_a_comprehension,
        keys_of_dict_zip,
        key_written,
    ],
)
def test_a_differentiated_dict_key_is_refused(f):
    check_rejected(f, X, "as a key of a dict")


def values_keyed_by_name(x):
    d = {"a": x[0], "b": x[1] ** 2}
    d["c"] = x[2] * 3.0
    k = max(d, key=d.get)
    return d[k] * 3.0 + sum(d.values()) + x[3]


def names_beside_values(x):
    d = {}
    for name, value in (("a", x[0]), ("b", x[1] ** 2)):
        d[name] = value  # name sits in a tuple with a differentiated value: checked, a str
    by_index = dict(enumerate([x[2], x[3] * 2.0]))
    return sum(d[k] * v for k, v in zip(sorted(d), by_index.values()))


@pytest.mark.parametrize("f", [values_keyed_by_name, names_beside_values])
def test_differentiated_dict_values_keyed_by_names_differentiate(f):
    check_all_modes(f, X)


# np.choose of a list of indices: lowered to np.select([k == 0, k == 1], ...), where a
# Python list compared to 0 is one False, so every entry took np.select's default 0 (the
# value and the gradient); an index out of range gave 0 too, where NumPy raises


def choose_of_a_list(x):
    return np.sum(np.choose([0, 1, 0, 1], [x, x**2]))


def choose_of_a_nested_list(x):
    m = x.reshape(2, 2)
    return np.sum(np.choose([[1, 0], [0, 1]], [m, np.sin(m)]) * m)


def choose_of_a_tuple(x):
    return np.sum(np.choose((2, 0, 1, 2), (x, x**2, np.exp(x))))


@pytest.mark.parametrize("f", [choose_of_a_list, choose_of_a_nested_list, choose_of_a_tuple])
def test_choose_of_python_sequences(f):
    check_all_modes(f, X, oracle=False)  # autograd's np.choose gives an array of its boxes
    value, _ = s2sgrad.value_and_grad(f)(np.array(X))
    assert value == f(np.array(X))


def choose_out_of_range(x):
    return np.sum(np.choose([0, 2, 0, 1], [x, x**2]))


def test_choose_out_of_range_raises_as_numpy_does():
    with pytest.raises(ValueError, match="invalid entry"):
        choose_out_of_range(np.array(X))
    for mode in (
        lambda: s2sgrad.grad(choose_out_of_range)(np.array(X)),
        lambda: s2sgrad.jvp(choose_out_of_range, (np.array(X),), (np.ones(4),)),
    ):
        with pytest.raises(ValueError, match="invalid entry"):
            mode()


# sum() of lists or tuples concatenates them: the adjoint gave each list the whole
# adjoint of the concatenation (its first items only reached), so the gradient was 0


def sum_of_lists(x):
    return sum([[x[0]], [x[1] * 2]], [])[1] ** 2 + x[2]


def sum_of_lists_after_a_start(x):
    joined = sum([[x[1]], [x[2] ** 2, x[3]]], [x[0] * 3])
    return joined[0] + joined[2] ** 2 + joined[3] * joined[1]


def sum_of_tuples(x):
    t = sum(((x[0],), (x[1], x[2] * 2)), ())
    return t[0] * t[2] + t[1] + x[3]


def sum_of_lists_of_arrays(x):
    rows = sum([[x[:2]], [x[2:] ** 2]], [])
    return np.sum(rows[0] * rows[1])


@pytest.mark.parametrize(
    "f", [sum_of_lists, sum_of_lists_after_a_start, sum_of_tuples, sum_of_lists_of_arrays]
)
def test_sum_of_lists_concatenates_their_adjoints(f):
    check_all_modes(f, X)


# operator.add and operator.mul had np.add's and np.multiply's rules: of lists (their
# concatenation and repetition) each list got the whole adjoint; they are a + b and a * b


def operator_add_of_lists(x):
    joined = operator.add([x[0]], [x[1] * 2])
    return joined[1] ** 2 + joined[0] + x[2] * x[3]


def reduce_of_operator_add(x):
    joined = functools.reduce(operator.add, [[x[0]], [x[1] * 2], [x[2]]])
    return joined[1] ** 2 + joined[2] * joined[0] + x[3]


def operator_mul_of_a_list(x):
    repeated = operator.mul([x[0], x[1]], 2)
    return repeated[3] ** 2 + repeated[0] * x[2] + operator.mul(x[3], x[0])


# the tangent of x.tolist() of a matrix was a list of rows that were still arrays, so
# sum(rows, []) added the rows to [] (a broadcast error, or a wrong sum)


def tolist_rows_joined(x):
    rows = np.outer(x, x).tolist()
    flat = sum(rows, [])
    return flat[1] ** 2 + flat[15]


@pytest.mark.parametrize(
    "f",
    [operator_add_of_lists, reduce_of_operator_add, operator_mul_of_a_list, tolist_rows_joined],
)
def test_lists_joined_by_operator_functions_and_tolist(f):
    check_all_modes(f, X)


# A method that changes its object, called for its value (in a comprehension or an
# assignment), was followed as a function of its arguments returning None: the change
# of the list or array was lost and the gradient was 0


def appends_in_a_comprehension(x):
    out = []
    [out.append(v * 2) for v in x]
    return sum(out)


def setitem_in_a_comprehension(x):
    y = np.zeros(4)
    [y.__setitem__(i, v**2) for i, v in enumerate(x)]
    return np.sum(y)


def setitem_bound_to_a_name(x):
    out = [0.0] * 4
    done = out.__setitem__(0, x[0] * 2)  # noqa: F841 (None, bound for the change)
    return sum(out) + x[1]


@pytest.mark.parametrize(
    "f", [appends_in_a_comprehension, setitem_in_a_comprehension, setitem_bound_to_a_name]
)
def test_a_change_of_an_object_inside_an_expression_is_refused(f):
    check_rejected(f, X, "inside an expression")


def appends_as_statements(x):
    out = []
    for v in x:
        out.append(v * 2)
    last = out.pop()
    return sum(out) * last


def test_the_same_changes_as_statements_differentiate():
    check_all_modes(appends_as_statements, X)


# Text printed into a StringIO (print(v, file=buf), or under contextlib.redirect_stdout)
# and parsed back: the print's text was not followed into buf (gradient [0, x[0], 0, 0])


def printed_into_a_buffer(x):
    buf = io.StringIO()
    print(x[0], file=buf)
    return float(buf.getvalue()) * x[1]


def printed_under_a_redirect(x):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print(x[0])
    return float(buf.getvalue()) * x[1]


@pytest.mark.parametrize("f", [printed_into_a_buffer, printed_under_a_redirect])
def test_text_printed_into_a_buffer_and_read_back_is_refused(f):
    check_rejected(f, X, "read back from text")


def printed_and_differentiated(x):
    buf = io.StringIO()
    print(f"loss {x[0]:.3f}", file=buf)
    with contextlib.redirect_stdout(buf):
        print(x[1])
    return np.sum(x**2) + len(buf.getvalue()) * 0.0


def test_printing_into_a_buffer_differentiates():
    check_all_modes(printed_and_differentiated, X, oracle=False)


# s2sgrad.stop_gradient(y) is y itself: an item write into it changed y, but, not being
# differentiated, it was not checked (the gradient kept y[0]'s old path: 101.3 for 100)


def stop_gradient_then_written(x):
    y = x * 1.0
    z = s2sgrad.stop_gradient(y)
    z[0] = 100.0
    return np.sum(y * x)


def test_a_write_into_a_stopped_value_is_refused():
    check_rejected(stop_gradient_then_written, X, "may share memory")
