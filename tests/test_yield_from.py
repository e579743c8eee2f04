"""``yield from`` in a generator helper called from differentiated code: lowered like a
loop yielding each item (normalize/lowering.py: generator_as_list)."""

import numpy as np
from gradcheck import check_all_modes, check_rejected


def pieces(x):
    yield x[0] * 2.0
    yield from [x[1] ** 2, x[2] * x[0]]


def nested(x, depth):
    if depth == 0:
        yield np.sin(x)
    else:
        yield from nested(x * 1.5, depth - 1)
        yield x


def flat_sum(x):
    return sum(pieces(x)) + sum(np.sum(v) for v in nested(x, 2))


def test_yield_from_in_a_generator_helper():
    check_all_modes(flat_sum, [0.3, -0.7, 1.2])


def sent(x):
    acc = yield x
    yield acc


def uses_a_sent_value(x):
    return sum(sent(x))


def test_yield_as_a_value_is_still_an_error():
    check_rejected(
        uses_a_sent_value, [0.3], "yield as a value", lines=[sent.__code__.co_firstlineno + 1]
    )
