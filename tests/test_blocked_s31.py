"""Programs of issue 12 as written (session 31): lists of a plain dict appended to
(``d.setdefault(k, []).append(r)``), a ``reversed(...)`` passed to a user function's loop,
lists of an object or closure recording differentiated values, and a network built in the
loss by a method appending to ``self.layers``. Each checked against finite differences in
every mode; what stays unsupported is an error at the user's line."""

from __future__ import annotations

import collections
import inspect

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


def keyerror_then_store(b):
    groups = {}
    for s, x in zip(_S, _X):
        try:
            groups[s].append(x * b[0])
        except KeyError:
            groups[s] = [x * b[1]]
    return sum(np.sum(np.array(v) ** 2) for v in groups.values())


def list_call_default(b):
    groups = {}
    for s, x in zip(_S, _X):
        groups.setdefault(s, list()).append(x * b[0] + b[1])
    means = {k: np.mean(np.array(v)) for k, v in groups.items()}
    return sum(m**2 * k for k, m in means.items())


def ordered_dict_setdefault(b):
    groups = collections.OrderedDict()
    total = 0.0
    for s, x in zip(_S, _X):
        groups.setdefault(s, []).append(np.sin(x * b[0]))
        total = total + len(groups[s]) * b[1]
    return total + sum(np.sum(np.array(v)) ** 2 for v in groups.values())


def running_values(b):
    runs = {}
    for s, x in zip(_S, _X):
        if s not in runs:
            runs[s] = [b[0]]
        runs[s].append(runs[s][-1] * 0.5 + x * b[1] + np.mean(np.array(runs[s])))
    return sum(np.sum(np.array(v) ** 2) for v in runs.values())


