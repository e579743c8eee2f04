"""Real programs as written (session 14, issue 12): classes of constructs found by the
programs in tests/programs/s14_*.py, checked in every mode against central finite
differences (and autograd, in check_all_modes)."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected, numerical_grad

import s2sgrad

X = np.array([0.3, -1.2, 0.8])


class Affine:
    def __init__(self, w, c):
        self.w, self.c = w, c

    def __call__(self, x):
        return self.w * x + self.c

    def apply(self, x):
        return np.sin(self.w * x) + self.c


class Squashed(Affine):
    def __call__(self, x):
        return np.tanh(super().__call__(x))

    def apply(self, x):
        return super().apply(x) ** 2


class Skip(Squashed):
    def __call__(self, x):
        return x + super().__call__(x)


class Scaled:
    def __init__(self, s):
        self.s = s

    def __call__(self, x):
        return self.s * np.cos(x)


# 1. super() in the methods of the items of a list made by a comprehension of objects of
# one class, called in a loop (the items' class reaches the callees of their methods)


def super_call_in_comprehension_loop(x):
    h = x
    for layer in [Skip(x[i], 0.1 * i) for i in range(3)]:
        h = layer(h)
    return np.sum(h**2)


def super_method_in_comprehension_loop(x):
    h = x
    for i, layer in enumerate([Squashed(w, 0.2) for w in x]):
        h = layer.apply(h) + i
    return np.sum(h)


def super_call_zip_comprehension(x):
    total = 0.0
    for layer, v in zip([Squashed(w, -w) for w in x], x):
        total = total + layer(v * x)
    return np.sum(total)


# 2. an object of a list display called by position (nets[0](z)): its class's __call__


def display_items_called_by_position(x):
    nets = [Affine(x[0], x[1]), Scaled(x[2])]
    return np.sum(nets[1](nets[0](x)))


def display_items_called_in_expression(x):
    parts = (Squashed(x[1], 0.5), Affine(2.0, x[0]))
    return np.sum(parts[0](x) * parts[1](x) + parts[-1](x[2]))


@pytest.mark.parametrize(
    "f", [display_items_called_by_position, display_items_called_in_expression]
)
def test_display_items_called_by_position(f):
    check_all_modes(f, X)


SUPER_IN_LOOPS = [
    super_call_in_comprehension_loop,
    super_method_in_comprehension_loop,
    super_call_zip_comprehension,
]


@pytest.mark.parametrize("f", SUPER_IN_LOOPS)
def test_super_in_methods_of_comprehension_items(f):
    check_all_modes(f, X, hess=False)


@pytest.mark.parametrize("f", SUPER_IN_LOOPS)
def test_super_in_comprehension_items_hessian_is_an_error_at_the_users_line(f):
    # forward over reverse reads the generated code back, where the items' class is not
    # known: s2sgrad's own error in this file, never a wrong number
    with pytest.raises(s2sgrad.S2SGradError) as info:
        s2sgrad.hessian(f)(X.copy())
    assert info.value.filename == __file__


# 3. ** in a dict display ({**state, "x": x1}): a new dict, the items of each mapping
# copied in order, later keys replacing earlier ones

DEFAULTS = {"scale": 2.0, "shift": 0.5}


def _moved(state, dt):
    return {**state, "pos": state["pos"] + dt * state["vel"], "t": state["t"] + dt}


def merged_local_dict_override(x):
    s = {"a": x[0], "b": x}
    t = {**s, "a": s["a"] * 2.0, "c": np.sin(x)}
    return t["a"] * np.sum(t["b"] * t["c"]) + len(t)


def merged_in_a_helper_loop(x):
    state = {"pos": x, "vel": np.cos(x), "t": 0.0}
    for _ in range(3):
        state = _moved(state, 0.1)
        state = {**state, "vel": state["vel"] - 0.1 * state["pos"] ** 3}
    return np.sum(state["pos"] ** 2) + state["t"] * np.sum(state["vel"])


def merged_two_mappings_later_wins(x):
    a = {"u": x, "v": x**2}
    b = {"v": np.exp(x), "w": x[1]}
    c = {**a, **b, "u": a["u"] * b["w"]}
    return np.sum(c["u"]) + np.sum(c["v"]) * c["w"]


def merged_with_global_defaults(x):
    opts = {**DEFAULTS, "shift": x[2]}
    return np.sum(np.tanh(opts["scale"] * x + opts["shift"]))


@pytest.mark.parametrize(
    "f",
    [
        merged_local_dict_override,
        merged_in_a_helper_loop,
        merged_two_mappings_later_wins,
        merged_with_global_defaults,
    ],
)
def test_dict_display_with_star_star(f):
    check_all_modes(f, X)


def _merged_params(p):
    d = {**p, "z": p["u"] * 2.0, **{"u": p["v"] * 3.0}}
    return np.sum(d["u"] * d["z"]) + np.sum(d["v"]) * len(d)


def test_dict_display_with_star_star_of_a_differentiated_dict():
    autograd = pytest.importorskip("autograd")
    params = {"u": X.copy(), "v": np.cos(X)}
    g = s2sgrad.grad(_merged_params)(params)
    assert list(g) == ["u", "v"]
    expected = numerical_grad(_merged_params, (params,), 0)
    oracle = autograd.grad(_merged_params)(params)
    for k in g:
        np.testing.assert_allclose(g[k], expected[k], rtol=1e-6)
        np.testing.assert_allclose(g[k], oracle[k], rtol=1e-10)


# 4. a generator helper is listed before its items are read: an endless one (while True
# with no break or return) is an error at its loop, not a run until memory runs out


def _endless_schedule(start):
    t = start
    while True:
        yield t
        t *= 0.5


def _schedule_until(start, stop):
    t = start
    while True:
        if t < stop:
            break
        yield t
        for _ in range(2):  # a break of an inner loop does not end the generator's loop
            if t > 10.0:
                break
        t *= 0.5


def _schedule_returning(start, n):
    t, k = start, 0
    while 1:
        yield t
        k += 1
        if k == n:
            return
        t = t * 0.7


def endless_generator_zipped(x):
    total = 0.0
    for _, temp in zip(range(3), _endless_schedule(2.0)):
        total = total + np.sum(np.tanh(x / temp))
    return total


def endless_generator_of_a_differentiated_value(x):
    return sum(t for _, t in zip(range(3), _endless_schedule(x[0])))


def bounded_while_true_generators(x):
    total = 0.0
    for temp in _schedule_until(2.0, 0.3):
        total = total + np.sum(np.tanh(x / temp))
    return total + sum(_schedule_returning(x[1], 3)) * x[2]


def test_endless_generator_zipped_with_a_range():
    # its items up to the range's length, run as written (tests/test_blocked_s29.py)
    check_all_modes(endless_generator_zipped, X)


def test_endless_generator_of_a_differentiated_value_changing_it_in_place_is_an_error():
    # its items up to the range's length, differentiated as a local def: t *= 0.5 of the
    # differentiated t it was given is the in-place error of any function
    check_rejected(
        endless_generator_of_a_differentiated_value,
        X,
        "in-place *= of 't'",
        lines=[_endless_schedule.__code__.co_firstlineno + 4],
    )


def endless_generator_read_whole(x):
    return sum(_endless_schedule(x[0]))


def test_endless_generator_read_whole_is_an_error_at_its_loop():
    check_rejected(
        endless_generator_read_whole,
        X,
        "endless generator",
        lines=[_endless_schedule.__code__.co_firstlineno + 2],
    )


def test_while_true_generators_with_a_break_or_return():
    check_all_modes(bounded_while_true_generators, X, hess=False)
