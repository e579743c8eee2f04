"""Refusals name the user's line, whatever stage finds them: the lowering of a statement
(``v op= x`` becomes ``v_op = v op x``), a helper of the generated code while it runs, or a
second transform of generated code (``hessian`` is ``jacfwd`` of ``grad``'s source)."""

import inspect
import linecache

import numpy as np
import pytest
import scipy.special
from gradcheck import check_all_modes

import s2sgrad
from s2sgrad.runtime import places

X = np.array([0.3, -1.2, 0.8, 1.55]) * 1.37


class Obj:
    def __init__(self, a):
        self.a = a

    def __add__(self, x):
        return Obj(self.a + x)

    def __sub__(self, x):
        return Obj(self.a - 2.0 * x)

    def __mul__(self, x):
        return Obj(self.a * np.sin(x))

    def __matmul__(self, x):
        return Obj(self.a * (x @ x))

    def __truediv__(self, x):
        return Obj(self.a / (1.0 + x * x))

    def __pow__(self, k):
        return Obj(self.a**k)

    def __isub__(self, x):  # Python calls this for v -= x, not __sub__
        self.a = self.a * x
        return self


def sub(x):
    v = Obj(x)
    v -= x
    return np.sum(v.a)


def mul(x):
    v = Obj(x)
    v *= x
    return np.sum(v.a)


def matmul(x):
    v = Obj(x)
    v @= x
    return np.sum(v.a)


def div(x):
    v = Obj(x)
    v /= x
    return np.sum(v.a)


def power(x):
    v = Obj(x)
    v **= 2.0
    return np.sum(v.a)


def in_a_loop(x):
    v = Obj(x)
    for _ in range(2):
        v += x
    return np.sum(v.a)


def rebound(x):
    v = Obj(x)
    v = v * 2.0
    return np.sum(v.a)


def item(x):
    vs = [Obj(x), Obj(x)]
    vs[0] += x
    return np.sum(vs[0].a)


def in_a_comprehension(x):
    objs = [Obj(x), Obj(2.0 * x)]
    outs = [o * x for o in objs]
    return np.sum(outs[0].a)


def either(x):
    v = Obj(x) if x[0] > 0 else Obj(-x)
    w = v * 2.0
    return np.sum(w.a)


def unpacked(x):
    a, b = Obj(x), Obj(x * 2.0)
    a = a * x
    return np.sum(a.a + b.a)


def from_a_dict(x):
    d = {"o": Obj(x)}
    w = d["o"] * x
    return np.sum(w.a)


MODES = {
    "grad": lambda f, x: s2sgrad.grad(f)(x),
    "value_and_grad": lambda f, x: s2sgrad.value_and_grad(f)(x),
    "vjp": lambda f, x: s2sgrad.vjp(f, (x,), 1.0),
    "jvp": lambda f, x: s2sgrad.jvp(f, (x,), (np.ones_like(x),)),
    "jacfwd": lambda f, x: s2sgrad.jacfwd(f)(x),
    "jacrev": lambda f, x: s2sgrad.jacrev(f)(x),
    "hessian": lambda f, x: s2sgrad.hessian(f)(x),
    "jacfwd of grad": lambda f, x: s2sgrad.jacfwd(s2sgrad.grad(f))(x),
}


def _line_of(f, text):
    lines, start = inspect.getsourcelines(f)
    (found,) = [start + i for i, line in enumerate(lines) if line.strip() == text]
    return found


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(
    "f, line",
    [
        (sub, "v -= x"),  # Obj.__isub__ changes the object
    ],
)
def test_an_operator_on_an_object_is_refused_at_the_users_line(f, line, mode):
    with pytest.raises(s2sgrad.S2SGradError) as info:
        MODES[mode](f, X.copy())
    err = info.value
    assert (err.filename, err.lineno) == (__file__, _line_of(f, line)), str(err)
    assert err.col is not None and line in str(err)
    assert "<s2sgrad" not in str(err)


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize(
    "f, line",
    [
        (either, "w = v * 2.0"),
        (from_a_dict, 'w = d["o"] * x'),
    ],
)
def test_a_product_with_an_object_found_when_the_code_runs(f, line, mode):
    # the adjoint of a * b computed g * b first: a plain TypeError of dict * float
    with pytest.raises(s2sgrad.UnsupportedSyntaxError) as info:
        MODES[mode](f, X.copy())
    err = info.value
    assert (err.filename, err.lineno) == (__file__, _line_of(f, line)), str(err)
    assert "object of" in str(err)  # of class Obj (run time), of a user class (transform)