@pytest.mark.parametrize(
    "f",
    [
        running_values,
        keyerror_then_store,
        list_call_default,
        ordered_dict_setdefault,
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


def list_appended_into_another(b):
    groups = {}
    groups.setdefault(1, []).append(b[0])
    groups.setdefault(0, []).append(groups[1])  # the same list, which the next append grows
    groups.setdefault(1, []).append(b[1] * 3.0)
    return np.sum(np.array(groups[0][0]))


def default_list_appended_into_another(b):
    groups = collections.defaultdict(list)
    groups[1].append(b[0])
    groups[0].append(groups[1])
    groups[1].append(b[1] * 3.0)
    return np.sum(np.array(groups[0][0]))


@pytest.mark.parametrize(
    "f",
    [
        kept_in_the_loop,
        another_name_holds_the_list,
        default_of_values,
        list_appended_into_another,
        default_list_appended_into_another,
    ],
)
def test_lists_a_rebinding_would_tell_apart_are_refused(f):
    check_rejected(f, [0.3, 0.2], "changes in place a list or dict held in another container")


# ---- an iterator passed to a user function that loops over it once -----------------------

_SEQ = np.linspace(-1.0, 1.0, 8).reshape(4, 2)


def _run(w, seq):
    h = np.zeros(2)
    states = []
    for x in seq:
        h = np.tanh(w * x + 0.5 * h[::-1])
        states.append(h)
    return states


def reversed_rows_of_data(w):
    fwd = _run(w, _SEQ)
    bwd = _run(w, reversed(_SEQ))[::-1]
    return sum(np.sum(f * b) for f, b in zip(fwd, bwd))


def reversed_differentiated_rows(w):
    rows = np.sin(_SEQ * w)
    return np.sum(np.stack(_run(w[::-1], reversed(rows))) ** 2)


def reversed_list_by_keyword(w):
    xs = [np.cos(w * k) for k in range(3)]
    return np.sum(_run(seq=reversed(xs), w=w)[-1])


def _weighted(pairs, scale=1.0):
    return sum(scale * np.sum(a * b) for a, b in pairs)


def zip_passed(w):
    return _weighted(zip(_SEQ, [w, w**2, np.sin(w), w]), scale=2.0)


def _stepped(w, steps):
    total = 0.0
    for i, x in steps:
        total = total + (i + 1.0) * np.sum(np.exp(-w * x))
    return total


def enumerate_of_reversed_passed(w):
    return _stepped(w, enumerate(reversed(_SEQ)))


def local_def_callee(w):
    def scan(seq):
        return np.stack([np.sum(w * x) for x in seq])

    return np.sum(scan(reversed(_SEQ)) * np.arange(4.0))


class _BiRNN:
    def __init__(self, scale):
        self.scale = scale

    def run(self, w, seq):
        h = np.zeros(2)
        out = []
        for x in seq:
            h = np.tanh(self.scale * w * x + 0.5 * h)
            out.append(h)
        return out

    def both(self, w):
        fwd = self.run(w, _SEQ)
        bwd = self.run(w, reversed(_SEQ))[::-1]
        return np.stack([f * b for f, b in zip(fwd, bwd)])


_NET = _BiRNN(1.3)


def method_of_a_module_object(w):
    return np.sum(_NET.both(w) ** 2)


def method_of_an_object_made_in_the_loss(w):
    net = _BiRNN(0.7)
    return np.sum(net.run(w, reversed(np.cos(_SEQ * w)))[0])


@pytest.mark.parametrize(
    "f",
    [
        method_of_a_module_object,
        method_of_an_object_made_in_the_loss,
        reversed_rows_of_data,
        reversed_differentiated_rows,
        reversed_list_by_keyword,
        zip_passed,
        enumerate_of_reversed_passed,
        local_def_callee,
    ],
)
def test_an_iterator_passed_to_a_loop_by_argument(f):
    check_all_modes(f, [0.4, -0.3])


def _enumerated(w, seq):
    total = 0.0
    for i, x in enumerate(seq):
        total = total + (i + 1.0) * np.sum(np.tanh(w * x))
    return total


def _zipped(w, seq, weights):
    return sum(c * np.sum(w * x) ** 2 for x, c in zip(seq, weights))


def _listed(w, seq):
    rows = list(seq)
    return np.sum(np.stack(rows) * w) * rows[0][0]


def _indices(w, order):
    return sum(np.sum(_SEQ[i] * w) * (i + 1) for i in order)


def enumerated_in_the_callee(w):
    return _enumerated(w, reversed(_SEQ))


def zipped_in_the_callee(w):
    return _zipped(w, reversed(_SEQ), [1.0, 2.0, 3.0, 4.0])


def reversed_range_passed(w):
    return _indices(w, reversed(range(4))) ** 2


@pytest.mark.parametrize(
    "f", [enumerated_in_the_callee, zipped_in_the_callee, reversed_range_passed]
)
def test_an_iterator_read_by_the_callee_s_loop_helpers(f):
    check_all_modes(f, [0.4, -0.3])


def listed_by_the_callee(w):
    return _listed(w, reversed(_SEQ * w))


def test_an_iterator_of_differentiated_rows_listed_by_the_callee():
    # autograd's list(reversed(box)) gives an object array its check cannot compare
    check_all_modes(listed_by_the_callee, [0.4, -0.3], oracle=False)


def _twice(w, seq):
    total = 0.0
    for x in seq:
        total = total + np.sum(w * x)
    for x in seq:  # empty: the first loop consumed the iterator
        total = total + np.sum(w * x) ** 2
    return total


def _in_a_loop(w, seq):
    total = 0.0
    for k in range(2):
        for x in seq:
            total = total + k * np.sum(w * x)
    return total


def _first(w, seq):
    return np.sum(w * next(seq))


def read_twice(w):
    return _twice(w, reversed(_SEQ))


def read_in_a_loop(w):
    return _in_a_loop(w, reversed(_SEQ))


def read_by_next(w):
    return _first(w, reversed(_SEQ))


@pytest.mark.parametrize("f, callee", [(read_twice, _twice), (read_in_a_loop, _in_a_loop)])
def test_an_iterator_looped_over_more_than_once_is_refused(f, callee):
    source, start = inspect.getsourcelines(callee)  # the error is at the callee's loop
    lines = range(start, start + len(source))
    check_rejected(f, [0.4, -0.3], "iterates by position, and an iterator has none", lines)


def test_an_iterator_read_by_next_runs_as_written():
    check_all_modes(read_by_next, [0.4, -0.3])
