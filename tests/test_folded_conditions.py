"""Conditions whose value the specialisation knows are folded (issue 12,
:mod:`s2sgrad.normalize.folds`): a branch Python never runs for an object's class, a
flag of the object, or a value's type is not lowered, so the calls in it are not bound
(``layer.forward(h, w)`` for a layer whose ``forward`` takes one argument). Tree walks
that dispatch on ``isinstance(t, dict)`` are made for the value found when the code
runs; ``for t in order`` over a name bound to ``range``/``reversed(range)`` takes the
numbers first. Each program is written once, for NumPy and for autograd (the oracle),
and checked against both and against central finite differences, in reverse and forward
mode and to second order; and a fold never outlives the value it relied on."""

from __future__ import annotations

import builtins

import autograd
import autograd.builtins
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import TransformError, UnsupportedSyntaxError

X = np.array([0.3, -0.7, 1.1])
V = np.array([0.5, 1.0, -2.0])
W = np.array([[0.4, -0.2, 0.1], [0.3, 0.8, -0.5], [-0.6, 0.2, 0.9]])


def make(np, isinstance):
    """The programs, with ``np`` and ``isinstance`` of one library (autograd's sees
    through its boxes)."""

    class Dense:
        def __init__(self, scale, bias=None):
            self.trainable = True
            self.frozen = False
            self.scale = scale
            self.bias = bias
            self.name = "dense"

        def forward(self, h, w):
            out = np.dot(w, h) * self.scale
            if self.bias is None:
                return out
            return out + self.bias

        def weights_used(self):
            return 1

    class Activation:
        def __init__(self, name):
            self.trainable = False
            self.frozen = False
            self.name = name

        def forward(self, h):
            if self.name == "tanh":
                return np.tanh(h)
            elif self.name == "softplus":
                return np.log1p(np.exp(h))
            return h * h

    class Shift:  # flags of the class only
        trainable = False
        frozen = True
        name = "shift"

        def forward(self, h):
            return h + 0.25

    layers = [Dense(0.9), Activation("tanh"), Dense(1.1, np.ones(3) * 0.1), Shift()]
    layers += [Activation("softplus"), Activation("square")]

    def flag(x):
        h = x
        for layer in layers:
            if layer.trainable:
                h = layer.forward(h, W)
            else:
                h = layer.forward(h)
        return np.sum(h)

    def class_flag(x):
        h = x
        for layer in [Shift(), Dense(0.5), Shift()]:
            if not layer.trainable:
                h = layer.forward(h)
            else:
                h = layer.forward(h, W)
        return np.sum(h * h)

    def by_isinstance(x):
        h = x
        for layer in layers:
            if isinstance(layer, Dense):
                h = layer.forward(h, W)
            elif isinstance(layer, (Activation, Shift)):
                h = layer.forward(h)
        return np.sum(np.sin(h))

    def by_type(x):
        h = x
        for layer in layers:
            if type(layer) is Dense:
                h = layer.forward(h, W * 0.5)
            elif type(layer) is not Shift:
                h = layer.forward(h)
        return np.sum(h)

    def by_hasattr(x):
        h = x
        for layer in layers:
            if hasattr(layer, "weights_used"):
                h = layer.forward(h, W) * layer.weights_used()
            else:
                h = layer.forward(h)
        return np.sum(h)

    def flags_combined(x):
        h = x
        for layer in layers:
            if layer.trainable and not layer.frozen:
                h = layer.forward(h, W)
            elif layer.frozen or layer.name == "square":
                h = h * 0.5
            else:
                h = layer.forward(h)
        return np.sum(h)

    def conditional_expression(x):
        s = 0.0
        h = x
        for layer in layers:
            c = 2.0 if layer.trainable else 0.5
            h = layer.forward(h, W) if layer.trainable else layer.forward(h)
            s = s + c * np.sum(h)
        return s

    def enumerated(x):
        ws = [W, W.T, W * W]
        s = 0.0
        h = x
        for i, layer in enumerate(layers):
            if layer.trainable:
                h = layer.forward(h, ws[i % 3])
            else:
                h = layer.forward(h)
            s = s + np.sum(h) * (i + 1)
        return s

    class Net:
        def __init__(self, stages):
            self.stages = stages

        def run(self, x):
            h = x
            for layer in self.stages:
                if layer.trainable:
                    h = layer.forward(h, W)
                else:
                    h = layer.forward(h)
            return h

    class Stack:  # objects in objects
        def __init__(self):
            self.nets = Net([Dense(0.7), Activation("tanh")])
            self.head = Net([Dense(1.3, np.ones(3)), Shift(), Activation("softplus")])

        def __call__(self, x):
            return self.head.run(self.nets.run(x))

    stack = Stack()

    def nested_objects(x):
        return np.sum(stack(x) ** 2)

    def tree_l2(t):
        if isinstance(t, dict):
            return sum(tree_l2(t[k]) for k in sorted(t))
        if isinstance(t, (list, tuple)):
            return sum(tree_l2(v) for v in t)
        return np.sum(t**2)

    def tree_count(t):
        if type(t) is dict:
            return sum(tree_count(v) for v in t.values())
        if type(t) is list or type(t) is tuple:
            return sum(tree_count(v) for v in t)
        return 1

    def tree_dot(t, u):
        if isinstance(t, dict):
            return sum(tree_dot(t[k], u[k]) for k in sorted(t))
        if isinstance(t, (list, tuple)):
            return sum(tree_dot(a, b) for a, b in zip(t, u))
        return np.sum(t * u)

    def tree_of(x):
        return {"b": [x * 2.0, (np.sin(x),)], "a": x, "c": {"d": np.exp(x * 0.5)}}

    def tree(x):
        t = tree_of(x)
        return tree_l2(t) / tree_count(t) + tree_dot(t, t)

    def list_tree(x):
        t = [x, {"w": x * x, "v": [np.cos(x)]}, (x + 1.0,)]
        return tree_l2(t) * tree_count(t)

    def leaf_or_scalar(v):
        if isinstance(v, float):
            return v * v
        return np.sum(v**3)

    def array_or_scalar(x):
        return leaf_or_scalar(x) + leaf_or_scalar(np.sum(x) * 1.0)

    def run_rnn(x, n, backwards):
        order = reversed(range(n)) if backwards else range(n)
        h = x * 0.0
        outs = [None] * n
        for t in order:
            h = np.tanh(np.dot(W, h) + x * (t + 1.0))
            outs[t] = h
        return outs

    def bidirectional(x):
        fwd, bwd = run_rnn(x, 4, False), run_rnn(x, 4, True)
        states = [np.concatenate([a, b]) for a, b in zip(fwd, bwd)]
        return np.sum(np.stack(states) ** 2)

    def order_by_statement(x, backwards=True):
        if backwards:
            order = reversed(range(4))
        else:
            order = range(4)
        h = x
        for t in order:
            h = np.sin(h) * (t + 1.0)
        return np.sum(h)

    def range_twice(x):
        order = range(3)
        s = 0.0
        for t in order:
            s = s + np.sum(x**2) * t
        for t in order:
            s = s * 0.5 + np.sum(np.sin(x * t))
        return s

    def iterator_in_comprehension(x, backwards=True):
        order = reversed(range(3)) if backwards else range(3)
        return np.sum(np.stack([np.cos(x * (t + 1.0)) * t for t in order]))

    def loop_variable_reused(x):
        h = x
        for layer in [Dense(0.5), Dense(0.8)]:
            h = layer.forward(h, W)
        for layer in [Activation("tanh"), Activation("softplus")]:
            h = layer.forward(h)
        return np.sum(h)

    def loop_variable_reused_mixed(x):
        h = x
        for layer in layers[:3]:
            if layer.trainable:
                h = layer.forward(h, W)
            else:
                h = layer.forward(h)
        for layer in layers[3:]:
            h = layer.forward(h, W) if layer.trainable else layer.forward(h) * 0.5
        return np.sum(h)

    dense = [Dense(0.5), Dense(0.9, np.ones(3)), Dense(1.2)]
    dense[1].frozen = True  # one class, flags that differ: tested where they run

    def one_class_flags(x):
        h = x
        for layer, c in zip(dense, [1.0, 2.0, 3.0]):
            if layer.frozen:
                h = h * c
            else:
                h = np.tanh(layer.forward(h, W))
        return np.sum(h)

    def str_attribute(x):
        s = 0.0
        for layer in layers:
            if layer.name == "dense":
                s = s + np.sum(layer.forward(x, W))
            elif layer.name != "square":
                s = s + np.sum(layer.forward(x))
        return s

    return dict(locals())


