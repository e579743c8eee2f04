"""Adversarial programs of session 13 ("never a silent wrong gradient"): each is checked in
every mode against central finite differences, with autograd as a second oracle where it
runs and is right (gradcheck.check_all_modes), or rejected with s2sgrad's error at the
user's line (gradcheck.check_rejected)."""

import numpy as np
import pytest
from gradcheck import check_all_modes

import s2sgrad

X = np.array([0.3, -1.2, 0.8, 1.55, 0.45, 0.9]) * 1.37
C6 = np.linspace(0.5, 1.5, 6)


# an array changed in place after a user function read it: the callee's pullback holds the
# array and read it when the adjoint sweep called it, after the change (the item write's
# restore was never made, or dead code dropped it): silently wrong in reverse mode, for
# arguments, closures' free names, views, and lists, tuples and dicts holding the array;
# now the pullback's call reads what the pullback holds (reverse.generator.held_by)
def _squares(y):
    return np.sum(y**2)


def _weighted(y, c):
    return np.sum(y * c)


def _first_squared(zs):
    return np.sum(zs[0] ** 2)


def argument_changed_after_call(x):
    y = x * 1.0
    a = _squares(y)
    y[0] = 10.0 * x[1]
    return a + _squares(y)


def closure_free_array_changed(x):
    y = x * 1.0

    def g():
        return np.sum(y**3)

    a = g()
    y[1] = 2.0
    return a + np.sum(y)


def view_argument_changed(x):
    y = x * 1.0
    a = _squares(y[1:])
    y[1] = 0.0
    return a + np.sum(y)


def transposed_argument_changed(x):
    y = x.reshape(2, 3) * 1.0

    def h(m):
        return np.sum(m**3)

    a = h(y.T)
    y[0, 1] = 3.0
    return a + np.sum(y)


def argument_written_by_out(x):
    y = x * 1.0
    a = _squares(y)
    np.multiply(y, 2.0, out=y)
    return a * np.sum(y)


def list_holding_argument_changed(x):
    y = x * 1.0
    ys = [y]
    a = _first_squared(ys)
    y[0] = 3.0
    return a + np.sum(y)


def dict_holding_argument_changed(x):
    y = x[:3] * 1.0

    def gd(d):
        return np.sum(d["a"] ** 3)

    a = gd({"a": y})
    y[0] = 3.0
    return a + np.sum(y)


def lambda_argument_changed(x):
    y = x * 1.0
    f = lambda v: np.sum(v**2)  # noqa: E731
    a = f(y)
    y[0] = 3.0
    return a + np.sum(y)


def callee_result_times_changed_argument(x):
    def h(v):
        return v**2

    y = x * 1.0
    a = h(y)
    y[0] = 3.0
    return np.sum(a * y)


def nested_callees_argument_changed(x):
    def inner(v):
        return np.sum(np.sin(v))

    def outer(v):
        return inner(v) * 2.0

    y = x * 1.0
    a = outer(y)
    y[2] = 0.5
    return a + np.sum(y**2)


def two_arguments_changed(x):
    y = x * 1.0
    z = x**2
    a = _weighted(y, z)
    z[0] = 1.0
    y[1] = 2.0
    return a + np.sum(z * y)


def changed_in_a_branch(x):
    y = x * 1.0
    a = _squares(y)
    if x[0] > 0:
        y[1] = x[2] ** 2
    return a + np.sum(y)


def changed_in_a_loop(x):
    y = x * 1.0
    s = 0.0
    for i in range(3):
        s = s + _squares(y[i:])
        y[i] = np.sin(y[i])
    return s


def two_callees_between_changes(x):
    y = x * 1.0

    def k(m):
        return np.sum(np.exp(m))

    a = _squares(y)
    y[1] = 0.0
    b = k(y)
    y[2] = 1.0
    return a + b + np.sum(y)


# the same through a rule that reads a list holding the array (np.prod's adjoint reads
# its operand)
def prod_of_list_holding_changed_array(x):
    y = x[:3] * 1.0
    ys = [y, x[3:]]
    a = np.prod(ys)
    y[0] = 3.0
    return a + np.sum(y)


