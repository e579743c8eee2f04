"""Real programs as written (session 13, issue 12): classes of constructs found by the
programs in tests/programs/s13_*.py, checked in every mode against central finite
differences (and autograd, in check_all_modes)."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = np.array([0.3, -1.2, 0.8])


def _step(a, b):
    return a + 0.1 * np.sin(b), b


def _midpoint(f, y, *args):
    k1 = f(y, *args)
    return y + 0.05 * f(y + 0.05 * k1, *args)


def _field(y, c):
    return -c * y + np.cos(y)


# 1. a trajectory list appended to in a loop, whose items come from a user function that
# may return what it is given: the appended item is no alias of the list


def trajectory_tuple_step(x):
    traj = [x]
    y = x
    for _ in range(3):
        y, v = _step(y, y)
        traj.append(y)
    return np.sum(np.stack(traj) ** 2) + np.sum(v)


def trajectory_star_args(x):
    ys = [x]
    y = x
    for _ in range(4):
        y = _midpoint(_field, y, 0.7)
        ys.append(y)
    return np.sum(np.array(ys)[:, 0] * np.arange(5.0)) + np.sum(ys[-1] ** 3)


def trajectory_insert_and_item(x):
    hist = [x * 1.0]
    y = x
    for i in range(3):
        y, _ = _step(y, hist[-1])
        hist.insert(0, y)
    return np.sum(hist[0] * hist[-1]) + np.sum(np.stack(hist))


@pytest.mark.parametrize(
    "f", [trajectory_tuple_step, trajectory_star_args, trajectory_insert_and_item]
)
def test_appended_items_are_no_alias_of_the_list(f):
    check_all_modes(f, X)


def _same(a):
    return a


def appended_then_changed(x):
    # the item itself changed in place after it was appended: still an error
    y = x * 1.0
    ys = [y]
    z = _same(y)
    ys.append(z)
    z[0] = 0.0
    return np.sum(np.stack(ys))


def test_item_changed_after_append_still_rejected():
    check_rejected(appended_then_changed, X, "may share memory")


# 2. a call counter or a progress record in a module-level dict or list that the function
# changes item by item (STATE["calls"] += 1): a record of plain values, as autograd runs it;
# a value read back from it that reaches the differentiated result is s2sgrad's error

STATE = {"calls": 0, "best": np.inf, "every": 2}
SEEN = [0, 0.0]


def counted_objective(x):
    STATE["calls"] += 1
    v = np.sum(np.sin(x) ** 2 * np.exp(x))
    if STATE["calls"] % STATE["every"] == 0:
        print(f"call {STATE['calls']}: {s2sgrad.stop_gradient(v)}")
    STATE["best"] = min(STATE["best"], float(s2sgrad.stop_gradient(v)))
    SEEN[0] = SEEN[0] + 1
    SEEN[1] = x.shape[0] * 1.0
    return v


def counted_in_loop(x):
    total = 0.0
    for i in range(3):
        STATE["calls"] += 1
        total = total + np.sum(np.cos(x * i))
    return total


@pytest.mark.parametrize("f", [counted_objective, counted_in_loop])
def test_outside_counters_are_records(f):
    before = STATE["calls"]
    check_all_modes(f, X)
    assert STATE["calls"] > before

    # a gradient runs the function's statements once, as autograd does
    import autograd

    counts = []
    # autograd cannot run float() of its traced value (counted_objective's record)
    for grad in (s2sgrad.grad,) if f is counted_objective else (autograd.grad, s2sgrad.grad):
        start = STATE["calls"]
        grad(f)(X)
        counts.append(STATE["calls"] - start)
    assert counts == ([1] if f is counted_objective else [3, 3])


def counter_scales_loss(x):
    STATE["calls"] += 1
    return np.sum(x**2) * STATE["calls"]


def counter_picks_branch(x):
    STATE["calls"] += 1
    y = x * 1.0
    if STATE["calls"] > 3:
        y = x * 2.0
    return np.sum(y)


def records_differentiated_value(x):
    v = np.sum(x**2)
    STATE["last"] = v
    return v


@pytest.mark.parametrize(
    "f, text",
    [
        (counter_scales_loss, "reaches the differentiated result"),
        (counter_picks_branch, "reaches the differentiated result"),
        (records_differentiated_value, "records a value that depends on the differentiated"),
    ],
)
def test_outside_counter_read_into_the_result_rejected(f, text):
    check_rejected(f, X, text)


# 3. a module-level counter or best-so-far the function declares global and rebinds with
# plain values (global n_calls; n_calls += 1): recorded in the module, as autograd runs it

N_CALLS = 0
BEST = np.inf


def global_counter(x):
    global N_CALLS, BEST
    N_CALLS += 1
    v = np.sum(np.sin(x) * np.exp(x))
    if N_CALLS % 3 == 0:
        print("call", N_CALLS)
    BEST = min(BEST, float(s2sgrad.stop_gradient(v)))
    return v


def global_counter_in_branch(x):
    global N_CALLS
    y = x * x
    if np.sum(x) > 0:
        N_CALLS = N_CALLS + 1
    else:
        N_CALLS -= 1
    return np.sum(np.tanh(y))


@pytest.mark.parametrize("f", [global_counter, global_counter_in_branch])
def test_global_counters_are_records(f):
    check_all_modes(f, X)
    start = N_CALLS
    s2sgrad.grad(f)(X)
    # one forward pass per gradient; X sums to a negative number: the else branch
    assert N_CALLS == start + (1 if f is global_counter else -1)


def global_scales_loss(x):
    global N_CALLS
    N_CALLS += 1
    return np.sum(x**2) / N_CALLS


def global_records_differentiated(x):
    global BEST
    BEST = np.sum(x**2)
    return BEST


def global_loop_target(x):
    global N_CALLS
    for N_CALLS in range(2):
        x = x * 2.0
    return np.sum(x)


@pytest.mark.parametrize(
    "f, text",
    [
        (global_scales_loss, "reaches the differentiated result"),
        (global_records_differentiated, "the global 'BEST'"),
        (global_loop_target, "other than by name = value"),
    ],
)
def test_global_read_into_the_result_rejected(f, text):
    check_rejected(f, X, text)


# 4. the same in a closure a factory returns: nonlocal calls; calls += 1 rebinds the
# closure's own cell (the derivative declares it nonlocal too)


def make_counted(scale):
    calls = 0
    every = 2

    def objective(x):
        nonlocal calls
        calls += 1
        v = np.sum(np.tanh(scale * x) ** 2)
        if calls % every == 0:
            print(f"objective call {calls}")
        return v

    def scaled_by_count(x):
        nonlocal calls
        calls = calls + 1
        return np.sum(x**2) * calls

    def records_differentiated(x):
        nonlocal calls
        calls = np.sum(x)
        return calls

    def count():
        return calls

    return objective, scaled_by_count, records_differentiated, count


def test_nonlocal_counter_is_a_record_of_its_own_closure():
    first, _, _, count_first = make_counted(1.5)
    second, _, _, count_second = make_counted(0.5)
    check_all_modes(first, X)
    check_all_modes(second, X)
    before = count_first(), count_second()
    s2sgrad.grad(first)(X)
    s2sgrad.grad(first)(X)
    s2sgrad.grad(second)(X)
    # each closure counts its own calls, one per gradient, as autograd's
    assert (count_first(), count_second()) == (before[0] + 2, before[1] + 1)


@pytest.mark.parametrize(
    "which, text",
    [
        (1, "reaches the differentiated result"),
        (2, "the nonlocal 'calls'"),
    ],
)
def test_nonlocal_read_into_the_result_rejected(which, text):
    check_rejected(make_counted(1.0)[which], X, text)


# 5. the same on an object of the user's class that the function does not own: a method's
# self.n_evals += 1 and self.last_shape = x.shape (grad of a bound method, or a method
# called from the differentiated function)


class CountedModel:
    def __init__(self, scale):
        self.scale = scale
        self.n_evals = 0
        self.last_shape = None

    def loss(self, x):
        self.n_evals += 1
        self.last_shape = x.shape
        if self.n_evals % 2 == 0:
            print("evaluation", self.n_evals)
        return np.sum(np.sin(self.scale * x) * x)

    def scaled_by_count(self, x):
        self.n_evals = self.n_evals + 1
        return np.sum(x**2) / self.n_evals

    def keeps_state(self, x):
        self.last_shape = np.tanh(x)
        return np.sum(x)


MODEL = CountedModel(1.3)


def calls_the_method_twice(x):
    return MODEL.loss(x) + MODEL.loss(2.0 * x)


@pytest.mark.parametrize("f", [MODEL.loss, calls_the_method_twice], ids=["bound", "callee"])
def test_attribute_counters_are_records(f):
    import autograd

    # gradcheck's autograd oracle re-reads a module function's source: not a bound method
    check_all_modes(f, X, oracle=f is calls_the_method_twice)
    counts = []
    for grad in (autograd.grad, s2sgrad.grad):
        start = MODEL.n_evals
        grad(f)(X)
        counts.append(MODEL.n_evals - start)
    assert counts[0] == counts[1] == (1 if f == MODEL.loss else 2)
    assert MODEL.last_shape == X.shape


# since session 28 a method's change of its object is followed (normalize/self_changes.py)
# and every pass of a Hessian or Jacobian starts from the state the first started from, so
# an attribute the function writes and reads back is differentiated as autograd does, the
# object left as one evaluation leaves it; see test_attribute_state_is_followed below


# 6. a callee that reads a record back (a schedule dividing by the counter): a Hessian runs
# the forward pass once per direction and would see the counter move, so it is an error


def _schedule():
    return 1.0 / (1.0 + N_CALLS)


def global_read_by_callee(x):
    global N_CALLS
    N_CALLS += 1
    return np.sum(x**2) * _schedule()


def _state_rate():
    return 1.0 / (1.0 + STATE["calls"])


def item_read_by_callee(x):
    STATE["calls"] += 1
    return np.sum(x**2) * _state_rate()


class Annealed:
    def __init__(self):
        self.t = 0

    def rate(self):
        return 1.0 / (1.0 + self.t)

    def loss(self, x):
        self.t += 1
        return np.sum(x**2) * self.rate()


def make_annealed():
    steps = 0

    def rate():
        return 1.0 / (1.0 + steps)

    def loss(x):
        nonlocal steps
        steps += 1
        return np.sum(x**2) * rate()

    return loss


@pytest.mark.parametrize(
    "f",
    [global_read_by_callee, item_read_by_callee, make_annealed()],
    ids=["global", "item", "nonlocal"],
)
def test_record_read_back_by_a_callee_rejected(f):
    check_rejected(f, X, "which this function changes as a record")


def _counted_global(x):
    global N_CALLS
    N_CALLS += 1
    return np.sum(x**2)


def caller_reads_callee_global(x):
    return _counted_global(x) / (1.0 + N_CALLS)


def caller_reads_callee_attribute(x):
    return MODEL.loss(x) * MODEL.n_evals


def caller_prints_callee_count(x):
    v = _counted_global(x)
    if N_CALLS % 2 == 0:
        print("calls", N_CALLS)
    return v


@pytest.mark.parametrize("f", [caller_reads_callee_global], ids=["global"])
def test_caller_reading_a_callee_record_rejected(f):
    check_rejected(f, X, "reaches the differentiated result")


ANNEALED = Annealed()


def _reset():
    MODEL.n_evals, MODEL.last_shape, ANNEALED.t = 0, None, 0


@pytest.mark.parametrize(
    "f, count",
    [
        (MODEL.scaled_by_count, lambda: MODEL.n_evals),
        (MODEL.keeps_state, lambda: 1),
        (ANNEALED.loss, lambda: ANNEALED.t),
        (caller_reads_callee_attribute, lambda: MODEL.n_evals),
    ],
    ids=["read back", "differentiated", "read by a method", "read by the caller"],
)
def test_attribute_state_is_followed(f, count):
    import autograd

    x = np.array(X)
    _reset()
    expected = autograd.grad(f)(x)
    _reset()
    expected_hessian = autograd.hessian(f)(x)
    for derivative, reference in [
        (s2sgrad.grad, expected),
        (s2sgrad.jacfwd, expected),
        (s2sgrad.jacrev, expected),
        (s2sgrad.hessian, expected_hessian),
    ]:
        _reset()
        np.testing.assert_allclose(derivative(f)(x), reference, rtol=1e-6, atol=1e-9)
        assert count() == 1  # one evaluation's change, whatever the passes
    _reset()
    s2sgrad.grad(MODEL.keeps_state)(x)
    np.testing.assert_allclose(MODEL.last_shape, np.tanh(x))


def test_caller_printing_a_callee_count_passes():
    check_all_modes(caller_prints_callee_count, X)
