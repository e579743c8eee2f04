"""Real programs as written (session 10): valid autograd-style programs that stopped at a
wrong or spurious s2sgrad error. Each is checked in every mode against central finite
differences (autograd as a second oracle where it runs), or rejected with s2sgrad's own
error at the user's line."""

import dataclasses
import inspect
import math

import numpy as np
import pytest
from gradcheck import check_all_modes

import s2sgrad

X = np.array([0.3, -1.2, 0.8, 1.55])


def check_jacfwd(f, x):
    """jacfwd agrees with grad for a scalar ``f``."""
    np.testing.assert_allclose(s2sgrad.jacfwd(f)(x.copy()), s2sgrad.grad(f)(x.copy()), atol=1e-9)


def check_rejected(f, x, text):
    """Every mode raises s2sgrad's own error naming the user's file and line, with ``text``."""
    lines, start = inspect.getsourcelines(f)
    modes = [
        lambda: s2sgrad.grad(f)(x.copy()),
        lambda: s2sgrad.vjp(f, (x.copy(),), 1.0),
        lambda: s2sgrad.jvp(f, (x.copy(),), (np.ones_like(x),)),
    ]
    for mode in modes:
        with pytest.raises(s2sgrad.S2SGradError) as info:
            mode()
        assert text in str(info.value)
        err = info.value
        assert err.filename == __file__ and start <= err.lineno < start + len(lines), str(err)


# 1. functions that always return a new array: their result may be changed in place
# (was: "may share memory with another value")
def stack_row_change(x):
    s = np.stack([x, x * 2.0])
    s[0] += x
    s[1, 1:3] = np.sin(x[:2])
    return np.sum(s**2)


def concatenate_item_change(x):
    s = np.concatenate([x, x * x])
    s[0] += x[1]
    s[5] *= x[2]
    return np.sum(np.sin(s))


def diag_of_vector_change(x):
    d = np.diag(x)
    d[0] += x
    d[:, 1] -= x * x
    return np.sum(d * d) + np.sum(d[2])


def stacks_and_products(x):
    a = np.hstack([x, x])
    a[1] = x[0] * x[3]
    b = np.vstack([x, np.cos(x)])
    b[1, 2] += 1.5 * x[1]
    c = np.column_stack([x, x**2])
    c[:, 0] = np.tanh(x)
    o = np.outer(x, x)
    o[1] += x
    k = np.kron(x[:2], x[2:])
    k[0] *= 2.0
    return np.sum(a * a) + np.sum(b**3) + np.sum(c) + np.sum(o * o) + np.sum(k)


def elementwise_results_change(x):
    e = np.exp(x)
    e[1] = x[2] ** 2
    w = np.where(x > 0, x, 0.1 * x)
    w[0] += x[3]
    t = np.tile(x, 2)
    t[4:] *= x
    r = np.repeat(x, 2)
    r[::2] = np.sin(x)
    m = np.matmul(np.outer(x, x), x)
    m[2] += 1.0
    return np.sum(e) + np.sum(w * w) + np.sum(t * t) + np.sum(r**2) + np.sum(m * x)


def sorted_and_cumulative_change(x):
    s = np.sort(x)
    s[0] = s[0] * 3.0
    c = np.cumsum(x)
    c[-1] += x[0] * x[1]
    p = np.pad(x, 1)
    p[0] = x[2]
    f = np.flip(x) * 1.0  # a view made new by the product
    f[1] += x[1]
    return np.sum(s * x) + np.sum(c**2) + np.sum(p * p) + np.sum(f**2)


def augmented_fresh(x):
    s = np.stack([x, x])
    s += np.outer(np.ones(2), x**2)
    d = np.diag(x)
    d *= 2.0
    return np.sum(s * s) + np.sum(d * x)


def fresh_in_loop(x):
    total = 0.0
    for i in range(3):
        s = np.concatenate([x, x * i])
        s[i] += x[i]
        total = total + np.sum(s**2)
    return total


def items_of_new_results_change(x):
    a = np.outer(x, x) + np.diag([1.0, 2.0, 3.5, 5.0])  # distinct eigenvalues
    w, v = np.linalg.eigh(a)
    v[:, 0] *= np.sign(v[0, 0])  # the sign convention of an eigenvector
    q, r = np.linalg.qr(a)
    r[0, 0] += x[0]
    u, s, vt = np.linalg.svd(a)
    s[1:] = 0.0  # a rank-one part
    gx, gy = np.meshgrid(x[:2], x[2:] * 2.0)
    gx[0] += x[:2]
    return np.sum(v[:, 0] * x) ** 2 + np.sum(w) + np.sum(r**2) + s[0] + np.sum(gx * gy)


