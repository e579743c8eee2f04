"""Gaps of issue 12 closed in session 13: ``xs.pop()`` and ``xs.pop(i)`` as in-place changes
that the adjoint sweep undoes (a stack or queue drained in a loop costs O(1) a step, not a
copy of the list).

Each program is checked in reverse mode against central finite differences and autograd,
in forward mode (``jvp``) against the gradient and in forward over reverse (``hessian``)
against finite differences of the gradient (``check_all``); the gradients are not zero.
"""

import types

import numpy as np
import pytest
from gradcheck import check_grads, numerical_grad
from test_changing_callees import check_all, check_error

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError

W = np.array([0.4, -0.7, 1.1])
XS = np.array([[0.5, -1.2, 2.0], [0.9, -0.4, 0.3], [-0.6, 0.8, 0.1], [1.3, 0.2, -0.9]])


# ---- pops drained in loops ----------------------------------------------------------------


def stack_drain(w):
    stack = [np.tanh(w * x) for x in XS]
    total = 0.0
    while stack:
        v = stack.pop()
        total = total + np.sum(v**2) * (len(stack) + 1.0)
    return total


def stack_drain_in_expression(w):
    stack = []
    for x in XS:
        stack.append(np.sin(w + x))
    total = 0.0
    while stack:
        total += np.sum(stack.pop() ** 3)
    return total


def queue_drain(w):
    queue = [w * x for x in XS]
    acc = np.zeros(3)
    while queue:
        v = queue.pop(0)
        acc = np.tanh(acc + v)
    return np.sum(acc**2)


def pop_from_end_in_loop(w):
    xs = [np.cos(w * x) for x in XS]
    acc = 0.0
    while len(xs) > 1:
        v = xs.pop(-2)
        acc = acc + np.sum(v * xs[-1])
    return acc + np.sum(xs[0])


def depth_first(w):
    # a stack that grows while it is drained: push children of what is popped
    stack = [(0, w)]
    total = 0.0
    while stack:
        depth, v = stack.pop()
        total = total + np.sum(np.sin(v))
        if depth < 2:
            stack.append((depth + 1, v * 0.5))
            stack.append((depth + 1, v**2))
    return total


def pop_in_branch(w):
    xs = [w * x for x in XS]
    out = 0.0
    for i in range(3):
        if i % 2:
            v = xs.pop(0)
        else:
            v = xs.pop()
        out = out + np.sum(v * w) + np.sum(xs[0])
    return out


def pop_unused_in_loop(w):
    xs = [np.exp(w * x * 0.3) for x in XS]
    total = 0.0
    for _ in range(2):
        xs.pop()
        total = total + np.sum(xs[-1] * xs[0])
    return total


def pop_at_variable(w):
    xs = [np.sin(w * x) for x in XS]
    total = 0.0
    k = 0
    while xs:
        i = k % len(xs)
        total = total + np.sum(xs.pop(i) * w) * (k + 1)
        k += 1
    return total


def take(xs):
    return xs.pop()


def drain_through_callee(w):
    stack = [w * x for x in XS]
    total = 0.0
    while stack:
        total = total + np.sum(np.tanh(take(stack)))
    return total


def nested_drains(w):
    outer = [[w * x, np.sin(w * x)] for x in XS[:2]]
    total = 0.0
    while outer:
        inner = list(outer.pop())
        while inner:
            total = total + np.sum(inner.pop() ** 2)
    return total


def rebound_after_pops(w):
    beams = [w * x for x in XS]
    for _ in range(2):
        beams.pop(0)
        beams = [np.tanh(b) for b in beams]
    return sum(np.sum(b**2) for b in beams)


POPS = [
    stack_drain,
    stack_drain_in_expression,
    queue_drain,
    pop_from_end_in_loop,
    depth_first,
    pop_in_branch,
    pop_unused_in_loop,
    pop_at_variable,
    drain_through_callee,
    nested_drains,
    rebound_after_pops,
]


@pytest.mark.parametrize("f", POPS, ids=lambda f: f.__name__)
def test_pops(f):
    check_all(f)


