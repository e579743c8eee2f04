"""Session 29: constructs of real programs that were refused (issue 12, tests/test_programs.py
BLOCKED), each checked in every mode against central finite differences (and autograd):

- ``zip(*rows)`` of rows whose number is known only when the function runs (the rows of an
  integer array's ``tolist()``): the call keeps its star; an error at the user's line where
  the rows are differentiated.
- ``zip(range(n), schedule())`` of an endless generator (``while True: yield t``): its
  items up to the other sequences' length, by a local def returning that many
  (normalize.endless), differentiated; one of another module runs as written
  (``first_items``), an error at the user's line where it is given a differentiated
  argument; an error at the generator's loop where nothing bounds it.
- ``functools.partial(REGISTRY[name], **kwargs)`` with ``kwargs`` an item of a config
  list: the function found and the mapping copied where the partial is made, each call
  differentiated when it runs (runtime.callees, its keywords constants there); a
  module-level mapping's keys read when transforming.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import pathlib
import re

import numpy as np
import pytest
from blocked_s29_schedules import halving
from gradcheck import check_all_modes, check_rejected, numerical_grad

import s2sgrad

IDX = np.array([[0, 1, 2], [2, 1, 0]])
TALL = np.array([[0, 3], [1, 2], [3, 3]])
ROWS = [[1, 0, 2, 3], [3, 3, 1, 0], [2, 1, 0, 0]]


# -- zip(*rows) of rows counted when it runs ------------------------------------------------


def zipped_list(x, idx=IDX):
    steps = list(zip(*idx.tolist()))
    total = 0.0
    for t in range(len(steps)):
        total = total + np.sum(x[np.array(steps[t])] ** 2) * x[t]
    return total


def zipped_tall(x, idx=TALL):
    cols = list(zip(*idx.tolist()))
    return np.sum(np.sin(x[np.array(cols[0])]) * x[np.array(cols[1])])


def zipped_in_for(x, idx=IDX):
    total = 0.0
    for i, j in zip(*idx.tolist()):
        total = total + x[i] * np.exp(x[j])
    return total


def zipped_three(x):
    total = 0.0
    for a, b, c in zip(*ROWS):  # a module list of lists of ints
        total = total + x[a] * x[b] - np.cos(x[c])
    return total


def zipped_in_comprehension(x, idx=TALL):
    cols = [np.array(c) for c in zip(*idx.tolist())]
    return sum(np.sum(x[c] ** 3) for c in cols)


def _columns(idx):
    return list(zip(*idx.tolist()))


def zipped_in_helper(x):
    cols = _columns(IDX)
    return np.sum(x[np.array(cols[1])] * x[np.array(cols[2])]) + x[cols[0][1]] ** 2


def zipped_of_sliced_rows(x, idx=TALL):
    rows = idx[1:].tolist()
    firsts, seconds = list(zip(*rows))[0], list(zip(*rows))[1]
    return np.sum(x[np.array(firsts)] * np.tanh(x[np.array(seconds)]))


ZIPPED = [
    zipped_list,
    zipped_tall,
    zipped_in_for,
    zipped_three,
    zipped_in_comprehension,
    zipped_in_helper,
    zipped_of_sliced_rows,
]


@pytest.mark.parametrize("f", ZIPPED, ids=[f.__name__ for f in ZIPPED])
def test_zip_of_rows_counted_when_it_runs(f):
    check_all_modes(f, [0.3, -0.7, 1.1, 0.5])


def zip_of_differentiated_rows(x):
    cols = list(zip(*x.reshape(2, 2).tolist()))
    return cols[0][0] * cols[1][1]


def zip_of_differentiated_rows_in_for(x):
    total = 0.0
    for a, b in zip(*x.reshape(2, 2).tolist()):
        total = total + a * b
    return total


def zip_of_differentiated_list(x):
    rows = [[x[0], x[1]], [x[2], x[3]]]
    pairs = list(zip(*rows[: int(np.sum(x > 0))]))
    return pairs[0][0]


REFUSED = [
    zip_of_differentiated_rows,
    zip_of_differentiated_rows_in_for,
    zip_of_differentiated_list,
]


@pytest.mark.parametrize("f", REFUSED, ids=[f.__name__ for f in REFUSED])
def test_zip_of_differentiated_rows_is_refused_at_its_line(f):
    check_rejected(f, [0.3, -0.7, 1.1, 0.5], "zip(*...) of differentiated rows")


def _program(name, tmp_path):
    """tests/programs/NAME.py with its imports switched to s2sgrad.compat.autograd."""
    source = (pathlib.Path(__file__).parent / "programs" / f"{name}.py").read_text()
    path = tmp_path / f"{name}.py"
    path.write_text(
        re.sub(
            r"^(\s*)(from|import) autograd\b", r"\1\2 s2sgrad.compat.autograd", source, flags=re.M
        )
    )
    spec = importlib.util.spec_from_file_location(f"s29_{name}", path)
    program = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(program)
    return program


def _check_forward(program):
    """jvp of ``program.loss`` at its inputs, against finite differences along a direction
    (test_programs runs the forward mode of array arguments only)."""
    (params,) = program.inputs()
    rs = np.random.RandomState(1)
    if isinstance(params, dict):
        tangent = {k: rs.randn(*np.shape(v)) for k, v in params.items()}
    else:
        tangent = rs.randn(*np.shape(params))
    value, dot = s2sgrad.jvp(program.loss, (params,), (tangent,))
    np.testing.assert_allclose(value, program.loss(params), rtol=1e-12)

    def along(t):
        if isinstance(params, dict):
            return program.loss({k: params[k] + t[0] * tangent[k] for k in params})
        return program.loss(params + t[0] * tangent)

    expected = numerical_grad(along, (np.zeros(1),), 0)[0]
    np.testing.assert_allclose(dot, expected, rtol=1e-6, atol=1e-8)


def test_the_rnn_program_in_forward_mode(tmp_path):
    _check_forward(_program("s26b_rnn_vocab_class_batches", tmp_path))


# -- an endless generator zipped with a finite sequence -------------------------------------


def schedule(start=2.0, decay=0.7):
    t = start
    while True:
        yield t
        t *= decay


def counter(step):
    k = 0
    while True:
        k += step
        yield k, np.sqrt(k)


def annealed(x, stages=4):
    total = 0.0
    for _, temp in zip(range(stages), schedule()):
        total = total - temp * np.log(np.sum(np.exp(-x / temp)))
    return total / stages


def annealed_list_partner(x):
    weights = [0.5, 1.5, -1.0]
    total = 0.0
    for w, temp, (k, r) in zip(weights, schedule(1.5, decay=0.5), counter(2)):
        total = total + w * np.sum(np.sin(x * temp)) * r + k * x[0]
    return total


def annealed_generator_first(x):
    return sum(temp * x[i] ** 2 for temp, i in zip(schedule(3.0), range(x.shape[0])))


def annealed_listed(x, n=3):
    pairs = list(zip(range(n), schedule(decay=0.9)))
    return sum(np.cos(x[i] * t) for i, t in pairs)


def _annealed_helper(x, n):
    return [t * np.tanh(x) for _, t in zip(range(n), schedule(1.0))]


def annealed_in_helper(x):
    return np.sum(sum(_annealed_helper(x, 2))) + np.sum(_annealed_helper(x, 3)[-1] ** 2)


def annealed_nested(x):
    total = 0.0
    for i, t in zip(range(2), schedule()):
        for j, s in zip(range(i + 2), schedule(t, 0.5)):
            total = total + s * x[j] * x[i]
    return total


ANNEALED = [
    annealed,
    annealed_list_partner,
    annealed_generator_first,
    annealed_listed,
    annealed_in_helper,
    annealed_nested,
]


@pytest.mark.parametrize("f", ANNEALED, ids=[f.__name__ for f in ANNEALED])
def test_endless_generator_zipped_with_a_finite_sequence(f):
    check_all_modes(f, [0.3, -0.7, 1.1, 0.5])


def decayed(start, decay=0.7):
    t = start
    while True:
        yield t
        t = t * decay


def annealed_from_differentiated(x):
    total = 0.0
    for _, temp in zip(range(3), decayed(x[0])):
        total = total + temp * x[1]
    return total


def annealed_from_differentiated_genexp(x):
    return sum(t * x[2] for _, t in zip(range(4), decayed(2.0, decay=x[1])))


def annealed_differentiated_list_partner(x):
    return sum(w * t for w, t in zip([x[0], x[1] ** 2], decayed(np.tanh(x[2]), x[3])))


def cycled(values):
    while True:
        yield from values


def annealed_yield_from(x):
    return sum(w * x[i] ** 2 for i, w in zip(range(4), cycled([x[0], 2.0, x[1]])))


def annealed_other_module(x, n=3):
    return sum(t * np.sin(x[i]) for i, t in zip(range(n), halving(2.0, rate=0.25)))


DIFFERENTIATED = [
    annealed_from_differentiated,
    annealed_from_differentiated_genexp,
    annealed_differentiated_list_partner,
    annealed_yield_from,
    annealed_other_module,
]


@pytest.mark.parametrize("f", DIFFERENTIATED, ids=[f.__name__ for f in DIFFERENTIATED])
def test_endless_generator_given_differentiated_values_or_of_another_module(f):
    check_all_modes(f, [0.3, -0.7, 1.1, 0.5])


def other_module_differentiated(x):
    total = 0.0
    for _, t in zip(range(3), halving(x[0])):
        total = total + t * x[1]
    return total


def other_module_differentiated_genexp(x):
    return sum(t for _, t in zip(range(3), halving(rate=x[1])))


OTHER_MODULE = [other_module_differentiated, other_module_differentiated_genexp]


@pytest.mark.parametrize("f", OTHER_MODULE, ids=[f.__name__ for f in OTHER_MODULE])
def test_endless_generator_of_another_module_given_a_differentiated_value_is_refused(f):
    check_rejected(
        f, [0.3, -0.7, 1.1, 0.5], "halving() is an endless generator given a differentiated"
    )


def endless_with_a_counter(x):
    return sum(t * x[0] for t, _ in zip(schedule(), itertools.count()))


def endless_read_whole(x):
    return x[0] * sum(schedule())


UNBOUNDED = [endless_with_a_counter, endless_read_whole]


@pytest.mark.parametrize("f", UNBOUNDED, ids=[f.__name__ for f in UNBOUNDED])
def test_endless_generator_with_no_bound_is_refused_at_its_loop(f):
    line = schedule.__code__.co_firstlineno + 2
    check_rejected(f, [0.3, -0.7, 1.1, 0.5], "schedule() is an endless generator", lines=[line])


def test_the_annealing_program_in_forward_mode(tmp_path):
    _check_forward(_program("s15_annealing_infinite_generator", tmp_path))


# -- functools.partial of a registry's function with **kwargs of a config item ----------------


def _sq(p, scale=1.0):
    return np.sum(p**2) * scale


def _soft(p, power=3.0, shift=0.0):
    return np.sum(np.log1p(np.exp(power * p - shift)))


def _pair(p, q, weight=1.0):
    return weight * np.sum(np.sin(p) * q)


REGISTRY = {"sq": _sq, "soft": _soft, "pair": _pair}
CONFIG = [("sq", 1.0, {"scale": 0.5}), ("soft", 2.0, {"power": 2.5, "shift": 0.3})]
OPTIONS = {"power": 1.5, "shift": -0.2}


def registry_partials(x):
    total = 0.0
    for name, weight, kwargs in CONFIG:
        fn = functools.partial(REGISTRY[name], **kwargs)
        total = total + weight * fn(x)
    return total


def known_function_config_kwargs(x):
    total = 0.0
    for _, weight, kwargs in CONFIG[1:]:
        fn = functools.partial(_soft, **kwargs)
        total = total + weight * fn(x * x)
    return total


def module_options(x):
    fn = functools.partial(_soft, **OPTIONS)
    return fn(x) + fn(2.0 * x)


def registry_positional(x):
    fn = functools.partial(REGISTRY["pair"], np.cos(x), **{"weight": 0.7})
    return fn(x[::-1])


def registry_kwargs_copied(x):
    kwargs = {"scale": 2.0}
    fn = functools.partial(REGISTRY["sq"], **kwargs)
    kwargs["scale"] = 5.0  # the partial keeps its own copy
    return fn(x) + _sq(x, **kwargs)


def _weighted_terms(x, config):
    terms = []
    for name, weight, kwargs in config:
        fn = functools.partial(REGISTRY[name], **kwargs)
        terms.append(weight * fn(np.tanh(x)))
    return terms


def registry_in_helper(x):
    return functools.reduce(lambda a, b: a + b, _weighted_terms(x, CONFIG))


PARTIALS = [
    registry_partials,
    known_function_config_kwargs,
    module_options,
    registry_positional,
    registry_kwargs_copied,
    registry_in_helper,
]


@pytest.mark.parametrize("f", PARTIALS, ids=[f.__name__ for f in PARTIALS])
def test_partial_with_kwargs_of_a_config_item(f):
    check_all_modes(f, [0.3, -0.7, 1.1, 0.5])


def registry_differentiated_keyword(x):
    kwargs = {"scale": x[0]}
    fn = functools.partial(REGISTRY["sq"], **kwargs)
    return fn(x)


def registry_call_keywords(x):
    for name, _, kwargs in CONFIG[:1]:
        fn = functools.partial(REGISTRY[name], **kwargs)
        return fn(x, scale=3.0)


def _apply_twice(f, x):
    return f(f(x) * x)


def partial_with_kwargs_passed_on(x):
    for _, _, kwargs in CONFIG[:1]:
        fn = functools.partial(_sq, **kwargs)
        return _apply_twice(fn, x)


@pytest.mark.parametrize(
    "f,text",
    [
        (partial_with_kwargs_passed_on, "made with **kwargs, whose keys are known only"),
        (registry_differentiated_keyword, "keys are known only when the code runs, and it holds"),
        (registry_call_keywords, "passes keywords to a functools.partial made with **kwargs"),
    ],
    ids=["passed_on", "differentiated_keyword", "call_keywords"],
)
def test_partial_with_kwargs_refused_at_its_line(f, text):
    check_rejected(f, [0.3, -0.7, 1.1, 0.5], text)


def test_the_registry_program_in_forward_mode(tmp_path):
    _check_forward(_program("s22_loss_registry_partial_reduce", tmp_path))
