"""Constructs found by the s30 programs (tests/programs/s30_*.py).

A local function or lambda reading the differentiated values, passed to a user function
whose other arguments are all constants (``apply(lambda v: v * w, X)``): the call is
differentiated (its result was taken as a constant, a silent zero gradient). A function
made by a factory from such a lambda and passed on (``apply(compose(f, g), X)``) gives
the callee the functions it calls. One packed into the callee's ``*args`` or
``**kwargs`` is refused. A memo that a local def fills in ``try: return cache[key]
except KeyError: ...`` (its early return copies the dict) is differentiated. A name
that the branches of an ``if`` bind to different local functions (``if act == "relu": f =
lambda z: ...; else: f = np.tanh``) and that is read after it: the statements after the
``if`` are copied into each branch (each call was the last definition's derivative, a
silent wrong gradient); after a ``try`` and its handlers it is refused, as is a read in
a loop's body before the body binds the name to a local function (it holds the function
of the iteration before).
"""

from __future__ import annotations

import numpy as np
from gradcheck import check_all_modes, check_rejected

X = np.array([1.0, 2.0, -0.5])


def _apply(f, x):
    return f(x)


def _apply_list(f, xs):
    return [f(x) for x in xs]


def _apply_loop(f, xs):
    out = []
    for x in xs:
        out.append(f(x))
    return out


def _apply_star(f, *xs):
    return sum(f(x) for x in xs)


def _compose(f, g):
    def run(x):
        return g(f(x))

    return run


def _call_each(x, *fns):
    for f in fns:
        x = f(x)
    return x


def _call_kw(x, **fns):
    return fns["f"](x)


def lambda_of_parameter(w):
    return np.sum(_apply(lambda v: v * w, X))


def lambda_of_local(w):
    scale = np.exp(w)
    return np.sum(_apply(lambda v: np.sin(v * scale), X) ** 2)


def local_def_of_parameter(w):
    def f(v):
        return np.tanh(v * w) + w**2

    return np.sum(_apply(f, X))


def lambda_in_comprehension_callee(w):
    a, b = _apply_list(lambda v: v * w, [X, 2 * X])
    return np.sum(a * b)


def lambda_in_loop_callee(w):
    return np.sum(_apply_loop(lambda v: np.cos(v * w), [X, X[::-1]])[1])


def lambda_with_star_arguments(w):
    return np.sum(_apply_star(lambda v: v * w**2, X, 3 * X))


def factory_made_passed_on(w):
    net = _compose(lambda v: v * w, np.tanh)
    return np.sum(_apply(net, X) ** 2)


def factory_made_passed_to_comprehension(w):
    net = _compose(lambda v: v * w, np.sin)
    return np.sum(sum(_apply_list(net, [X, 2 * X])))


def test_lambda_reading_differentiated_values_passed_with_constant_arguments():
    for f in (
        lambda_of_parameter,
        lambda_of_local,
        local_def_of_parameter,
        lambda_in_comprehension_callee,
        lambda_in_loop_callee,
        lambda_with_star_arguments,
    ):
        check_all_modes(f, [0.3, -0.2, 0.7])


def test_factory_made_closure_passed_to_a_function():
    check_all_modes(factory_made_passed_on, [0.3, -0.2, 0.7])
    check_all_modes(factory_made_passed_to_comprehension, [0.3, -0.2, 0.7])


def packed_lambda(w):
    return np.sum(_call_each(X, lambda v: v * w, np.tanh))


def packed_local_def(w):
    def f(v):
        return v * w

    return np.sum(_call_each(w, f))


def packed_keyword(w):
    return np.sum(_call_kw(X, f=lambda v: v * w))


def test_closure_packed_into_star_args_is_refused():
    check_rejected(packed_lambda, [0.3, -0.2, 0.7], "*args or **kwargs")
    check_rejected(packed_local_def, [0.3, -0.2, 0.7], "*args or **kwargs")
    check_rejected(packed_keyword, [0.3, -0.2, 0.7], "*args or **kwargs")


def constant_functions_packed(w):
    return np.sum(_call_each(w, np.tanh, lambda v: 2.0 * v, np.sin))


def test_constant_functions_in_star_args_still_work():
    check_all_modes(constant_functions_packed, [0.3, -0.2, 0.7])


def memo_try_keyerror(w):
    cache = {}

    def get(key):
        try:
            return cache[key]
        except KeyError:
            cache[key] = np.sin(w) * key
            return cache[key]

    return np.sum(get(1.0) + get(2.0) * get(1.0))


def memo_try_keyerror_else(w):
    cache = {"a": w**2}

    def get(key):
        try:
            value = cache[key]
        except KeyError:
            cache[key] = np.exp(w) * len(key)
            return cache[key]
        else:
            return value * 2.0

    return np.sum(get("a") + get("bb") + get("bb"))