FRESH = [
    stack_row_change,
    concatenate_item_change,
    diag_of_vector_change,
    stacks_and_products,
    elementwise_results_change,
    sorted_and_cumulative_change,
    augmented_fresh,
    fresh_in_loop,
    items_of_new_results_change,
]


@pytest.mark.parametrize("f", FRESH, ids=lambda f: f.__name__)
def test_change_of_a_new_array(f):
    check_all_modes(f, X)
    check_jacfwd(f, X)


def einsum_view_then_change(x):
    a = np.outer(x, x) * 1.0
    v = np.einsum("ij->ji", a)  # a view of a
    a[0] += x[0]
    return np.sum(v * v * x)


def einsum_view_changed(x):
    a = np.outer(x, x) * 1.0
    v = np.einsum("ij->ji", a)
    v[0] += x[0]
    return np.sum(a * a * x)


@pytest.mark.parametrize("f", [einsum_view_then_change, einsum_view_changed])
def test_einsum_view_and_change(f):
    """np.einsum of one operand may return a view (was: a silent wrong gradient)."""
    check_rejected(f, X, "memory")


def einsum_product_change(x):
    a = np.einsum("i,j->ij", x, x)
    a[0] += x
    return np.sum(a * a)


def test_einsum_of_two_operands_is_new():
    check_all_modes(einsum_product_change, X, hess=False)


def diag_of_matrix_changed(x):
    d = np.diag(np.outer(x, x))  # a read-only view
    d[0] += x[0]
    return np.sum(d)


def test_change_of_a_read_only_view_fails_as_in_numpy():
    with pytest.raises(ValueError, match="read-only"):
        diag_of_matrix_changed(X)
    with pytest.raises(ValueError, match="read-only"):
        s2sgrad.grad(diag_of_matrix_changed)(X)


