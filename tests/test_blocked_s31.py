"""Programs of issue 12 as written (session 31): lists of a plain dict appended to
(``d.setdefault(k, []).append(r)``), a ``reversed(...)`` passed to a user function's loop,
lists of an object or closure recording differentiated values, and a network built in the
loss by a method appending to ``self.layers``. Each checked against finite differences in
every mode; what stays unsupported is an error at the user's line."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

# ---- lists held in a plain dict, appended to ---------------------------------------------

_S = [0, 2, 1, 0, 2, 2]
_X = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def setdefault_append(b):
    groups = {}
    for s, x in zip(_S, _X):
        groups.setdefault(s, []).append(np.sin(x * b[0]) + b[1])
    return sum(np.sum(np.array(v) ** 2) * len(v) for v in groups.values())


def setdefault_extend_tuple_keys(b):
    groups = {}
    for i, (s, x) in enumerate(zip(_S, _X)):
        groups.setdefault((s, i % 2), []).extend([x * b[0], b[1] * b[0]])
    total = 0.0
    for key in sorted(groups):
        total = total + key[0] * np.mean(np.array(groups[key])) ** 2
    return total


def not_in_then_append(b):
    groups = {}
    for s, x in zip(_S, _X):
        if s not in groups:
            groups[s] = []
        groups[s].append(np.tanh(x * b[0] - b[1]))
    return np.sum(np.stack(groups[2])) * np.sum(np.stack(groups[0]))


def display_of_fresh_lists(b):
    groups = {0: [], 1: [b[0]], 2: []}
    for s, x in zip(_S, _X):
        groups[s].append(x * b[1] ** 2)
    return np.prod(np.array([np.sum(np.array(groups[k])) for k in groups]))


def _grouped(b, subjects):
    out = dict()
    for s, x in zip(subjects, _X):
        out.setdefault(s, []).append(x * b[0] + np.exp(b[1]))
    return out


def dict_returned_by_a_helper(b):
    groups = _grouped(b, _S)
    return sum(np.var(np.array(rs)) + np.mean(np.array(rs)) ** 2 for rs in groups.values())


def read_after_the_loop(b):
    groups = {}
    for s, x in zip(_S, _X):
        groups.setdefault(s, []).append(x * b[0])
        groups.setdefault(-s, []).append(x * b[1])
    members = groups[2]
    return np.sum(np.array(members) ** 3) + len(groups[-1]) * np.sum(np.array(groups[0]))


@pytest.mark.parametrize(
    "f",
    [
        setdefault_append,
        setdefault_extend_tuple_keys,
        not_in_then_append,
        display_of_fresh_lists,
        dict_returned_by_a_helper,
        read_after_the_loop,
    ],
)
def test_lists_of_a_plain_dict_appended_to(f):
    check_all_modes(f, [0.3, 0.2])


def kept_in_the_loop(b):
    groups = {}
    seen = []
    for s, x in zip(_S, _X):
        groups.setdefault(s, []).append(x * b[0] + b[1])
        seen.append(groups[s])  # the same list, which later appends grow
    return sum(np.sum(np.array(v)) for v in seen[0])


def another_name_holds_the_list(b):
    xs = [b[0]]
    groups = {}
    groups[0] = xs
    for x in _X:
        groups[0].append(x * b[1])
    return np.sum(np.array(xs))


def default_of_values(b):
    groups = {}
    for s, x in zip(_S, _X):
        groups.setdefault(s, [b[0]]).append(x * b[1])
    return sum(np.sum(np.array(v)) for v in groups.values())


@pytest.mark.parametrize("f", [kept_in_the_loop, another_name_holds_the_list, default_of_values])
def test_lists_a_rebinding_would_tell_apart_are_refused(f):
    check_rejected(f, [0.3, 0.2], "changes in place a list or dict held in another container")
