"""Adversarial programs of session 11 ("never a silent wrong gradient"): each is checked in
every mode against central finite differences, with autograd as a second oracle where it
runs (see tests/test_adversarial_s4.py), or rejected with s2sgrad's error at the user's
line (see tests/test_adversarial_s10.py)."""

import copy
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.3, -1.2, 0.8, 1.55, 0.45, 0.9]) * 1.37


# a cast to dtype=object (or to strings) of a differentiated value: the cast's derivative
# took every dtype other than a float or complex one for an integer's, a step function
# (silently 0: np.array([a, b], dtype=object).sum() had gradient 0, np.asarray(x, "O") * x
# half of it); NumPy computes on the items' own methods there, so it is refused
def object_array_of_items(x):
    return np.array([x[0], x[1] ** 2], dtype=object).sum()


def astype_object(x):
    return np.sum(x.astype(object) ** 2)


def asarray_object_code(x):
    return np.sum(np.asarray(x, "O") * x)


def object_dtype_from_a_name(x):
    dt = np.object_
    return float(np.array(list(x), dtype=dt).sum())


def full_of_object(x):
    return np.sum(np.full(3, x[0], dtype=object) * x[:3])


def string_round_trip(x):
    return np.sum(x.astype(str).astype(float) * x)


@pytest.mark.parametrize(
    "f",
    [
        object_array_of_items,
        astype_object,
        asarray_object_code,
        object_dtype_from_a_name,
        string_round_trip,
    ],
)
def test_casts_to_object_dtype_rejected(f):
    check_rejected(f, X, "cannot be differentiated")


def test_full_of_object_rejected_in_forward_mode():
    with pytest.raises(s2sgrad.S2SGradError, match="cast to dtype object"):
        s2sgrad.jvp(full_of_object, (X,), (np.ones_like(X),))


def casts_to_number_dtypes(x):
    # float and complex casts keep the derivative, integer and boolean ones have none
    dt = np.dtype("float64")
    a = np.array(x, dtype=dt) ** 2
    b = np.abs(x.astype(complex) * (1 + 1j)) ** 2
    c = x.astype(np.int64) * x + np.array(x > 0, dtype=float) * x
    return np.sum(a + b + c)


def test_casts_to_number_dtypes_still_differentiated():
    check_all_modes(casts_to_number_dtypes, X, oracle=False)


# a real value cast to a complex dtype and also used as itself: the cast's adjoint was
# complex and added into the real value's adjoint (a casting error inside generated code in
# reverse mode); the adjoint of a real value is the real part
def astype_complex_and_itself(x):
    z = x.astype(complex) * (1 + 2j)
    return np.sum(np.abs(z) ** 2) + np.sum(x**3)


def asarray_complex_and_itself(x):
    return np.sum(x + np.asarray(x, dtype=complex).imag * x) + np.sum(np.sin(x))


def array_complex_phase(x):
    z = np.array(x, dtype=np.complex128) * np.exp(1j * x)
    return np.sum(z.real * x) + np.sum(z.imag**2)


def full_complex(x):
    z = np.full(3, x[0], dtype=complex) * (2 - 1j)
    return np.sum(np.abs(z * x[:3])) + x[0] ** 2


@pytest.mark.parametrize(
    "f",
    [astype_complex_and_itself, asarray_complex_and_itself, array_complex_phase, full_complex],
)
def test_real_values_cast_to_complex(f):
    check_all_modes(f, X)


# np.linalg.pinv(a, hermitian=True) inverts the Hermitian matrix of a's lower triangle (eigh
# reads only that), and a cutoff (rcond=, rtol=) drops singular values: the rule took the
# pseudo-inverse of a itself, of constant rank (silently wrong for a matrix not symmetric,
# and where the cutoff drops a singular value that is not zero); np.linalg.lstsq's
# forward mode ignored rcond= likewise (its reverse mode checks the rank NumPy found)
W23 = np.arange(6.0).reshape(2, 3) + 1.0


def _tall(x):
    return np.array([[x[3] * 2, x[0]], [x[1], x[0] * 0.9], [x[1] * 0.3, x[2]]])


def pinv_hermitian_of_a_matrix_not_symmetric(x):
    a = np.array([[x[3], x[1]], [x[2], x[5]]])
    return np.sum(np.linalg.pinv(a, hermitian=True) * W23[:, :2])


