"""Constructs found by the s29c programs (tests/programs/s29c_*.py).

A loop-carried tuple unpacked into a call: ``state = (q, p)`` then, in a loop,
``state = step(*state, k)`` where ``step`` returns a tuple display of one length. The
length of ``state`` is that length (checked when the code runs); other lengths are still
refused with s2sgrad's own error.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad


def _leapfrog(q, p, k, dt=0.1):
    p = p - 0.5 * dt * k * np.sin(q)
    q = q + dt * p
    p = p - 0.5 * dt * k * np.sin(q)
    return q, p


def loop_carried_state(w):
    state = (w[:2], np.zeros(2))
    for _ in range(4):
        state = _leapfrog(*state, w[2], dt=0.1)
    q, p = state
    return np.sum(q**2) + np.sum(p * w[:2])


def test_loop_carried_tuple_from_a_tuple_returning_function():
    check_all_modes(loop_carried_state, [0.3, -0.2, 2.0])


def _swap_scale(a, b, s=1.0):
    if s > 100.0:
        return b * s, a
    return b, a * s


def branching_returns(w):
    pair = (w[0], w[1])
    for _ in range(3):
        pair = _swap_scale(*pair, s=w[2])
    return pair[0] * pair[1] + pair[0] ** 2


def test_every_return_of_one_length_across_branches():
    check_all_modes(branching_returns, [0.5, 1.5, 1.2])


def rotated_display(w):
    state = (w[0], w[1], w[2])
    for _ in range(3):
        state = (state[1], state[2], state[0] * w[3])
    return _triple(*state)


def _triple(a, b, c=0.0):
    return a * b + np.sin(c)


def test_loop_carried_tuple_rebound_to_displays():
    check_all_modes(rotated_display, [0.4, -0.3, 0.8, 1.1])


def _three(q, p):
    return q, p, q * p


def _total(*xs):
    return sum(xs)


def mixed_lengths(w):
    state = (w[0], w[1])
    for _ in range(2):
        state = _three(state[0], state[1] * w[0])
    return _total(*state)


def test_bindings_of_different_lengths_are_refused():
    check_rejected(mixed_lengths, [0.5, 1.0], "whose length is not known")


def _step(q, p, k, dt=0.1):
    return q + dt * p * k, p - dt * k * q


def star_then_positional_onto_a_default(k, state):
    q, p = _step(*state, k)
    return np.sum(q * p)


def test_star_before_a_positional_that_may_fill_a_default():
    # step(*state, k) with def step(q, p, k, dt=0.1): *state may give 2 or 3 items, so its
    # length is not fixed when the function is transformed (normalize/arguments.py)
    state = (np.array([0.3, 0.1]), np.array([0.2, -0.4]))
    star_then_positional_onto_a_default(2.0, state)  # runs as written
    g = s2sgrad.grad(star_then_positional_onto_a_default)(2.0, state)
    eps = 1e-6
    fd = (
        star_then_positional_onto_a_default(2.0 + eps, state)
        - star_then_positional_onto_a_default(2.0 - eps, state)
    ) / (2 * eps)
    np.testing.assert_allclose(g, fd, rtol=1e-6)


_SUBJECTS = [0, 0, 1, 2, 1]
_XS = [1.0, 2.0, 3.0, 4.0, 5.0]


def grouped_by_setdefault(b):
    groups = {}
    for s, x in zip(_SUBJECTS, _XS):
        groups.setdefault(s, []).append(x * b[0] + b[1])
    return sum(np.mean(np.array(v)) ** 2 for v in groups.values())


def grouped_by_item_append(b):
    groups = {0: [], 1: [], 2: []}
    for s, x in zip(_SUBJECTS, _XS):
        groups[s].append(x * b[0] + b[1])
    return sum(np.mean(np.array(v)) ** 2 for v in groups.values())


def grouped_in_a_defaultdict(b):
    groups = defaultdict(list)
    for s, x in zip(_SUBJECTS, _XS):
        groups[s].append(x * b[0] + b[1])
    return sum(np.mean(np.array(v)) ** 2 for v in groups.values())


def grouped_by_rebinding(b):
    groups = {}
    for s, x in zip(_SUBJECTS, _XS):
        if s not in groups:
            groups[s] = []
        groups[s] = groups[s] + [x * b[0] + b[1]]
    return sum(np.mean(np.array(v)) ** 2 for v in groups.values())


@pytest.mark.parametrize(
    "f",
    [grouped_by_setdefault, grouped_by_item_append, grouped_in_a_defaultdict, grouped_by_rebinding],
)
def test_appends_to_lists_held_in_a_dict_are_differentiated(f):
    check_all_modes(f, [0.3, 0.2])