@pytest.mark.parametrize(
    "f", [mul, matmul, div, power, in_a_loop, rebound, unpacked, in_a_comprehension]
)
def test_an_operator_on_a_rebound_object_is_differentiated(f):
    # v *= x (no __imul__: v = v * x), v = v * 2.0, a, b = Obj(x), ...; a = a * x: v holds
    # the class every binding makes (session 17, normalize.operator_results); [o * x for o
    # in objs]: the comprehension's target holds the items' kind (session 24)
    check_all_modes(f, X.copy())


@pytest.mark.parametrize("mode", sorted(MODES))
def test_an_item_of_a_list_found_an_object_when_the_code_runs(mode):
    # the class of vs[0] is not known to the transform: the helpers refuse when it runs (in
    # forward over reverse too: the copy of the item, snapshot(vs[0]), may be a container)
    with pytest.raises(s2sgrad.UnsupportedSyntaxError) as info:
        MODES[mode](item, X.copy())
    err = info.value
    assert (err.filename, err.lineno) == (__file__, _line_of(item, "vs[0] += x")), str(err)
    assert "an operator here is applied to an object of class Obj" in str(err)
    assert err.col == 4  # the statement's start


def test_a_comment_of_code_made_from_generated_code_is_followed_to_the_user(tmp_path):
    # forward over reverse: the outer code's comments name lines of the inner generated code
    user = str(tmp_path / "user.py")
    inner, outer = "<s2sgrad inner_grad 0>", "<s2sgrad inner_grad_jvp 0>"
    texts = {
        user: "def f(x):\n    y = x * 2.0\n    return y\n",
        inner: "def inner_grad(x):\n    y = x * 2.0\n\n    # line 2: y = x * 2.0\n"
        "    dx = dy * 2.0\n",
        outer: "def inner_grad_jvp(x):\n    # line 5: dx = dy * 2.0\n    dx_dot = dy_dot * 2.0\n",
    }
    for filename, text in texts.items():
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    places.USER_FILES.update({inner: user, outer: inner})
    try:
        assert places.generated_place(outer, 3) == (user, 2, "y = x * 2.0")
        assert places.generated_place(inner, 5) == (user, 2, "y = x * 2.0")
        places.USER_LINES[outer] = {3: 3}  # a statement of the forward sweep: the user's line
        assert places.generated_place(outer, 3) == (user, 3, "return y")
    finally:
        for filename in texts:
            linecache.cache.pop(filename, None)
            places.USER_FILES.pop(filename, None)
            places.USER_LINES.pop(filename, None)


# options whose derivative is not written, found when the derivative runs: s2sgrad's error at
# the user's line (a NotImplementedError too, as before)
def pad_maximum(a):
    return np.sum(np.pad(a, 1, mode="maximum") ** 2)


def logsumexp_sign(a):
    r, s = scipy.special.logsumexp(a, return_sign=True)
    return r * s


def quantile_method(a):
    return np.sum(np.quantile(a, 0.3, method="weibull"))


@pytest.mark.parametrize("mode", ["grad", "jvp", "hessian"])
@pytest.mark.parametrize(
    "f, line, text",
    [
        (pad_maximum, 'return np.sum(np.pad(a, 1, mode="maximum") ** 2)', "mode='maximum'"),
        (logsumexp_sign, "r, s = scipy.special.logsumexp(a, return_sign=True)", "return_sign"),
        (quantile_method, 'return np.sum(np.quantile(a, 0.3, method="weibull"))', "weibull"),
    ],
)
def test_an_option_without_a_derivative_is_refused_at_the_users_line(f, line, text, mode):
    with pytest.raises(s2sgrad.DerivativeNotImplementedError) as info:
        MODES[mode](f, np.abs(X) + 0.5)
    err = info.value
    assert isinstance(err, NotImplementedError) and isinstance(err, s2sgrad.S2SGradError)
    assert (err.filename, err.lineno) == (__file__, _line_of(f, line)), str(err)
    assert text in str(err) and err.hint and err.col == 4
