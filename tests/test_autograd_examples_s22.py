"""Regressions from autograd 1.9.1's own example programs run through s2sgrad.compat.autograd
(session 22; benchmarks/autograd_examples.py): the tracer that print_trace.py and
dot_graph.py use (``Node``, ``trace``, ``Box``), checked against autograd's own tracer."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import numerical_grad

import s2sgrad.compat.autograd as sg
from s2sgrad.compat.autograd import tracer

ag_tracer = pytest.importorskip("autograd.tracer")
anp = pytest.importorskip("autograd.numpy")
ag = pytest.importorskip("autograd")

W = np.arange(6.0).reshape(3, 2) / 7


def _recorder(node_base, log):
    """A Node subclass (of autograd's or s2sgrad's) that logs every traced operation:
    ``(name, value, parent_argnums, parent indices, args)``."""

    class Recorder(node_base):
        def __init__(self, value, fun, args, kwargs, parent_argnums, parents):
            self.i = len(log)
            plain = tuple(a for n, a in enumerate(args) if n not in parent_argnums)
            entry = (fun.__name__, np.array(value), tuple(parent_argnums), plain)
            log.append(entry + (tuple(p.i for p in parents),))

        def initialize_root(self, x):
            self.i = len(log)
            log.append(("root", np.array(x), (), (), ()))

    return Recorder


def _traced(lib, fun, x):
    log = []
    value, end = lib.trace(_recorder(lib.Node, log).new_root(x), fun, x)
    return value, end, log


def _same_log(ours, theirs):
    assert [e[0] for e in ours] == [e[0] for e in theirs]
    for a, b in zip(ours, theirs):
        assert a[2:] == b[2:] or (a[2], a[4]) == (b[2], b[4])
        np.testing.assert_allclose(a[1], b[1], rtol=1e-13, atol=0)


def _program(np_):
    def fun(x):
        y = np_.sin(x + x)
        z = np_.sum(np_.tanh(x @ W) ** 2) + x[1] * np_.exp(-x[0])
        return z - np_.mean(x.T) / 3.0 + np_.sum((y + y) / 2)

    return fun


def test_trace_records_the_same_graph_as_autograds_tracer():
    """Every NumPy call on a traced value (ufuncs, other functions, operators, an index) is
    one node with autograd's name, value, parent argument positions and parents."""
    x = np.array([0.3, -0.5, 0.8])
    v_ours, _, ours = _traced(tracer, _program(np), x)
    v_theirs, _, theirs = _traced(ag_tracer, _program(anp), x)
    assert len(ours) == len(theirs) == 21
    _same_log(ours, theirs)
    np.testing.assert_allclose(v_ours, v_theirs, rtol=1e-15)


def test_print_trace_of_a_float():
    """print_trace.py's function of a float: the same names, arguments and values."""

    def fun(np_):
        return lambda x: (np_.sin(x + x) + np_.sin(x + x)) / 2

    _, _, ours = _traced(tracer, fun(np), 1.23)
    _, _, theirs = _traced(ag_tracer, fun(anp), 1.23)
    _same_log(ours, theirs)
    assert [e[0] for e in ours] == ["root", "add", "sin", "add", "sin", "add", "divide"]
    assert ours[-1][3] == (2,)  # the plain argument, as print_trace prints it


def test_shapes_comparisons_and_integers_stay_plain():
    """Shape queries and results that cannot carry a derivative are not traced values."""

    def fun(x):
        n = x.shape[0] + np.ndim(x)
        big = x > 0.0
        return np.sum(np.where(big, x, 0.0)) * n + float(np.argmax(x))

    value, end, log = _traced(tracer, fun, np.array([0.5, -1.0, 2.0]))
    assert value == pytest.approx(2.5 * 4 + 2)
    assert [e[0] for e in log] == ["root", "where", "sum", "multiply", "add"]
    assert not tracer.isbox(value) and end is not None


def test_output_independent_of_the_input_warns():
    with pytest.warns(UserWarning, match="independent of input"):
        value, end = tracer.trace(_recorder(tracer.Node, []).new_root(1.0), lambda x: 3.0, 1.0)
    assert (value, end) == (3.0, None)


def _smooth(np_):
    def fun(x):
        y = np_.sin(x + x)
        return np_.sum(np_.tanh(x @ W) ** 2) - np_.mean(x.T) / 3.0 + np_.sum((y + y) / 2)

    return fun


