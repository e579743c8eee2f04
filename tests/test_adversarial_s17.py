"""Adversarial programs of session 17 ("never a silent wrong gradient"): each wrong
derivative found is a test that failed before its fix; each refusal is checked for
s2sgrad's own error at the user's line, in every mode."""

import functools
import inspect

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = [0.31, 0.57, 0.73, 1.13]


def _call_lines(f, text):
    source, start = inspect.getsourcelines(f)
    return [start + i for i, line in enumerate(source) if text in line]


# a callee's ``p op= ...`` rebinds p in the derivative, where NumPy changes the caller's
# array: a change made in a local def or lambda of the callee was not seen (the callee's
# calls were resolved among globals only), and an array read again through a list or dict
# that holds it (``ys = [y]`` before the call, or the call given ``ys[0]``) was not seen


def _doubled_sum(a):
    a *= 2.0
    return np.sum(a)


def _through_its_local_def(a):
    def g(b):
        b *= 2.0
        return np.sum(b)

    return g(a)


def _through_its_lambda(a):
    h = lambda t: _doubled_sum(t)  # noqa: E731
    return h(a)


def _through_two_local_defs(a):
    def g(b):
        b += 1.0
        return np.sum(b * b)

    def k(c):
        return g(c[1:]) * 0.5

    return k(a)


def callee_with_a_local_def(x):
    y = x * 1.0
    s = _through_its_local_def(y)
    return s * np.sum(y * x)


def callee_with_a_lambda(x):
    y = x * 1.0
    s = _through_its_lambda(y)
    return s * np.sum(y * x)


def callee_with_local_defs_calling_each_other(x):
    y = x * 1.0
    s = _through_two_local_defs(y)
    return s * np.sum(y * x)


def read_through_a_list(x):
    y = x * 1.0
    ys = [y, x]
    s = _doubled_sum(y)
    return s * np.sum(ys[0] * x)


def read_through_a_dict(x):
    y = x * 1.0
    d = {"a": y}
    s = _doubled_sum(y)
    return s * np.sum(d["a"] * x)


def read_through_an_appended_list(x):
    y = x * 1.0
    ys = []
    ys.append(y)
    s = _doubled_sum(y)
    return s * np.sum(ys[0] * x)


def read_through_a_stored_item(x):
    y = x * 1.0
    d = {}
    d["k"] = y
    s = _doubled_sum(y)
    return s * np.sum(d["k"] * x)


def item_of_a_list_passed(x):
    y = x * 1.0
    ys = [y]
    s = _doubled_sum(ys[0])
    return s * np.sum(y * x)


@pytest.mark.parametrize(
    "f",
    [
        callee_with_a_local_def,
        callee_with_a_lambda,
        callee_with_local_defs_calling_each_other,
        read_through_a_list,
        read_through_a_dict,
        read_through_an_appended_list,
        read_through_a_stored_item,
        item_of_a_list_passed,
    ],
)
def test_a_callee_changing_an_array_read_again_is_refused(f):
    check_rejected(f, X, "is read again after the call", lines=_call_lines(f, "s = _"))


def list_built_after_the_call(x):
    y = x * 1.0
    s = _doubled_sum(y[1:] * 1.0)
    ys = [y, x]
    return s * np.sum(ys[0] * x)


def local_def_changing_a_copy(x):
    y = x * 1.0
    s = _through_its_local_def(y.copy())
    return s * np.sum(y * x)


@pytest.mark.parametrize("f", [list_built_after_the_call, local_def_changing_a_copy])
def test_a_callee_changing_an_array_nobody_reads_again_is_differentiated(f):
    check_all_modes(f, X)


# ``s = {**p}; s[k] = ...``: the normal form builds s in a temporary, then binds s, whose
# value before (unbound: its first binding) the reverse sweep saved: UnboundLocalError
# inside the derivative; a name whose first top-level binding saves it starts as None


