"""Adversarial programs of session 5 ("never a silent wrong gradient"): each is checked in
every mode (grad, value_and_grad, vjp, jvp, hessian) against central finite differences,
with autograd as a second oracle where it runs (gradcheck.check_all_modes)."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

# no item of 3 * X, 2 * X, 4 * X or 2.5 * X is near an integer (finite differences of a
# truncation are then exact)
X = np.array([0.3, -1.2, 0.8, 1.55, -0.4, 2.1]) * 1.37


# an integer or boolean dtype given to a call other than astype truncates: no derivative
# (was the identity: d/dx sum(np.array(2x, dtype=int) * x) came out as 4x + int(2x))
def array_dtype_keyword(x):
    return np.sum(np.array(x * 2.0, dtype=int) * x)


def array_dtype_positional(x):
    return np.sum(np.array(x * 2.0, int) * x**2)


def array_of_list_to_bool(x):
    return np.sum(np.array([x[0], x[1]], dtype=bool) * x[:2] ** 2)


def array_of_list_to_int32(x):
    return np.sum(np.array([x[0] * 2.0, x[1] * 3.0], dtype=np.int32) * x[:2])


def full_integer_dtype(x):
    return np.sum(np.full(3, x[0] * 3.0, dtype=int) * x[:3])


def full_positional_dtype(x):
    return np.sum(np.full(3, x[1] * 3.0, "i8") * x[3:])


def sum_integer_dtype(x):
    return np.sum(x * 3.0, dtype=int) * x[0] + np.sum(x)


def cumsum_integer_dtype(x):
    return np.sum(np.cumsum(x * 3.0, dtype=int) * x)


def integer_matrix_product(x):
    m = np.array(x.reshape(2, 3) * 3.0, dtype=int)
    return np.sum(m @ x.reshape(3, 2) ** 2)


def integer_array_back_to_float(x):
    y = np.array(x * 3.0, dtype=int).astype(float)
    return np.sum(y * x)


@pytest.mark.parametrize(
    "f",
    [
        array_dtype_keyword,
        array_dtype_positional,
        array_of_list_to_bool,
        array_of_list_to_int32,
        full_integer_dtype,
        full_positional_dtype,
        sum_integer_dtype,
        cumsum_integer_dtype,
        integer_matrix_product,
        integer_array_back_to_float,
    ],
)
def test_integer_dtype_argument_has_no_derivative(f):
    check_all_modes(f, X, oracle=False)  # autograd takes these casts as the identity


def float_dtype_arguments(x):
    a = np.array(x * 2.0, dtype=float)
    b = np.full(6, x[0], np.float64)
    return np.sum(a * b) + np.sum(x**2, dtype=np.float64) + np.mean(x, dtype="f8")


def test_float_dtype_arguments_still_differentiated():
    check_all_modes(float_dtype_arguments, X)


# astype to a dtype known only when the code runs: checked then (was: no derivative at all,
# the gradient of sum(x.astype(x.dtype) ** 2) silently 0)
FLOAT = np.float64


def astype_own_dtype(x):
    return np.sum(x.astype(x.dtype) ** 2)


def astype_local_dtype(x):
    d = x.dtype
    return np.sum(x.astype(d) ** 3)


def astype_type_of_item(x):
    return np.sum(x.astype(type(x[0])) * x)


def astype_result_type(x):
    return np.sum(np.sin(x.astype(np.result_type(x, 1.0))))


def astype_default_dtype(x, d=FLOAT):
    return np.sum(x.astype(d) ** 2)


def array_dtype_of_argument(x):
    return np.sum(np.array(x * 2.0, dtype=x.dtype) ** 2)


@pytest.mark.parametrize(
    "f",
    [
        astype_own_dtype,
        astype_local_dtype,
        astype_type_of_item,
        astype_result_type,
        astype_default_dtype,
        array_dtype_of_argument,
    ],
)
def test_dtype_known_when_run_differentiated(f):
    check_all_modes(f, X, oracle=f is not astype_type_of_item)  # autograd: type(x[0]) a box


def astype_computed_integer_dtype(x):
    return np.sum((x * 2.0).astype(np.dtype("int32")) * x)


def astype_dtype_of_integer_array(x):
    k = np.arange(6)
    return np.sum((x * 3.0).astype(k.dtype) * x**2)


def full_like_integer_prototype(x):
    return np.sum(np.full_like(np.arange(6), x[0] * 3.0) * x)


def array_dtype_of_index(x):
    k = np.arange(6)
    return np.sum(np.array(x * 2.0, dtype=k.dtype) * x)


@pytest.mark.parametrize(
    "f",
    [
        astype_computed_integer_dtype,
        astype_dtype_of_integer_array,
        full_like_integer_prototype,
        array_dtype_of_index,
    ],
)
def test_integer_dtype_known_when_run_has_no_derivative(f):
    check_all_modes(f, X, oracle=False)


# a value stored into an array of integers or booleans is truncated: no derivative through
# the store (was: the stored value's full derivative)
def store_into_int_zeros(x):
    y = np.zeros(6, dtype=int)
    y[:] = x * 3.0
    return np.sum(y * x)


def store_into_zeros_like_int(x):
    y = np.zeros_like(x, dtype=int)
    y[2:] = x[2:] * 3.0
    return np.sum(y * x) + np.sum(x**2)


def store_into_bool(x):
    y = np.zeros(6, dtype=bool)
    y[1:] = x[1:]
    return np.sum(y * x**2)


def store_item_in_loop(x):
    y = np.zeros(3, dtype=int)
    for i in range(3):
        y[i] = x[i] * 4.0
    return np.sum(y * x[:3] ** 2)


def store_into_int_literal_array(x):
    y = np.array([1, 2, 3])
    y[1] = x[1] * 2.5
    return np.sum(y * x[:3])


def store_fancy_index_into_int(x):
    y = np.zeros(4, dtype=np.int64)
    y[[0, 2]] = x[:2] * 3.0
    return np.sum(y * x[2:])


def store_into_int_then_float_array(x):
    n = np.zeros(2, dtype=int)
    n[0] = x[0] * 3.0
    y = np.zeros(2)
    y[0] = x[0] * 3.0
    return np.sum((n + y) * x[:2])


@pytest.mark.parametrize(
    "f",
    [
        store_into_int_zeros,
        store_into_zeros_like_int,
        store_into_bool,
        store_item_in_loop,
        store_into_int_literal_array,
        store_fancy_index_into_int,
        store_into_int_then_float_array,
    ],
)
def test_store_into_integer_array_has_no_derivative(f):
    check_all_modes(f, X, oracle=False)


def store_into_float_arrays(x):
    y = np.zeros(6)
    y[:3] = x[3:] ** 2
    z = np.empty(3, dtype=np.float64)
    z[:] = x[:3]
    w = {"a": x[0]}
    w["a"] = x[1] * 2.0
    items = [x[0], x[1]]
    items[1] = x[2] ** 3
    return np.sum(y * x) + np.sum(z * y[:3]) + w["a"] * items[1]


def test_store_into_float_arrays_and_containers_still_differentiated():
    check_all_modes(store_into_float_arrays, X)


# integer arithmetic on x.astype(int) under a Hessian: the generated code's cast was
# differentiated, and its n // 2 failed inside s2sgrad's own code
def integer_floor_division(x):
    n = (x * 3.0).astype(int)
    return np.sum((n // 2) * x + (n % 3) * x**2)


def integer_cast_of_array_call(x):
    n = np.array(x * 3.0, dtype=int)
    return np.sum((n // 2) * x**2 + n**2 * x)


@pytest.mark.parametrize("f", [integer_floor_division, integer_cast_of_array_call])
def test_integer_arithmetic_under_hessian(f):
    check_all_modes(f, X, oracle=False)


def test_integer_cast_of_grad_of_grad():
    def f(x):
        return np.sum(np.array(x * 3.0, dtype=int) * x**3)

    def g(x):
        return np.sum(s2sgrad.grad(f)(x) * np.arange(1.0, 7.0))

    from gradcheck import numerical_grad

    expected = numerical_grad(g, (X,), 0, 1e-6)
    np.testing.assert_allclose(s2sgrad.grad(g)(X), expected, rtol=1e-5, atol=1e-6)


# a vjp cotangent of another structure than the output is the user's error, named as such
# (was an "internal error, please report" from inside the adjoint sweep, or extra items
# silently dropped)
def two_outputs(x):
    return np.sum(x**2), x * 2.0


def dict_output(x):
    return {"a": np.sum(x), "b": x**2}


@pytest.mark.parametrize(
    "f, cotangent, text",
    [
        (two_outputs, 1.0, "output is a tuple of 2 items, but the cotangent is a value"),
        (two_outputs, (1.0, np.ones(6), 1.0), "but the cotangent is a tuple of 3 items"),
        (two_outputs, (1.0,), "but the cotangent is a tuple of 1 items"),
        (two_outputs, (1.0, np.ones(5)), "cotangent[1] has shape (5,)"),
        (two_outputs, ((1.0, 2.0), np.ones(6)), "output[0] is a single value"),
        (two_outputs, (np.ones(6), np.ones(6)), "cotangent[0] has shape (6,)"),
        (dict_output, {"a": 1.0}, "output is a dict of keys ['a', 'b']"),
        (dict_output, (1.0, np.ones(6)), "output is a dict of keys"),
    ],
)
def test_vjp_cotangent_of_another_structure_rejected(f, cotangent, text):
    with pytest.raises(ValueError) as info:
        s2sgrad.vjp(f, (X,), cotangent)
    assert text in str(info.value) and "internal error" not in str(info.value)


def test_vjp_cotangent_of_the_output_structure():
    _, (g,) = s2sgrad.vjp(two_outputs, (X,), [2.0, np.arange(6.0)])
    np.testing.assert_allclose(g, 4.0 * X + 2.0 * np.arange(6.0))
    _, (g,) = s2sgrad.vjp(dict_output, (X,), {"b": np.ones(6), "a": 3.0})
    np.testing.assert_allclose(g, 3.0 + 2.0 * X)


# np.take(..., mode="clip" / "wrap"): the adjoint read the indices as given (an index past
# the end crashed inside s2sgrad; mode="clip" takes -1 as 0, the adjoint as the last item)
def take_clip_negative(x):
    return np.sum(np.take(x, [-1, 2], mode="clip") * np.array([1.0, 2.0]))


def take_clip_past_end(x):
    return np.sum(np.take(x, [10, -3, 2], mode="clip") * np.array([1.0, 2.0, 3.0]))


def take_wrap(x):
    return np.sum(np.take(x, [7, -1, 2, -8], mode="wrap") * np.array([1.0, 2.0, 3.0, 4.0]))


def take_wrap_axis(x):
    m = x.reshape(2, 3)
    return np.sum(np.take(m, [4, -5], axis=1, mode="wrap") * np.arange(4.0).reshape(2, 2))


def take_method_clip(x):
    return np.sum(x.take([9, -2], mode="clip") ** 2)


def take_clip_2d_indices(x):
    return np.sum(np.take(x, [[0, 8], [-4, 3]], mode="clip") * np.arange(4.0).reshape(2, 2))


@pytest.mark.parametrize(
    "f",
    [
        take_clip_negative,
        take_clip_past_end,
        take_wrap,
        take_wrap_axis,
        take_method_clip,
        take_clip_2d_indices,
    ],
)
def test_take_modes(f):
    check_all_modes(f, X)


# np.asarray(x, dtype=float) and np.array(x, copy=True), common at the top of a function,
# were rejected ("no derivative for the keyword argument"); np.array(x, copy=None or False)
# may be x itself, so a change in place of either is rejected like one of np.asarray
def asarray_float_dtype(x):
    x = np.asarray(x, dtype=float)
    return np.sum(x**2)


def asarray_positional_dtype(x):
    return np.sum(np.asarray(x, np.float64) ** 3)


def asarray_integer_dtype(x):
    return np.sum(np.asarray(x * 3.0, dtype=int) * x) + np.sum(np.asarray(x * 2.0, np.int32) * x)


def asarray_order(x):
    return np.sum(np.asarray(x.reshape(2, 3), order="F") * np.arange(6.0).reshape(2, 3))


def array_copied(x):
    y = np.array(x, copy=True)
    y[0] = 0.0
    return np.sum(y * x)


def array_copied_with_dtype_and_order(x):
    return np.sum(np.array(x.reshape(2, 3), dtype=float, copy=True, order="F") ** 2)


@pytest.mark.parametrize(
    "f",
    [
        asarray_float_dtype,
        asarray_positional_dtype,
        asarray_integer_dtype,
        asarray_order,
        array_copied,
        array_copied_with_dtype_and_order,
    ],
)
def test_asarray_dtype_and_array_copy_differentiated(f):
    check_all_modes(f, X, oracle=f is not asarray_integer_dtype)


def array_not_copied_changed(x):
    z = x * 1.0
    y = np.array(z, copy=None)
    y[0] = x[1] ** 2
    return np.sum(z * x)


def array_not_copied_source_changed(x):
    z = x * 1.0
    y = np.array(z, copy=False)
    z[0] = x[1] ** 2
    return np.sum(y * x)


@pytest.mark.parametrize("f", [array_not_copied_changed, array_not_copied_source_changed])
def test_array_without_copy_changed_in_place_rejected(f):
    check_rejected(f, X, "share")


# a conditional expression whose test is a list, dict or array changed later: its truth was
# copied as the object itself (an alias, so rejected as one, naming s2sgrad's own 'cond');
# it is the truth taken, bool(test), now
def ternary_on_list_appended(x):
    out = []
    for i in range(3):
        out.append(x[i] * (out[-1] if out else 1.0))
    return sum(out)


def ternary_on_dict_filled(x):
    d = {}
    for i in range(3):
        prev = d["k"] if d else 1.0
        d["k"] = prev * x[i]
    return d["k"]


def ternary_on_array_changed(x):
    y = x[0:1] * 1.0
    s = 0.0
    for i in range(3):
        s = s + (x[i] ** 2 if y else 0.5 * x[i])
        y[0] = y[0] - 1.0
    return s


def nested_ternaries_on_containers(x):
    out, d = [], {}
    for i in range(3):
        v = (out[-1] if out else 1.0) if d else x[0] ** 2
        out.append(v * x[i + 1])
        d["n"] = i
    return sum(out)


@pytest.mark.parametrize(
    "f",
    [
        ternary_on_list_appended,
        ternary_on_dict_filled,
        ternary_on_array_changed,
        nested_ternaries_on_containers,
    ],
)
def test_truth_of_a_changing_container(f):
    check_all_modes(f, X, oracle=f is not ternary_on_array_changed)


# y[...] = v and y[()] = v into a 0-d array (and np.sum(..., out=y), lowered to it): the
# adjoint of y may be a number, which the adjoint sweep indexed (TypeError inside s2sgrad)
def store_ellipsis_into_0d(x):
    y = np.zeros(())
    y[...] = np.sum(x**2)
    return y * 2.0


def store_empty_tuple_into_0d(x):
    y = np.array(0.0)
    y[()] = x[0] * x[1]
    return y * 3.0


def store_into_0d_augmented(x):
    y = np.zeros(())
    y[...] += x[2] ** 2
    y[()] *= x[1]
    return y * 1.0


def store_into_0d_in_loop(x):
    acc = np.zeros(())
    for i in range(6):
        acc[...] = acc + x[i] ** 2
    return acc * 1.0


def sum_out_0d(x):
    y = np.zeros(())
    np.sum(x**2, out=y)
    return y * 2.0


def store_ellipsis_into_1d(x):
    y = np.zeros(6)
    y[...] = x**2
    return np.sum(y * x)


@pytest.mark.parametrize(
    "f",
    [
        store_ellipsis_into_0d,
        store_empty_tuple_into_0d,
        store_into_0d_augmented,
        store_into_0d_in_loop,
        sum_out_0d,
        store_ellipsis_into_1d,
    ],
)
def test_store_into_all_of_an_array(f):
    check_all_modes(f, X, oracle=False)  # autograd has no item assignment
