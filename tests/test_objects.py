"""Objects in differentiated code (issue 12): bound methods, methods of user objects,
attribute reads and method calls on non-differentiated objects, and the mutation checks
that still apply to them. Each derivative is checked against central finite differences
and, where autograd runs, against autograd."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import NonDifferentiableError, UnsupportedSyntaxError

RS = np.random.RandomState(3)
X = RS.randn(6, 3)
Y = RS.randn(6)
W = RS.randn(3)


class Regression:
    def __init__(self, X, y, scale=1.0):
        self.X, self.y, self.scale = X, y, scale

    def predict(self, w, X):
        return self.scale * np.tanh(np.dot(X, w))

    def loss(self, w):
        return np.mean((np.dot(self.X, w) - self.y) ** 2) * self.scale

    def loss2(self, w, b=0.5):
        r = np.dot(self.X, w) + b - self.y
        return np.sum(r**2) + self.scale * np.sum(w**4)

    def loss_kw(self, w, *, lam):
        return np.sum(np.sin(np.dot(self.X, w))) + lam * np.sum(w**2)


MODEL = Regression(X, Y, scale=0.5)
MODELS = {"a": Regression(X, Y, 2.0)}


class Holder:
    model = MODEL


def _in_w(f, args):
    """``f`` as a function of its first argument, the others fixed."""
    if len(args) == 1:
        return f
    if len(args) == 2:
        b = args[1]
        return lambda w: f(w, b)
    b, c = args[1:]
    return lambda w: f(w, b, c)


# -- grad of a bound method ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["loss", "loss2"])
def test_grad_of_bound_method(method):
    obj = Regression(X, Y, 1.5)
    f = getattr(obj, method)
    g = s2sgrad.grad(f)(W)
    assert_tree_close(g, numerical_grad(f, (W,), 0), rtol=1e-5, atol=1e-7)
    value, g2 = s2sgrad.value_and_grad(f)(W)
    assert value == pytest.approx(f(W))
    np.testing.assert_allclose(g2, g)


def test_bound_method_defaults_keywords_and_argnums():
    obj = Regression(X, Y, 0.3)
    gw, gb = s2sgrad.grad(obj.loss2, argnums=(0, 1))(W, 0.2)
    assert_tree_close(gw, numerical_grad(obj.loss2, (W, 0.2), 0), rtol=1e-5, atol=1e-7)
    assert gb == pytest.approx(numerical_grad(obj.loss2, (W, 0.2), 1), rel=1e-5)
    g = s2sgrad.grad(obj.loss_kw)(W, lam=0.7)
    assert_tree_close(
        g, numerical_grad(lambda w: obj.loss_kw(w, lam=0.7), (W,), 0), rtol=1e-5, atol=1e-7
    )


def test_bound_method_uses_its_own_object():
    a, b = Regression(X, Y, 1.0), Regression(X, 2 * Y, 3.0)
    ga, gb = s2sgrad.grad(a.loss)(W), s2sgrad.grad(b.loss)(W)
    assert_tree_close(ga, numerical_grad(a.loss, (W,), 0), rtol=1e-5, atol=1e-7)
    assert_tree_close(gb, numerical_grad(b.loss, (W,), 0), rtol=1e-5, atol=1e-7)
    assert not np.allclose(ga, gb)


def test_bound_method_forward_modes():
    obj = Regression(X, Y, 0.7)
    _, tangent = s2sgrad.jvp(obj.loss, (W,), (np.ones(3),))
    assert tangent == pytest.approx(np.sum(numerical_grad(obj.loss, (W,), 0)), rel=1e-5)
    h = s2sgrad.hessian(obj.loss)(W)
    np.testing.assert_allclose(h, 2 * 0.7 * X.T @ X / len(Y), rtol=1e-6)


def test_bound_method_matches_autograd():
    autograd = pytest.importorskip("autograd")
    obj = Regression(X, Y, 1.2)
    np.testing.assert_allclose(s2sgrad.grad(obj.loss2)(W), autograd.grad(obj.loss2)(W))


# -- methods of user objects called inside the differentiated function -----------------------


def uses_global_model(w, X, y):
    return np.sum((MODEL.predict(w, X) - y) ** 2)


def uses_dict_of_models(w):
    m = MODELS["a"]
    return np.sum(m.X * 0.0) + np.sum(MODEL.predict(w, X) * MODEL.scale)


def uses_class_attribute_chain(w):
    return np.sum(Holder.model.predict(w, X) ** 2) + MODEL.loss(w)


def reads_global_attributes(w):
    return np.sum((np.dot(MODEL.X, w) - MODEL.y) ** 2) * MODEL.scale


@pytest.mark.parametrize(
    "f, args",
    [
        (uses_global_model, (W, X, Y)),
        (uses_dict_of_models, (W,)),
        (uses_class_attribute_chain, (W,)),
        (reads_global_attributes, (W,)),
    ],
)
def test_methods_of_free_objects(f, args):
    check_grads(f, *args, rtol=1e-5, atol=1e-7)
    _, tangent = s2sgrad.jvp(_in_w(f, args), (W,), (np.arange(3.0),))
    assert tangent == pytest.approx(numerical_grad(f, args, 0) @ np.arange(3.0), rel=1e-5)


def _net_loss(xp):
    """The same program written against ``xp`` (NumPy for s2sgrad, autograd.numpy for the
    oracle): a loss calling methods of a closed-over model object."""

    class Net:
        def __init__(self, scale):
            self.scale = scale

        def hidden(self, w, x):
            return xp.tanh(xp.dot(x, w)) * self.scale

        def out(self, w, x):
            return xp.sum(self.hidden(w, x) ** 2)

    net = Net(0.8)

    def loss(w, x):
        return net.out(w, x) + xp.sum(net.hidden(w, x))

    return loss


def test_method_of_free_object_matches_autograd():
    autograd = pytest.importorskip("autograd")
    ours, oracle = _net_loss(np), _net_loss(autograd.numpy)
    expected = autograd.grad(oracle)(W, X)
    np.testing.assert_allclose(s2sgrad.grad(ours)(W, X), expected)  # Net.out: self.hidden
    assert_tree_close(expected, numerical_grad(ours, (W, X), 0), rtol=1e-5, atol=1e-7)
    _, t = s2sgrad.jvp(lambda w: ours(w, X), (W,), (np.ones(3),))
    assert t == pytest.approx(np.sum(expected), rel=1e-7)
    check_grads(uses_global_model, W, X, Y, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(
        s2sgrad.grad(uses_global_model)(W, X, Y),
        autograd.grad(_global_model_ag(autograd.numpy))(W, X, Y),
    )


def _global_model_ag(xp):
    def loss(w, X, y):
        return xp.sum((0.5 * xp.tanh(xp.dot(X, w)) - y) ** 2)

    return loss


def test_replacing_the_method_of_the_class_revalidates():
    class Model:
        def predict(self, w):
            return np.sum(w**2)

    model = Model()

    def f(w):
        return model.predict(w)

    g = s2sgrad.grad(f)
    np.testing.assert_allclose(g(W), 2 * W)
    Model.predict = lambda self, w: np.sum(w**3)
    np.testing.assert_allclose(g(W), 3 * W**2)
    model = Model()  # noqa: F841 (read by f through its closure)
    np.testing.assert_allclose(g(W), 3 * W**2)


# -- non-differentiated objects passed as arguments --------------------------------------------


def random_state_loss(params, rs):
    samples = rs.randn(10, 3) * np.exp(params) + params
    return np.mean(samples**2)


def generator_loss(params, rng):
    eps = rng.standard_normal((8, 3))
    return np.sum(np.tanh(params + eps))


def object_attribute_loss(w, model):
    return np.sum((np.dot(model.X, w) - model.y) ** 2) * model.scale


def nested_attribute_loss(w, holder):
    return np.sum(np.dot(holder.model.X, w) ** 2)


def test_random_state_argument_runs_as_written():
    for seed in (0, 1):
        g = s2sgrad.grad(random_state_loss)(W, np.random.RandomState(seed))

        def fresh(p, seed=seed):
            return random_state_loss(p, np.random.RandomState(seed))

        assert_tree_close(g, numerical_grad(fresh, (W,), 0), rtol=1e-5, atol=1e-7)
        _, t = s2sgrad.jvp(fresh, (W,), (np.ones(3),))
        assert t == pytest.approx(np.sum(g), rel=1e-6)


def test_generator_argument_runs_as_written():
    g = s2sgrad.grad(generator_loss)(W, np.random.default_rng(5))
    expected = numerical_grad(lambda p: generator_loss(p, np.random.default_rng(5)), (W,), 0)
    assert_tree_close(g, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(
    "f, obj", [(object_attribute_loss, MODEL), (nested_attribute_loss, Holder())]
)
def test_attributes_of_an_object_argument(f, obj):
    check_grads(f, W, obj, rtol=1e-5, atol=1e-7)
    h = s2sgrad.hessian(f)(W, obj)
    assert h.shape == (3, 3)
    g = s2sgrad.grad(f)
    rows = [numerical_grad(lambda w, i=i: g(w, obj)[i], (W,), 0) for i in range(3)]
    assert_tree_close(h, np.stack(rows), rtol=1e-4, atol=1e-6)


def test_autograd_agrees_on_object_arguments():
    autograd = pytest.importorskip("autograd")
    np.testing.assert_allclose(
        s2sgrad.grad(object_attribute_loss)(W, MODEL),
        autograd.grad(object_attribute_loss)(W, MODEL),
    )


class Layer:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, x):
        return np.tanh(np.dot(x, self.W) + self.b)

    def forward(self, x):
        return self.act(np.dot(x, self.W) + self.b)

    def act(self, z):
        return np.tanh(z)

    @staticmethod
    def penalty(w):
        return np.sum(w**2)


class ReluLayer(Layer):
    def act(self, z):
        return z * (z > 0) + 0.1 * z


def layer_loss(w, layer, X):
    h = layer.forward(X)
    return np.sum(h * np.dot(X, w)[:, None]) + layer.penalty(w)


def layer_model_loss(w, model):
    return model.loss(w) + np.sum(model.predict(w, model.X))


LAYER = Layer(RS.randn(3, 3), RS.randn(3))


@pytest.mark.parametrize("layer", [LAYER, ReluLayer(RS.randn(3, 3), RS.randn(3))])
def test_methods_of_object_arguments_are_the_classs(layer):
    check_grads(layer_loss, W, layer, X, rtol=1e-5, atol=1e-7)
    _, t = s2sgrad.jvp(lambda w: layer_loss(w, layer, X), (W,), (np.ones(3),))
    assert t == pytest.approx(np.sum(numerical_grad(layer_loss, (W, layer, X), 0)), rel=1e-5)
    h = s2sgrad.hessian(layer_loss)(W, layer, X)
    np.testing.assert_allclose(h, 2 * np.eye(3), atol=1e-9)


def test_one_derivative_per_class():
    """The same function with objects of two classes: each gets its own derivative."""
    a, b = Layer(LAYER.W, LAYER.b), ReluLayer(LAYER.W, LAYER.b)
    g = s2sgrad.grad(layer_loss)
    for layer in (a, b, a, b):
        assert_tree_close(
            g(W, layer, X), numerical_grad(layer_loss, (W, layer, X), 0), rtol=1e-5, atol=1e-7
        )


def test_methods_calling_methods_on_self():
    model = Regression(X, Y, 0.9)
    check_grads(layer_model_loss, W, model, rtol=1e-5, atol=1e-7)
    check_grads(lambda w: layer_model_loss(w, MODEL), W, rtol=1e-5, atol=1e-7)


def test_replacing_a_method_of_an_argument_class_revalidates():
    g = s2sgrad.grad(layer_loss)
    layer = ReluLayer(LAYER.W, LAYER.b)
    before = g(W, layer, X)
    old = ReluLayer.act
    try:
        ReluLayer.act = lambda self, z: z**3
        after = g(W, layer, X)
        assert_tree_close(after, numerical_grad(layer_loss, (W, layer, X), 0), rtol=1e-5, atol=1e-7)
        assert not np.allclose(before, after)
    finally:
        ReluLayer.act = old


# -- what stays rejected -------------------------------------------------------------------


def method_of_random_state_gets_differentiated_value(w, rs):
    return np.sum(rs.normal(w))


def attribute_of_differentiated(w):
    return np.sum(w.real_part)


def unknown_method_of_differentiated(w):
    return np.sum(w.frobnicate(2))


def bare_method_call_on_argument(w, model):
    model.update(w)
    return np.sum(w)


def shuffles_in_place(w, rs):
    rs.shuffle(w)
    return np.sum(w * np.arange(3.0))


class Cached:
    def __init__(self):
        self.cache = None

    def update(self, w):
        self.cache = w

    def store(self, w):
        self.cache = w
        return np.sum(w)

    def double(self, w):
        w *= 2.0
        return w


CACHED = Cached()


def global_object_bare_update(w):
    CACHED.update(w)
    return np.sum(w)


def method_storing_on_self(w):
    return CACHED.store(w) + np.sum(w)


def method_changing_its_argument(w, obj):
    return np.sum(obj.double(w))


def method_changing_argument_read_after(w, obj):
    v = w * 1.0
    return np.sum(obj.double(v)) + np.sum(v)  # rejected: NumPy would have doubled v


def test_augmented_argument_of_a_method_rebinds_it_as_in_autograd():
    # w *= 2.0 inside the method: the caller does not read w again, so rebinding (what
    # autograd does with its traced arrays) and NumPy's in-place change agree
    g = s2sgrad.grad(method_changing_its_argument)(W, CACHED)
    np.testing.assert_allclose(g, 2.0 * np.ones_like(W))
    _, dot = s2sgrad.jvp(method_changing_its_argument, (W, CACHED), (np.ones_like(W), None))
    np.testing.assert_allclose(dot, 2.0 * W.size)


def argument_object_bare_update(w, obj):
    obj.update(w)
    return np.sum(w)


def test_an_argument_object_changed_by_its_method_is_followed():
    obj = Cached()
    check_grads(argument_object_bare_update, W, obj)
    obj.cache = None
    np.testing.assert_allclose(s2sgrad.grad(argument_object_bare_update)(W, obj), np.ones_like(W))
    np.testing.assert_array_equal(obj.cache, W)  # as a call of the function leaves it


@pytest.mark.parametrize("f", [global_object_bare_update, method_storing_on_self])
def test_a_global_object_changed_by_its_methods_is_followed(f):
    # since session 28: CACHED.update(w) changes CACHED, followed in a local of the
    # function and written back to it when the function returns (normalize/self_changes.py)
    check_grads(f, W)
    CACHED.cache = None
    s2sgrad.grad(f)(W)
    np.testing.assert_array_equal(CACHED.cache, W)  # as a call of f leaves it
    CACHED.cache = None
    _, dot = s2sgrad.jvp(f, (W,), (np.ones_like(W),))
    np.testing.assert_allclose(dot, np.sum(s2sgrad.grad(f)(W)))
    np.testing.assert_array_equal(CACHED.cache, W)


@pytest.mark.parametrize(
    "f, args, what",
    [
        (method_changing_argument_read_after, (W, CACHED), "changes its argument 'w' in place"),
        (unknown_method_of_differentiated, (W,), "receives a differentiated value"),
        (attribute_of_differentiated, (W,), "attribute .real_part of a differentiated"),
        (bare_method_call_on_argument, (W, MODEL), "is not used"),
        (shuffles_in_place, (W, np.random.RandomState(0)), "in place"),
    ],
)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_rejected_at_the_users_line(f, args, what, mode):
    with pytest.raises(UnsupportedSyntaxError, match=what) as info:
        if mode == "grad":
            s2sgrad.grad(f)(*args)
        else:
            s2sgrad.jvp(_in_w(f, args), (W,), (np.ones(3),))
    assert "test_objects.py" in str(info.value)


# -- forward mode and Jacobians of trees of mixed shapes -------------------------------------


def dict_loss(p):
    return np.sum(p["a"] ** 2) * p["b"] + np.sum(np.sin(p["c"]))


def tuple_loss(q):
    w, b = q
    return np.sum(np.tanh(np.dot(X, w) + b) ** 2)


def list_loss(layers):
    h = X
    for W_, b_ in layers:
        h = np.tanh(np.dot(h, W_) + b_)
    return np.sum(h**2)


TREES = [
    (dict_loss, {"a": RS.randn(3), "b": 1.3, "c": RS.randn(2, 2)}),
    (tuple_loss, (RS.randn(3), 0.4)),
    (list_loss, [(RS.randn(3, 2), RS.randn(2)), (RS.randn(2, 2), 0.1)]),
]


def _flat(tree):
    from gradcheck import _leaves

    return np.concatenate([np.ravel(leaf) for _, leaf in _leaves(tree)])


@pytest.mark.parametrize("f, p", TREES)
def test_jvp_and_jacobians_of_trees(f, p):
    from s2sgrad.basis import tree_map

    g = numerical_grad(f, (p,), 0)
    tangent = tree_map(lambda leaf: np.ones_like(leaf) if np.ndim(leaf) else 0.5, p)
    value, t = s2sgrad.jvp(f, (p,), (tangent,))
    assert value == pytest.approx(f(p))
    assert t == pytest.approx(float(_flat(g) @ _flat(tangent)), rel=1e-5)
    for jac in (s2sgrad.jacfwd(f), s2sgrad.jacrev(f)):
        assert_tree_close(jac(p), g, rtol=1e-5, atol=1e-7)


def test_hessian_of_a_dict_function():
    p = {"a": RS.randn(3), "b": 1.3}

    def f(q):
        return np.sum(q["a"] ** 3) * q["b"] ** 2

    h = s2sgrad.hessian(f)(p)
    assert list(h) == ["a", "b"] and list(h["a"]) == ["a", "b"]
    np.testing.assert_allclose(h["a"]["a"], np.diag(6 * p["a"] * p["b"] ** 2))
    np.testing.assert_allclose(h["a"]["b"], 6 * p["a"] ** 2 * p["b"])
    np.testing.assert_allclose(h["b"]["a"], 6 * p["a"] ** 2 * p["b"])
    assert h["b"]["b"] == pytest.approx(2 * np.sum(p["a"] ** 3))


def test_jvp_tangent_of_the_wrong_structure():
    with pytest.raises(ValueError, match="structure and shapes"):
        s2sgrad.jvp(tuple_loss, ((W, 0.4),), ((np.ones(2), 1.0),))
    with pytest.raises(ValueError, match="structure and shapes"):
        s2sgrad.jvp(dict_loss, (TREES[0][1],), ({"a": np.ones(3)},))


# -- errors -----------------------------------------------------------------------------------


def vector_output(x):
    y = np.sin(x)
    return y * 2.0


@pytest.mark.parametrize("fn", [s2sgrad.grad, s2sgrad.value_and_grad])
def test_non_scalar_output_names_the_return_line(fn):
    for _ in range(2):  # the first call builds the derivative, the second takes the fast path
        with pytest.raises(
            ValueError,
            match=r"must return a scalar.*test_objects\.py:\d+: "
            r"return y \* 2\.0",
        ):
            fn(vector_output)(W)


@pytest.mark.parametrize("cotangent", [np.ones(2), np.ones((3, 1)), 1.0])
def test_vjp_checks_the_cotangent_shape(cotangent):
    with pytest.raises(ValueError, match="cotangent has shape"):
        s2sgrad.vjp(vector_output, (W,), cotangent)
    _, (ct,) = s2sgrad.vjp(vector_output, (W,), np.arange(3.0))
    np.testing.assert_allclose(ct, 2.0 * np.cos(W) * np.arange(3.0))


@pytest.mark.parametrize(
    "fun,primals,expected",
    [
        (np.sin, (W,), (np.cos(W),)),
        (abs, (W - 0.5,), (np.sign(W - 0.5),)),
        (np.add, (W, W), (np.ones(3), np.ones(3))),
        (np.multiply, (W, 2.0), (2.0 * np.ones(3), np.sum(W))),
    ],
)
def test_vjp_of_a_primitive_uses_its_rule(fun, primals, expected):
    # a registered primitive passed itself is differentiated by its rule (issue 12)
    _, cts = s2sgrad.vjp(fun, primals, np.ones(3))
    for ct, e in zip(cts, expected):
        np.testing.assert_allclose(ct, e)


def test_a_method_of_a_random_state_given_a_differentiated_value_is_an_error_when_it_runs():
    # rs.normal is known only when the code runs (runtime.callees): it has no rule
    for run in (
        lambda: s2sgrad.grad(method_of_random_state_gets_differentiated_value)(
            W, np.random.RandomState(0)
        ),
        lambda: s2sgrad.jvp(
            _in_w(method_of_random_state_gets_differentiated_value, (W, np.random.RandomState(0))),
            (W,),
            (np.ones(3),),
        ),
    ):
        with pytest.raises(
            NonDifferentiableError,
            match=r"test_objects\.py:\d+: the function "
            r"called here is <bound method RandomState\.normal",
        ):
            run()


def test_an_instance_attribute_hiding_a_method_is_not_the_classs():
    g = s2sgrad.grad(layer_loss)
    g(W, Layer(LAYER.W, LAYER.b), X)  # the class's forward and penalty
    hidden = Layer(LAYER.W, LAYER.b)
    hidden.forward = lambda x: x * 2.0  # the call runs this, not Layer.forward
    # the object is not the class's: its forward is the value found when the code runs
    check_grads(layer_loss, W, hidden, X, rtol=1e-5, atol=1e-7)

    def inactive(w, layer):
        return np.sum(layer.forward(X)) * np.sum(w)

    np.testing.assert_allclose(
        s2sgrad.grad(inactive)(W, hidden), numerical_grad(inactive, (W, hidden), 0), rtol=1e-6
    )


# -- NamedTuples ------------------------------------------------------------------------------


class Params(NamedTuple):
    w: np.ndarray
    b: float


def namedtuple_unpacked(p):
    w, b = p
    return np.sum(np.tanh(np.dot(X, w) + b) ** 2)


def namedtuple_indexed(p):
    return np.sum((np.dot(X, p[0]) + p[1] - Y) ** 2)


def namedtuple_attribute(p):
    return np.sum(p.w**2) * p.b


@pytest.mark.parametrize("f", [namedtuple_unpacked, namedtuple_indexed])
def test_namedtuple_gradient_has_its_type(f):
    p = Params(RS.randn(3), 0.3)
    g = s2sgrad.grad(f)(p)
    assert type(g) is Params
    assert_tree_close(tuple(g), tuple(numerical_grad(f, (p,), 0)), rtol=1e-5, atol=1e-7)
    _, t = s2sgrad.jvp(f, (p,), (Params(np.ones(3), 1.0),))
    assert t == pytest.approx(float(np.sum(g.w) + g.b), rel=1e-5)


class Layers(NamedTuple):
    first: tuple
    rest: list
    gain: float

    def scale(self):
        return self.gain * 2.0


def namedtuple_nested(p):
    w, b = p.first
    h = np.tanh(np.dot(X, w) + b)
    for q in p.rest:
        h = h * q["s"]
    return np.sum(h**2) * p.scale()


def namedtuple_callee(p):
    return namedtuple_attribute(p) + np.sum(np.dot(X, p.w))


@pytest.mark.parametrize(
    "f, p",
    [
        (namedtuple_attribute, Params(RS.randn(3), 0.7)),
        (namedtuple_callee, Params(RS.randn(3), 0.7)),
        (namedtuple_nested, Layers((RS.randn(3), 0.2), [{"s": 1.5}, {"s": RS.randn(6)}], 0.3)),
    ],
)
def test_namedtuple_fields_by_name(f, p):
    g = s2sgrad.grad(f)(p)
    assert type(g) is type(p)
    assert_tree_close(g, numerical_grad(f, (p,), 0), rtol=1e-5, atol=1e-7)
    from s2sgrad.basis import tree_map

    tangent = tree_map(lambda leaf: np.ones_like(leaf) if np.ndim(leaf) else 1.0, p)
    _, t = s2sgrad.jvp(f, (p,), (tangent,))
    assert t == pytest.approx(float(_flat(g) @ _flat(tangent)), rel=1e-5)


def test_namedtuple_matches_autograd():
    autograd = pytest.importorskip("autograd")
    p = Params(RS.randn(3), 0.7)

    def f(xp):
        return lambda q: xp.sum(xp.sin(q.w) * q.b) + q.b**2

    ours = s2sgrad.grad(f(np))(p)
    oracle = f(autograd.numpy)
    theirs = autograd.grad(lambda q: oracle(Params(*q)))(tuple(p))  # no NamedTuples there
    np.testing.assert_allclose(ours.w, theirs[0])
    assert ours.b == pytest.approx(theirs[1])


def test_attribute_of_a_differentiated_non_namedtuple_is_a_clear_error():
    class Box(tuple):
        pass

    def f(p):
        return np.sum(p.w)

    with pytest.raises(UnsupportedSyntaxError, match="attribute .w of a differentiated") as e:
        s2sgrad.grad(f)(Box((W,)))
    assert "test_objects.py" in str(e.value)


def test_jvp_of_a_function_returning_its_namedtuple():
    def f(p):
        return p

    p = Params(W, 0.5)
    out, tangent = s2sgrad.jvp(f, (p,), (Params(np.ones(3), 2.0),))
    assert type(out) is Params and type(tangent) is Params
    np.testing.assert_allclose(tangent.w, np.ones(3))
    assert tangent.b == 2.0
    _, zero = s2sgrad.jvp(f, (p,), (None,))
    assert type(zero) is Params and zero.b == 0.0
