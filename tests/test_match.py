"""match statements (session 17): value, singleton, capture, wildcard, or-, as-, class and
fixed-length sequence patterns with guards, in the differentiated function, its helpers
and loops, lowered to if/else in Python's semantics; every mode against central finite
differences and autograd, which runs the match itself (s2sgrad.match_statements)."""

import collections
import enum
import inspect

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.3, -1.2, 0.8])
POS = np.array([0.4, 0.2, 0.9])


class Color(enum.Enum):
    RED = 1
    BLUE = 2


def activate(act, z):
    match act:
        case "tanh":
            return np.tanh(z)
        case "softplus" | "smooth":
            return np.logaddexp(0.0, z)
        case ("leaky", slope) if slope > 0:
            return np.where(z > 0, z, slope * z)
        case ("scale", k, ("shift", b)):
            return k * z + b
        case _:
            return z


def through_helper(x):
    h = x
    for act in ["tanh", ("leaky", 0.2), "smooth", ("leaky", -1.0), ("scale", 2.0, ("shift", 0.5))]:
        h = activate(act, h * x)
    return np.sum(h**2)


def loop_of_names(x):
    total = 0.0
    for i, kind in enumerate(["sin", "cos", None, True, "sq", "none"]):
        match kind:
            case "sin":
                total = total + np.sum(np.sin(x * i))
            case "cos":
                total = total + np.sum(np.cos(x))
            case None:
                total = total * 2.0
            case True:
                total = total + np.sum(x**3)
            case "sq" as name:
                total = total + len(name) * np.sum(x**2)
    return total


def no_case_matches(x):
    y = x * 2.0
    match len(x):
        case 0:
            y = x
        case 1 | 2:
            y = np.sin(x)
    return np.sum(y * x)


def guard_reads_array(x):
    s = np.sum(x)
    match "mode":
        case "mode" if s > 0:
            out = np.exp(x)
        case m if np.max(x) > 0.5:
            out = x * len(m)
        case _:
            out = np.cos(x)
    return np.sum(out)


def capture_binds_before_failing_guard(x):
    match 3:
        case k if k > 5:
            return np.sum(x)
        case _:
            return k * np.sum(x**2)


def enum_values(x):
    out = x
    for c in [Color.RED, Color.BLUE, Color.RED]:
        match c:
            case Color.RED:
                out = np.sin(out)
            case Color.BLUE:
                out = out * x
    return np.sum(out)


def tuple_subject(x):
    a = np.sum(x)
    match ("fast", 2):
        case ("slow", n):
            return a * n
        case ("fast", n) | ("quick", n) if n > 1:
            return a**n
    return a


def arrays_in_subject(x):
    pair = (np.sin(x), x**2)
    match pair:
        case [u, v]:
            return np.sum(u * v)
        case _:
            return np.sum(x)


def array_subject_vs_literal(x):
    s = np.sum(x**2)
    match s:
        case 0.0:
            return s
        case _:
            return np.sqrt(s) * np.sum(x)


def class_patterns(x):
    total = 0.0
    for v in [2, 0.5, "a", (1, 2)]:
        match v:
            case bool():
                total = total + 1.0
            case int(n):
                total = total + n * np.sum(x)
            case float(f) if f < 1.0:
                total = total + np.sum(x**2) * f
            case str() | tuple():
                total = total + np.sum(np.sin(x))
    return total


def nested_match(x):
    out = x
    for a, b in [("p", 1), ("p", 2), ("q", 1)]:
        match a:
            case "p":
                match b:
                    case 1:
                        out = out * x
                    case _:
                        out = np.tanh(out)
            case _:
                out = out + 1.0
    return np.sum(out)


def in_local_def(x):
    def pick(kind, v):
        match kind:
            case "double":
                return 2.0 * v
            case _:
                return np.sin(v)

    return np.sum(pick("double", x) * pick("other", x))


def subject_with_effect(x):
    calls = []

    def subject():
        calls.append(1)
        return len(calls)

    match subject():
        case 2:
            return np.sum(x)
        case 1:
            return np.sum(x**2) * len(calls)
    return np.sum(x**3)