def norm_of_list_holding_changed_array(x):
    y = x[:3] * 1.0
    ys = [y, x[3:]]
    a = np.linalg.norm(ys)
    y[0] = 3.0
    return a + np.sum(y)


@pytest.mark.parametrize(
    "f",
    [
        argument_changed_after_call,
        closure_free_array_changed,
        view_argument_changed,
        transposed_argument_changed,
        argument_written_by_out,
        list_holding_argument_changed,
        dict_holding_argument_changed,
        lambda_argument_changed,
        callee_result_times_changed_argument,
        nested_callees_argument_changed,
        two_arguments_changed,
        changed_in_a_branch,
        changed_in_a_loop,
        two_callees_between_changes,
        prod_of_list_holding_changed_array,
    ],
)
def test_arrays_changed_after_a_callee_read_them(f):
    check_all_modes(f, X)


def test_norm_of_list_holding_changed_array_reverse():
    from gradcheck import _fd

    expected = _fd(norm_of_list_holding_changed_array, X)
    np.testing.assert_allclose(
        s2sgrad.grad(norm_of_list_holding_changed_array)(X.copy()), expected, rtol=1e-6
    )


# a constant the callee multiplies by, changed after the call: autograd's own closures
# hold it too (autograd gets these wrong), so finite differences are the only oracle
def constant_argument_changed(x):
    c = C6.copy()
    a = _weighted(x, c)
    c[0] = 100.0
    return a + np.sum(c)


def closure_constant_changed(x):
    c = C6.copy()

    def h(v):
        return np.sum(v * c)

    a = h(x)
    c[0] = 100.0
    return a + np.sum(c)


@pytest.mark.parametrize("f", [constant_argument_changed, closure_constant_changed])
def test_constants_changed_after_a_callee_read_them(f):
    check_all_modes(f, X, oracle=False)
    np.testing.assert_allclose(s2sgrad.grad(f)(X.copy()), C6)


# np.clip with a bound equal to the value clipped: clip(x, x[0], hi) is x[0] where x is
# x[0], a smooth function of it, but the slopes in x and in the bound were both 0 at the
# tie (silently 0 instead of 1); now the tie goes to the bound (slope 0 in x, as autograd)
def clip_bounds_from_the_argument(x):
    return np.sum(np.clip(x, x[0], x[3]) ** 2)


def clip_by_min_and_max(x):
    return np.sum(np.clip(x, np.min(x), np.max(x)) * C6)


def clip_lower_bound_only(x):
    return np.sum(np.clip(x, x[1], None) ** 3)


def clip_upper_bound_keyword(x):
    return np.sum(np.sin(np.clip(x, a_min=None, a_max=x[2])))


def clip_bounds_crossed(x):
    # a lower bound above the upper one gives the upper one
    return np.sum(np.clip(x, x[3] + 1.0, x[3]) * C6)


@pytest.mark.parametrize(
    "f",
    [
        clip_bounds_from_the_argument,
        clip_by_min_and_max,
        clip_lower_bound_only,
        clip_upper_bound_keyword,
        clip_bounds_crossed,
    ],
)
def test_clip_at_its_own_bounds(f):
    check_all_modes(f, X, oracle=False)  # autograd does not differentiate the bounds


def test_clip_strictly_inside_and_outside_unchanged():
    def f(x):
        return np.sum(np.clip(x, -0.5, 1.2) ** 2)

    np.testing.assert_allclose(s2sgrad.grad(f)(X.copy()), 2 * X * ((X > -0.5) & (X < 1.2)))


# a list or tuple display given to a function that reads it as an array: the rules used
# it as a Python list (x == y of a list in np.max's, x1 - x2 in np.maximum's, x * t in
# np.linalg.norm's tangent, list @ list in np.matmul's): TypeErrors inside s2sgrad's
# runtime or generated code; now read as NumPy reads it (runtime.array_operand)
def max_of_scalars(x):
    return np.max([x[0], x[1] * 2, x[2]]) * x[3]


def min_and_amax_of_displays(x):
    return np.min([x[0], x[1] * 2]) + np.amax((x[2], x[3]))


def norm_of_differences(x):
    return np.linalg.norm([x[0] - x[1], x[2] - x[3]])


def norm_of_rows_along_an_axis(x):
    return np.sum(np.linalg.norm([x[:3], x[3:]], axis=0))


