"""Session 30: adversarial programs against central finite differences and autograd.

``xs.extend([a, b])`` of a list that ``+=`` also grows is two appends, with every item
evaluated before the first (so an item may read the list as it was); an extend of a value
other than a display is s2sgrad's own error at the user's line.

``if c: return a`` followed by more statements is ``if c: return a else: ...`` (no flag),
so a condition the transformation knows (``isinstance(o, V)`` of an operand of a user class
with operator methods) folds the code after it away too: it was lowered, and the dead
branch ``self.v * o`` with ``o`` an object was an error.

Sets of plain values (``if act in {"relu", "tanh"}``, ``seen = set(); seen.add(i)``,
``{i % 3 for i in ...}``, ``for i in {0, 2}``) were "cannot be differentiated", and a loop
over a set crashed with TypeError (s2sgrad indexed it): now they run as Python runs them,
and a set holding a differentiated value, another name for a changed set and a loop over a
set s2sgrad cannot see is one are s2sgrad's own errors.

A local function reading a differentiated local, passed to a user function with no other
differentiated argument (``rk4(dyn, y0, t, dt)`` with a constant ``y0``), made the call
look constant: its derivative was silently zero. The call now counts the locals the passed
function reads (activity), and a local function it calls by name (``def dyn(y): return
inner(y) + p[1]``) is given to the callee too, so the locals that one reads are
differentiated as well (its part was silently zero even with a differentiated argument)."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.3, -1.2, 2.0, 0.7])


def extend_after_add_assign(x):
    xs = [x[0]]
    xs += [x[3]]
    xs.extend([x[1] * 2.0, x[2]])
    return xs[1] * xs[3] + xs[2]


def extend_reads_the_list(x):
    xs = [x[0]]
    xs += [x[3]]
    xs.extend([xs[-1] * 2.0, xs[-1] * x[2], len(xs) * x[1]])
    return xs[1] * xs[3] + xs[2] * xs[4]


def extend_tuple_in_loop(x):
    xs = []
    for i in range(3):
        xs += [x[i] ** 2]
        xs.extend((xs[-1] * x[i + 1],))
    return sum(v * (k + 1) for k, v in enumerate(xs))


def extend_by_a_name(x):
    xs = [x[0]]
    xs += [x[1]]
    more = [x[2], x[3]]
    for _ in range(2):
        xs.extend(more)
    return sum(xs)


def test_extend_of_displays():
    check_all_modes(extend_after_add_assign, X)
    check_all_modes(extend_reads_the_list, X)
    check_all_modes(extend_tuple_in_loop, X)


def test_extend_by_a_name_refused():
    check_rejected(extend_by_a_name, X, "list.extend of a value other than a list or tuple")


class V:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        if isinstance(o, V):
            return V(self.v + o.v)
        return V(self.v + o)

    def __mul__(self, o):
        if isinstance(o, V):
            return V(self.v * o.v)
        return V(self.v * o)

    def __rmul__(self, o):
        return V(o * self.v)

    def scaled(self, o, k=1.0):
        if isinstance(o, V):
            if k == 1.0:
                return V(self.v * o.v)
            return V(self.v * o.v * k)
        elif o is None:
            return self
        return V(self.v * o)


def products_of_objects(x):
    a = V(x)
    b = a * a + a
    c = 2.0 * a + b * 0.5
    return np.sum(c.v**2)


def nested_early_returns(x):
    a = V(x)
    b = a.scaled(a).scaled(a, 2.0).scaled(None).scaled(0.5)
    return np.sum(np.sin(b.v))


def _chain(x, k):
    if k > 3:
        return np.sum(x)
    y = x * 2.0
    if np.sum(y) > 100.0:
        return np.sum(y**2)
    for _ in range(k):
        y = np.tanh(y)
        if np.max(np.abs(y)) < 1e-3:
            return np.sum(y)
    return np.sum(np.sin(y))


def early_return_chain(x):
    return _chain(x, 2) + _chain(x * 0.0 + 1e-4, 2) + _chain(x, 5)


def test_dead_branches_after_folded_returns():
    check_all_modes(products_of_objects, X)
    check_all_modes(nested_early_returns, X)
    check_all_modes(early_return_chain, X)


@pytest.mark.parametrize("k", [1, 5])
def test_returns_in_branches_leave_no_flag(k):
    def f(x):
        if k > 3:
            return np.sum(x)
        y = x * 2.0
        if np.sum(y) > 100.0:
            return np.sum(y**2)
        return np.sum(np.sin(y))

    source = s2sgrad.grad(f).source
    assert "returned" not in source, source
    check_all_modes(f, X)


ACT = "tanh"


def set_display_membership(x):
    if ACT in {"relu", "tanh"}:
        x = np.tanh(x)
    chosen = {0, 2}
    return sum(x[i] ** 2 for i in range(4) if i in chosen) + np.sum(x[3:])


def set_changes_in_a_loop(x):
    seen = set()
    s = 0.0
    for i in [0, 1, 0, 3, 1, 2]:
        if i not in seen:
            s = s + x[i] ** 2 * (len(seen) + 1)
            seen.add(i)
        else:
            seen.discard(i)
    seen.update([0, 1])
    return s + x[1] * len(seen)


def loops_over_sets(x):
    s = 0.0
    for i in {3, 1}:
        s = s + np.sin(x[i]) * x[0]
    evens = {i % 2 * 2 for i in range(5)}
    for i in evens:
        s = s + x[i] ** 3
    s = s + sum(x[i] for i in frozenset({1, 2}))
    s = s + sum(x[i] * k for k, i in enumerate(sorted(set([2, 0, 2]))))
    return s


def test_sets_of_plain_values():
    check_all_modes(set_display_membership, X)
    check_all_modes(set_changes_in_a_loop, X)
    check_all_modes(loops_over_sets, X)


def set_of_differentiated(x):
    s = {x[0], x[1] * 2.0}
    return sum(s)


def changed_set_with_another_name(x):
    seen = set()
    also = seen
    seen.add(1)
    return x[1] * len(also)


def _over(x, idx):
    s = 0.0
    for i in idx:
        s = s + x[i]
    return s


def loop_over_a_set_argument(x):
    return _over(x, {0, 2})


def test_sets_refused():
    check_rejected(set_of_differentiated, X, "a set holding a differentiated value")
    check_rejected(changed_set_with_another_name, X, "this alias would see the change")


def test_loop_over_a_set_it_cannot_see_refused():
    with pytest.raises(s2sgrad.S2SGradError, match="a for loop over a set") as info:
        s2sgrad.grad(loop_over_a_set_argument)(X)
    assert info.value.filename == __file__


def version_test_expression(x):
    trap = np.trapezoid if hasattr(np, "trapezoid") else np.trapz
    return trap(x**2, np.linspace(0.0, 1.0, 4))


def version_test_statement(x):
    if hasattr(np, "no_such_function"):
        y = np.no_such_function(x)
    elif not hasattr(np, "tanh"):
        y = np.tanh_missing(x)
    else:
        y = np.tanh(x) * 2.0
    return np.sum(y**2)


def test_module_hasattr_folds():
    # Python reads only the branch taken; the other names a function NumPy may not have
    check_all_modes(version_test_expression, X)
    check_all_modes(version_test_statement, X)


Y0 = np.array([1.0, 0.5])


def _rk4(f, y, t, dt):
    k1 = f(y, t)
    k2 = f(y + dt / 2 * k1, t + dt / 2)
    k3 = f(y + dt / 2 * k2, t + dt / 2)
    k4 = f(y + dt * k3, t + dt)
    return y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def _step(f, y, dt):
    return y + dt * f(y)


def _twice(f, y):
    return _step(f, y, 0.1) * 2.0


class _Solver:
    def __init__(self, dt):
        self.dt = dt

    def run(self, f, y):
        for _ in range(2):
            y = y + self.dt * f(y)
        return y


def rk4_of_a_closure(p):
    def dyn(y, t):
        return np.array([y[1], -p[0] * y[0] - p[1] * y[1] + 0.1 * t])

    y, t = Y0, 0.0
    for _ in range(4):
        y = _rk4(dyn, y, t, 0.1)
        t += 0.1
    return np.sum(y**2)


def passed_lambda(p):
    return np.sum(_step(lambda y: y * p[0], Y0, 0.1) ** 2)


def passed_on_by_keyword(p):
    def dyn(y):
        return y * p[0] + p[1]

    return np.sum(_twice(y=Y0, f=dyn) ** 2) + np.sum(_step(y=Y0, dt=0.2, f=dyn))


def passed_to_a_method(p):
    def dyn(y):
        return np.tanh(y * p[0])

    return np.sum(_Solver(0.1).run(dyn, Y0) ** 2)


def passed_to_a_local_def(p):
    def dyn(y):
        return y * p[0]

    def run(f, y):
        return y + 0.1 * f(y)

    return np.sum(run(dyn, Y0) ** 2)


def calling_a_sibling(p):
    c = p[0] * 2.0

    def inner(y):
        return y * c

    def middle(y):
        return inner(y) - p[2]

    def dyn(y):
        return middle(y) + p[1]

    return np.sum(_step(dyn, Y0, 0.1) ** 2) + np.sum(_step(dyn, Y0 * p[3], 0.1))


def test_closures_passed_with_constant_arguments():
    for f in (
        rk4_of_a_closure,
        passed_lambda,
        passed_on_by_keyword,
        passed_to_a_method,
        passed_to_a_local_def,
        calling_a_sibling,
    ):
        check_all_modes(f, X)