NP = make(np, builtins.isinstance)
AG = make(anp, autograd.builtins.isinstance)

CASES = [
    ("flag", ()),
    ("class_flag", ()),
    ("by_isinstance", ()),
    ("by_type", ()),
    ("by_hasattr", ()),
    ("flags_combined", ()),
    ("conditional_expression", ()),
    ("enumerated", ()),
    ("nested_objects", ()),
    ("tree", ()),
    ("list_tree", ()),
    ("array_or_scalar", ()),
    ("bidirectional", ()),
    ("order_by_statement", ()),
    ("order_by_statement", (False,)),
    ("range_twice", ()),
    ("iterator_in_comprehension", ()),
    ("iterator_in_comprehension", (False,)),
    ("loop_variable_reused", ()),
    ("loop_variable_reused_mixed", ()),
    ("one_class_flags", ()),
    ("str_attribute", ()),
]
IDS = [f"{n}-{'-'.join(map(str, a))}" if a else n for n, a in CASES]


@pytest.mark.parametrize("program, extra", CASES, ids=IDS)
def test_gradient_matches_autograd_and_finite_differences(program, extra):
    f, oracle = NP[program], AG[program]
    g = check_grads(f, X, *extra, rtol=1e-5, atol=1e-7)[0]
    np.testing.assert_allclose(g, autograd.grad(oracle)(X, *extra), rtol=1e-9, atol=1e-12)
    v, g2 = s2sgrad.value_and_grad(f)(X, *extra)
    np.testing.assert_allclose(v, oracle(X, *extra), rtol=1e-12)
    np.testing.assert_allclose(g2, g, rtol=1e-12)