def dict_splat_then_item(x):
    p = {"a": x, "b": x * 2.0}
    s = {**p}
    s["a"] = s["a"] * 3.0
    return np.sum(s["a"] * p["b"])


def two_dict_splats(x):
    p = {"a": x}
    q = {"b": x * x}
    s = {**p, **q}
    s["b"] = s["a"] * s["b"]
    return np.sum(s["b"] * s["a"])


def dict_splat_of_itself(x):
    p = {"a": x, "b": x * 2.0}
    s = {**p}
    s["a"] = s["a"] * 3.0
    s = {**s}
    s["b"] = s["a"] * s["b"]
    return np.sum(s["b"] * p["a"])


def dict_splat_with_a_key(x):
    p = {"a": x, "b": x * 2.0}
    s = {**p, "a": x * x}
    s["b"] = s["a"] * s["b"]
    return np.sum(s["b"])


def dict_splat_in_a_loop(x):
    p = {"a": x, "b": x * 2.0}
    t = 0.0
    for i in range(2):
        s = {**p}
        s["a"] = s["a"] * (i + 3.0)
        t = t + np.sum(s["a"] * s["b"])
    return t


@pytest.mark.parametrize(
    "f",
    [
        dict_splat_then_item,
        two_dict_splats,
        dict_splat_of_itself,
        dict_splat_with_a_key,
        dict_splat_in_a_loop,
    ],
)
def test_an_item_of_a_dict_splat_changed(f):
    check_all_modes(f, X)


# ``d[k] += v`` changes the array d[k] in place in NumPy, where the derivative rebinds the
# item: only the items stored were checked (private, new arrays), not the names bound to
# an item afterwards (z = d[k], [d[k]], list(d.values()), for y in ys), read after the change


def item_read_after_the_change(x):
    d = {"a": x * 1.0}
    z = d["a"]
    d["a"] += x
    return np.sum(z * x) + np.sum(d["a"])


def item_read_after_the_change_in_a_loop(x):
    d = {"a": x * 1.0}
    s = 0.0
    for _ in range(3):
        z = d["a"]
        d["a"] += x
        s = s + np.sum(z * x)
    return s


def item_bound_outside_the_loop(x):
    d = {"a": x * 1.0}
    z = d["a"]
    s = 0.0
    for _ in range(3):
        s = s + np.sum(z * x)
        d["a"] += x
    return s


def item_kept_in_a_list(x):
    d = {"a": x * 1.0}
    kept = [d["a"]]
    d["a"] += x
    return np.sum(kept[0] * x)


def values_listed(x):
    d = {"a": x * 1.0, "b": x * 2.0}
    vs = list(d.values())
    d["a"] += x
    return np.sum(vs[0] * x)


def items_copied_by_a_comprehension(x):
    ys = [x * 1.0, x * 2.0]
    zs = [y for y in ys]
    ys[0] += x
    return np.sum(zs[0] * x)


def loop_over_the_items(x):
    ys = [x * 1.0, x * 2.0]
    s = 0.0
    for y in ys:
        ys[0] += x
        s = s + np.sum(y * x)
    return s


def item_scaled(x):
    ys = [x * 1.0, x * 2.0]
    z = ys[1]
    ys[1] *= 3.0
    return np.sum(z * x)


@pytest.mark.parametrize(
    "f",
    [
        item_read_after_the_change,
        item_read_after_the_change_in_a_loop,
        item_bound_outside_the_loop,
        item_kept_in_a_list,
        values_listed,
        items_copied_by_a_comprehension,
        loop_over_the_items,
        item_scaled,
    ],
)
def test_an_item_changed_in_place_and_read_through_another_name_is_refused(f):
    lines = _call_lines(f, "] += ") + _call_lines(f, "] *= ")
    check_rejected(f, X, "which may share that item, is read again after it", lines=lines)