def pinv_hermitian_symmetric(x):
    a = np.array([[x[3] + 2, x[1]], [x[1], x[5] + 2]])
    return np.sum(np.sin(np.linalg.pinv(a, hermitian=True)) * W23[:, :2])


def pinv_small_cutoff(x):
    return np.sum(np.linalg.pinv(_tall(x), rcond=1e-10) * W23)


def pinv_positional_cutoff_nothing_dropped(x):
    return np.sum(np.linalg.pinv(_tall(x), 0.1) ** 2)


@pytest.mark.parametrize(
    "f",
    [
        pinv_hermitian_of_a_matrix_not_symmetric,
        pinv_hermitian_symmetric,
        pinv_small_cutoff,
        pinv_positional_cutoff_nothing_dropped,
    ],
)
def test_pinv_reads_what_numpy_reads(f):
    check_all_modes(f, X, oracle=False)


def pinv_cutoff_drops(x):
    return np.sum(np.linalg.pinv(_tall(x), rcond=0.6) * W23)


def pinv_rtol_drops(x):
    return np.sum(np.linalg.pinv(_tall(x), rtol=0.6) * W23)


def pinv_positional_cutoff_drops(x):
    return np.sum(np.linalg.pinv(_tall(x), 0.6) * W23)


def lstsq_cutoff_drops(x):
    sol = np.linalg.lstsq(_tall(x), np.array([1.0, 2.0, 3.0]), rcond=0.6)[0]
    return np.sum(sol * [1.0, 2.0])


@pytest.mark.parametrize(
    "f, text",
    [
        (pinv_cutoff_drops, "np.linalg.pinv where its cutoff"),
        (pinv_rtol_drops, "np.linalg.pinv where its cutoff"),
        (pinv_positional_cutoff_drops, "np.linalg.pinv where its cutoff"),
        (lstsq_cutoff_drops, "full column rank"),
    ],
)
def test_cutoffs_that_drop_singular_values_rejected(f, text):
    # the singular values of _tall(X) are about 3.3 and 0.9: a cutoff of 0.6 drops one
    assert np.linalg.svd(_tall(X), compute_uv=False)[1] < 0.6 * 3.4
    modes = [
        lambda: s2sgrad.grad(f)(X.copy()),
        lambda: s2sgrad.jvp(f, (X.copy(),), (np.ones_like(X),)),
        lambda: s2sgrad.hessian(f)(X.copy()),
    ]
    for mode in modes:
        with pytest.raises(NotImplementedError, match=text) as info:
            mode()
        assert "test_adversarial_s11.py" in str(info.value)


# forward mode: the tangent of a new array that is another tangent's own array (a_dot =
# y_dot for a = y - 2.0, or y_dot[3:] for a = y[3:] * 1) was changed by a later in-place
# change of y (y[3:] = v writes into y_dot): silently wrong jvp (and swapping halves of an
# array with y[:3], y[3:] = y[3:] * 1, y[:3] * 1); it is copied now
A6 = np.arange(6.0) + 1.0


def centered_slice_then_changed(x):
    y = x * 1.0
    a = y[3:] - 2.0
    y[3:] = x[:3] ** 2
    return np.sum(a * A6[:3]) + np.sum(y * A6)


def scaled_by_one_then_changed(x):
    y = x * 2.0
    a = y * 1
    y[0] = 5.0
    return np.sum(a * A6) + np.sum(y * A6)


def shifted_by_zeros_then_changed(x):
    y = x * 1.0
    a = y[3:] + np.zeros(3)
    y[3:] = x[:3] ** 2
    return np.sum(a * A6[:3]) + np.sum(y * A6)


def divided_by_one_then_added_into(x):
    y = x * 1.0
    a = y[1:4] / 1.0
    y[1:4] += x[2:5] ** 2
    return np.sum(np.sin(a) * A6[:3]) + np.sum(y * A6)


def halves_swapped(x):
    y = x * 1.0
    y[:3], y[3:] = y[3:] * 1, y[:3] * 1
    return np.sum(y * A6)


def offset_in_a_loop(x):
    y = x * 1.0
    total = 0.0
    for i in range(3):
        a = y[i : i + 3] - 1.0
        y[i] = y[i + 1] * x[i]
        total = total + np.sum(a**2)
    return total + np.sum(y)