def shared_inner_list(w):
    outer = [[w * x, np.sin(w * x)] for x in XS[:2]]
    total = 0.0
    while outer:
        inner = outer.pop()
        while inner:
            total = total + np.sum(inner.pop() ** 2)
    return total


def test_popping_a_list_held_elsewhere_is_an_error():
    # inner is the list outer held: its pops would change what outer's adjoint follows
    text = check_error(shared_inner_list, UnsupportedSyntaxError, "inner.pop() ** 2")
    assert "inner.copy()" in text


@pytest.mark.parametrize("f", [stack_drain, queue_drain], ids=lambda f: f.__name__)
def test_pop_is_in_place(f):
    # the drain pops the list and puts each item back: no copy of the list per step
    source = s2sgrad.source(f)
    assert ".pop(" in source and "[:-1]" not in source and "[1:]" not in source, source
    assert "stack.append(v)" in source or "queue = put_back(queue, 0, v)" in source, source


# ---- class attributes read through self; bound methods and classmethods ------------------


def _act(x):
    return np.tanh(x)


class Net:
    scale = 2.0
    name = "net"
    sizes = (3, 3)
    config = {"reg": 0.1, "kind": "l2", "n": 2}
    act = staticmethod(_act)
    steps = 3
    weights = np.array([1.0, -2.0, 0.5])

    def loss(self, w):
        return np.sum(self.scale * w**2)

    def deep_loss(self, w):
        out = w
        for _ in range(self.steps):
            out = self.act(out * self.weights)
        reg = self.config["reg"] if self.config["kind"] == "l2" else 0.0
        return np.sum(out) + reg * np.sum(w**2) + len(self.name) * np.sum(w) * self.sizes[0]

    def through_helper(self, w):
        return np.sum(self.helper(w) * self.scale)

    def helper(self, x):
        return np.sin(x) * self.config["n"]

    @classmethod
    def class_loss(cls, w):
        return np.sum(cls.scale * w**3) + np.sum(cls.weights * w)


class Scaled(Net):
    scale = 3.0
    weights = np.array([0.5, 0.25, -1.0])


NET = Scaled()


def uses_a_net(w, net=NET):
    return net.through_helper(w) + net.loss(w) * net.steps