def item_read_before_the_change_in_a_loop(x):
    d = {"a": x * 1.0}
    s = 0.0
    for _ in range(3):
        z = d["a"]
        s = s + np.sum(z * x)
        d["a"] += x
    return s


def item_bound_again_after_the_change(x):
    d = {"a": x * 1.0}
    z = d["a"]
    w = np.sum(z)
    d["a"] += x
    z = d["a"]
    return np.sum(z * x) * w


def items_accumulated(x):
    d = {"a": x * 1.0, "b": x * 2.0}
    for k in d:
        d[k] += x
    for _ in range(2):
        d["a"] += x * d["b"]
    return np.sum(d["a"] * d["b"])


@pytest.mark.parametrize(
    "f",
    [item_read_before_the_change_in_a_loop, item_bound_again_after_the_change, items_accumulated],
)
def test_an_item_changed_in_place_and_read_only_through_itself_is_differentiated(f):
    check_all_modes(f, X)


# a gradient made with backend="numba" differentiated again: its fused regions are
# compiled kernels without source, and jvp, vjp, hessian, jacfwd, jacrev and grad of it
# failed inside s2sgrad (SourceUnavailableError at "<s2sgrad region>", no user line)


def _sin_weighted(x):
    return np.sum(np.sin(x) * x)


@pytest.mark.parametrize(
    "use",
    [
        lambda g, x: s2sgrad.jvp(g, (x,), (np.ones_like(x),)),
        lambda g, x: s2sgrad.vjp(g, (x,), np.ones_like(x)),
        lambda g, x: s2sgrad.hessian(g)(x),
        lambda g, x: s2sgrad.jacfwd(g)(x),
        lambda g, x: s2sgrad.jacrev(g)(x),
        lambda g, x: s2sgrad.grad(lambda t: np.sum(g(t) * t))(x),
        lambda g, x: s2sgrad.grad(g)(x),
    ],
)
def test_a_numba_gradient_differentiated_again_is_refused_at_the_function(use):
    pytest.importorskip("numba")
    g = s2sgrad.grad(_sin_weighted, backend="numba")
    x = np.array([0.3, 0.5, 0.7])
    np.testing.assert_allclose(g(x), np.sin(x) + x * np.cos(x))
    with pytest.raises(s2sgrad.TransformError) as info:
        use(g, x)
    err = info.value
    assert err.filename == __file__ and err.lineno is not None, str(err)
    assert "again" in err.msg and "backend" in str(err), str(err)


# a generator helper read one item at a time runs in NumPy as its items are read, where
# s2sgrad makes the list of them at the call: an array it is given, changed in place in
# the loop reading its items (or between the call and that loop), changed the items
# NumPy yields after that but not s2sgrad's


def _sums_of_squares(a, n):
    for _ in range(n):
        yield np.sum(a * a)


def _sums_by_keyword(n, a=None):
    for _ in range(n):
        yield np.sum(a * a)


def _sums_of_an_item(d, n):
    for _ in range(n):
        yield np.sum(d["a"])


def dict_item_stored_in_the_reading_loop(x):
    d = {"a": x * 1.0}
    s = 0.0
    for t in _sums_of_an_item(d, 3):
        s = s + t
        d["a"] = d["a"] * 2.0
    return s


def changed_in_the_reading_loop(x):
    y = x * 1.0
    s = 0.0
    for t in _sums_of_squares(y, 3):
        s = s + t
        y[0] = y[1] * 2.0
    return s


def a_view_given_changed(x):
    y = x * 1.0
    s = 0.0
    for t in _sums_of_squares(y[1:], 3):
        s = s + t
        y[2] = y[1] * 2.0
    return s


def given_by_keyword_changed(x):
    y = x * 1.0
    s = 0.0
    for t in _sums_by_keyword(3, a=y):
        s = s + t
        y[0] = y[1] * 2.0
    return s