@pytest.mark.parametrize(
    "f",
    [
        centered_slice_then_changed,
        scaled_by_one_then_changed,
        shifted_by_zeros_then_changed,
        divided_by_one_then_added_into,
        halves_swapped,
        offset_in_a_loop,
    ],
)
def test_tangents_of_new_arrays_not_shared(f):
    check_all_modes(f, X)


def test_shared_tangent_copied_only_where_changed():
    # a view keeps its tangent's memory (as its value does); the new array gets a copy
    source = s2sgrad.source(centered_slice_then_changed, mode="forward")
    assert "a_item_dot = y_dot[3:]" in source
    assert "a_dot = snapshot(a_item_dot)" in source
    plain = s2sgrad.source(lambda x: np.sum((x[3:] - 2.0) * x[:3]), mode="forward")
    assert "snapshot" not in plain


# a list grown inside a loop over it: Python's loop goes on over the items appended, the
# lowered loop over those the list had at its start (silently wrong: for v in xs:
# xs.append(2 * v) stopped after the first item); pop and del were already errors
def _grow(xs, v):
    if len(xs) < 4:
        xs.append(v * 2)


def _set_last(xs, v):
    xs[-1] = v


def append_in_loop_over_it(x):
    xs = [x[0]]
    for v in xs:
        if len(xs) < 4:
            xs.append(v * 2)
    return sum(xs)


def insert_in_enumerate_over_it(x):
    xs = [x[0], x[1]]
    s = 0.0
    for i, v in enumerate(xs):
        s = s + v * x[2]
        if len(xs) < 4:
            xs.insert(0, x[3] * i)
    return s


def extend_in_loop_over_it(x):
    xs = [x[0]]
    for v in xs:
        if len(xs) < 3:
            xs.extend([v * x[1]])
    return sum(xs)


def add_assign_in_loop_over_it(x):
    xs = [x[0]]
    for v in xs:
        if len(xs) < 3:
            xs += [v**2]
    return sum(xs)


def helper_grows_the_list_looped_over(x):
    xs = [x[0]]
    for v in xs:
        _grow(xs, v)
    return sum(xs)


def helper_sets_an_item_of_the_list_looped_over(x):
    xs = [x[0], x[1], x[2]]
    s = 0.0
    for v in xs:
        s = s + v
        _set_last(xs, x[3] ** 2)
    return s


@pytest.mark.parametrize(
    "f",
    [
        append_in_loop_over_it,
        insert_in_enumerate_over_it,
        extend_in_loop_over_it,
        add_assign_in_loop_over_it,
        helper_grows_the_list_looped_over,
        helper_sets_an_item_of_the_list_looped_over,
    ],
)
def test_lists_grown_in_a_loop_over_them_rejected(f):
    check_rejected(f, X, "inside a loop over 'xs'")


def lists_grown_in_other_loops(x):
    # over a copy, over range(len(xs)) (taken once), over another list, and items set
    # directly in the loop over the list (read as they are then)
    xs = [x[0]]
    for v in list(xs):
        xs.append(v * 2)
    for i in range(len(xs) + 1):
        xs.append(xs[i] * x[1])
    for v in [x[2], x[3]]:
        _grow(xs, v)
    ys = [x[0], x[1], x[2]]
    s = 0.0
    for i, v in enumerate(ys):
        if i + 1 < len(ys):
            ys[i + 1] = ys[i + 1] + v**2
        s = s + v
    return sum(xs) + s


def test_lists_grown_in_other_loops_differentiated():
    check_all_modes(lists_grown_in_other_loops, X)


# an array held by an object (Box(y), a dataclass or NamedTuple of it, b.v = y, a list of
# it on self) and then changed in place through its own name: Python's object sees the
# change, the derivative read the object as it was made (silently wrong in reverse mode);
# an alias now, rejected as the others are. A constructor that copies what it is given
# is no alias; forward mode gives a callee a copy of a tangent changed in place later (its
# result v - 1.0 kept the caller's tangent itself, which the change then reached)
class Box:
    def __init__(self, v):
        self.v = v

    def total(self):
        return np.sum(self.v * A6)


class CopyingBox:
    def __init__(self, v):
        self.v = v * 1.0


class ListBox:
    def __init__(self, v):
        self.items = []
        self.items.append(v)


@dataclass
class DataBox:
    v: np.ndarray
    k: float = 1.0


class TupleBox(NamedTuple):
    v: np.ndarray
    k: float


