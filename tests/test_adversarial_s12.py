"""Adversarial programs of session 12 ("never a silent wrong gradient"): each is checked in
every mode against central finite differences, with autograd as a second oracle where it
runs (gradcheck.check_all_modes), or rejected with s2sgrad's error at the user's line
(gradcheck.check_rejected)."""

import operator

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.3, -1.2, 0.8, 1.55, 0.45, 0.9]) * 1.37


# np.prod over an empty axis (a product of no entries is 1): the second derivative's
# products of the other entries started each row with a 1 of its own, so the empty axis
# came back one entry long (a ValueError inside s2sgrad's runtime in Hessians)
def prod_of_empty_slice(x):
    return np.prod(x[3:3]) * x[0] + np.sum(x**2)


def prod_of_empty_axis(x):
    m = x.reshape(2, 3)[:, :0]
    return np.sum(np.prod(m, axis=1) * x[:2]) + np.sum(x**2)


def prod_of_no_rows(x):
    m = x.reshape(2, 3)[:0]
    return np.sum(np.prod(m, axis=0) * x[:3]) + np.sum(x**3)


def prod_of_empty_axis_keepdims(x):
    m = x.reshape(2, 3)[:, 3:]
    return np.sum(np.prod(m, axis=-1, keepdims=True) * x.reshape(2, 3) ** 2)


def prod_of_one_entry(x):
    return np.prod(x[:1]) ** 2 + np.prod(x[2:4]) * np.prod(x.reshape(2, 3), axis=0)[1]


@pytest.mark.parametrize(
    "f",
    [
        prod_of_empty_slice,
        prod_of_empty_axis,
        prod_of_no_rows,
        prod_of_empty_axis_keepdims,
        prod_of_one_entry,
    ],
)
def test_products_over_empty_axes(f):
    check_all_modes(f, X)


# operators other than + and * on an object whose class the transform cannot tell (the
# result of an object's method, an item of a dict of objects, what a helper received):
# Python calls the object's method, the derivative took it for the operator on arrays:
# silently wrong for +v (dropped), ~v and v // k (no derivative), v - k and v % k (the
# adjoint passed through), a crash inside generated code for -v, v / k, v ** k, v @ w;
# now checked where it runs (s2sgrad.operands), an error at the user's line
class Vec:
    def __init__(self, a):
        self.a = a

    def __mul__(self, k):
        return Vec(self.a * k)

    def __neg__(self):
        return Vec(-(self.a**2))

    def __pos__(self):
        return Vec(self.a**3)

    def __invert__(self):
        return Vec(self.a * 5.0)

    def __floordiv__(self, k):
        return Vec(self.a / k)

    def __mod__(self, k):
        return Vec(self.a * k)

    def __sub__(self, k):
        return Vec(self.a**2 - k)

    def __rsub__(self, k):
        return Vec(k - self.a**3)

    def __truediv__(self, k):
        return Vec(self.a**2 / k)

    def __pow__(self, k):
        return Vec(self.a * k)

    def __matmul__(self, w):
        return Vec(self.a * np.sum(w))


def pos_of_method_result(x):
    v = +(Vec(x) * 2.0)
    return np.sum(v.a)


def invert_of_method_result(x):
    v = ~(Vec(x) * 2.0)
    return np.sum(v.a)


def floordiv_of_method_result(x):
    v = (Vec(x) * 2.0) // 3.0
    return np.sum(v.a)


def mod_of_method_result(x):
    v = (Vec(x) * 2.0) % 3.0
    return np.sum(v.a)


def sub_of_method_result(x):
    v = (Vec(x) * 2.0) - 3.0
    return np.sum(v.a)


def rsub_of_method_result(x):
    v = 3.0 - (Vec(x) * 2.0)
    return np.sum(v.a)


def neg_of_method_result(x):
    v = -(Vec(x) * 2.0)
    return np.sum(v.a)


def div_of_method_result(x):
    v = (Vec(x) * 2.0) / 3.0
    return np.sum(v.a)


def pow_of_method_result(x):
    v = (Vec(x) * 2.0) ** 3
    return np.sum(v.a)


def matmul_of_method_result(x):
    v = (Vec(x) * 2.0) @ np.ones(3)
    return np.sum(v.a)


def invert_of_dict_item(x):
    objs = {"a": Vec(x)}
    v = ~objs["a"]
    return np.sum(v.a)


def floordiv_of_dict_item(x):
    objs = {"a": Vec(x)}
    v = objs["a"] // 4.0
    return np.sum(v.a)


def neg_of_dict_item(x):
    objs = {"a": Vec(x)}
    v = -objs["a"]
    return np.sum(v.a)


def operator_module_neg(x):
    v = operator.neg(Vec(x) * 2.0)
    return np.sum(v.a)