def test_memo_filled_in_try_except_keyerror():
    # the Hessian reads the generated code back, whose copy is an ordinary comprehension
    check_all_modes(memo_try_keyerror, [0.3, -0.2, 0.7], hess=False)
    check_all_modes(memo_try_keyerror_else, [0.3, -0.2, 0.7], hess=False)


def _branch_activation(w, act="tanh"):
    if act == "tanh":
        f = np.tanh
    elif act == "relu":
        f = lambda z: np.maximum(z, 0.0)  # noqa: E731
    else:
        raise ValueError(act)
    return np.sum(f(X * w) ** 2)


def activation_by_name_default(w):
    return _branch_activation(w) + _branch_activation(w, act="relu")


def lambdas_by_a_differentiated_test(w):
    if np.sum(w) > 0:
        f = lambda v: v * w  # noqa: E731
    else:
        f = lambda v: v + w  # noqa: E731
    return np.sum(_apply(f, X) ** 2)


def defs_by_a_parameter_flag(w, scaled=True):
    if scaled:

        def f(v):
            return np.sin(v * w)

    else:

        def f(v):
            return np.cos(v + w)

    y = f(X)
    return np.sum(y * f(2 * X))


def branch_function_in_a_loop(w):
    total = 0.0
    for k in range(3):
        if k % 2:
            g = lambda v: v * w**2  # noqa: E731
        else:
            g = lambda v: np.tanh(v * w)  # noqa: E731
        total = total + np.sum(g(X))
    return total


def branch_returns_early(w):
    if w[0] > 10.0:
        f = lambda v: v * w  # noqa: E731
        return np.sum(f(X))
    else:
        f = lambda v: v**2 * w  # noqa: E731
    return np.sum(f(X))


def test_local_function_bound_differently_in_branches():
    # the statements after the if are copied into each branch (was the last definition's
    # derivative in every branch: a silent wrong gradient)
    for f in (
        activation_by_name_default,
        lambdas_by_a_differentiated_test,
        defs_by_a_parameter_flag,
        branch_function_in_a_loop,
        branch_returns_early,
    ):
        check_all_modes(f, [0.3, -0.2, 0.7])
    check_all_modes(lambdas_by_a_differentiated_test, [-0.3, -0.2, 0.1])


def function_by_try(w):
    try:
        f = lambda v: v * w  # noqa: E731
        np.linalg.cholesky(-np.eye(2))
    except np.linalg.LinAlgError:
        f = lambda v: v + w  # noqa: E731
    return np.sum(f(X))


def test_local_function_bound_by_a_try_and_its_handler_is_refused():
    check_rejected(function_by_try, [0.3, -0.2, 0.7], "cannot tell apart")


def function_bound_at_the_top_of_a_loop(w):
    h = X
    for k in range(3):
        layer = lambda v: np.tanh(v * w + k)  # noqa: E731, B023
        h = layer(h)
    return np.sum(h**2)


def def_bound_at_the_top_of_a_while_loop(w):
    h, k = X, 0
    while k < 3:

        def step(v):
            return v + 0.1 * np.sin(v * w)

        h = _apply(step, h)
        k += 1
    return np.sum(h)


def test_local_function_bound_in_each_iteration_before_its_use():
    check_all_modes(function_bound_at_the_top_of_a_loop, [0.3, -0.2, 0.7])
    check_all_modes(def_bound_at_the_top_of_a_while_loop, [0.3, -0.2, 0.7])


def function_rebound_after_its_use_in_a_loop(w):
    f = lambda v: v * w  # noqa: E731
    total = 0.0
    for _ in range(3):
        total = total + np.sum(f(X))
        f = lambda v: v + w**2  # noqa: E731
    return total


def def_rebound_after_its_use_in_a_while_loop(w):
    def f(v):
        return v * w

    total, k = 0.0, 0
    while k < 3:
        total = total + np.sum(_apply(f, X))

        def f(v):
            return np.sin(v * w)

        k += 1
    return total


def function_bound_in_the_first_iteration(w):
    total = 0.0
    for i in range(3):
        if i == 0:
            f = lambda v: v * w  # noqa: E731
        total = total + np.sum(f(X))
    return total


def test_local_function_of_the_iteration_before_is_refused():
    # each was differentiated as the function bound before the loop (or none) in every
    # iteration: a silent wrong gradient
    check_rejected(function_rebound_after_its_use_in_a_loop, [0.3, -0.2, 0.7], "iteration before")
    check_rejected(def_rebound_after_its_use_in_a_while_loop, [0.3, -0.2, 0.7], "iteration before")
    check_rejected(function_bound_in_the_first_iteration, [0.3, -0.2, 0.7], "iteration before")