def _shift(v):
    return v - 1.0


def box_then_changed(x):
    y = x * 1.0
    b = Box(y)
    y[0] = 0.0
    return np.sum(b.v * A6)


def box_method_after_change(x):
    y = x * 1.0
    b = Box(y)
    y[1] = x[0] ** 2
    return b.total()


def dataclass_then_added_into(x):
    y = x * 1.0
    b = DataBox(v=y, k=2.0)
    y += x**2
    return np.sum(b.v * A6) * b.k


def namedtuple_then_changed(x):
    y = x * 1.0
    b = TupleBox(y, 2.0)
    y[0] = 0.0
    return np.sum(b.v * A6)


def list_on_self_then_changed(x):
    y = x * 1.0
    b = ListBox(y)
    y[0] = 0.0
    return np.sum(b.items[0] * A6)


def attribute_set_then_changed(x):
    y = x * 1.0
    b = Box(x)
    b.v = y
    y[2] = 0.0
    return np.sum(b.v * A6)


@pytest.mark.parametrize(
    "f",
    [
        box_then_changed,
        box_method_after_change,
        dataclass_then_added_into,
        namedtuple_then_changed,
        list_on_self_then_changed,
        attribute_set_then_changed,
    ],
)
def test_arrays_held_by_objects_then_changed_rejected(f):
    check_rejected(f, X, "is changed in place elsewhere")


def copying_box_then_changed(x):
    y = x * 1.0
    b = CopyingBox(y)
    y[0] = 0.0
    return np.sum(b.v * A6) + np.sum(y)


def helper_result_then_argument_changed(x):
    y = x * 1.0
    a = _shift(y)
    b = _shift(y[1:])
    y[1] = 0.0
    return np.sum(a * A6) + np.sum(b * A6[1:]) + np.sum(y)


def boxes_read_before_the_change(x):
    y = x * 1.0
    b = Box(y)
    s = b.total()
    y = y * 2.0
    return s + np.sum(y)


@pytest.mark.parametrize(
    "f",
    [copying_box_then_changed, helper_result_then_argument_changed, boxes_read_before_the_change],
)
def test_objects_and_callees_without_aliases_differentiated(f):
    check_all_modes(f, X)


# the same through lists and tuples built from others: [y] * 2, [x] + [y], (x,) + (y,),
# list((y, y)) and xs.insert(0, y) hold y itself (were taken for new values)
def repeated_list_then_changed(x):
    y = x * 1.0
    ys = [y] * 2
    y[0] = 0.0
    return np.sum(ys[1] * A6)


def concatenated_lists_then_changed(x):
    y = x * 1.0
    ys = [x] + [y]
    y[0] = 0.0
    return np.sum(ys[1] * A6)


def concatenated_tuples_then_changed(x):
    y = x * 1.0
    ys = (x,) + (y,)
    y[0] = 0.0
    return np.sum(ys[1] * A6)


def list_of_a_tuple_then_changed(x):
    y = x * 1.0
    ys = list((y, y))
    y[0] = 0.0
    return np.sum(ys[0] * A6)


def inserted_then_changed(x):
    y = x * 1.0
    ys = [x]
    ys.insert(0, y)
    y[0] = 0.0
    return np.sum(ys[0] * A6)


def rows_listed_then_changed(x):
    m = x.reshape(2, 3) * 1.0
    rows = list(m)
    m[0, 0] = 0.0
    return np.sum(rows[0] * A6[:3])


@pytest.mark.parametrize(
    "f",
    [
        repeated_list_then_changed,
        concatenated_lists_then_changed,
        concatenated_tuples_then_changed,
        list_of_a_tuple_then_changed,
        inserted_then_changed,
        rows_listed_then_changed,
    ],
)
def test_sequences_holding_an_array_then_changed_rejected(f):
    check_rejected(f, X, "is changed in place elsewhere")


def sequences_of_copies_and_of_changed_lists(x):
    # copies of a list changed later keep their items; arithmetic on arrays makes new ones
    y = x * 1.0
    a = y * 2.0 + y
    ys = [x[0], x[1]]
    zs = ys + [x[2]]
    ws = list(ys) * 2
    ys.append(x[3])
    ys[0] = x[4] ** 2
    y[0] = 0.0
    return np.sum(a * A6) + sum(zs) + sum(ws) * 2 + sum(ys) + np.sum(y)


