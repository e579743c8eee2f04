"""Methods that change their object, followed (normalize/self_changes.py): a model whose
loss stores the parameters it is given (``self.set_params(w)``, ``self.W = ...``) and then
reads them (``self.predict(X)``), as autograd programs write it. Every derivative is
checked against central finite differences in reverse, forward and second order, and
against autograd (which follows such programs through the boxes it stores); the object
is left as one call of the function leaves it; reads of the object that s2sgrad could not
follow are errors at the user's line."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_all_modes, fd_hessian

import s2sgrad
from s2sgrad import UnsupportedSyntaxError

X = np.array([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [-0.6, 0.2, 0.1], [0.2, 0.2, 0.7]])
Y = np.array([1.0, -1.0, 1.0, -1.0])
W0 = np.array([0.2, -0.1, 0.4, 0.05])


class Logistic:
    """scikit-learn style: the objective stores the parameters, then predicts."""

    def __init__(self, C=2.0):
        self.coef_ = np.zeros(3)
        self.intercept_ = 0.0
        self.C = C
        self.n_calls = 0

    def set_params(self, theta):
        self.coef_ = theta[:-1]
        self.intercept_ = theta[-1]
        return self  # as scikit-learn's set_params

    def decision_function(self, X):
        return X @ self.coef_ + self.intercept_

    def objective(self, theta, X, y):
        self.set_params(theta)
        self.n_calls += 1
        margins = y * self.decision_function(X)
        return np.sum(np.logaddexp(0.0, -margins)) + 0.5 / self.C * np.sum(self.coef_**2)

    def objective_chained(self, theta, X, y):
        fitted = self.set_params(theta * 2.0)
        return np.sum(np.tanh(fitted.decision_function(X)) * y)

    def objective_direct(self, theta, X, y):
        self.coef_ = np.sin(theta[:-1])
        self.intercept_ = theta[-1] ** 2
        return np.sum((self.decision_function(X) - y) ** 2)


class Recurrent:
    """State advanced by a method called in a loop (read, then written)."""

    def __init__(self):
        self.h = np.zeros(3)
        self.steps = 0

    def step(self, x, w):
        self.h = np.tanh(self.h * w[:-1].sum() + x * w[-1])
        self.steps += 1


def _plain_objective(theta):
    return Logistic().objective(theta, X, Y)


MODEL = Logistic()


def loss_of_global(theta):
    MODEL.set_params(theta)
    return np.sum((MODEL.decision_function(X) - Y) ** 2) + np.sum(MODEL.coef_**4)


STATE = Recurrent()


def loss_of_state(w):
    for t in range(3):
        STATE.step(X[t, :], w)
    return np.sum(STATE.h**2) + np.sum(w) * STATE.h[0]


def _plain_state(w):
    r = Recurrent()
    for t in range(3):
        r.step(X[t, :], w)
    return np.sum(r.h**2) + np.sum(w) * r.h[0]


def loss_of_made(theta):
    m = Logistic(C=0.5)
    m.set_params(theta)
    return m.objective_direct(theta * 0.5, X, Y) + np.sum(m.decision_function(X))


def loss_of_temporary(theta):
    return Logistic(C=1.5).objective(theta, X, Y)


def step_fn(model, theta):
    model.set_params(theta)


def loss_through_a_function(theta):
    step_fn(MODEL, theta**2)
    return np.sum(MODEL.decision_function(X) ** 2)


@pytest.mark.parametrize("method", ["objective", "objective_direct"], ids=lambda m: m)
def test_a_bound_method_storing_its_parameters(method):
    model = Logistic()
    check_all_modes(lambda t: getattr(model, method)(t, X, Y), W0)
    fresh = Logistic()
    np.testing.assert_allclose(
        s2sgrad.grad(getattr(fresh, method))(W0, X, Y),
        s2sgrad.grad(lambda t: getattr(Logistic(), method)(t, X, Y))(W0),
    )


def test_the_object_is_left_as_one_call_leaves_it():
    model = Logistic()
    s2sgrad.grad(model.objective)(W0, X, Y)
    np.testing.assert_array_equal(model.coef_, W0[:-1])
    assert model.intercept_ == W0[-1] and model.n_calls == 1
    s2sgrad.hessian(lambda t: model.objective(t, X, Y))(W0)
    assert model.n_calls == 2  # one evaluation, though the Hessian makes several passes
    s2sgrad.jacfwd(lambda t: model.objective(t, X, Y))(W0 * 2.0)
    np.testing.assert_array_equal(model.coef_, 2.0 * W0[:-1])
    assert model.n_calls == 3


@pytest.mark.parametrize(
    "f, plain",
    [
        (loss_of_global, None),
        (loss_of_made, None),
        (loss_of_temporary, None),
        (loss_through_a_function, None),
    ],
    ids=["global", "made", "temporary", "through_a_function"],
)
def test_objects_changed_by_their_methods(f, plain):
    check_all_modes(f, W0)


def test_state_read_then_written_in_a_loop():
    # each pass of a multi-pass derivative starts from the state the first started from
    w = np.array([0.3, -0.2, 0.7])
    STATE.h, STATE.steps = np.zeros(3), 0
    g = s2sgrad.grad(loss_of_state)(w)
    eps = 1e-6
    fd = np.array(
        [(_plain_state(w + e) - _plain_state(w - e)) / (2 * eps) for e in np.eye(3) * eps]
    )
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-7)
    assert STATE.steps == 3
    for derivative in (s2sgrad.hessian, lambda f: s2sgrad.jacfwd(s2sgrad.grad(f))):
        STATE.h, STATE.steps = np.zeros(3), 0
        H = derivative(loss_of_state)(w)
        np.testing.assert_allclose(H, fd_hessian(_plain_state, w), rtol=1e-4, atol=1e-5)
        assert STATE.steps == 3
        np.testing.assert_allclose(STATE.h, _state_after(w))
    STATE.h, STATE.steps = np.zeros(3), 0
    J = s2sgrad.jacrev(loss_of_state)(w)
    np.testing.assert_allclose(J, fd, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(STATE.h, _state_after(w))


def _state_after(w):
    r = Recurrent()
    for t in range(3):
        r.step(X[t, :], w)
    return r.h


def test_the_generated_code_follows_the_object():
    source = s2sgrad.grad(loss_of_global).source_for(W0)
    assert "model = outside_copy(MODEL)" in source
    assert "\n    set_params_returned, set_params_returned_pullback = set_params_vjp(" in source
    assert "model = set_params_returned[1]" in source
    assert "outside_state(MODEL, model)" in source
    assert source == s2sgrad.grad(loss_of_global).source_for(W0)


# -- what s2sgrad cannot follow: errors at the user's line -----------------------------

HOLDER = {"model": MODEL}


def predict_global(X):
    return MODEL.decision_function(X)


def read_by_another_function(theta):
    MODEL.set_params(theta)
    return np.sum(predict_global(X))


def read_through_a_container(theta):
    MODEL.set_params(theta)
    return np.sum(HOLDER["model"].decision_function(X))


def aliased(theta):
    m = MODEL
    MODEL.set_params(theta)
    return np.sum(m.decision_function(X))


def read_in_a_local_def(theta):
    MODEL.set_params(theta)

    def predict():
        return MODEL.decision_function(X)

    return np.sum(predict())


class Stacked:
    def __init__(self):
        self.layers = [Logistic(), Logistic()]

    def loss(self, theta):
        total = 0.0
        for layer in self.layers:
            layer.set_params(theta)
            total = total + np.sum(layer.decision_function(X))
        return total


SET = MODEL.set_params


def through_a_bound_method(theta):
    SET(theta)
    return np.sum(MODEL.coef_)


def changed_argument(theta, model):
    model.set_params(theta)
    return np.sum(model.decision_function(X))


@pytest.mark.parametrize(
    "f, args, text",
    [
        (read_by_another_function, (W0,), "predict_global() reads MODEL through its own name"),
        (read_through_a_container, (W0,), "HOLDER refers to MODEL"),
        (aliased, (W0,), "MODEL (an object the function's calls change) is used here"),
        (read_in_a_local_def, (W0,), "this function reads MODEL"),
        (Logistic().objective_chained, (W0, X, Y), "returns the object it changes"),
        (through_a_bound_method, (W0,), "set_params() changes the attributes of SET.__self__"),
    ],
    ids=[
        "another_function",
        "container",
        "alias",
        "local_def",
        "chained",
        "bound_method",
    ],
)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_reads_that_cannot_be_followed_are_errors(f, args, text, mode):
    with pytest.raises(UnsupportedSyntaxError) as info:
        if mode == "grad":
            s2sgrad.grad(f)(*args)
        else:
            s2sgrad.jvp(f, args, (np.ones_like(W0),) + (None,) * (len(args) - 1))
    err = info.value
    assert text in str(err), str(err)
    assert err.filename == __file__, str(err)
    assert err.hint


def test_objects_in_a_list_attribute_changed_by_a_loop_are_followed():
    model = Stacked()  # for layer in self.layers: layer.set_params(theta) (changed_items)
    check_all_modes(lambda t: model.loss(t), W0)
    np.testing.assert_allclose(model.layers[1].coef_, W0[:-1])  # as Python leaves them


def test_a_bound_method_in_a_variable_is_called_on_its_object():
    model = Logistic()
    model.coef_ = np.array([0.5, -1.0, 2.0])
    predict = model.decision_function
    check_all_modes(lambda t: np.sum(np.tanh(predict(X * t[0] + t[1]))) * t[2], W0[:3])


class Scaler:
    """Running statistics updated in the forward pass, as a batch-norm layer keeps them."""

    def __init__(self, n):
        self.mean = np.zeros(n)
        self.count = 0

    def forward(self, h):
        self.mean = 0.9 * self.mean + 0.1 * np.mean(h, axis=0)
        self.count += 1
        return (h - np.mean(h, axis=0)) / np.sqrt(np.var(h, axis=0) + 1e-3)


class Layered:
    def __init__(self):
        self.inner = Logistic()
        self.norm = Scaler(3)

    def loss(self, theta):
        self.inner.set_params(theta)
        return np.sum(self.inner.decision_function(X))

    def __call__(self, theta, X):
        h = self.norm.forward(np.tanh(X * theta[:-1]))
        return np.sum(h**2 * theta[-1]) + np.sum(self.norm.mean)


NET = Layered()


def loss_of_callable(theta):
    return NET(theta, X)


def _plain_callable(theta):
    return Layered()(theta, X)


def test_an_object_held_in_an_attribute_changed_by_its_methods():
    layered = Layered()
    check_all_modes(lambda t: layered.loss(t), W0)
    # NET's running mean moves at every call: the reference is a fresh object each time
    check_all_modes(_plain_callable, W0)
    eps = 1e-6
    fd = np.array(
        [(_plain_callable(W0 + e) - _plain_callable(W0 - e)) / (2 * eps) for e in np.eye(4) * eps]
    )
    tangent = np.array([0.3, -0.1, 0.2, 0.5])
    for derivative, expected in [
        (lambda: s2sgrad.grad(loss_of_callable)(W0), fd),
        (lambda: s2sgrad.jvp(loss_of_callable, (W0,), (tangent,))[1], fd @ tangent),
        (lambda: s2sgrad.hessian(loss_of_callable)(W0), fd_hessian(_plain_callable, W0)),
    ]:
        NET.norm = Scaler(3)
        np.testing.assert_allclose(derivative(), expected, rtol=1e-4, atol=1e-5)
        assert NET.norm.count == 1  # one evaluation's update, whatever the passes
        reference = Layered()
        reference(W0, X)
        np.testing.assert_allclose(NET.norm.mean, reference.norm.mean)


def test_an_argument_changed_by_its_methods():
    def fresh(t):
        return changed_argument(t, Logistic())

    eps = 1e-6
    fd = np.array([(fresh(W0 + e) - fresh(W0 - e)) / (2 * eps) for e in np.eye(4) * eps])
    model = Logistic()
    np.testing.assert_allclose(s2sgrad.grad(changed_argument)(W0, model), fd, rtol=1e-5, atol=1e-9)
    np.testing.assert_array_equal(model.coef_, W0[:-1])  # as one call leaves it
    _, dot = s2sgrad.jvp(changed_argument, (W0, Logistic()), (np.ones(4), None))
    np.testing.assert_allclose(dot, fd.sum(), rtol=1e-5)
    np.testing.assert_allclose(
        s2sgrad.hessian(changed_argument)(W0, Logistic()), fd_hessian(fresh, W0), atol=1e-5
    )


class Accumulator:
    def __init__(self):
        self.h = np.zeros(3)
        self.n = 0

    def bump(self, x):
        h0 = self.h
        self.h += x  # in place: h0 sees it
        self.n += 1  # a number: rebound
        return h0


ACCUMULATOR = Accumulator()


def bumped(x):
    return np.sum(ACCUMULATOR.bump(x) * x)


def test_an_array_attribute_changed_in_place_is_an_error():
    # self.h += x changes the array h0 also names: s2sgrad's new value of self.h would
    # leave h0 as it was (a wrong gradient before session 28)
    ACCUMULATOR.h = np.zeros(3)
    with pytest.raises(UnsupportedSyntaxError, match=r"self.h \+= \.\.\. changes the ndarray"):
        s2sgrad.grad(bumped)(np.ones(3))
