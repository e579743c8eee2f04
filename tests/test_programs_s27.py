"""Session 27's programs written for autograd.

- a memoised recursion (a local def filling a dict of its function) under the Hessian, the
  jvp of its gradient and hvp: the second call transforms nothing (a local def's derivative
  belongs to the function defining it, not to the generated function calling it:
  pipeline.cached_callee; instances of one generated unit made anew for each
  transformation are the same function: parsing.same_instance)
- a loss method storing its parameters on self before computing (self.set_params(w), or
  self.W = ... in the method): still refused, at the user's line, with a hint saying what to
  write instead (normalize.tables.METHOD_STATE_HINT)
"""

import numpy as np
import pytest
from gradcheck import check_all_modes, fd_hessian

import s2sgrad
from s2sgrad import pipeline

A = np.array([[0.5, -0.3, 0.1], [0.2, 0.4, -0.6], [0.1, 0.1, 0.3]])
X = np.array([0.31, -0.57, 0.73, 0.12, 0.4, -0.2])


def recurrence(x, steps):
    """A memo of an array recurrence, read back by an early return."""
    memo = {}

    def S(n):
        if n in memo:
            return memo[n]
        if n == 0:
            v = x[:3]
        else:
            v = np.tanh(A @ S(n - 1) + x[3:])
        memo[n] = v
        return v

    return np.sum(S(steps) ** 2) + np.sum(S(steps - 1) * x[:3])


def fibonacci_like(x, steps):
    """A memo keyed by an int, filled under ``if n not in memo``, two calls in one line."""
    memo = {}

    def F(n):
        if n not in memo:
            if n < 2:
                memo[n] = x[n]
            else:
                memo[n] = np.sin(F(n - 1)) * x[2] + F(n - 2) * x[3]
        return memo[n]

    return F(steps)


def _apply_twice(g, v, x):
    return g(g(v, x), x)


def local_def_passed(x, steps):
    """A local def given to a module-level function, which calls it."""

    def step(h, y):
        return np.tanh(A @ h * y[0] + y[3:])

    return np.sum(_apply_twice(step, x[:3], x) ** 2) * steps


PROGRAMS = {"recurrence": recurrence, "fibonacci_like": fibonacci_like, "passed": local_def_passed}


def _transforms(call):
    before = pipeline.stats["transforms"]
    out = call()
    return out, pipeline.stats["transforms"] - before


def _fd_of_grad(f, x, steps, eps=1e-6):
    g = s2sgrad.grad(f)
    return np.array(
        [(g(x + eps * e, steps) - g(x - eps * e, steps)) / (2 * eps) for e in np.eye(x.size)]
    )


@pytest.mark.parametrize("steps", [6, 10])
@pytest.mark.parametrize("tag", sorted(PROGRAMS))
def test_the_second_hessian_call_transforms_nothing(tag, steps):
    # was: the jvp of a local def called from the generated gradient of its memo was
    # transformed again at each call (~180 transformations, ~12 s a call at 10 steps)
    f = PROGRAMS[tag]
    pipeline.clear_cache()
    h = s2sgrad.hessian(f)
    first, _ = _transforms(lambda: h(X, steps))
    second, made = _transforms(lambda: h(X, steps))
    assert made == 0
    np.testing.assert_allclose(second, first, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(first, _fd_of_grad(f, X, steps), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(first, fd_hessian(lambda x: f(x, steps), X), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("tag", sorted(PROGRAMS))
def test_the_second_jvp_of_the_gradient_transforms_nothing(tag):
    f = PROGRAMS[tag]
    pipeline.clear_cache()
    g = s2sgrad.grad(f)
    v = 0.3 + 0.2 * np.arange(X.size)

    def gradient(x):
        return g(x, 8)

    made = []
    for _ in range(2):
        (_, tangent), n = _transforms(lambda: s2sgrad.jvp(gradient, (X,), (v,)))
        made.append(n)
    assert made[0] > 0 and made[1] == 0
    np.testing.assert_allclose(tangent, _fd_of_grad(f, X, 8) @ v, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("tag", sorted(PROGRAMS))
def test_a_hessian_made_again_for_each_call_transforms_nothing(tag):
    # hvp and a new hessian() each call: the generated gradient is instantiated anew, with
    # callees instantiated anew, which must not invalidate its cached jvp
    f = PROGRAMS[tag]
    pipeline.clear_cache()
    v = 0.3 + 0.2 * np.arange(X.size)

    def at7(x):
        return f(x, 7)

    made = []
    for _ in range(2):
        product, n = _transforms(lambda: s2sgrad.hvp(at7, (X,), (v,)))
        made.append(n)
        _, n = _transforms(lambda: s2sgrad.hessian(f)(X, 7))
        made.append(n)
    assert made[0] > 0 and made[2:] == [0, 0]
    np.testing.assert_allclose(product, _fd_of_grad(f, X, 7) @ v, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("tag", sorted(PROGRAMS))
def test_every_mode_against_finite_differences(tag):
    check_all_modes(lambda x: PROGRAMS[tag](x, 6), X, oracle=False)


class _Model:
    def set_params(self, w):
        self.W = w[:6].reshape(2, 3)
        self.b = w[6:]

    def loss(self, w):
        self.set_params(w)
        return np.sum((_DATA @ self.W.T + self.b - _TARGET) ** 2)

    def unpack(self, w):
        return w[:6].reshape(2, 3), w[6:]

    def loss_of_locals(self, w):
        W, b = self.unpack(w)
        return np.sum((_DATA @ W.T + b - _TARGET) ** 2)

    def loss_writing_self(self, w):
        self.W = w[:6].reshape(2, 3)
        return np.sum((_DATA @ self.W.T + w[6:] - _TARGET) ** 2)


_DATA = np.array([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [-0.6, 0.2, 0.1], [0.2, 0.2, 0.7]])
_TARGET = np.array([[0.1, -0.4], [0.3, 0.2], [-0.1, 0.5], [0.6, -0.2]])
W0 = [0.2, -0.1, 0.4, 0.3, -0.5, 0.1, 0.05, -0.2]


def test_a_method_storing_parameters_on_self_is_followed():
    # since session 28: self.set_params(w) in the differentiated method returns the object
    # it changes, whose attributes predict() reads (normalize/self_changes.py); the object
    # is left as a call of the method leaves it
    m = _Model()
    check_all_modes(m.loss, np.array(W0), oracle=False)
    s2sgrad.grad(m.loss)(np.array(W0))
    np.testing.assert_array_equal(m.W, np.reshape(W0[:6], (2, 3)))
    np.testing.assert_array_equal(m.b, W0[6:])


def test_a_method_writing_self_directly_is_followed():
    m = _Model()
    check_all_modes(m.loss_writing_self, np.array(W0), oracle=False)
    np.testing.assert_array_equal(m.W, np.reshape(W0[:6], (2, 3)))


def test_what_the_hint_says_to_write_is_differentiated():
    m = _Model()
    check_all_modes(m.loss_of_locals, np.array(W0), oracle=False)