def operator_module_sub(x):
    v = operator.sub(Vec(x) * 2.0, 1.0)
    return np.sum(v.a)


def operator_module_neg_of_known_class(x):
    w = Vec(x)
    v = operator.neg(w)
    return np.sum(v.a)


def numpy_negative_of_method_result(x):
    v = np.negative(Vec(x) * 2.0)
    return np.sum(v.a)


def builtin_pow_of_method_result(x):
    v = pow(Vec(x) * 2.0, 3)
    return np.sum(v.a)


OBJECTS = {"v": Vec(np.linspace(0.5, 1.5, 6))}


def constant_object_minus_argument(x):
    c = OBJECTS["v"]
    u = c - x
    return np.sum(u.a)


def constant_object_negated_times_argument(x):
    u = -OBJECTS["v"]
    return np.sum((u.__mul__(x)).a)


def _negated(o):
    return -o


def neg_in_a_helper_of_method_result(x):
    v = _negated(Vec(x) * 2.0)
    return np.sum(v.a)


@pytest.mark.parametrize(
    "f",
    [
        invert_of_dict_item,
        floordiv_of_dict_item,
        neg_of_dict_item,
        operator_module_neg,
        operator_module_neg_of_known_class,
        numpy_negative_of_method_result,
        builtin_pow_of_method_result,
        constant_object_minus_argument,
    ],
)
def test_operators_on_objects_of_unknown_class_rejected(f):
    text = "an operator here is applied to an object of class Vec"
    if f in (numpy_negative_of_method_result, builtin_pow_of_method_result):
        text = "of an object of class Vec: Python reads the object through its methods"
    check_rejected(f, X, text)


# an operator on what a method returns: the class its returns make (session 17,
# normalize.operator_results), so the method is called and differentiated
@pytest.mark.parametrize(
    "f",
    [
        pos_of_method_result,
        invert_of_method_result,
        floordiv_of_method_result,
        mod_of_method_result,
        sub_of_method_result,
        rsub_of_method_result,
        neg_of_method_result,
        div_of_method_result,
        pow_of_method_result,
        matmul_of_method_result,
        neg_in_a_helper_of_method_result,
        operator_module_sub,  # operator.sub(a, b) is a - b (session 24)
    ],
)
def test_operators_on_method_results_differentiated(f):
    check_all_modes(f, X)


# the same operators where the class is known (the method is called and differentiated),
# and on arrays and numbers beside objects (no check fails there)
def operators_of_known_class(x):
    w = Vec(x)
    u = ~w
    q = w // 3.0
    n = -w
    p = +w
    return np.sum(u.a + q.a * n.a + p.a)