def changed_before_the_loop_reads_it(x):
    y = x * 1.0
    g = _sums_of_squares(y, 2)
    y[0] = y[1] * 3.0
    s = 0.0
    for t in g:
        s = s + t
    return s


def changed_in_an_enumerate_loop(x):
    y = x * 1.0
    s = 0.0
    for i, t in enumerate(_sums_of_squares(y, 3)):
        s = s + t * i
        y[0] = y[1] * 2.0
    return s


def changed_through_an_alias(x):
    y = x * 1.0
    s = 0.0
    for t in _sums_of_squares(y, 3):
        s = s + t
        z = y[1:]
        z[0] = z[1] * 2.0
    return s


@pytest.mark.parametrize(
    "f",
    [
        changed_in_the_reading_loop,
        a_view_given_changed,
        given_by_keyword_changed,
        changed_before_the_loop_reads_it,
        changed_in_an_enumerate_loop,
        changed_through_an_alias,
        dict_item_stored_in_the_reading_loop,
    ],
)
def test_an_array_a_generator_reads_changed_while_it_is_read_is_refused(f):
    lines = _call_lines(f, "] = ")
    check_rejected(f, X, "are still read", lines=lines)


def changed_after_the_loop(x):
    y = x * 1.0
    s = 0.0
    for t in _sums_of_squares(y, 3):
        s = s + t
    y[0] = y[1] * 2.0
    return s + np.sum(y)


def read_at_once_then_changed(x):
    y = x * 1.0
    s = sum(_sums_of_squares(y, 3))
    a, b = _sums_of_squares(y, 2)
    y[0] = y[1] * 2.0
    return s + a * b + np.sum(y * y)


def listed_then_changed_in_the_loop(x):
    y = x * 1.0
    s = 0.0
    for t in list(_sums_of_squares(y, 3)):
        s = s + t
        y[0] = y[1] * 2.0
    return s


def called_again_after_each_change(x):
    y = x * 1.0
    s = 0.0
    for _ in range(2):
        for t in _sums_of_squares(y, 2):
            s = s + t
        y[0] = y[1] * 2.0
    return s


@pytest.mark.parametrize(
    "f",
    [
        changed_after_the_loop,
        read_at_once_then_changed,
        listed_then_changed_in_the_loop,
        called_again_after_each_change,
    ],
)
def test_an_array_a_generator_reads_changed_after_its_items_is_differentiated(f):
    check_all_modes(f, X)


# a callee changing an array that is not one of its parameters: a global passed to it
# (NumPy changes the module's array, the derivative does not), a closure's variable that
# a local def passes on (def g(): return _doubled_sum(y)), and a function known only when
# the code runs (h = _doubled_sum; fs[0](y)), whose derivative, made at run time, ran it
# again on the array the call had already changed

OUTSIDE = np.array([0.5, 1.5, 2.5, 3.5])


def global_array_passed(x):
    s = _doubled_sum(OUTSIDE)
    return s * np.sum(OUTSIDE * x)


def closure_array_passed_on(x):
    y = x * 1.0

    def g():
        return _doubled_sum(y)

    s = g()
    return s * np.sum(y * x)


def callee_bound_to_a_name(x):
    y = x * 1.0
    h = _doubled_sum
    s = h(y)
    return s * np.sum(y * x)


def callee_in_a_list(x):
    y = x * 1.0
    fs = [_doubled_sum]
    s = fs[0](y)
    return s * np.sum(y * x)


def callee_in_a_list_given_a_new_array(x):
    fs = [_doubled_sum]
    s = fs[0](x * 1.0)
    return s * np.sum(x)