def differentiated_in_subject(x):
    s = np.sum(x**2)
    match ("scale", s, x):
        case ("shift", k, v):
            return np.sum(v + k)
        case ("scale", k, v) if k > 0.1:
            return np.sum(k * np.sin(v))
    return s


def in_while_with_break(x):
    h = x
    k = 0
    while True:
        k += 1
        match k:
            case 1 | 2:
                h = np.sin(h) + x
            case 3:
                continue
            case n if n > 4:
                break
            case _:
                h = h * x
    return np.sum(h)


def walrus_in_guard(x):
    match "a":
        case "a" if (t := np.sum(x)) > 100.0:
            return t
        case _:
            return t * np.sum(x**2)


def sequences_python_takes(x):
    total = 0.0
    for v in [range(2), "ab", np.ones(2), collections.deque([1.0, 3.0]), [2.0, 1.0]]:
        match v:
            case (a, b):
                total = total + a * np.sum(x) + b * np.sum(x**2)
            case _:
                total = total + np.sum(np.sin(x))
    return total


def alternatives_bind_at_different_places(x):
    total = 0.0
    for v in [(2.0, 0), (0, 3.0), (1, 1), 5]:
        match v:
            case [k, 0] | [0, k]:
                total = total + k * np.sum(x**2)
            case [a, b] as pair if len(pair) == 2:
                total = total + (a + b) * np.sum(np.sin(x))
            case (4 | 5) as n:
                total = total + n * np.sum(x)
    return total


def value_patterns_with_len_rebound(x):
    len = 2
    match len:
        case 2:
            return np.sum(x**2)
    return np.sum(x)


def capture_named_as_subject(x):
    v = (np.sum(x), 2.0)
    match v:
        case (v, w):
            return v * w
    return np.sum(x)


CASES = [
    differentiated_in_subject,
    in_while_with_break,
    walrus_in_guard,
    capture_named_as_subject,
    sequences_python_takes,
    value_patterns_with_len_rebound,
    alternatives_bind_at_different_places,
    through_helper,
    loop_of_names,
    no_case_matches,
    guard_reads_array,
    capture_binds_before_failing_guard,
    enum_values,
    tuple_subject,
    arrays_in_subject,
    array_subject_vs_literal,
    class_patterns,
    nested_match,
    in_local_def,
    subject_with_effect,
]


@pytest.mark.parametrize("x", [X, POS], ids=["mixed", "positive"])
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_match(f, x):
    check_all_modes(f, x)


def test_values_as_python():
    for f in CASES:
        for x in (X, POS):
            value, _ = s2sgrad.value_and_grad(f)(x.copy())
            np.testing.assert_allclose(value, f(x.copy()), rtol=1e-12, err_msg=f.__name__)


class Point:
    __match_args__ = ("a",)

    def __init__(self, a):
        self.a = a


def mapping_pattern(x):
    match {"k": 1}:
        case {"k": v}:
            return v * np.sum(x)
    return np.sum(x)


def star_pattern(x):
    match (1, 2, 3):
        case (first, *others):
            return first * len(others) * np.sum(x)
    return np.sum(x)


def class_attributes(x):
    match Point(2.0):
        case Point(a=v):
            return v * np.sum(x)
    return np.sum(x)


def class_positional(x):
    match Point(2.0):
        case Point(v):
            return v * np.sum(x)
    return np.sum(x)


def shadowed_len(x):
    len = 3
    match (x, len):
        case (v, n):
            return n * np.sum(v)
    return np.sum(x)


@pytest.mark.parametrize(
    "f, text, at",
    [
        (shadowed_len, "where len is rebound", "case (v, n)"),
        (mapping_pattern, "a mapping pattern", "case {"),
        (star_pattern, "a star pattern", "*others"),
        (class_attributes, "a class pattern with attributes", "(a=v)"),
        (class_positional, "a class pattern with positional sub-patterns", "Point(v)"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_refused_at_the_users_line(f, text, at):
    source, start = inspect.getsourcelines(f)
    line = start + next(i for i, s in enumerate(source) if at in s)
    check_rejected(f, X, text, lines=[line])