def operators_of_fields(x):
    w = Vec(x) * 2.0
    a = w.a
    return np.sum(-a + (+a) ** 2 + a % 0.7 + (a - 1.0) / 3.0) + np.sum(a // 0.5)


def operators_of_dict_arrays(x):
    d = {"a": x[:3]}
    w = Vec(x[3:])
    return np.sum(-d["a"] + d["a"] % 0.9) + np.sum((~w).a)


def operators_in_helpers(x):
    return np.sum(_negated(Vec(x)).a) + np.sum(_negated(x * 2.0))


def operator_functions_of_fields(x):
    w = Vec(x) * 2.0
    a = w.a
    return np.sum(operator.neg(a) + np.negative(a) * pow(a, 2)) + float(np.sum(abs(a)))


@pytest.mark.parametrize(
    "f",
    [
        operators_of_known_class,
        operators_of_fields,
        operators_of_dict_arrays,
        operators_in_helpers,
        operator_functions_of_fields,
    ],
)
def test_operators_beside_objects_differentiated(f):
    check_all_modes(f, X, oracle=False)


def test_no_checks_without_operator_classes():
    """A function whose free values hold no class with operator methods gets no checks."""
    import examples.mlp as mlp

    assert "operand_check" not in s2sgrad.source(mlp.loss, argnums=(1, 2))


# a classmethod's cls.f(v), cls.normal(v), cls.power(v): methods of the class named like
# draws of a generator (f, normal, power); a derivative that runs the forward pass twice
# (Hessians) took them for draws from a generator "cls" (a TypeError inside s2sgrad); a
# classmethod calling another through cls too (session 13)
class Stats:
    scale = 3.0

    @staticmethod
    def f(v):
        return v**2

    @classmethod
    def normal(cls, v):
        return np.sin(v) * cls.scale

    @staticmethod
    def power(v):
        return v**3

    @classmethod
    def total(cls, v):
        return np.sum(cls.f(v) * cls.scale + cls.power(v))


RNG = np.random.default_rng(3)


class Noisy:
    @classmethod
    def total(cls, v):
        return np.sum(v**2 * RNG.normal(size=v.shape))


def classmethod_calls_methods_named_like_draws(x):
    return Stats.total(x)


def instance_calls_classmethod(x):
    return Stats().total(x) + np.sum(Stats.normal(x))


class Chained(Stats):
    @classmethod
    def total(cls, v):
        return np.sum(cls.normal(v))


def chained_classmethods(x):
    return Chained.total(x)


def test_classmethod_calling_classmethod():
    # cls.normal(v) of a classmethod bound to its class is the class's method, not a
    # draw, in every mode (it was an error before classmethods were differentiated)
    check_all_modes(chained_classmethods, X)
    np.testing.assert_allclose(
        s2sgrad.hessian(chained_classmethods)(X), np.diag(-3.0 * np.sin(X)), atol=1e-12
    )


@pytest.mark.parametrize(
    "f", [classmethod_calls_methods_named_like_draws, instance_calls_classmethod]
)
def test_class_methods_named_like_draws(f):
    check_all_modes(f, X)
    np.testing.assert_allclose(
        s2sgrad.jacfwd(s2sgrad.grad(f))(X), s2sgrad.hessian(f)(X), rtol=1e-12
    )


def test_classmethod_draws_still_replayed():
    def f(x):
        return Noisy.total(x)

    state = RNG.bit_generator.state
    h = s2sgrad.hessian(f)(X)
    RNG.bit_generator.state = state
    noise = RNG.normal(size=X.shape)
    np.testing.assert_allclose(h, np.diag(2.0 * noise), atol=1e-12)


# np.clip with a lower bound above the upper one gives the upper one (NumPy's clip is
# minimum(maximum(x, lo), hi)): the derivative went to the lower bound where x is below
# it, and was lost for the upper bound where x is below both (silently wrong in all modes)
def clip_bounds_crossing(x):
    return np.sum(np.clip(x, x[::-1] - 0.5, 1.2) ** 2)


def clip_upper_bound_below_lower(x):
    return np.sum(np.clip(x * 0.5, 0.3, x[::-1] * 0.4) ** 2)


def clip_keyword_bounds_crossing(x):
    return np.sum(np.clip(x, min=x[::-1], max=x[2] * 0.5) * x)


def clip_method_bounds_crossing(x):
    return np.sum(x.clip(x[3] - 1.0, x[::-1] - 0.7) ** 3)


def clip_bounds_in_order(x):
    return np.sum(np.clip(x, -x[2], x[3] * 0.9) ** 2 + np.clip(x, None, x[0] * 1.1) * x)


@pytest.mark.parametrize(
    "f",
    [
        clip_bounds_crossing,
        clip_upper_bound_below_lower,
        clip_keyword_bounds_crossing,
        clip_method_bounds_crossing,
        clip_bounds_in_order,
    ],
)
def test_clip_bounds_that_cross(f):
    check_all_modes(f, X, oracle=f is clip_bounds_in_order)


# an item of an object whose class the transform cannot tell (v[i], a loop over it,
# unpacking it) of a class with __getitem__ or __iter__: Python calls the method, the
# derivative indexed the object's adjoint (a crash in generated code: KeyError, TypeError);
# now checked where it runs (item_check), an error at the user's line
class Items:
    def __init__(self, a):
        self.a = a

    def __mul__(self, k):
        return Items(self.a * k)

    def __getitem__(self, i):
        return self.a[i] ** 2

    def __iter__(self):
        return iter([self.a[0] * 3.0, self.a[1]])


def item_of_method_result(x):
    v = Items(x) * 2.0
    return v[1] + v[2]


def item_of_dict_item(x):
    d = {"v": Items(x)}
    return d["v"][1] * 2.0


def loop_over_method_result(x):
    s = 0.0
    for t in Items(x) * 2.0:
        s = s + t
    return s


def unpacked_method_result(x):
    a, b = Items(x) * 2.0
    return a * b


@pytest.mark.parametrize(
    "f, text",
    [
        (item_of_dict_item, "an item of an object of class Items is read here"),
        # the class of what __mul__ returns is known (session 17): refused before it runs
        (unpacked_method_result, "unpacking an object of class Items"),
        (loop_over_method_result, "iterating an object of class Items"),
    ],
)
def test_items_of_objects_of_unknown_class_rejected(f, text):
    check_rejected(f, X, text)


def test_item_of_method_result_differentiated():
    # v = Items(x) * 2.0 holds an Items (what __mul__ returns): v[1] is its __getitem__
    check_all_modes(item_of_method_result, X)


def items_beside_objects(x):
    vs = [Items(x), Items(x * 2.0)]
    parts = [x[:3], x[3:]]
    w = Items(x) * 3.0
    return vs[1][2] + np.sum(parts[1] ** 2) + np.sum(w.a[1:] ** 2)


def test_items_beside_objects_differentiated():
    check_all_modes(items_beside_objects, X, oracle=False)