@pytest.mark.parametrize(
    "f, text",
    [
        (global_array_passed, "which is not a local variable of this function"),
        (closure_array_passed_on, "is read again after the call"),
        (callee_bound_to_a_name, "known only when the code runs"),
        (callee_in_a_list, "known only when the code runs"),
        (callee_in_a_list_given_a_new_array, "known only when the code runs"),
    ],
)
def test_a_callee_changing_an_array_it_was_not_given_as_a_parameter_is_refused(f, text):
    lines = _call_lines(f, "s = ")
    saved = OUTSIDE.copy()
    try:
        check_rejected(f, X, text, lines=lines)
    finally:
        OUTSIDE[:] = saved


def closure_array_passed_on_and_not_read(x):
    y = x * 1.0

    def g():
        return _doubled_sum(y)

    return g() * np.sum(x)


def test_a_closure_array_changed_and_not_read_again_is_differentiated():
    check_all_modes(closure_array_passed_on_and_not_read, X)


def closure_array_changed_by_two_calls(x):
    y = x * 1.0

    def g():
        return _doubled_sum(y)

    s = g()
    t = g()
    return s * t


def closure_array_changed_by_two_lambda_calls(x):
    y = x * 1.0
    g = lambda: _doubled_sum(y)  # noqa: E731
    s = g()
    t = g()
    return s * t


@pytest.mark.parametrize(
    "f", [closure_array_changed_by_two_calls, closure_array_changed_by_two_lambda_calls]
)
def test_a_closure_array_changed_and_read_by_a_second_call_is_refused(f):
    check_rejected(f, X, "is read again after the call", lines=_call_lines(f, "s = g()"))


# an object's field read into a name (w = b.w, lowered to tree_field(b, "w")) was taken for
# a new array: w += v changed the field in NumPy, not in the derivative, and a method
# changing its argument given b.w went unseen; d.get(k) likewise


class _Holder:
    def __init__(self, w):
        self.w = w

    def doubled_sum(self, a):
        a *= 2.0
        return np.sum(a)


def field_changed_through_a_name(x):
    b = _Holder(x * 1.0)
    w = b.w
    w += x
    return np.sum(b.w * x)


def field_given_to_a_method_changing_it(x):
    b = _Holder(x * 1.0)
    s = b.doubled_sum(b.w)
    return s * np.sum(b.w * x)


def item_got_then_scaled(x):
    d = {"a": x * 1.0}
    w = d.get("a")
    w *= 2.0
    return np.sum(d["a"] * x)


@pytest.mark.parametrize(
    "f, text",
    [
        (field_changed_through_a_name, "which may share memory with another value"),
        (field_given_to_a_method_changing_it, "changes its argument 'a' in place"),
        (item_got_then_scaled, "which may share memory with another value"),
    ],
)
def test_a_field_or_item_changed_in_place_through_another_name_is_refused(f, text):
    check_rejected(f, X, text)


def field_read_and_not_changed(x):
    b = _Holder(x * 1.0)
    w = b.w
    return np.sum(w * b.w * x)


def test_a_field_read_into_a_name_is_differentiated():
    check_all_modes(field_read_and_not_changed, X)


# a generator expression or a map that a for loop reads makes each item as it is read,
# where s2sgrad makes the list of them before the loop: an array it reads changed in place
# in the loop, or a name it reads at each item rebound there, changed the items to come in
# Python only


def array_changed_under_a_generator_expression(x):
    y = x * 1.0
    s = 0.0
    for t in (np.sum(y * y) for _ in range(3)):
        s = s + t
        y[0] = y[1] * 2.0
    return s


def rows_changed_under_a_generator_expression(x):
    y = x.reshape(2, 2) * 1.0
    s = 0.0
    for t in (np.sum(r) for r in y):
        s = s + t
        y[1] = y[0] * 2.0
    return s


def array_changed_under_a_map(x):
    y = x * 1.0
    s = 0.0
    for t in map(lambda i: np.sum(y * y), range(3)):
        s = s + t
        y[0] = y[1] * 2.0
    return s


def number_rebound_under_a_generator_expression(x):
    k = 1.0
    s = 0.0
    for t in (k * v for v in x):
        s = s + t
        k = k * 2.0
    return s


