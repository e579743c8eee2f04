"""Session 32 (b): logs of plain values read back under names s2sgrad did not follow.

``LOG.append(v)``, ``self.history.append(v)`` and ``self.cache[k] = v`` of containers the
function does not own are logs of plain values; reading one back in the differentiated
program is s2sgrad's error. A probe found reads that the name-based check missed, each a
silently wrong gradient (the value read back carried no derivative):

- the same list under another free name (``h = T.history`` at module level, read as
  ``h[-1]``; ``h.append(v)`` logged and read back as ``T.history[-1]``), or held by
  another object;
- an alias of the object (``t = T; t.history[-1]``), ``vars(T)``, ``T.__dict__``;
- a property that reads the log (``T.last``): s2sgrad also ran the property when it
  transformed the function, so its value there was taken as a constant (or its error,
  an ``IndexError`` of an empty log, came out of s2sgrad);
- a log a called function writes, read back here under a name of this function's;
- a bound method's ``self.losses.append(v)`` (its receiver became a name of the
  derivative, so a method it calls reading ``self.losses`` went unseen);
- ``globals()["LOG"]``, a ``functools.partial`` binding the log, a callee's default
  argument, an argument of the function holding the log (checked when it runs);
- ``getattr(T, name)``, a callee reading ``o.__dict__`` or ``vars(o)`` (one of these, of
  ``T.cache``, was an ``AttributeError`` out of s2sgrad);
- a counter ``CALLS["n"] += 1`` read back as ``C["n"]`` of ``C = CALLS`` (a Hessian saw it
  move between its passes).
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad


class Tracker:
    def __init__(self):
        self.history = []
        self.cache = {}

    @property
    def last(self):
        return self.history[-1]


T = Tracker()
H = T.history  # the same list under a name of its own
C = T.cache
SHARED = []


class Holder:
    def __init__(self, store):
        self.store = store


HOLDER = Holder(SHARED)
ALIAS = SHARED


def read_through_module_alias(x):
    v = np.sum(np.cos(x))
    T.history.append(v)
    return v + H[-1]


def logged_through_module_alias(x):
    v = np.sum(np.cos(x))
    H.append(v)
    return v + T.history[-1]


def read_through_local_alias(x):
    t = T
    v = np.sum(np.cos(x))
    T.history.append(v)
    return v + t.history[-1]


def read_through_property(x):
    v = np.sum(np.sin(x))
    T.history.append(v)
    return v * T.last


def read_through_dict(x):
    v = np.sum(np.sin(x))
    T.history.append(v)
    return v * T.__dict__["history"][-1]


def read_through_vars(x):
    v = np.sum(np.sin(x))
    T.history.append(v)
    return v * vars(T)["history"][-1]


def cache_read_through_alias(x):
    z = np.tanh(x)
    T.cache["z"] = z
    return np.sum(C["z"] * z)


def read_through_other_object(x):
    v = np.sum(x**2)
    SHARED.append(v)
    return v + HOLDER.store[-1]


def logged_through_other_object(x):
    v = np.sum(x**2)
    HOLDER.store.append(v)
    return v + SHARED[-1]


def _last_shared():
    return ALIAS[-1]


def callee_reads_alias(x):
    v = np.sum(x**2)
    HOLDER.store.append(v)
    return v + _last_shared()


def _log_shared(v):
    SHARED.append(v)
    return v


def _log_on_holder(v):
    HOLDER.store.append(v)
    return v


def callee_logs_read_here_by_alias(x):
    v = _log_shared(np.sum(x**2))
    return v + ALIAS[-1]


def callee_logs_attribute_read_here(x):
    v = _log_on_holder(np.sum(x**2))
    return v + SHARED[-1]


X0 = [0.3, -0.7, 1.1]


@pytest.mark.parametrize(
    "f",
    [
        read_through_module_alias,
        logged_through_module_alias,
        read_through_local_alias,
        read_through_dict,
        read_through_vars,
        cache_read_through_alias,
        read_through_other_object,
        logged_through_other_object,
    ],
)
def test_a_log_read_back_under_another_name_is_rejected(f):
    T.history.append(1.0)  # a log that is not empty: the read back has a value
    check_rejected(f, X0, "cannot be differentiated")


def test_a_log_read_back_through_a_property_is_rejected():
    del T.history[:]  # empty: the property would fail if it ran while transforming
    check_rejected(read_through_property, X0, "which is a log that this function")
    T.history.append(1.0)
    check_rejected(read_through_property, X0, "which is a log that this function")


@pytest.mark.parametrize("f", [callee_reads_alias])
def test_a_called_function_reading_the_log_by_its_own_name_is_rejected(f):
    SHARED.append(1.0)
    check_rejected(f, X0, "which is a log that this function")


@pytest.mark.parametrize("f", [callee_logs_read_here_by_alias, callee_logs_attribute_read_here])
def test_a_callee_log_read_back_here_by_another_name_is_rejected(f):
    SHARED.append(1.0)
    check_rejected(f, X0, "reaches the differentiated result")


class Scaled:
    def __init__(self, w):
        self._w = w

    @property
    def doubled(self):
        return self._w * 2.0


SCALED = Scaled(np.array([1.0, 2.0, 3.0]))


def reads_a_property(x):
    return np.sum(SCALED.doubled * x**2)


def test_a_property_of_a_free_object_is_read_when_the_derivative_runs():
    check_all_modes(reads_a_property, X0)
    SCALED._w = np.array([3.0, 1.0, 0.5])  # the property's value moves with the object
    try:
        check_all_modes(reads_a_property, X0)
    finally:
        SCALED._w = np.array([1.0, 2.0, 3.0])


def logs_only(x):
    v = np.sum(np.sin(x))
    T.history.append(v)
    return v * 2.0


def test_a_log_never_read_back_still_works():
    x = np.array(X0)
    del T.history[:]
    np.testing.assert_allclose(s2sgrad.grad(logs_only)(x), 2.0 * np.cos(x))
    assert len(T.history) == 1


class Model:
    def __init__(self):
        self.losses = []
        self.w = np.array([1.0, 2.0, 3.0])

    def loss(self, x):
        value = np.sum(self.w * x**2)
        self.losses.append(value)
        return value + self.last()

    def last(self):
        return self.losses[-1]


MODEL = Model()


def _peek_arg(h):
    return h[-1]


def _peek_default(h=SHARED):
    return h[-1]


PEEK = functools.partial(_peek_arg, SHARED)


def read_through_globals(x):
    v = np.sum(x**2)
    SHARED.append(v)
    return v * globals()["SHARED"][-1]


def read_through_partial(x):
    v = np.sum(x**2)
    SHARED.append(v)
    return v * PEEK()


def read_through_callee_default(x):
    v = np.sum(x**2)
    SHARED.append(v)
    return v * _peek_default()


def read_through_argument(x, log):
    v = np.sum(x**2)
    SHARED.append(v)
    return v * log[-1]


def test_a_bound_method_reading_its_log_through_another_method_is_rejected():
    # self.losses.append(v) of a method's self: its receiver is a name of the derivative
    # (call_append), and the log is still .losses
    with pytest.raises(s2sgrad.S2SGradError, match="which is a log that this function"):
        s2sgrad.grad(MODEL.loss)(np.array(X0))


@pytest.mark.parametrize(
    ("f", "text"),
    [
        (read_through_globals, "changes a list that is not local"),
        (read_through_partial, "changes a list that is not local"),
        (read_through_callee_default, "which is a log that this function"),
    ],
)
def test_a_log_read_back_through_globals_partials_and_defaults_is_rejected(f, text):
    SHARED.append(1.0)
    check_rejected(f, X0, text)


def test_a_log_passed_in_as_an_argument_and_read_back_is_rejected():
    SHARED.append(1.0)
    x = np.array(X0)
    with pytest.raises(s2sgrad.S2SGradError, match="holds the list that the function logs to"):
        s2sgrad.grad(read_through_argument)(x, SHARED)
    with pytest.raises(s2sgrad.S2SGradError, match="holds the list that the function logs to"):
        s2sgrad.grad(read_through_argument)(x, [SHARED])
    np.testing.assert_allclose(s2sgrad.grad(read_through_argument)(x, [2.0]), 4.0 * x)


CALLS = {"n": 0}
CALLS_ALIAS = CALLS


def counts_and_reads_the_alias(x):
    CALLS["n"] += 1
    return np.sum(x**3) * CALLS_ALIAS["n"]


def test_a_counter_read_back_under_another_name_is_rejected():
    # a Hessian runs the forward pass once per direction: the count read back moves
    check_rejected(counts_and_reads_the_alias, X0, "reaches the differentiated result")


NAME = "hist" + "ory"


def _peek_named(obj, attr):
    return getattr(obj, attr)[-1]


def _peek_namespace(obj):
    return obj.__dict__["history"][-1]


def _peek_cache(obj):
    return vars(obj)["cache"]["z"]


def read_by_a_computed_name(x):
    v = np.sum(x**2)
    T.history.append(v)
    return v * getattr(T, NAME)[-1]


def callee_reads_by_a_computed_name(x):
    v = np.sum(x**2)
    T.history.append(v)
    return v * _peek_named(T, NAME)


def callee_reads_the_namespace(x):
    v = np.sum(x**2)
    T.history.append(v)
    return v * _peek_namespace(T)


def callee_reads_the_cache_by_vars(x):
    z = np.sum(x**2)
    T.cache["z"] = z
    return z * _peek_cache(T)


@pytest.mark.parametrize(
    ("f", "text"),
    [
        (read_by_a_computed_name, "changes a list that is not local"),
        (callee_reads_by_a_computed_name, "which is a log that this function"),
        (callee_reads_the_namespace, "which is a log that this function"),
        # was an AttributeError out of s2sgrad (the record's holder T.cache is no name)
        (callee_reads_the_cache_by_vars, "which is a log that this function"),
    ],
)
def test_a_log_read_back_by_a_computed_attribute_name_is_rejected(f, text):
    T.history.append(1.0)
    T.cache["z"] = 1.0
    check_rejected(f, X0, text)


VALUE_LOG = []


def _peek_value_log():
    return VALUE_LOG[-1]


VALUE_FUNCS = {"last": _peek_value_log}


def logs_then_calls_an_item(w):
    v = np.sum(w**2)
    VALUE_LOG.append(v)
    g = VALUE_FUNCS["last"]
    return v + g() * np.sum(w)


def logs_then_calls_a_listed_function(w):
    v = np.sum(w**2)
    VALUE_LOG.append(v)
    fs = [_peek_value_log]
    return v + fs[0]() * np.sum(w)


def _calls_through_a_dict(w):
    return VALUE_FUNCS["last"]() * np.sum(w)


def _logs_value(w):
    v = np.sum(w**2)
    VALUE_LOG.append(v)
    return v


def sibling_calls_a_value(w):
    return _logs_value(w) + _calls_through_a_dict(w)


@pytest.mark.parametrize(
    "f", [logs_then_calls_an_item, logs_then_calls_a_listed_function, sibling_calls_a_value]
)
def test_a_value_called_where_the_program_logs_is_refused(f):
    # the callee, known only when the code runs, read the log back: a wrong gradient
    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="known only when the code runs"):
        s2sgrad.grad(f)(np.array([1.0, 2.0]))
