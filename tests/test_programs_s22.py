"""Constructs of session 22's real-style programs (tests/programs/s22_*.py) that s2sgrad
refused, each checked in every mode against finite differences and autograd: a method
called on a copy made by ``dataclasses.replace`` or ``_replace``; ``f(**layer._asdict())``
of a NamedTuple whose class is known (made here, or an item of a list a helper returns
from a comprehension); fields read in a nested helper under the Hessian (the names
it shares with the generated code read back are not its own)."""

import dataclasses
from collections import namedtuple
from typing import NamedTuple

import numpy as np
import pytest
from gradcheck import check_all_modes

X = [0.31, 0.57, 0.73]


@dataclasses.dataclass(frozen=True)
class Spring:
    k: float
    m: float = 1.0

    def force(self, x):
        return -self.k * x / self.m

    def run(self, x, steps):
        total = 0.0
        for _ in range(steps):
            x = x + 0.1 * self.force(x)
            total = total + x**2
        return total


class Line(NamedTuple):
    slope: float
    offset: float

    def at(self, t):
        return self.slope * t + self.offset


def replaced_dataclass_method(x):
    model = Spring(k=np.exp(x[0]), m=np.exp(x[1]))
    stiffer = dataclasses.replace(model, k=2.0 * model.k)
    return model.run(x[2], 3) + stiffer.run(x[2], 3)


def replaced_twice_method(x):
    a = Spring(k=x[0] ** 2 + 1.0)
    b = dataclasses.replace(a, m=1.0 + x[1] ** 2)
    c = dataclasses.replace(b, k=b.k * x[2])
    return c.force(x[2]) * b.force(x[1])


def replaced_namedtuple_method(x):
    line = Line(x[0], x[1])
    moved = line._replace(offset=line.offset * x[2])
    return moved.at(x[2]) ** 2 + line.at(x[0])


@pytest.mark.parametrize(
    "f",
    [replaced_dataclass_method, replaced_twice_method, replaced_namedtuple_method],
)
def test_method_of_a_replaced_copy(f):
    check_all_modes(f, X)


Dense = namedtuple("Dense", ["W", "b", "act"])


def dense(h, *, W, b, act="tanh"):
    z = h * W + b
    return np.tanh(z) if act == "tanh" else z


def line_value(t, slope, offset):
    return slope**2 * t + offset


def build_layers(x):
    return [Dense(w, b, act) for w, b, act in zip(x, x[::-1], ["tanh", "id", "tanh"])]


def asdict_made_here(x):
    layer = Dense(x[0], x[1], "id")
    return dense(x[2], **layer._asdict()) * x[0]


def asdict_typed_namedtuple(x):
    line = Line(x[0], x[1])
    return line_value(x[2], **line._asdict())


def asdict_items_of_helper(x):
    h = 0.5
    for layer in build_layers(x):
        h = dense(h, **layer._asdict())
    return h**2


def asdict_unknown_class(x, layers):
    return sum(line_value(x[0], **layer._asdict()) for layer in layers)


@pytest.mark.parametrize("f", [asdict_made_here, asdict_typed_namedtuple, asdict_items_of_helper])
def test_asdict_of_a_known_namedtuple_spreads_its_fields(f):
    check_all_modes(f, X)


def test_asdict_of_an_unknown_class_has_its_keys_when_the_code_runs():
    # the call's derivative is made when it runs, with the fields as its constants
    # (tests/test_programs_s26b.py); was "whose keys are not known"
    layers = [Line(0.5, 0.1), Line(-0.3, 2.0)]
    check_all_modes(lambda x: asdict_unknown_class(x, layers), X)


def replaced_in_helper(x):
    def shifted(model, dk):
        return dataclasses.replace(model, k=model.k + dk)

    model = Spring(k=1.0 + x[0] ** 2)
    return shifted(model, x[1]).k * model.force(x[2])


def field_of_nested_helper(x):
    def scaled(line, c):
        return line.slope * c + line.offset

    return scaled(Line(x[0] ** 2, x[1]), x[2]) ** 2


@pytest.mark.parametrize("f", [replaced_in_helper, field_of_nested_helper])
def test_field_reads_in_a_nested_helper_in_every_mode(f):
    # the Hessian reads the generated gradient back: the nested helper shares its names,
    # among them tree_field, the helper itself (was "the name tree_field ... is the helper")
    check_all_modes(f, X)


def local_named_like_the_helper(x):
    line = Line(x[1], x[2])
    tree_field = x[0] * 2.0
    return line.slope * tree_field + line.offset**2


def test_a_local_named_like_the_field_helper_is_kept_apart():
    check_all_modes(local_named_like_the_helper, X)


# -- a program's own function named like a runtime helper (tree_field, array_item) ----------
# The code made for a Hessian calls the program's function as written; the helper of that
# name was bound in its place (a wrong value and Hessian, silently).


def tree_field(p, name):
    return 2.0 * p.slope if name == "slope" else p.offset


def array_item(x, i):
    return 3.0 * x[i] ** 2


def own_tree_field(x):
    line = Line(x[0], x[1])
    return tree_field(line, "slope") ** 3 + x[2] * x[1]


def own_array_item(x):
    return array_item(x, 1) * x[0] + np.sin(array_item(x, 2))


@pytest.mark.parametrize("f", [own_tree_field, own_array_item])
def test_a_function_named_like_a_helper_is_the_programs_own(f):
    check_all_modes(f, X)


def tree_node(t):
    return 2.0 * t


def own_tree_node_and_a_namedtuple(x):
    line = Line(x[1] ** 2, x[2])  # tree_node(Line, ...) in the derivative
    return tree_node(line.slope) * x[0]


def test_a_function_named_like_a_helper_the_derivative_also_calls_is_refused():
    import s2sgrad

    f = own_tree_node_and_a_namedtuple
    assert np.allclose(s2sgrad.grad(f)(np.array(X)), [2 * X[1] ** 2, 4 * X[1] * X[0], 0.0])
    with pytest.raises(s2sgrad.TransformError, match="the name 'tree_node' of a function") as e:
        s2sgrad.hessian(f)(np.array(X))
    assert e.value.lineno == f.__code__.co_firstlineno + 2