def array_rebound_under_a_generator_expression(x):
    w = x * 1.0
    s = 0.0
    for t in (np.sum(w * v) for v in x):
        s = s + t
        w = w * 2.0
    return s


def number_rebound_under_a_map(x):
    k = 1.0
    s = 0.0
    for t in map(lambda v: v * k, x):
        s = s + t
        k = k + 1.0
    return s


@pytest.mark.parametrize(
    "f",
    [
        array_changed_under_a_generator_expression,
        rows_changed_under_a_generator_expression,
        array_changed_under_a_map,
        number_rebound_under_a_generator_expression,
        array_rebound_under_a_generator_expression,
        number_rebound_under_a_map,
    ],
)
def test_a_name_a_lazy_iterator_reads_changed_in_its_loop_is_refused(f):
    lines = _call_lines(f, "y[") + _call_lines(f, "k = k") + _call_lines(f, "w = w")
    check_rejected(f, X, "are still read", lines=lines)


def sequence_rebound_under_a_generator_expression(x):
    ys = x * 1.0
    s = 0.0
    for t in (v * 2.0 for v in ys):  # ys itself is read where the expression is made
        s = s + t
        ys = ys * 3.0
    return s + np.sum(ys)


def array_filled_from_a_generator_expression(x):
    out = np.zeros(4)
    i = 0
    for t in (v * v for v in x):
        out[i] = t
        i = i + 1
    return np.sum(out * x)


def array_changed_under_a_list_comprehension(x):
    y = x * 1.0
    s = 0.0
    for t in [np.sum(y * y) for _ in range(3)]:
        s = s + t
        y[0] = y[1] * 2.0
    return s


@pytest.mark.parametrize(
    "f",
    [
        sequence_rebound_under_a_generator_expression,
        array_filled_from_a_generator_expression,
        array_changed_under_a_list_comprehension,
    ],
)
def test_a_lazy_iterator_whose_reads_stay_the_same_is_differentiated(f):
    check_all_modes(f, X)


# a decorated callee (a functools.wraps wrapper taking *args and **kwargs) passes its
# arguments on with f(*args, **kwargs): the change of the function it wraps was not seen


def _forwarding(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


@_forwarding
def _wrapped_doubled_sum(a):
    a *= 2.0
    return np.sum(a)


@_forwarding
def _wrapped_add_into(b, a):
    a += b
    return np.sum(a * b)


def wrapped_callee(x):
    y = x * 1.0
    s = _wrapped_doubled_sum(y)
    return s * np.sum(y * x)


def wrapped_callee_by_keyword(x):
    y = x * 1.0
    s = _wrapped_doubled_sum(a=y)
    return s * np.sum(y * x)


def wrapped_callee_second_argument(x):
    y = x * 1.0
    s = _wrapped_add_into(x, y)
    return s * np.sum(y * x)


def wrapped_callee_through_a_name(x):
    y = x * 1.0
    h = _wrapped_doubled_sum
    s = h(y)
    return s * np.sum(y * x)


@pytest.mark.parametrize(
    "f, text",
    [
        (wrapped_callee, "is read again after the call"),
        (wrapped_callee_by_keyword, "is read again after the call"),
        (wrapped_callee_second_argument, "is read again after the call"),
        (wrapped_callee_through_a_name, "known only when the code runs"),
    ],
)
def test_a_wrapped_callee_changing_an_array_read_again_is_refused(f, text):
    check_rejected(f, X, text, lines=_call_lines(f, "s = "))


def wrapped_callee_given_a_copy(x):
    y = x * 1.0
    s = _wrapped_doubled_sum(y.copy()) + _wrapped_doubled_sum(a=x * 1.0)
    return s * np.sum(y * x)


def test_a_wrapped_callee_changing_a_copy_is_differentiated():
    check_all_modes(wrapped_callee_given_a_copy, X)
