"""Classes of problem found by session 18's real-style programs (tests/programs/s18_*.py)
and the blocked ones it unblocked: each test fails without its fix."""

from __future__ import annotations

import numpy as np
from gradcheck import check_all_modes, check_rejected

X = np.array([0.3, -0.8, 1.2])


# ---- a number default of a callee: dt * obj applies obj.__rmul__ once, whole ----------


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    __rmul__ = __mul__

    def total(self):
        return np.sum(self.x * self.y)


def drift(p, v, dt=0.1):
    for _ in range(3):
        p = p + dt * v
    return p


def drift_default(w):
    return drift(Vec(w, w**2), Vec(np.sin(w), w)).total()


def drift_literal(w):
    return drift(Vec(w, w**2), Vec(np.sin(w), w), 0.25).total()


def drift_keyword_literal(w):
    return drift(Vec(w, w**2), Vec(np.cos(w), w), dt=2).total()


def scaled(v, k=3):
    return k * v


def int_default(w):
    return scaled(Vec(w, np.exp(w))).total()


def test_number_default_of_a_callee():
    for f in (drift_default, drift_literal, drift_keyword_literal, int_default):
        check_all_modes(f, X)


def drift_passed_item(w, steps=(0.1, 0.2)):
    return drift(Vec(w, w**2), Vec(np.sin(w), w), steps[len(w) % 2]).total()


def test_a_value_passed_for_the_number_is_still_refused():
    # a value only known when it runs may be an array: NumPy would apply __rmul__ per item
    check_rejected(drift_passed_item, X, "may be an array", lines=_lines_of(drift))


# ---- sorted(d) of a dict s2sgrad could not tell was one -----------------------------


def unflatten(w):
    return {"b": w[:2], "a": (w[2:], w[:1])}


def total_sorted_items(params):
    t = 0.0
    for key, value in sorted(params.items()):
        t = t + np.sum(value[0] ** 2) if key == "a" else t + np.sum(np.sin(value))
    return t


def sorted_items_of_callee_result(w):
    return total_sorted_items(unflatten(w))


def sorted_items_local(w):
    params = unflatten(w)
    t = 0.0
    for key, (first, *rest) in sorted(params.items(), reverse=True):
        t = t * 2.0 + np.sum(first**3)
    return t


def walk_keys(tree):
    t = 0.0
    for key in sorted(tree):
        t = t * 1.5 + np.sum(tree[key] ** 2)
    return t


def sorted_keys_of_parameter(w):
    return walk_keys({"z": w, "y": np.cos(w), "x": w[:2]})


def weights(tree):
    if isinstance(tree, dict):
        for key in sorted(tree):
            yield from weights(tree[key])
    elif isinstance(tree, (list, tuple)):
        for item in tree:
            yield from weights(item)
    else:
        yield tree


def generator_over_nested_dicts(w):
    params = {"u": [(w, w[:1])], "t": {"q": np.sin(w), "p": (w**2,)}}
    return sum(np.sum(v**2) * (k + 1) for k, v in enumerate(weights(params)))


def test_sorted_keys_of_a_dict_not_known_to_be_one():
    for f in (
        sorted_items_of_callee_result,
        sorted_items_local,
        sorted_keys_of_parameter,
        generator_over_nested_dicts,
    ):
        check_all_modes(f, X, oracle=False)  # autograd boxes a dict: isinstance is False


def sort_values(seq):
    out = 0.0
    for v in sorted(seq):
        out = out * 2.0 + v
    return out


def sorted_numbers_of_parameter(w):
    return sort_values([w[0], w[1] * 2.0, w[2]])


def test_sorted_numbers_are_refused_when_they_run():
    check_rejected(sorted_numbers_of_parameter, X, "sorted()", lines=_lines_of(sort_values))


def _lines_of(f):
    import inspect

    source, start = inspect.getsourcelines(f)
    return range(start, start + len(source))