def test_sequences_of_copies_still_differentiated():
    check_all_modes(sequences_of_copies_and_of_changed_lists, X)


# x.conj() (and x.conjugate()) of a real array is x itself, and np.meshgrid(...,
# copy=False) broadcasts views of its vectors: a later change of x was seen through them
# in Python, not in the derivative (silently wrong in both modes); views now
def conj_method_then_changed(x):
    y = x * 1.0
    z = y.conj()
    y[1] = 0.0
    return np.sum(z * A6)


def conj_method_result_changed(x):
    y = x * 1.0
    z = y.conjugate()
    z[1] = 0.0
    return np.sum(y * A6)


def meshgrid_without_copies_then_changed(x):
    y = x[:3] * 1.0
    a, b = np.meshgrid(y, y, copy=False)
    y[0] = 0.0
    return np.sum(a * A6.reshape(2, 3)[:, :3].sum(0))


@pytest.mark.parametrize(
    "f",
    [conj_method_then_changed, conj_method_result_changed, meshgrid_without_copies_then_changed],
)
def test_views_of_conj_and_meshgrid_rejected(f):
    check_rejected(f, X, "may share")


def conj_and_meshgrid_copies(x):
    y = x * 1.0
    z = y.conj() * 2.0 + np.conj(y)
    c = (y[:2] + 1j * y[2:4]).conj()
    a, b = np.meshgrid(y[:3], y[3:])
    y[1] = 0.0
    return np.sum(z * A6) + np.sum(np.abs(c) ** 2) + np.sum(c.imag) + np.sum(a * b) + np.sum(y)


def test_conj_and_meshgrid_copies_differentiated():
    check_all_modes(conj_and_meshgrid_copies, X)


# fuzz seed 1029741 (a crash): an item of a list's or dict's adjoint may be the 0.0
# placeholder (dv6["u"] of fresh_adjoint(0.0, v6)); the adjoints made from it were taken
# for arrays, and the adjoint of v4[[2, 2], [1, 1]] += ... indexed the float (TypeError
# inside generated code); they may be zero now, and their blocks are guarded
def placeholder_item_of_a_dict_adjoint(x0, x1):
    v1 = np.reshape(x1, (1, 6))
    v4 = np.copy(np.zeros((3, 2)))
    v4[[2, 2], [1, 1]] += np.mean(v1)
    v6 = {"u": 2.0 * (np.mean(x0) + np.zeros((3, 2))), "w": 2.0 * v4}
    v6["u"] = v6["u"] * 0.5 + v4
    v7 = np.zeros((3, 2))
    for k8 in sorted(v6):
        v7 = v7 * 0.5 + v6[k8]
    return np.sum(x1**2) + np.sum(x0)


def placeholder_item_of_a_list_adjoint(x):
    y = x * 1.0
    y[[1, 1]] += x[0] ** 2
    rows = [x * 2.0, y * 3.0]
    rows[0] = rows[0] * 0.5 + y
    total = np.zeros(6)
    for r in rows:
        total = total * 0.5 + r
    return np.sum(x**3)


def test_placeholder_items_of_container_adjoints():
    x0, x1 = np.ones((2, 2)), X.reshape(3, 2)
    for argnums in ((0, 1), (1,)):
        _, grads = s2sgrad.value_and_grad(placeholder_item_of_a_dict_adjoint, argnums=argnums)(
            x0, x1
        )
        np.testing.assert_allclose(grads[-1], 2 * x1)
    check_all_modes(placeholder_item_of_a_list_adjoint, X)


# copy.deepcopy of differentiated values was transformed from copy.py's own source (an
# error naming copy.py, not the user's line); it is a copy of the same structure now
class Params:
    def __init__(self, w, b):
        self.w = w
        self.b = b


def deep_copies(x):
    y = x * 1.0
    a = copy.deepcopy(y)
    y[0] = 0.0
    d = copy.deepcopy({"w": x * 2.0, "b": [x[0], x[1]]})
    p = copy.deepcopy(Params(x[2:], x[3]))
    return (
        np.sum(a**2 * A6)
        + np.sum(y * A6)
        + np.sum(np.sin(d["w"]))
        + d["b"][0] * d["b"][1]
        + np.sum(p.w * p.b)
    )


def test_deep_copies_differentiated():
    check_all_modes(deep_copies, X)