def check_modes(f, w=W):
    """grad against finite differences, jvp against grad, hessian against finite
    differences of grad (the methods' module numpy is no autograd oracle)."""
    (g,) = check_grads(f, w)
    assert np.max(np.abs(g)) > 1e-3
    np.testing.assert_allclose(s2sgrad.jvp(f, (w,), (W,))[1], g @ W, rtol=1e-10)
    grad = s2sgrad.grad(f)
    expected = np.stack([numerical_grad(lambda y, i=i: grad(y)[i], (w,), 0) for i in range(3)])
    assert np.max(np.abs(expected)) > 1e-3
    np.testing.assert_allclose(s2sgrad.hessian(f)(w), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("cls", [Net, Scaled])
@pytest.mark.parametrize("method", ["loss", "deep_loss", "through_helper", "class_loss"])
def test_class_attributes_and_bound_methods(cls, method):
    check_modes(getattr(cls(), method))
    if method == "class_loss":
        check_modes(getattr(cls, method))  # the classmethod taken from the class


def test_object_in_default_argument():
    check_modes(uses_a_net)


# ---- dict keys added in branches, passed by **kw -------------------------------------------


def model(x, scale=1.0, shift=0.0, power=2, **rest):
    out = np.sum((x * scale + shift) ** power)
    for k in sorted(rest):  # a **kwargs dict: sorted(rest) is its keys
        out = out + np.sum(rest[k] * x)
    return out


def keys_in_branch(w):
    opts = {"scale": np.sin(w)}
    if np.sum(w) > 0:
        opts["shift"] = w * 2.0
    else:
        opts["shift"] = -w
    return model(w, **opts)


def keys_in_loop_branches(w):
    opts = {"power": 3}
    for i in range(3):
        if i % 2:
            opts["extra"] = np.cos(w) * i
        else:
            opts["scale"] = w + i
    return model(w, **opts)


def two_star_dicts(w):
    opts = dict(scale=w)
    opts.update(shift=np.exp(w * 0.1))
    extra = {"z": w * w}
    return model(w, **opts, **extra)


def keys_tested(w):
    opts = {}
    opts.setdefault("scale", w * 3.0)
    if "shift" not in opts:
        opts["shift"] = np.tanh(w)
    return model(w, **opts)


KEYED = [keys_in_branch, keys_in_loop_branches, two_star_dicts, keys_tested]


@pytest.mark.parametrize("f", KEYED, ids=lambda f: f.__name__)
def test_keys_passed_by_star_star(f):
    g = check_all(f)  # hessian: forward over reverse
    np.testing.assert_allclose(s2sgrad.jacfwd(f)(W), g, rtol=1e-10)


def keys_made_in_loop(w):
    opts = {}
    for i, key in enumerate(["a", "b"]):
        opts[key] = w ** (i + 1)
    return model(w, **opts)


def test_keys_known_only_when_run_are_an_error():
    text = check_error(keys_made_in_loop, UnsupportedSyntaxError, "return model(w, **opts)")
    assert "whose keys are known only when the code runs" in text
    assert "pass the differentiated values by name" in text


# ---- second derivatives through comprehensions; functions stored in lists -----------------


U = np.array([0.3, -0.2, 0.5])


def planar(z, u=U):
    return z + u * np.tanh(np.sum(z * u))


def radial(z):
    return z + z / (1.0 + np.sum(z**2))


def affine(z):
    return 0.5 * z + 0.1


FLOW = [planar, radial, affine]


def comprehension_of_arrays(w):
    hs = [np.sin(w * k) for k in range(1, 4)]
    return np.sum(np.stack(hs) ** 2) + sum(np.sum(h * w) for h in hs)


def nested_comprehensions(w):
    rows = [[w[i] * w[j] for j in range(3)] for i in range(3)]
    return sum(sum(r) for r in rows) + np.sum(np.array([np.sum(np.array(r)) for r in rows]) ** 2)


def flow_by_constant_index(w):
    z = FLOW[0](w)
    z = FLOW[1](z)
    return np.sum(z**2)


def flow_by_variable_index(w):
    z = w
    for i in range(len(FLOW)):
        z = FLOW[i](z)
    return np.sum(np.sin(z))


def flow_iterated(w):
    z = w
    for f in FLOW:
        z = f(z)
    return np.sum(z**3)


def flow_in_comprehension(w):
    return np.sum(np.stack([f(w) for f in FLOW]) ** 2)


def flow_log_det(w):
    z = w
    log_det = 0.0
    for f in FLOW[:2]:
        z_new = f(z)
        log_det = log_det + np.log(np.abs(np.sum(z_new / z)))
        z = z_new
    return np.sum(z**2) + log_det


def autograd_flow(f):
    """``f`` with autograd.numpy as np in it, in the flow's functions and in FLOW."""
    anp = pytest.importorskip("autograd.numpy")
    env = dict(f.__globals__, np=anp)
    for g in FLOW:
        env[g.__name__] = types.FunctionType(g.__code__, env, g.__name__, g.__defaults__)
    env["FLOW"] = [env[g.__name__] for g in FLOW]
    return types.FunctionType(f.__code__, env, f.__name__, f.__defaults__)


SECOND = [
    comprehension_of_arrays,
    nested_comprehensions,
    flow_by_constant_index,
    flow_by_variable_index,
    flow_iterated,
    flow_in_comprehension,
    flow_log_det,
]


@pytest.mark.parametrize("f", SECOND, ids=lambda f: f.__name__)
def test_second_derivatives_against_autograd(f):
    autograd = pytest.importorskip("autograd")
    anp = pytest.importorskip("autograd.numpy")
    theirs = autograd_flow(f)
    g = s2sgrad.grad(f)(W)
    np.testing.assert_allclose(g, autograd.grad(theirs)(W), rtol=1e-10)
    np.testing.assert_allclose(s2sgrad.jvp(f, (W,), (W,))[1], g @ W, rtol=1e-10)
    expected = autograd.hessian(theirs)(W)
    np.testing.assert_allclose(s2sgrad.hessian(f)(W), expected, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(s2sgrad.jacrev(s2sgrad.grad(f))(W), expected, rtol=1e-8, atol=1e-10)
    ours = s2sgrad.grad(lambda y: np.sum(s2sgrad.grad(f)(y) ** 2))(W)
    gg = autograd.grad(lambda y: anp.sum(autograd.grad(theirs)(y) ** 2))(W)
    np.testing.assert_allclose(ours, gg, rtol=1e-8, atol=1e-10)


def closures_in_a_list(w):
    def scale(z):
        return z * w

    layers = [planar, scale]
    h = w
    for layer in layers:
        h = layer(h)
    return np.sum(h**2)


def test_local_function_reading_differentiated_values_in_a_list_is_an_error():
    text = check_error(closures_in_a_list, UnsupportedSyntaxError, "layers = [planar, scale]")
    assert "pass w as an argument" in text


# ---- sorted(d), sorted(d.items()) of dicts given to helpers and generators ----------------


def weighted_sum(d):
    return sum(np.sum(d[k] ** 2) * i for i, k in enumerate(sorted(d)))


def sorted_in_helper(w):
    return weighted_sum({"b": w * 2.0, "a": np.sin(w)})


def ranked_pairs(d):
    t = 0.0
    for i, (k, v) in enumerate(sorted(d.items())):
        t = t + np.sum(v) * (i + 1) * len(k)
    return t


def sorted_items_in_helper(w):
    return ranked_pairs({"bb": w * w, "a": np.cos(w)})


def sorted_pairs(d):
    for k, v in sorted(d.items(), reverse=True):  # noqa: UP028 (the loop as written)
        yield k, v


def sorted_items_in_generator(w):
    d = {"w2": w * w, "w1": np.cos(w)}
    out = 0.0
    for k, v in sorted_pairs(d):
        out = out + np.sum(v) * len(k) + np.sum(v**2) * (k == "w2")
    return out


def generator_into_list(w):
    d = {"w2": w * w, "w1": np.cos(w)}
    return np.sum(np.stack([v for _, v in sorted_pairs(d)]) * np.arange(1.0, 4.0)[None, :])


SORTED = [sorted_in_helper, sorted_items_in_helper, sorted_items_in_generator, generator_into_list]


@pytest.mark.parametrize("f", SORTED, ids=lambda f: f.__name__)
def test_sorted_dicts_in_callees(f):
    check_all(f)


def tree_total(d):
    total = 0.0
    for k in sorted(d):
        v = d[k]
        if isinstance(v, dict):
            total = total + tree_total(v)  # v: a dict of unknown kind when transformed
        else:
            total = total + np.sum(v**2)
    return total


def recursive_sorted(w):
    return tree_total({"b": {"y": w * 2.0, "x": np.sin(w)}, "a": w})


def test_sorted_in_a_recursive_helper():
    # sorted(d) of a parameter not known to be a dict: its keys, checked when it runs
    # (validate._sorted_keys)
    check_all(recursive_sorted)


# ---- global and nonlocal counters in callees: run as written ----------

CALLS = 0


def counted(x):
    global CALLS
    CALLS += 1
    return np.sin(x)


def calls_a_global_counter(w):
    return np.sum(counted(w) * counted(w * 2.0))


def make_counted_loss():
    count = 0

    def step(x):
        nonlocal count
        count += 1
        return x * 2.0

    def loss(w):
        h = w
        for _ in range(3):
            h = np.tanh(step(h))
        return np.sum(h)

    return loss


@pytest.mark.parametrize(
    "make", [lambda: calls_a_global_counter, make_counted_loss], ids=["global", "nonlocal"]
)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_counters_in_callees_run_as_written(make, mode):
    # the counter moves exactly as in one run of the user's code (never twice), and the
    # derivative is the counter-free one
    f = make()
    before = CALLS
    f(W)
    per_call = CALLS - before
    before = CALLS
    if mode == "grad":
        got = s2sgrad.grad(f)(W)
        assert CALLS - before == per_call
        np.testing.assert_allclose(got, numerical_grad(f, (W,), 0), rtol=1e-6, atol=1e-8)
    else:
        _, tangent = s2sgrad.jvp(f, (W,), (W,))
        assert CALLS - before == per_call
        expected = numerical_grad(f, (W,), 0) @ W
        np.testing.assert_allclose(tangent, expected, rtol=1e-6, atol=1e-8)
