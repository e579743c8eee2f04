"""Assignment expressions (session 17): ``:=`` in conditions, while tests, comprehensions
(binding in the function's scope), call arguments and returns, in the differentiated
function and its helpers, in Python's order of evaluation and short-circuit; every mode
against central finite differences and autograd (s2sgrad.walrus)."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.3, -1.2, 0.8])
POS = np.array([0.4, 0.2, 0.9])


def in_if(x):
    if (n := np.sum(x**2)) > 0.5:
        return n * np.sum(x)
    return np.sum(x)


def in_elif(x):
    if (s := np.sum(x)) > 10.0:
        return s
    elif (q := np.sum(x**2)) > 0.1:
        return q * s
    return s


def in_while_test(x):
    r = x
    k = 0
    while np.sum((r := 0.9 * np.sin(r)) ** 2) > 0.05 and k < 6:
        k += 1
    return np.sum(r * x)


def counter_in_while(x):
    h = x
    k = 0
    while (k := k + 1) < 4:
        h = np.tanh(h + k * x)
    return np.sum(h**2)


def while_with_continue(x):
    h = x
    k = 0
    while (k := k + 1) <= 5:
        if k % 2 == 0:
            continue
        h = np.sin(h) + x
    return np.sum(h)


def comprehension_binds_outside(x):
    y = x
    ys = [y := np.sin(y) for _ in range(3)]
    return np.sum(y) + np.sum(ys[0] * ys[1])


def comprehension_filter(x):
    big = [z for v in x if (z := v**2) > 0.1]
    return np.sum(np.stack(big)) + z  # z: the last square, bound in the function


def comprehension_keeps_outer_names(x):
    i = 2.0
    parts = [(t := i * x) for i in range(3)]  # i is the comprehension's own
    return np.sum(t) * i + np.sum(parts[1])


def dict_comprehension(x):
    d = {k: (w := np.exp(-k * x)) for k in range(1, 3)}
    return np.sum(d[1] * d[2]) + np.sum(w)


def call_argument(x):
    return np.sum(np.sin(s := x * 2.0)) + np.sum(s)


def reads_before_rebinding(x):
    t = x
    u = np.stack([t, (t := t * 2.0)])  # the first item is the old t
    return np.sum(u * np.cos(t))


def draws_keep_their_order(x):
    rs = np.random.RandomState(0)
    pair = np.stack([rs.randn(3), (noise := rs.randn(3))])
    return np.sum(pair * x) + np.sum(noise * x**2)


def short_circuit_and(x):
    if np.sum(x) > 0 and (b := np.sum(x**2)) > 0.1:
        return b * np.sum(x)
    return np.sum(np.sin(x))


def short_circuit_or(x):
    b = 1.0
    if np.sum(x) > 0 or (b := np.prod(x)) > 0.1:
        return b * np.sum(x)
    return b + np.sum(x)


def conditional_expression(x):
    v = (s := np.sum(x)) * 2.0 if np.max(x) > 0.5 else (s := np.prod(x))
    return v + s


def nested_walrus(x):
    a = np.sum((a := (b := x * 2.0) + 1.0) * b)
    return a


def in_return(x):
    return (n := np.sum(x**2)) * n


def augmented(x):
    acc = 0.0
    for k in range(3):
        acc += np.sum(t := np.sin(k * x))
    return acc + np.sum(t)


def _helper(x):
    if (n := np.sum(x)) > 0:
        return n * x
    return x * (m := np.cos(n)) + m


def in_helper(x):
    return np.sum(_helper(x) ** 2)


def in_local_def(x):
    def step(h):
        return np.tanh(g := h * x) + g

    h = x
    for _ in range(2):
        h = step(h)
    return np.sum(h)


def line_search(x):
    # a backtracking line search along -x, the step found by the walrus in the while test
    def f(z):
        return np.sum(z**2) + np.sum(np.sin(z))

    t = 1.0
    f0 = f(x)
    while (fz := f(x - t * x)) > f0 - 0.5 * t * np.sum(x**2):
        t = 0.5 * t
    return fz


CASES = [
    in_if,
    in_elif,
    in_while_test,
    counter_in_while,
    while_with_continue,
    comprehension_binds_outside,
    comprehension_filter,
    comprehension_keeps_outer_names,
    dict_comprehension,
    call_argument,
    reads_before_rebinding,
    draws_keep_their_order,
    short_circuit_and,
    short_circuit_or,
    conditional_expression,
    nested_walrus,
    in_return,
    augmented,
    in_helper,
    in_local_def,
    line_search,
]


@pytest.mark.parametrize("x", [X, POS], ids=["mixed", "positive"])
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_walrus(f, x):
    check_all_modes(f, x)


def test_values_as_python():
    for f in CASES:
        for x in (X, POS):
            value, _ = s2sgrad.value_and_grad(f)(x.copy())
            np.testing.assert_allclose(value, f(x.copy()), rtol=1e-12, err_msg=f.__name__)


def in_generator(x):
    return sum((t := v**2) for v in x) + t


def in_lambda(x):
    g = lambda v: (w := v * 2.0) + w  # noqa: E731
    return np.sum(g(x))


def rebinding_augmented_target(x):
    s = np.sum(x)
    s += (s := np.sum(x**2))
    return s


@pytest.mark.parametrize(
    "f, text",
    [
        (in_generator, "generator expression"),
        (in_lambda, "in a lambda"),
        (rebinding_augmented_target, "target of +="),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_refused_at_the_users_line(f, text):
    check_rejected(f, X, text)