@pytest.mark.parametrize("program, extra", CASES, ids=IDS)
def test_jvp_and_hessian_match_autograd(program, extra):
    f, oracle = NP[program], AG[program]
    value, dot = s2sgrad.jvp(lambda x: f(x, *extra), (X,), (V,))
    np.testing.assert_allclose(value, oracle(X, *extra), rtol=1e-12)
    np.testing.assert_allclose(dot, np.dot(autograd.grad(oracle)(X, *extra), V), rtol=1e-9)
    h = s2sgrad.hessian(f)(X, *extra)
    np.testing.assert_allclose(h, autograd.hessian(oracle)(X, *extra), rtol=1e-7, atol=1e-10)
    df = s2sgrad.grad(f)
    fd = numerical_grad(lambda x: np.dot(df(x, *extra), V), (X,), 0)
    np.testing.assert_allclose(h @ V, fd, rtol=1e-5, atol=1e-7)


def test_a_branch_not_taken_for_a_class_is_not_generated():
    src = s2sgrad.grad(NP["flag"]).source_for(X)
    # every test folded: one body per layer, as it runs, each flag checked where it is read
    assert src.count("_pullback = forward_vjp") == len(NP["layers"])
    assert src.count("raise RuntimeError(\"s2sgrad: the attribute 'trainable' changed") == 6
    assert src == s2sgrad.grad(NP["flag"]).source_for(X)  # the same every time


# -- trees given as arguments ---------------------------------------------------------------


def _tree_input(rs):
    return {
        "body": {"layer": (rs.randn(3), rs.randn(2)), "inner": {"layer": [rs.randn(2)]}},
        "head": [rs.randn(1), rs.randn(2) * 0.5],
    }