# 2. floor division (derivative 0 almost everywhere, as np.floor_divide and autograd) and
# the remainder (1 in x, -floor(x / y) in y) (was: "the operator FloorDiv has no derivative")
def floor_division_operator(x):
    k = x // 0.5
    frac = x - 0.5 * k
    return np.sum(frac**2 + k * x) + np.sum(x // (x[0] + 0.17))


def floor_division_augmented(x):
    y = x * 3.0
    y //= 1.25
    z = x * 2.0
    z %= 0.75
    return np.sum(y * x) + np.sum(z**2)


def floor_and_remainder_functions(x):
    a = np.floor_divide(x, 0.6) * x
    b = np.remainder(x, 0.6) + np.mod(2.0 * x, 0.45) + np.fmod(x, 0.35)
    c = (x * 3.0) % (1.0 + x[0] ** 2)
    return np.sum(a + b**2 + np.sin(c))


def divmod_of_arrays_and_floats(x):
    q, r = divmod(x, 0.7)
    n, s = divmod(float(x[1]) * 2.0, 0.9)
    u, v = np.divmod(x * x, 0.4 + x[2] ** 2)
    return np.sum(r**2 + q * x) + s * n + np.sum(np.cos(v) * u)


def scalar_floor_division(x):
    t = float(x[0] * 4.0)
    steps = t // 0.3
    return (t - 0.3 * steps) ** 2 + np.sum(x) * (t % 0.3)


def modf_and_math_remainders(x):
    frac, whole = np.modf(x * 2.3)
    t = float(x[1]) * 3.0
    part, steps = math.modf(t)
    return np.sum(frac * whole + frac**2) + math.fmod(t, 0.7) * math.remainder(t, 0.8) + part


X_DIV = np.array([0.31, -1.17, 0.83, 1.58])  # away from the jumps
DIVISION = [
    floor_division_operator,
    floor_division_augmented,
    floor_and_remainder_functions,
    divmod_of_arrays_and_floats,
    scalar_floor_division,
    modf_and_math_remainders,
]


@pytest.mark.parametrize("f", DIVISION, ids=lambda f: f.__name__)
def test_floor_division_and_remainder(f):
    check_all_modes(f, X_DIV)
    check_jacfwd(f, X_DIV)


def test_floor_division_matches_autograd_floor_divide():
    """autograd's np.floor_divide and np.remainder are the oracle for // and %."""
    import autograd
    import autograd.numpy as anp

    def ours(x):
        return np.sum((x // 0.4) * x + (x % 0.4) ** 2)

    def theirs(x):
        return anp.sum(anp.floor_divide(x, 0.4) * x + anp.remainder(x, 0.4) ** 2)

    np.testing.assert_allclose(s2sgrad.grad(ours)(X_DIV), autograd.grad(theirs)(X_DIV))


def string_formatting_with_percent(x):
    s = np.sum(x**2)
    message = "loss %.3f" % s  # noqa: UP031  (as real programs write it)
    label = "%s-%d" % ("run", 3)  # noqa: UP031
    return s * len(message) + len(label)


def test_percent_string_formatting_is_no_remainder():
    """Formatting "loss %.3f" % s makes a string (was: forward mode applied the rule of
    the remainder)."""
    check_all_modes(string_formatting_with_percent, X)


# 3. x.view(): a view of the same values (was: "cannot see which function it calls")
def view_of_argument(x):
    v = x.view()
    w = (x * 2.0).view().reshape(2, 2)
    return np.sum(np.sin(v) * v) + np.sum(w @ w)


def view_in_a_loop(x):
    total = 0.0
    a = np.outer(x, x)
    for i in range(2):
        v = a.view()
        total = total + np.sum(v[i] * x)
    return total


@pytest.mark.parametrize("f", [view_of_argument, view_in_a_loop], ids=lambda f: f.__name__)
def test_view(f):
    check_all_modes(f, X)
    check_jacfwd(f, X)


def view_changed(x):
    a = x * 1.0
    v = a.view()
    v[0] = x[1] ** 2  # changes a too
    return np.sum(a**2)


def changed_under_view(x):
    a = x * 1.0
    v = a.view()
    a[1] += x[0]  # seen through v
    return np.sum(v**2)


def view_as_other_dtype(x):
    return np.sum(x.view(np.complex128))


@pytest.mark.parametrize(
    "f,text",
    [
        (view_changed, "may share memory"),
        (changed_under_view, "may share its memory"),
        (view_as_other_dtype, "reinterprets the array's bytes"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_view_rejected(f, text):
    f(X)  # the program runs as written
    check_rejected(f, X, text)


# 4. attribute assignment on an object made in the function (was: "changes an object in
# place"): p.w = v is a new value of p; an alias of p that would see the change is an error
@dataclasses.dataclass
class Params:
    w: np.ndarray
    b: float = 0.5


@dataclasses.dataclass
class Derived:
    w: np.ndarray
    n: float = 0.0

    def __post_init__(self):
        self.n = float(len(self.w))  # not run again by p.w = v


@dataclasses.dataclass
class Accumulator:
    total: float = 0.0
    count: int = 0


class Model:
    def __init__(self, w):
        self.w = w
        self.scale = 1.0

    def forward(self, x):
        return np.tanh(self.w * x) * self.scale


def dataclass_field_set(x):
    p = Params(x * 2.0)
    p.w = np.sin(p.w) + x
    p.b = p.b * x[0]
    return np.sum(p.w * p.b)


def dataclass_accumulator_loop(x):
    acc = Accumulator()
    for v in x:
        acc.total = acc.total + v**2
        acc.count = acc.count + 1
    return acc.total / acc.count


def dataclass_set_in_branch(x):
    p = Params(x)
    if x[0] > 0:
        p.w = p.w * 3.0
    else:
        p.b = 2.0
    return np.sum(p.w**2) * p.b


def post_init_not_rerun(x):
    d = Derived(x)
    d.w = x[:2] * 2.0
    return np.sum(d.w) * d.n


def _loss(p, x):
    return np.sum((p.w * x + p.b) ** 2)


def dataclass_replaced_then_set(x):
    p = Params(x)
    q = dataclasses.replace(p, b=2.0)
    q.w = q.w * 3.0  # p.w stays
    return np.sum(q.w * q.b) + np.sum(p.w * p.b)


def dataclass_then_callee(x):
    p = Params(np.ones(4))
    p.w = x * x
    return _loss(p, x)


def user_object_attribute(x):
    m = Model(x)
    m.scale = 2.0 + x[1]
    m.w = m.w * 0.5
    return np.sum(m.forward(x))


OBJECTS = [
    dataclass_field_set,
    dataclass_accumulator_loop,
    dataclass_set_in_branch,
    dataclass_replaced_then_set,
    dataclass_then_callee,
    user_object_attribute,
]


@pytest.mark.parametrize("f", OBJECTS, ids=lambda f: f.__name__)
def test_attribute_set_on_a_made_object(f):
    check_all_modes(f, X, oracle=False)  # autograd runs the program as written: the oracle
    import autograd

    glob_f = f  # autograd differentiates the same Python code (attributes are plain)
    np.testing.assert_allclose(s2sgrad.grad(f)(X), autograd.grad(glob_f)(X), rtol=1e-6)
    check_jacfwd(f, X)


def alias_sees_change(x):
    p = Params(x)
    q = p
    p.w = x * 2.0  # q.w changes too
    return np.sum(q.w)


def listed_then_changed(x):
    p = Params(x)
    ps = [p]
    p.w = x * 2.0
    return np.sum(ps[0].w)


def argument_object_changed(x, p=Params(np.ones(4))):  # noqa: B008
    p.w = x  # would change the caller's object
    return np.sum(p.w)


@pytest.mark.parametrize(
    "f,text",
    [
        (alias_sees_change, "alias"),
        (listed_then_changed, "in place"),
        (argument_object_changed, "changes an object in place"),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_attribute_set_rejected(f, text):
    check_rejected(f, X, text)


def test_post_init_object_attribute_set():
    # a dataclass with __post_init__ is an object whose __init__ s2sgrad writes (session
    # 11: normalize.dataclass_inits); p.w = v after it does not run __post_init__ again
    check_all_modes(post_init_not_rerun, X)


# 5. nonlocal in a local def: counters and accumulators (was: "a nonlocal declaration")
def nonlocal_accumulator(x):
    total = 0.0
    calls = 0

    def add(v):
        nonlocal total, calls
        total = total + np.sum(v**2)
        calls += 1

    add(x)
    add(np.sin(x))
    for v in x:
        add(v * x[0])
    return total / calls


def nonlocal_with_value(x):
    state = x * 1.0
    scale = 0.5

    def step(k):
        nonlocal state
        state = np.tanh(state * scale + k)
        if k > 1:
            return np.sum(state)
        return 2.0 * np.sum(state)

    first = step(0)
    second = step(2)
    return first * second + np.sum(state)


def nonlocal_chain(x):
    h = x[0]

    def record(v):
        nonlocal h
        h = h * v + 1.0

    def twice(v):
        nonlocal h
        record(v)
        record(v * 2.0)
        return h

    out = twice(x[1])
    first = h
    record(x[3])
    return out + first * x[2] + h


def nonlocal_returned_call(x):
    acc = np.zeros(2)

    def push(v):
        nonlocal acc
        acc = acc + v
        return np.sum(acc * acc)

    push(x[:2])
    return push(x[2:])


NONLOCALS = [nonlocal_accumulator, nonlocal_with_value, nonlocal_chain, nonlocal_returned_call]


@pytest.mark.parametrize("f", NONLOCALS, ids=lambda f: f.__name__)
def test_nonlocal_in_a_local_def(f):
    check_all_modes(f, X)  # autograd runs the program as written: the second oracle
    check_jacfwd(f, X)


def nonlocal_called_in_an_expression(x):
    total = 0.0

    def add(v):
        nonlocal total
        total = total + v
        return total

    return np.sum(2.0 * add(x))


def nonlocal_def_passed_on(x):
    total = 0.0

    def add(v):
        nonlocal total
        total = total + v
        return v

    list(map(add, x))
    return total


@pytest.mark.parametrize(
    "f", [nonlocal_called_in_an_expression, nonlocal_def_passed_on], ids=lambda f: f.__name__
)
def test_nonlocal_def_used_otherwise_is_an_error(f):
    f(X)  # the program runs as written
    check_rejected(f, X, "with nonlocal")


def _counting_loss():
    count = 0

    def loss(x):
        nonlocal count  # the caller's variable: a change the derivative would not make
        count += 1
        return np.sum(x**2)

    return loss


def test_nonlocal_of_the_differentiated_function_is_a_record():
    # the closure's counter counts as the function runs (test_real_programs_s13)
    loss = _counting_loss()
    check_all_modes(loss, X)
    start = loss.__closure__[0].cell_contents
    s2sgrad.grad(loss)(X)
    assert loss.__closure__[0].cell_contents == start + 1


# 6. modules and functions as default arguments (was: np.sum(x) of def f(x, np=np) read as
# the method x.sum of the parameter, a TypeError when it ran)
def module_default(x, np=np):
    return np.sum(np.tanh(x) * np.exp(-x))


def other_name_module_default(x, xp=np, la=np.linalg):
    return xp.sum(xp.sin(x)) + la.norm(x) ** 2


def keyword_only_module_default(x, *, np=np, la=np.linalg):
    return np.sum(np.cos(x)) * la.norm(x)


def function_default(x, act=np.tanh, reduce=np.sum):
    return reduce(act(x) ** 2)


def _helper_with_module(v, np=np):
    return np.mean(np.cos(v) * v)


def callee_module_default(x):
    return _helper_with_module(x) + _helper_with_module(x * 2.0, np)


@pytest.mark.parametrize(
    "f",
    [
        module_default,
        other_name_module_default,
        keyword_only_module_default,
        function_default,
        callee_module_default,
    ],
    ids=lambda f: f.__name__,
)
def test_defaults_holding_modules_and_functions(f):
    check_all_modes(f, X)
    check_jacfwd(f, X)


# 7. s2sgrad.compat.autograd takes autograd's keyword argnum (singular) in every operator
A2 = np.array([0.3, -0.7, 1.1])
B2 = np.array([0.5, 1.5, -2.0])
ONES = np.ones(3)


def _scalar(np_):
    return lambda a, b: np_.sum(np_.sin(a) * b**2)


def _vector(np_):
    return lambda a, b: np_.sin(a) * b**2


COMPAT = {
    "grad": (_scalar, lambda op, f: op(f, argnum=1)(A2, B2)),
    "grad_pair": (_scalar, lambda op, f: op(f, argnum=(0, 1))(A2, B2)),
    "value_and_grad": (_scalar, lambda op, f: op(f, argnum=1)(A2, B2)),
    "elementwise_grad": (_vector, lambda op, f: op(f, argnum=1)(A2, B2)),
    "jacobian": (_vector, lambda op, f: op(f, argnum=1)(A2, B2)),
    "hessian": (_scalar, lambda op, f: op(f, argnum=1)(A2, B2)),
    "make_vjp": (_vector, lambda op, f: op(f, argnum=1)(A2, B2)[0](ONES)),
    "make_jvp": (_vector, lambda op, f: op(f, argnum=1)(A2, B2)(ONES)[1]),
    "hessian_vector_product": (_scalar, lambda op, f: op(f, argnum=1)(A2, B2, ONES)),
    "vector_jacobian_product": (_vector, lambda op, f: op(f, argnum=1)(A2, B2, ONES)),
    "make_hvp": (_scalar, lambda op, f: op(f, argnum=1)(A2, B2)[0](ONES)),
}


@pytest.mark.parametrize("which", sorted(COMPAT))
def test_compat_takes_argnum(which):
    import autograd
    import autograd.numpy as anp
    import s2sgrad.compat.autograd.numpy as snp

    import s2sgrad.compat.autograd as sga

    make, use = COMPAT[which]
    name = which.removesuffix("_pair")
    ours = use(getattr(sga, name), make(snp))
    theirs = use(getattr(autograd, name), make(anp))
    for o, t in zip(
        ours if isinstance(ours, tuple) else (ours,),
        theirs if isinstance(theirs, tuple) else (theirs,),
    ):
        np.testing.assert_allclose(o, t, rtol=1e-10)


def list_changed_by_a_def_called_from_another(x):
    log = []

    def record(v):
        log.append(v)

    def twice(v):
        record(v)  # changes log of the function around twice
        record(v * 2.0)

    twice(x)
    return np.sum(log[0] * log[1])


def test_def_changing_a_list_called_from_another_def():
    """(was: a TypeError from the generated code, record() missing its argument log; then
    an error; session 11: twice() takes and returns log too, normalize.sibling_changes)"""
    check_all_modes(list_changed_by_a_def_called_from_another, X, hess=False)


# locals named like the runtime helpers generated code calls (the Hessian reads the
# gradient's code back: part(...) was called on the user's part, a TypeError)
def helper_named_locals(x):
    part = np.sin(x[0])
    add = x * 2.0
    unbroadcast = add + part
    zeros_like = (x[1] * part, x[2])
    a, b = zeros_like
    return np.sum(unbroadcast * x[0]) + a * b * part


def test_locals_named_like_runtime_helpers():
    check_all_modes(helper_named_locals, X)
    check_jacfwd(helper_named_locals, X)


def test_source_without_arguments_reads_the_defaults():
    """grad(f).source of def f(x, np=np): np.sum is NumPy's there too."""
    text = s2sgrad.grad(module_default).source
    assert "np.sum(np," not in text and "np.tanh(x)" in text