def maximum_of_a_list_and_a_number(x):
    return np.sum(np.maximum([x[0], x[1]], 0.0) ** 2)


def maximum_of_two_lists(x):
    return np.sum(np.maximum([x[0], x[1], x[2]], [x[3], x[4], x[5]]) ** 2)


def clip_of_a_list(x):
    return np.sum(np.clip([x[0], x[1]], -1.0, 1.0) ** 2)


def sort_of_scalars(x):
    return np.sort([x[0], x[1], x[2]])[0] * x[3]


def power_of_a_list(x):
    return np.sum(np.power([x[0], x[1]], 2) + np.square([x[2], x[3]]))


def matmul_of_nested_lists(x):
    return np.sum(np.matmul([[x[0], x[1]]], [[x[2]], [x[3]]]))


def average_of_lists(x):
    return np.average([x[0], x[1], x[2]], weights=[x[3] ** 2, 1.0, 2.0])


def interp_of_list_values(x):
    return np.interp(0.3, [0.0, 1.0], [x[0], x[1]]) * x[2]


def amax_of_rows_along_an_axis(x):
    return np.sum(np.amax([x[:3], x[3:]], axis=1))


def max_of_a_named_list(x):
    ys = [x[0], x[1] * 2, x[2]]
    return np.max(ys) * x[3]


def norm_and_maximum_of_a_named_list(x):
    ys = [x[0], x[1]]
    return np.linalg.norm(ys) + np.maximum(ys, 0.1)[0]


def extremes_of_a_list_grown_in_a_loop(x):
    products = []
    for i in range(3):
        products.append(x[i] * x[i + 1])
    return np.max(products) + np.min(products)


@pytest.mark.parametrize(
    "f",
    [
        max_of_a_named_list,
        norm_and_maximum_of_a_named_list,
        extremes_of_a_list_grown_in_a_loop,
        max_of_scalars,
        min_and_amax_of_displays,
        norm_of_differences,
        norm_of_rows_along_an_axis,
        maximum_of_a_list_and_a_number,
        maximum_of_two_lists,
        clip_of_a_list,
        sort_of_scalars,
        power_of_a_list,
        matmul_of_nested_lists,
        average_of_lists,
        interp_of_list_values,
        amax_of_rows_along_an_axis,
    ],
)
def test_lists_read_as_arrays(f):
    check_all_modes(f, X)


# fuzz seeds 1057157 and 1057195 (crashes, UnboundLocalError in generated code, while the
# first of the fixes above took an item appended to a changed list for a name of the list)
def appended_then_looped_over(x0, x1):
    v1 = np.zeros((3,))
    v1[np.array([1, 1])] = x1[2, 1]
    v3 = np.copy(x0)
    v3[[0, 0, 1]] -= x0[0]
    v4 = []
    for _ in range(2):
        v4.append(np.ones((3,)) * 2.0)
        v4.append(v1)
    v6 = np.zeros((3,))
    for e7 in v4:
        v6 = v6 + np.sin(e7)
    v8 = np.maximum(v3, 0.0)
    return np.mean(v6) + np.sum(np.hstack((v8,) + (v8,) + (v1,)))


def view_of_an_appended_array(x0, x1, x2):
    v2 = np.transpose(x2) * x1
    v3 = [np.ones((1, 2)) * 1.5]
    for i4 in range(2):
        if i4 % 2 == 0:
            v3.append(x2)
        else:
            v3.append(np.ones((1, 2)) * 1.5)
    v5 = v3.pop()
    v9 = np.einsum(v5, [0, 1], v2, [1, 2], [0, 2]) / 34
    return np.sum(x0) + np.mean(np.array(v3)) + 3.0 * np.sum(v2) + np.mean(v9)


def test_fuzz_lists_holding_changed_arrays():
    from gradcheck import check_grads

    r = np.random.default_rng(5)
    check_grads(appended_then_looped_over, r.normal(size=3), r.normal(size=(3, 3)), argnums=(0, 1))
    args = r.normal(size=3), r.normal(size=(2, 1)), r.normal(size=(1, 2))
    check_grads(view_of_an_appended_array, *args, argnums=(0, 1, 2))