@pytest.mark.parametrize("shape", ["dict", "list", "tuple"])
def test_a_tree_argument(shape):
    tree_l2, a_tree_l2 = NP["tree_l2"], AG["tree_l2"]
    p = _tree_input(np.random.RandomState(0))
    if shape != "dict":
        p = {"list": list, "tuple": tuple}[shape]([p["head"], p["body"], np.ones(2)])

    def loss(t):
        return tree_l2(t) * 0.5 + NP["tree_count"](t)

    def a_loss(t):
        return a_tree_l2(t) * 0.5 + AG["tree_count"](t)

    g = check_grads(loss, p, rtol=1e-5, atol=1e-7)[0]
    assert_tree_close(g, autograd.grad(a_loss)(p), rtol=1e-9, atol=1e-12)
    assert type(g) is type(p)


# -- a fold never outlives the value it relied on -------------------------------------------


class Toggle:
    on = True  # a class attribute

    def forward(self, h):
        return np.sin(h)


class Lin:
    def __init__(self):
        self.on = True  # an instance attribute

    def forward(self, h, w=None):
        return np.dot(W, h)


GLOBAL = [Toggle(), Lin(), Toggle()]


def toggled(x):
    h = x
    for layer in GLOBAL:
        if layer.on:
            h = layer.forward(h)
        else:
            h = h * 3.0
    return np.sum(h**2)


def _toggled_oracle(flags):
    def f(x):
        h = x
        for on, lin in flags:
            if on:
                h = anp.dot(W, h) if lin else anp.sin(h)
            else:
                h = h * 3.0
        return anp.sum(h**2)

    return f


def test_a_class_attribute_changed_between_calls_is_seen():
    g = s2sgrad.grad(toggled)
    try:
        expected = autograd.grad(_toggled_oracle([(True, False), (True, True), (True, False)]))
        np.testing.assert_allclose(g(X), expected(X), rtol=1e-9)
        Toggle.on = False
        expected = autograd.grad(_toggled_oracle([(False, 0), (True, True), (False, 0)]))
        np.testing.assert_allclose(g(X), expected(X), rtol=1e-9)
        _, dot = s2sgrad.jvp(toggled, (X,), (V,))
        np.testing.assert_allclose(dot, np.dot(expected(X), V), rtol=1e-9)
    finally:
        Toggle.on = True
    np.testing.assert_allclose(g(X), check_grads(toggled, X)[0], rtol=1e-9)


def test_an_instance_attribute_changed_between_calls_is_seen():
    g = s2sgrad.grad(toggled)
    g(X)
    try:
        GLOBAL[1].on = False
        expected = autograd.grad(_toggled_oracle([(True, False), (False, 0), (True, False)]))
        np.testing.assert_allclose(g(X), expected(X), rtol=1e-9)
        GLOBAL[1].on = None  # another constant: still the else branch
        np.testing.assert_allclose(g(X), expected(X), rtol=1e-9)
    finally:
        GLOBAL[1].on = True


def passed(x, model):
    h = x
    for layer in model:
        if layer.on:
            h = layer.forward(h)
        else:
            h = h * 3.0
    return np.sum(h**2)


def test_an_attribute_of_an_argument_changed_between_calls_is_seen():
    model = [Lin(), Toggle()]
    g = s2sgrad.grad(passed)
    np.testing.assert_allclose(
        g(X, model), autograd.grad(_toggled_oracle([(True, True), (True, False)]))(X), rtol=1e-9
    )
    model[0].on = False
    np.testing.assert_allclose(
        g(X, model), autograd.grad(_toggled_oracle([(False, 0), (True, False)]))(X), rtol=1e-9
    )
    _, dot = s2sgrad.jvp(lambda x: passed(x, model), (X,), (V,))
    np.testing.assert_allclose(dot, np.dot(g(X, model), V), rtol=1e-9)


class Freezable:
    def __init__(self):
        self.on = True

    def freeze(self):
        self.on = False  # a method stores the flag: it is not folded

    def forward(self, h):
        return np.sin(h)


FREEZABLE = [Freezable(), Lin()]


def freezable(x):
    h = x
    for layer in FREEZABLE:
        if layer.on:
            h = layer.forward(h)
        else:
            h = h * 3.0
    return np.sum(h**2)


class Stepper:
    def __init__(self):
        self.on = True


def switch_off(layer):
    layer.on = False  # run as written: nothing differentiated is passed
    return 1.0


def switched_during_the_call(x, layer):
    c = switch_off(layer)
    if layer.on:
        return np.sum(x) * c
    return np.sum(x**2) * c


