"""A callee known only when the code runs that holds differentiated values itself (an
object with ``__call__`` made from them, taken from a list) is an error at the user's
line, never a call whose result is taken as constant (a zero gradient): activity counts
the callee of a called value among what its result depends on."""

import numpy as np
from gradcheck import check_all_modes, check_rejected


class Scale:
    def __init__(self, a):
        self.a = a

    def __call__(self, z):
        return z * self.a


def from_a_comprehension(x):
    flow = [Scale(x[i]) for i in range(2)]
    z = np.ones(2)
    for layer in flow:
        z = layer(z)
    return np.sum(z)


def from_an_item(x):
    flow = [Scale(x[0]), Scale(x[1])]
    z = flow[0](np.ones(2))
    return np.sum(z)


def unpacked_pair(x):
    pair = [Scale(x[0] * 2.0), Scale(x[1])]
    first, second = pair
    return np.sum(second(first(np.ones(2))))


def test_objects_holding_differentiated_values_are_rejected():
    check_rejected(unpacked_pair, [0.5, 2.0], "differentiated values")


def test_items_of_a_display_called_by_position_are_differentiated():
    # flow[0](z): the item's class is known from the display (tests/programs s14_gan_nets)
    check_all_modes(from_an_item, [0.5, 2.0], hess=False)


def test_objects_from_a_comprehension_are_differentiated():
    # the items' class is the comprehension's (tests/test_object_comprehensions.py)
    check_all_modes(from_a_comprehension, [0.5, 2.0], hess=False)


ACTS = [np.tanh, np.sin, lambda z: z**2]


def stateless_items(x):
    out = 0.0
    for i in range(3):
        out = out + np.sum(ACTS[i](x * (i + 1)))
    return out


def test_stateless_callees_from_a_list_are_still_differentiated():
    check_all_modes(stateless_items, [0.3, -0.4])
