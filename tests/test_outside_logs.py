"""``LOG.append(v)`` of a list outside the function that the function never reads: a log
of plain values, made as the code runs (s2sgrad/normalize/outside_logs.py)."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

LOSSES = []
NORMS = {}
SEEN = set()


def logged_loss(x):
    s = 0.0
    for i in range(3):
        s = s + np.sum(np.sin(x * (i + 1)) ** 2)
        LOSSES.append(s2sgrad.stop_gradient(s))
        LOSSES.extend([i, x.shape])
    NORMS.update(last=np.linalg.norm(s2sgrad.stop_gradient(x)))
    SEEN.add(len(x))
    return s * np.sum(x)


def test_a_log_has_no_derivative_in_any_mode():
    check_all_modes(logged_loss, [0.3, -0.5, 1.2])


def test_each_gradient_call_logs_the_plain_values_once():
    x = np.array([0.3, -0.5, 1.2])
    del LOSSES[:]
    value, _ = s2sgrad.value_and_grad(logged_loss)(x)
    assert len(LOSSES) == 9
    assert all(type(v) in (float, int, tuple, np.float64) for v in LOSSES)
    np.testing.assert_allclose(LOSSES[-3], value / np.sum(x), rtol=1e-12)
    np.testing.assert_allclose(NORMS["last"], np.linalg.norm(x))
    assert SEEN == {3}


def test_a_closure_list_is_a_log_too():
    def make(history):
        def loss(w):
            history.append(len(w))
            return np.sum(np.exp(w))

        return loss

    history = []
    check_all_modes(make(history), [0.1, 0.2])
    assert history and set(history) == {2}


READ_BACK = []


def logs_a_traced_value(x):
    y = np.sum(x**2)
    LOSSES.append(y)  # autograd would log its box
    return 2.0 * y


def logs_in_a_helper(x):
    return np.sum(_helper_logging(x * 3.0))


def _helper_logging(z):
    NORMS.update(z=z)
    return z**2


def test_a_traced_value_is_logged_as_its_plain_value():
    # autograd would log its box; the log holds the value, and no derivative flows
    # through it
    x = np.array([1.0, 2.0])
    check_all_modes(logs_a_traced_value, x)
    check_all_modes(logs_in_a_helper, x)
    del LOSSES[:]
    s2sgrad.grad(logs_a_traced_value)(x)
    assert len(LOSSES) == 1 and type(LOSSES[0]) is np.float64
    np.testing.assert_allclose(LOSSES[0], 5.0, rtol=1e-12)
    s2sgrad.grad(logs_in_a_helper)(x)
    assert type(NORMS["z"]) is np.ndarray
    np.testing.assert_allclose(NORMS["z"], x * 3.0, rtol=1e-12)


def _logging_part(x):
    y = np.sum(x**2)
    LOSSES.append(y)
    return y


def _reading_part(x):
    return LOSSES[-1] * np.sum(x)


def _caching_part(x):
    y = np.sum(np.cos(x))
    NORMS["y"] = y
    return y


def _counting_part(x):
    return np.sum(x) * len(LOSSES)


def reads_a_sibling_log(x):
    return _logging_part(x) + _reading_part(x)


def reads_a_callee_log(x):
    a = _logging_part(x)
    return a + LOSSES[-1]


def reads_a_callee_item(x):
    a = _caching_part(x)
    return a * NORMS["y"]


def callee_reads_its_log(x):
    LOSSES.append(np.sum(x))
    return _counting_part(x)


def test_a_log_of_traced_values_read_back_elsewhere_is_rejected():
    # the value read back from the log would carry no derivative: autograd's box would
    check_rejected(reads_a_sibling_log, [1.0, 2.0], "which is a log that this function")
    check_rejected(callee_reads_its_log, [1.0, 2.0], "which is a log that this function")
    check_rejected(reads_a_callee_log, [1.0, 2.0], "reaches the differentiated result")
    check_rejected(reads_a_callee_item, [1.0, 2.0], "reaches the differentiated result")


def reads_its_log(x):
    READ_BACK.append(x * 2.0)
    return np.sum(READ_BACK[-1] ** 2)  # the log flows into the result


def passes_its_log(x):
    READ_BACK.append(x)
    return np.sum(np.concatenate(READ_BACK))


def test_a_log_read_back_is_still_rejected():
    check_rejected(reads_its_log, [1.0, 2.0], "changes a list that is not local")
    check_rejected(passes_its_log, [1.0, 2.0], "changes a list that is not local")


class _Recorder:
    def __init__(self):
        self.items = []

    def append(self, v):
        self.items.append(v)


class _Model:
    def __init__(self):
        self.history = []
        self.norms = {}
        self.recorder = _Recorder()
        self.W = np.array([[1.0, 0.5, 0.0], [0.2, -0.3, 0.7]])

    def forward(self, x):
        h = np.tanh(self.W @ x)
        self.history.append(h)  # autograd would log its box
        return h

    def loss(self, x):
        h = self.forward(x)
        self.norms.update(h=np.sum(h))
        return np.sum(h**2) + np.sum(x**2)

    def loss_reading_back(self, x):
        h = self.forward(x)
        return np.sum(h**2) + np.sum(self.history[-1])

    def last(self):
        return self.history[-1]

    def loss_reading_in_a_method(self, x):
        h = self.forward(x)
        return np.sum(h) * np.sum(self.last())

    def loss_recorded_by_an_object(self, x):
        v = np.sum(x**2)
        self.recorder.append(v)
        return v


MODEL = _Model()


def loss_of_a_module_model(x):
    MODEL.history.append(np.sum(x))
    return MODEL.loss(x * 2.0)


def test_an_attribute_log_holds_plain_values():
    x = np.array([0.3, -0.7, 0.2])
    model = _Model()
    check_all_modes(lambda x: model.loss(x), x)
    check_all_modes(loss_of_a_module_model, x)
    del model.history[:]
    s2sgrad.grad(model.loss)(x)
    assert len(model.history) == 1 and type(model.history[0]) is np.ndarray
    np.testing.assert_allclose(model.history[0], np.tanh(model.W @ x), rtol=1e-12)
    np.testing.assert_allclose(model.norms["h"], np.sum(np.tanh(model.W @ x)), rtol=1e-12)


def test_an_attribute_log_read_back_is_rejected():
    model = _Model()
    x = [0.3, -0.7, 0.2]
    check_rejected(model.loss_reading_back, x, "reaches the differentiated result")
    check_rejected(model.loss_reading_in_a_method, x, "reads the attribute 'history'")


def test_an_attribute_that_is_not_a_list_is_not_a_log():
    model = _Model()
    with pytest.raises(s2sgrad.S2SGradError, match="recorder.append|append()"):
        s2sgrad.grad(model.loss_recorded_by_an_object)(np.array([0.3, -0.7, 0.2]))


class _Cached:
    def __init__(self):
        self.W = np.array([[1.0, 0.5, 0.0], [0.2, -0.3, 0.7]])
        self.cache = {}
        self.store = _Store()

    def loss(self, x):
        z = self.W @ x
        self.cache["z"] = z  # autograd would keep its box
        self.cache["x"] = x
        return np.sum(np.tanh(z) ** 2)

    def reads_cache(self):
        return self.cache["z"]

    def loss_read_in_a_method(self, x):
        a = self.loss(x)
        return a * np.sum(self.reads_cache())

    def loss_read_back(self, x):
        z = self.W @ x
        self.cache["z"] = z
        return np.sum(self.cache["z"] ** 2)

    def loss_into_an_object(self, x):
        z = self.W @ x
        self.store["z"] = z
        return np.sum(z**2)


class _Store:
    def __init__(self):
        self.scale = 1.0

    def __setitem__(self, key, value):
        self.scale = 2.0


CACHED = _Cached()


def loss_of_a_cached_model(x):
    return CACHED.loss(x) + np.sum(x**3)


def test_items_written_to_an_attribute_are_a_log():
    x = np.array([0.3, -0.7, 0.2])
    model = _Cached()
    check_all_modes(lambda x: model.loss(x), x)
    check_all_modes(loss_of_a_cached_model, x)
    s2sgrad.grad(model.loss)(x)
    assert type(model.cache["z"]) is np.ndarray
    np.testing.assert_allclose(model.cache["z"], model.W @ x, rtol=1e-12)
    np.testing.assert_allclose(model.cache["x"], x, rtol=1e-12)


def test_items_of_an_attribute_read_back_are_rejected():
    model = _Cached()
    x = [0.3, -0.7, 0.2]
    check_rejected(model.loss_read_in_a_method, x, "reads the attribute 'cache'")
    check_rejected(model.loss_read_back, x, "changes an object in place")


def test_items_written_to_an_object_are_not_a_log():
    with pytest.raises(s2sgrad.S2SGradError, match="only the items of a dict or a list"):
        s2sgrad.grad(_Cached().loss_into_an_object)(np.array([0.3, -0.7, 0.2]))
