"""Removals from a list or dict a function owns (issue 12): ``xs.pop()``, ``xs.pop(i)``,
``del xs[i]``, ``del xs[a:b]``, ``xs.clear()``, ``d.pop(k)``, ``d.pop(k, default)``,
``del d[k]``, ``d.popitem()``, ``d.clear()``, in straight-line code, in loops (a stack,
a queue, a sliding window, a beam), in expressions, and in callees and local defs that
change a list or dict passed to them.

Each accepted program is checked in reverse mode against central finite differences and
autograd, in forward mode (``jvp``) against the gradient and in forward over reverse
(``hessian``) against finite differences of the gradient; the gradients are not zero,
so an item the derivative lost or kept would fail the comparison. Each rejected one is
checked for its error class and the user's line.
"""

import numpy as np
import pytest
from test_changing_callees import check_all, check_error, line_of

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError

W = np.array([0.4, -0.7, 1.1])


# ---- lists: straight-line code ----------------------------------------------------------


def pop_last(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    v = xs.pop()
    return np.sum(v * xs[0]) + np.sum(xs[-1] ** 2)


def pop_front(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    v = xs.pop(0)
    return np.sum(v * xs[0]) + np.sum(xs[-1] ** 3) * len(xs)


def pop_from_end(w):
    xs = [np.sin(w), w * 2.0, np.cos(w), w**2]
    v = xs.pop(-2)
    return np.sum(v * xs[2]) + np.sum(xs[1] * xs[0])


def pop_at_variable(w):
    xs = [np.sin(w), w * 2.0, np.cos(w), w**2]
    i = len(xs) - 3
    v = xs.pop(i)
    j = -1
    u = xs.pop(j)
    return np.sum(v * u) + np.sum(xs[1] * xs[0])


def pop_unused(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    xs.pop()
    xs.pop(0)
    return np.sum(xs[0] ** 2) * len(xs)


def del_items(w):
    xs = [np.sin(w), w * 2.0, np.cos(w), w**2, np.exp(w)]
    del xs[1]
    del xs[-1]
    k = 0
    del xs[k]
    return np.sum(xs[0] * xs[1]) + len(xs)


def del_slices(w):
    xs = [np.sin(w), w * 2.0, np.cos(w), w**2, np.exp(w), w * 0.5, np.tanh(w)]
    del xs[1:3]
    del xs[::2]  # every other one of what is left
    del xs[5:1]  # nothing
    return np.sum(xs[0] * xs[-1]) + len(xs)


def del_tail(w):
    xs = [np.sin(w), w * 2.0, np.cos(w), w**2]
    del xs[-2:]
    return np.sum(xs[0] * xs[1]) * len(xs)


def clear_and_reuse(w):
    xs = [np.sin(w), w * 2.0]
    total = np.sum(xs[0] * xs[1])
    xs.clear()
    xs.append(w**3)
    return total + np.sum(xs[0]) * len(xs)


def popped_in_expression(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    total = 1.0 + np.sum(xs.pop() * w)
    total += np.sum(xs.pop(0) ** 2)
    return total * np.sum(xs[0])


def popped_into_own_item(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    xs[0] = xs.pop()  # the pop runs first, then the item write
    return np.sum(xs[0] * xs[1]) + 2.0 * np.sum(xs[0]) + len(xs)


def popped_pairs(w):
    pairs = [(w, np.sin(w)), (w * 2.0, np.cos(w))]
    a, b = pairs.pop()
    c, d = pairs.pop(0)
    return np.sum(a * b) + np.sum(c * d) + len(pairs)


def pop_then_insert(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    v = xs.pop(1)
    xs.insert(0, v * 3.0)
    return np.sum(xs[0] * xs[1]) + np.sum(xs[2] ** 2)


def pop_in_branch(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    if np.sum(w) > 0.0:
        v = xs.pop()
    else:
        v = xs.pop(0)
    return np.sum(v * xs[0]) + np.sum(xs[-1])


def pop_in_tests(w):
    xs = [np.sin(w), w * 2.0, np.cos(w), w**2]
    total = 0.0
    if np.sum(xs.pop()) > 0.0:
        total = total + np.sum(xs[-1] ** 2)
    for x in [xs.pop(0), w]:
        total = total + np.sum(x * w)
    return total + np.sum(xs[0])


# ---- lists: loops -----------------------------------------------------------------------


def stack_of_arrays(w):
    stack = [w, 2.0 * w]
    total = 0.0
    while stack:
        x = stack.pop()
        total = total + np.sum(np.sin(x))
        if np.sum(np.abs(x)) < 6.0:
            stack.append(x * 1.5)
    return total


def stack_with_depth(w):
    stack = [(w, 0)]
    total = 0.0
    while stack and len(stack) < 10:
        x, depth = stack.pop()
        total = total + np.sum(np.tanh(x)) * (depth + 1)
        if depth < 2:
            stack.append((x * 0.5, depth + 1))
            stack.append((np.sin(x), depth + 1))
    return total


def queue_of_arrays(w):
    queue = [w]
    total = 0.0
    steps = 0
    while len(queue) > 0 and steps < 7:
        x = queue.pop(0)
        steps += 1
        total = total + np.sum(x**2)
        queue.append(np.sin(x))
        queue.append(x * 0.5)
    return total + np.sum(queue[-1])


def sliding_window(w):
    window = []
    h = w
    for t in range(6):
        window.append(np.tanh(h + t * 0.1))
        if len(window) > 3:
            window.pop(0)
        h = sum(window) * 0.5
    return np.sum(h**2)


def pops_in_for_loop(w):
    xs = [w * (i + 1.0) for i in range(5)]
    h = np.zeros(3)
    for _ in range(3):
        h = np.tanh(h + xs.pop())
    return np.sum(h) + np.sum(xs[0] * xs[1])


def beam_like(w):
    beams = [w, np.sin(w), w * 2.0, np.cos(w)]
    for _ in range(2):
        worst = 0
        for i in range(len(beams)):
            if np.sum(beams[i]) < np.sum(beams[worst]):
                worst = i
        beams.pop(worst)
        beams = [np.tanh(b) for b in beams]
    return sum(np.sum(b**2) for b in beams)


def delete_in_loop(w):
    xs = [w * (i + 1.0) for i in range(6)]
    for i in range(3):
        del xs[i]
    return np.sum(xs[0] * xs[-1]) + len(xs)


def clear_each_step(w):
    buffer = []
    total = 0.0
    for t in range(4):
        buffer.append(np.sin(w * t))
        buffer.append(w * t)
        total = total + np.sum(buffer[0] * buffer[1])
        buffer.clear()
    return total


# ---- dicts ------------------------------------------------------------------------------


def dict_pop(w):
    d = {"a": np.sin(w), "b": w * 3.0, "c": np.cos(w)}
    v = d.pop("a")
    return np.sum(v * d["b"]) + np.sum(d["c"]) * len(d)


def dict_pop_default(w):
    d = {"a": np.sin(w), "b": w * 3.0}
    v = d.pop("a", w)  # present: the item
    u = d.pop("z", w**2)  # missing: the default
    return np.sum(v * u) + np.sum(d["b"]) * len(d)


def dict_del(w):
    d = {"a": np.sin(w), "b": w * 3.0, "c": np.cos(w)}
    key = "b"
    del d[key]
    del d["c"]
    d["b"] = w**2
    return np.sum(d["a"] * d["b"]) + len(d)


def dict_popitem(w):
    d = {"a": np.sin(w), "b": w * 3.0, "c": np.cos(w)}
    k, v = d.popitem()
    return np.sum(v * d["a"]) + np.sum(d["b"]) + len(k)


def dict_clear(w):
    d = {"a": np.sin(w)}
    total = np.sum(d["a"] ** 2)
    d.clear()
    d["b"] = w * 2.0
    return total + np.sum(d["b"]) * len(d)


def bounded_cache(w):
    cache = {}
    h = w
    for t in range(5):
        cache[t] = np.tanh(h)
        if len(cache) > 2:
            del cache[t - 2]
        h = sum(cache.values()) * 0.7
    return np.sum(h) + np.sum(cache[4] * cache[3])


def dict_worklist(w):
    pending = {0: w, 1: np.sin(w)}
    done = []
    n = 2
    while pending:
        k, x = pending.popitem()
        done.append(x * (k + 1))
        if n < 5:
            pending[n] = np.cos(x)
            n += 1
    return np.sum(np.stack(done) ** 2)


def delete_over_a_copy(w):
    d = {"a": np.sin(w), "b": w * 3.0, "c": np.cos(w), "d": w**2}
    for k, v in list(d.items()):
        if np.sum(v) < 0.5:
            del d[k]
    return sum(np.sum(v**2) for v in d.values()) * len(d)


def pop_over_copies(w):
    xs = [np.sin(w), w * 2.0, np.cos(w), w**2]
    total = 0.0
    for x in xs[:]:
        total = total + np.sum(x * xs.pop(0))
    ys = [w, np.tanh(w), w * 3.0]
    for i in range(len(ys) - 1):
        total = total + np.sum(ys.pop() * i)
    for y in list(ys):
        ys.clear()
        total = total + np.sum(y)
    return total


# ---- callees and local defs -------------------------------------------------------------


def take(stack):
    return stack.pop()


def drop_key(cache, key):
    del cache[key]


def callee_pops(w):
    stack = [w, np.sin(w), w * 3.0]
    a = take(stack)
    b = take(stack)
    return np.sum(a * b) + np.sum(stack[0]) * len(stack)


def callee_deletes(w):
    cache = {"a": np.sin(w), "b": w * 3.0}
    drop_key(cache, "a")
    cache["c"] = w**2
    return np.sum(cache["b"] * cache["c"]) + len(cache)


def local_def_pops(w):
    stack = [w, np.sin(w), np.cos(w)]

    def next_item():
        return stack.pop(0)

    x = next_item()
    y = next_item()
    return np.sum(x * y) + np.sum(stack[0]) * len(stack)


def callee_pops_in_loop(w):
    stack = [w * (i + 1.0) for i in range(4)]
    total = 0.0
    while stack:
        total = total + np.sum(np.sin(take(stack)))
    return total


PROGRAMS = [
    pop_last,
    pop_front,
    pop_from_end,
    pop_at_variable,
    pop_unused,
    del_items,
    del_slices,
    del_tail,
    clear_and_reuse,
    popped_in_expression,
    popped_into_own_item,
    popped_pairs,
    pop_then_insert,
    pop_in_branch,
    pop_in_tests,
    stack_of_arrays,
    stack_with_depth,
    queue_of_arrays,
    sliding_window,
    pops_in_for_loop,
    beam_like,
    delete_in_loop,
    clear_each_step,
    dict_pop,
    dict_pop_default,
    dict_del,
    dict_popitem,
    dict_clear,
    bounded_cache,
    dict_worklist,
    delete_over_a_copy,
    pop_over_copies,
    callee_pops,
    callee_deletes,
    local_def_pops,
    callee_pops_in_loop,
]


@pytest.mark.parametrize("f", PROGRAMS, ids=lambda f: f.__name__)
def test_removal(f):
    check_all(f)


@pytest.mark.parametrize("f", [pop_last, stack_of_arrays, queue_of_arrays, dict_pop_default])
def test_removal_at_negative_point(f):
    check_all(f, -1.3 * W)


# ---- what a removal does when it fails, and what s2sgrad does not follow ----------------


def pop_empty(w):
    xs = [w]
    xs.pop()
    xs.pop()
    return np.sum(w)


def pop_out_of_range(w):
    xs = [w, w * 2.0]
    v = xs.pop(5)
    return np.sum(v)


def del_out_of_range(w):
    xs = [w, w * 2.0]
    del xs[2]
    return np.sum(xs[0])


def del_missing_key(w):
    d = {"a": w}
    del d["b"]
    return np.sum(d["a"])


def pop_missing_key(w):
    d = {"a": w}
    d.pop("b")
    return np.sum(d["a"])


@pytest.mark.parametrize(
    "f, error",
    [
        (pop_empty, IndexError),
        (pop_out_of_range, IndexError),
        (del_out_of_range, IndexError),
        (del_missing_key, KeyError),
        (pop_missing_key, KeyError),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_failing_removal_fails_as_written(f, error, mode):
    with pytest.raises(error):
        f(W)
    with pytest.raises(error):
        if mode == "grad":
            s2sgrad.grad(f)(W)
        else:
            s2sgrad.jvp(f, (W,), (W,))


def pop_while_looping(w):
    xs = [w, np.sin(w), w * 2.0]
    total = 0.0
    for x in xs:
        total = total + np.sum(x * xs.pop())
    return total


def remove_by_value(w):
    xs = [np.sin(w), w * 2.0]
    first = xs[0]
    xs.remove(first)
    return np.sum(xs[0])


def pop_of_alias(w):
    xs = [np.sin(w), w * 2.0]
    ys = xs
    v = xs.pop()
    return np.sum(v * ys[-1])


def del_of_alias(w):
    d = {"a": np.sin(w), "b": w}
    e = d
    del d["a"]
    return np.sum(e["b"]) + len(e)


def keep(values):
    return values


def pop_of_returned_alias(w):
    xs = [np.sin(w), w * 2.0]
    ys = keep(xs)
    xs.pop()
    return np.sum(ys[-1])


def pop_of_closure_alias(w):
    xs = [np.sin(w), w * 2.0]

    def get():
        return xs

    ys = get()
    del xs[-1]
    return np.sum(ys[-1])


def pop_of_bound_view(w):
    d = {"a": np.sin(w), "b": w}
    keys = d.keys()
    del d["a"]
    return np.sum(w) * len(keys)


def pop_of_bound_iterator(w):
    xs = [np.sin(w), w * 2.0, w]
    backwards = reversed(xs)
    xs.pop()
    return np.sum(next(backwards))


def bound_view_of_written_dict(w):
    d = {"a": np.sin(w), "b": w}
    keys = d.keys()
    d["c"] = w  # a new key: Python's view has three
    return np.sum(w) * len(keys)


def test_bound_keys_view_of_a_changed_dict_is_an_error():
    # (it was a wrong gradient: the keys were read when the view was made)
    check_error(bound_view_of_written_dict, UnsupportedSyntaxError, "keys = d.keys()")


def score(values):
    return sum(np.sum(v) for v in values)


def pop_after_reading_call(w):
    # a call that reads the list and returns a new value is no alias
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    total = score(xs) + np.sum(np.stack(xs))
    xs.pop(0)
    return total * score(xs) + len(xs)


def test_reading_calls_are_no_aliases():
    check_all(pop_after_reading_call)


def pop_of_argument(w, xs):
    v = xs.pop()
    return np.sum(v * w)


def del_of_argument(w, xs):
    del xs[0]
    return np.sum(xs[0] * w)


@pytest.mark.parametrize(
    "f, text",
    [
        (pop_while_looping, "xs.pop()"),
        (remove_by_value, "xs.remove(first)"),
        (pop_of_alias, "ys = xs"),
        (del_of_alias, "e = d"),
        (pop_of_returned_alias, "ys = keep(xs)"),
        (pop_of_closure_alias, "ys = get()"),
        (pop_of_bound_view, "keys = d.keys()"),
        (pop_of_bound_iterator, "backwards = reversed(xs)"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_removal_not_followed_is_an_error(f, text, mode):
    if mode == "grad":
        check_error(f, UnsupportedSyntaxError, text)
    else:
        with pytest.raises(UnsupportedSyntaxError) as e:
            s2sgrad.jvp(f, (W,), (W,))
        assert e.value.lineno == line_of(f, text), str(e.value)


@pytest.mark.parametrize(
    "f, make, text",
    [
        (pop_of_argument, lambda: [W, 2.0 * W], "xs.pop()"),
        (del_of_argument, lambda: [W, 2.0 * W], "del xs[0]"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_removal_from_the_callers_container_is_an_error(f, make, text):
    # the caller's list would lose the item: no gradient that pretends otherwise
    given = make()
    with pytest.raises(s2sgrad.TransformError) as e:
        s2sgrad.grad(f)(W, given)
    assert e.value.lineno == line_of(f, text), str(e.value)
    assert len(given) == 2


def two_pops_in_one_line(w):
    xs = [np.sin(w), w * 2.0, np.cos(w)]
    v = xs.pop() * xs.pop()
    return np.sum(v * xs[0])


def test_two_pops_in_one_line():
    # both pops change the list in place, in order, in every mode
    check_all(two_pops_in_one_line)
