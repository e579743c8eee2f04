"""Changes of an object's attributes inside the differentiated function (issue 12):
``self.history.append(h)``, ``self.cache[k] = v``, ``self.state = f(self.state, w)``, in
methods called from the loss and in the loss itself, on an object passed in or made
there, their results used or not.

s2sgrad does not follow an object's attributes as it follows local lists and dicts, so
each is its own error at the user's line with a hint (never a gradient that misses the
change: a program that ran would fail these tests); the rewrite the hint suggests, the
state passed in and returned, is checked in every mode.
"""

import inspect

import numpy as np
import pytest
from gradcheck import fd_hessian
from test_changing_callees import check_all

import s2sgrad

W = np.array([0.4, -0.7, 1.1])


class Cell:
    def __init__(self):
        self.cache = {}
        self.history = []
        self.state = np.zeros(3)

    def record(self, x, w):
        h = np.tanh(x * w + self.state)
        self.history.append(h)
        return h

    def remember(self, k, v):
        self.cache[k] = v
        return v

    def advance(self, w):
        self.state = np.sin(self.state + w)
        return self.state

    def grow(self, h):
        self.history.extend([h, h * 2.0])

    def add(self, h):
        self.history += [h]

    def fill(self, h):
        self.cache.update({"a": h})

    def forget(self, k):
        del self.cache[k]

    def through_alias(self, h):
        history = self.history
        history.append(h)


def history_unused(w, cell):
    for t in range(3):
        cell.record(t * 1.0, w)
    return np.sum(np.stack(cell.history) ** 2)


def history_used(w, cell):
    total = 0.0
    for t in range(3):
        h = cell.record(t * 1.0, w)
        total = total + np.sum(h)
    return total + np.sum(np.stack(cell.history) ** 2)


def history_of_own_cell(w):
    cell = Cell()
    total = 0.0
    for t in range(3):
        total = total + np.sum(cell.record(t * 1.0, w))
    return total + np.sum(cell.history[0] ** 2)


def cache_written(w, cell):
    v = cell.remember("a", w * 2.0)
    return np.sum(v) + np.sum(cell.cache["a"] ** 2)


def state_advanced(w, cell):
    total = 0.0
    for _ in range(3):
        total = total + np.sum(cell.advance(w))
    return total + np.sum(cell.state**2)


def extended(w, cell):
    cell.grow(np.sin(w))
    return np.sum(cell.history[1])


def added(w, cell):
    cell.add(np.sin(w))
    return np.sum(cell.history[0])


def updated(w, cell):
    cell.fill(np.sin(w))
    return np.sum(cell.cache["a"])


def forgotten(w, cell):
    cell.cache["b"] = w
    cell.forget("b")
    return np.sum(w) * len(cell.cache)


def aliased(w, cell):
    cell.through_alias(np.sin(w))
    return np.sum(cell.history[0])


def appended_in_loss(w, cell):
    cell.history.append(w * 2.0)
    return np.sum(cell.history[-1] ** 2)


def written_in_loss(w, cell):
    cell.cache["a"] = np.sin(w)
    return np.sum(cell.cache["a"])


def assigned_in_loss(w, cell):
    cell.state = w * 2.0
    return np.sum(cell.state**2)


def set_through_setattr(w, cell):
    setattr(cell, "state", w * 2.0)  # noqa: B010 (as users write it)
    return np.sum(cell.state**2)


@pytest.mark.parametrize(
    "f, text",
    [
        (history_unused, "cell.record(t * 1.0, w)"),  # called for its change alone
        # self.history is a log of plain values (outside_logs.py): its read is refused
        (history_used, "np.sum(np.stack(cell.history) ** 2)"),
        (history_of_own_cell, "np.sum(cell.history[0] ** 2)"),
        (cache_written, 'np.sum(cell.cache["a"] ** 2)'),  # a log of items, read back
        (extended, "cell.grow(np.sin(w))"),
        (added, "self.history += [h]"),  # a list's += changes it in place
        (updated, "cell.fill(np.sin(w))"),
        (forgotten, 'cell.cache["b"] = w'),
        (aliased, "cell.through_alias"),
        (appended_in_loss, "cell.history.append"),
        (written_in_loss, 'cell.cache["a"] = np.sin(w)'),
        (assigned_in_loss, "cell.state = w * 2.0"),
        (set_through_setattr, "setattr(cell"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
def test_attribute_change_is_an_error_at_its_line(f, text, mode):
    cell = Cell()
    args = (W,) if f is history_of_own_cell else (W, cell)
    with pytest.raises(s2sgrad.TransformError) as e:
        if mode == "grad":
            s2sgrad.grad(f)(*args)
        elif mode == "jvp":
            s2sgrad.jvp(f, args, (W,) + (None,) * (len(args) - 1))
        else:
            s2sgrad.hessian(f)(*args)
    assert text in (e.value.line or ""), str(e.value)  # the user's line
    source = inspect.getsource(Cell) + inspect.getsource(f)
    assert text in source
    assert cell.history == [] and cell.cache == {}  # nothing ran on the caller's object


def test_state_advanced_through_a_method_is_followed():
    # since session 28 (normalize/self_changes.py): cell.advance(w) returns the changed
    # object, each pass of a Hessian starting from the state the first started from
    def fresh(w):
        return state_advanced(w, Cell())

    eps = 1e-6
    fd = np.array([(fresh(W + e) - fresh(W - e)) / (2 * eps) for e in np.eye(W.size) * eps])
    for derivative, expected in [
        (lambda c: s2sgrad.grad(state_advanced)(W, c), fd),
        (lambda c: s2sgrad.jvp(state_advanced, (W, c), (np.ones_like(W), None))[1], fd.sum()),
        (lambda c: s2sgrad.hessian(state_advanced)(W, c), fd_hessian(fresh, W)),
    ]:
        cell = Cell()
        np.testing.assert_allclose(derivative(cell), expected, rtol=1e-4, atol=1e-5)
        reference = Cell()
        state_advanced(W, reference)
        np.testing.assert_allclose(cell.state, reference.state)  # one evaluation's state


@pytest.mark.parametrize("f", [appended_in_loss, written_in_loss])
def test_attribute_error_has_a_hint(f):
    with pytest.raises(s2sgrad.TransformError) as e:
        s2sgrad.grad(f)(W, Cell())
    assert "attribute" in str(e.value) and "local variable" in str(e.value)


# ---- the rewrite the hint suggests ------------------------------------------------------


class StatelessCell:
    def record(self, x, w, history):
        h = np.tanh(x * w)
        return h, history + [h]

    def advance(self, state, w):
        return np.sin(state + w)


def history_passed(w):
    cell = StatelessCell()
    history = []
    total = 0.0
    for t in range(3):
        h, history = cell.record(t * 1.0, w, history)
        total = total + np.sum(h)
    return total + np.sum(np.stack(history) ** 2)


def state_returned(w):
    cell = StatelessCell()
    state = np.zeros(3)
    for _ in range(3):
        state = cell.advance(state, w)
    return np.sum(state**2)


@pytest.mark.parametrize("f", [history_passed, state_returned], ids=lambda f: f.__name__)
def test_the_suggested_rewrite_is_differentiated(f):
    check_all(f)