STEPPER = Stepper()


def test_a_flag_changed_during_the_call_is_an_error_not_a_wrong_gradient():
    for run in (
        lambda: s2sgrad.grad(switched_during_the_call)(X, Stepper()),
        lambda: s2sgrad.jvp(lambda x: switched_during_the_call(x, STEPPER), (X,), (V,)),
        lambda: s2sgrad.hessian(lambda x: switched_during_the_call(x, STEPPER))(X),
    ):
        STEPPER.on = True
        with pytest.raises(RuntimeError, match=r"the attribute 'on' changed during the call"):
            run()
    # made inside the function differentiated: its literal flags fold too, checked alike
    with pytest.raises(RuntimeError, match=r"the attribute 'on' changed during the call"):
        s2sgrad.grad(lambda x: switched_during_the_call(x, Stepper()))(X)


def test_a_flag_a_method_stores_is_tested_when_the_code_runs():
    src = s2sgrad.grad(freezable).source_for(X)
    assert ".on" in src  # the test of Freezable's flag stays; Lin's folds
    g = s2sgrad.grad(freezable)
    np.testing.assert_allclose(
        g(X), autograd.grad(_toggled_oracle([(True, False), (True, True)]))(X), rtol=1e-9
    )
    FREEZABLE[0].freeze()
    try:
        np.testing.assert_allclose(
            g(X), autograd.grad(_toggled_oracle([(False, 0), (True, True)]))(X), rtol=1e-9
        )
    finally:
        FREEZABLE[0].on = True


def test_isinstance_of_a_value_of_unknown_type_is_tested_when_the_code_runs():
    def f(x):
        y = np.tanh(x)
        if isinstance(y, np.ndarray):
            return np.sum(y**2)
        return y

    src = s2sgrad.grad(f).source_for(X)
    assert "isinstance(" in src
    check_grads(f, X)


def test_a_break_over_a_name_that_may_hold_an_iterator_is_an_error():
    def f(x, backwards):
        order = reversed(range(3)) if backwards else range(3)
        s = 0.0
        for t in order:
            if t == 1:
                break
            s = s + np.sum(x * t)
        return s

    with pytest.raises(UnsupportedSyntaxError, match=r"a for loop with a break over 'order'"):
        s2sgrad.grad(f)(X, True)

    def g(x):
        order = range(3)  # a range: a break leaves nothing behind
        s = 0.0
        for t in order:
            if t == 2:
                break
            s = s + np.sum(np.sin(x) * t)
        return s

    check_grads(g, X)


def test_a_call_that_does_not_fit_in_a_branch_that_runs_is_still_an_error():
    class Bad:
        on = True

        def forward(self, h):
            return h

    bad = [Bad()]

    def f(x):
        h = x
        for layer in bad:
            if layer.on:
                h = layer.forward(h, W)  # Python would raise TypeError here too
        return np.sum(h)

    with pytest.raises((TransformError, TypeError)):
        s2sgrad.grad(f)(X)


class WithProperty:
    w = np.ones(3)  # a class attribute that is no flag

    def __init__(self):
        self.__dict__["on"] = True  # hidden by the property: never read

    @property
    def on(self):
        return False


class FlagBase:
    flag = True


class FlagSub(FlagBase):
    @property
    def flag(self):  # hides the base's constant
        return False


HIDDEN = [WithProperty(), FlagSub()]


def hidden_flags(x):
    s = 0.0
    for o in HIDDEN:
        if hasattr(o, "w"):
            s = s + np.sum(x * o.w)
        if type(o) is WithProperty and o.on:
            s = s + 100.0 * np.sum(x)
        if isinstance(o, FlagSub) and o.flag:
            s = s + 1000.0 * np.sum(x)
    return s


def test_a_property_or_a_hidden_constant_is_not_folded():
    g = check_grads(hidden_flags, X)[0]
    np.testing.assert_allclose(g, np.ones(3), rtol=1e-12)
    _, dot = s2sgrad.jvp(hidden_flags, (X,), (V,))
    np.testing.assert_allclose(dot, np.sum(V), rtol=1e-12)