def test_trace_through_an_s2sgrad_gradient():
    """print_trace(grad(fun), x): the generated derivative runs on the traced value, so the
    trace shows its operations and ends at the gradient, which is autograd's and the finite
    differences' (a wrong gradient under tracing would show here)."""
    x = np.array([0.3, -0.5, 0.8])
    value, end, log = _traced(tracer, sg.grad(_smooth(np)), x)
    want = ag.grad(_smooth(anp))(x)
    np.testing.assert_allclose(value, want, rtol=1e-12)
    np.testing.assert_allclose(value, numerical_grad(_smooth(np), (x,), 0), rtol=1e-6)
    assert end is not None and {"cos", "tanh", "matmul"} <= {e[0] for e in log}
    np.testing.assert_allclose(log[-1][1], want, rtol=1e-12)
    value, _, log = _traced(tracer, sg.grad(lambda t: np.sin(t + t) * t), 1.0)
    assert value == pytest.approx(2 * np.cos(2.0) + np.sin(2.0), rel=1e-14)


def test_a_traced_value_never_leaves_the_trace_silently():
    """The derivative of an index writes its adjoint into a plain buffer (dx[0] += g): a
    traced value cannot be stored there without the graph missing it, so it is an error
    naming why, as np.asarray of a traced value is."""
    with pytest.raises(TypeError, match="cannot become a plain (number|NumPy array)"):
        _traced(tracer, sg.grad(_program(np)), np.array([0.3, -0.5, 0.8]))
    with pytest.raises(TypeError, match="it would leave the trace"):
        _traced(tracer, lambda x: np.asarray(x) * 2.0, np.ones(2))
    with pytest.raises(TypeError, match="cannot trace split, which returns several arrays"):
        _traced(tracer, lambda x: np.split(x, 2)[0], np.ones(2))


def test_toposort_and_getval():
    x = 0.7
    value, end, _ = _traced(tracer, lambda x: np.sin(x) * np.cos(x), x)

    class Graph(tracer.Node):
        def __init__(self, value, fun, args, kwargs, parent_argnums, parents):
            self.parents, self.name = parents, fun.__name__

        def initialize_root(self, x):
            self.parents, self.name = (), "x"

    _, end = tracer.trace(Graph.new_root(x), lambda x: np.sin(x) * np.cos(x), x)
    names = [n.name for n in tracer.toposort(end)]
    assert names[0] == "multiply" and names[-1] == "x" and sorted(names[1:3]) == ["cos", "sin"]
    box = tracer.new_box(2.0, 0, end)
    assert tracer.isbox(box) and tracer.getval(box) == 2.0 and tracer.getval(3.0) == 3.0
    assert sg.grad(lambda x: x * tracer.getval(x))(3.0) == 3.0  # no derivative through it


def test_a_registered_vector_space_and_box_and_the_gradient_refused():
    """rkhs.py: a class of its own with a VSpace written for autograd (``_add``,
    ``_scalar_mul``, ``_inner_prod``, ``register``) and a Box subclass; differentiating in
    such a value is s2sgrad's own error saying why (no cotangent of a vector space of
    the user's own), not an ImportError or a wrong gradient."""
    from s2sgrad.compat.autograd.extend import Box, VSpace, vspace
    from s2sgrad.compat.autograd.util import func
    from s2sgrad.errors import GradientArgumentError

    class Fun:
        def __init__(self, c):
            self.c = c

    class FunBox(Box, Fun):
        c = property(lambda self: self._value.c)

    FunBox.register(Fun)

    class FunSpace(VSpace):
        def __init__(self, value):
            self.n = len(value.c)

        def _add(self, f, g):
            return Fun(f.c + g.c)

        def _scalar_mul(self, f, a):
            return Fun(f.c * a)

        def _inner_prod(self, f, g):
            return float(np.dot(f.c, g.c))

    FunSpace.register(Fun)
    f, g = Fun(np.ones(2)), Fun(np.arange(2.0))
    vs = vspace(f)
    assert isinstance(vs, FunSpace) and vs.n == 2
    np.testing.assert_array_equal(vs.add(f, g).c, [1.0, 2.0])
    np.testing.assert_array_equal(vs.scalar_mul(g, 3.0).c, [0.0, 3.0])
    assert vs.inner_prod(f, g) == 1.0
    box = tracer.new_box(f, 0, None)
    assert type(box) is FunBox and box.c is f.c and func(len) is len
    with pytest.raises(GradientArgumentError, match="registered with VSpace.register"):
        sg.grad(lambda f, x: np.sum(f.c * x))(f, 2.0)
