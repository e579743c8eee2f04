"""The bad-input catalogue: every misuse gets a specific error naming where and what.

Transform errors must name ``file:line:col`` of the offending construct and the
construct itself; argument errors must be :class:`s2sgrad.GradientArgumentError`
(a ``ValueError``) naming the argument. Nothing may crash inside s2sgrad or return a
wrong gradient.
"""

from __future__ import annotations

import asyncio  # noqa: F401  (the async case below must be a real coroutine function)
import importlib.util
import inspect
import math
import os
import re
import sys

import numpy as np
import pytest

import s2sgrad
from s2sgrad import (
    GradientArgumentError,
    NonDifferentiableError,
    SourceUnavailableError,
    TransformError,
    UnsupportedSyntaxError,
)
from tests.gradcheck import check_all_modes

HERE = os.path.abspath(__file__)
X = np.array([0.5, -1.0, 2.0])


def _line_of(fn, needle: str) -> int:
    """The absolute line number of the first line of ``fn``'s source containing ``needle``."""
    lines, start = inspect.getsourcelines(fn)
    for i, ln in enumerate(lines):
        if needle in ln:
            return start + i
    raise AssertionError(f"{needle!r} not in the source of {fn.__name__}")


def expect_transform_error(cls, fn, needle, *words, args=(X,), **kw):
    """``grad(fn)(*args)`` raises ``cls`` at the line of ``fn`` containing ``needle``,
    with ``file:line:col`` and each of ``words`` (case-insensitive) in the message."""
    with pytest.raises(cls) as info:
        s2sgrad.grad(fn, **kw)(*args)
    err = info.value
    msg = str(err)
    line = _line_of(fn, needle)
    assert err.filename == HERE or err.filename.endswith(os.path.basename(HERE)), msg
    assert err.lineno == line, f"expected line {line}:\n{msg}"
    assert err.col is not None, msg
    assert re.search(rf"{re.escape(os.path.basename(HERE))}:{line}:{err.col + 1}: ", msg), msg
    assert needle in msg, f"the quoted line is missing:\n{msg}"
    for w in words:
        assert w.lower() in msg.lower(), f"{w!r} not in:\n{msg}"
    return err


def expect_argument_error(fn, args, *words, **kw):
    with pytest.raises(GradientArgumentError) as info:
        s2sgrad.grad(fn, **kw)(*args)
    msg = str(info.value)
    assert isinstance(info.value, ValueError)
    for w in words:
        assert w.lower() in msg.lower(), f"{w!r} not in:\n{msg}"
    return info.value


# -- functions whose source cannot be read ------------------------------------------------


def test_numpy_ufunc_is_differentiated_by_its_rule():
    # a primitive with a rule passed itself: no source needed (issue 12)
    assert s2sgrad.grad(np.sin)(1.0) == np.cos(1.0)


def test_builtin_len_has_no_source():
    with pytest.raises(SourceUnavailableError) as info:
        s2sgrad.grad(len)([1.0, 2.0])
    assert "len" in str(info.value)


def test_math_sin_is_differentiated_by_its_rule():
    assert s2sgrad.grad(math.sin)(1.0) == math.cos(1.0)


def test_builtin_without_a_rule_has_no_source():
    with pytest.raises(SourceUnavailableError) as info:
        s2sgrad.grad(math.gamma)(1.5)
    assert "gamma" in str(info.value)


def test_function_defined_by_exec_has_no_source():
    ns = {"np": np}
    exec("def made_by_exec(x):\n    return np.sum(x * x)\n", ns)
    with pytest.raises(SourceUnavailableError) as info:
        s2sgrad.grad(ns["made_by_exec"])(X)
    msg = str(info.value)
    assert "made_by_exec" in msg and "<string>" in msg


def test_function_compiled_from_a_missing_file_has_no_source(tmp_path):
    path = tmp_path / "gone.py"
    code = compile("def gone(x):\n    return x * x\n", str(path), "exec")
    ns: dict = {}
    exec(code, ns)  # the file was never written
    with pytest.raises(SourceUnavailableError) as info:
        s2sgrad.grad(ns["gone"])(1.0)
    assert "gone" in str(info.value)


# -- classes and methods ---------------------------------------------------------------------


class Model:
    def __init__(self, w):
        self.w = w

    def loss(self, x):
        return np.sum(self.w * x * x)


def test_class_is_not_a_function():
    with pytest.raises(TransformError) as info:
        s2sgrad.grad(Model)(1.0)
    assert "Model" in str(info.value)


def test_bound_method_is_differentiated_in_its_own_arguments():
    m = Model(3.0)
    np.testing.assert_allclose(s2sgrad.grad(m.loss)(X), 6.0 * X)  # issue 12


def test_method_of_a_metaclass_bound_to_its_class_is_differentiated():
    # a method of a metaclass bound to a class made by it is a bound method like a
    # classmethod's (session 13): differentiated in x, the class held fixed
    class Meta(type):
        def loss(cls, x):
            return cls.scale * x**3

    k = Meta("K", (), {"scale": 2.5})
    np.testing.assert_allclose(s2sgrad.grad(k.loss)(1.5), 3 * 2.5 * 1.5**2, rtol=1e-12)
    _, tangent = s2sgrad.jvp(k.loss, (1.5,), (1.0,))
    np.testing.assert_allclose(tangent, 3 * 2.5 * 1.5**2, rtol=1e-12)


# -- unsupported syntax --------------------------------------------------------------------


def gen_fn(x):
    for i in range(2):
        yield x * i
    return x


def test_generator_function():
    expect_transform_error(UnsupportedSyntaxError, gen_fn, "yield x * i", "gen_fn", "generator")


def yield_from_fn(x):
    yield from [x, x]


def test_yield_from():
    expect_transform_error(
        UnsupportedSyntaxError, yield_from_fn, "yield from [x, x]", "generator", "yield from"
    )


async def async_fn(x):
    return np.sum(x)


def test_async_def():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(async_fn)(X)
    msg = str(info.value)
    assert "async" in msg
    assert re.search(
        rf"{re.escape(os.path.basename(HERE))}:{_line_of(async_fn, 'async def')}:", msg
    ), msg


COUNTER = 0.0


def global_write(x):
    global COUNTER
    COUNTER = COUNTER + np.sum(x)  # a counter of plain values passes (test_real_programs_s13)
    return np.sum(x)


def test_global_write():
    expect_transform_error(
        UnsupportedSyntaxError, global_write, "COUNTER = COUNTER + np.sum(x)", "global 'COUNTER'"
    )


def make_nonlocal():
    total = 0.0

    def inner(x):
        nonlocal total
        total = total + np.sum(x)
        return total

    return inner


def test_nonlocal_write():
    fn = make_nonlocal()
    # a counter of plain values passes (test_real_programs_s13); a differentiated one not
    expect_transform_error(
        UnsupportedSyntaxError, fn, "total = total + np.sum(x)", "the nonlocal 'total'"
    )


def try_fn(x):
    y = 0.0
    try:
        for v in x:
            y = y + np.sin(v)
    except ValueError:
        y = 0.0
    return y


def test_a_loop_in_a_try_body():
    # an exception may leave the loop midway (tests/test_try_except.py: the rest)
    expect_transform_error(UnsupportedSyntaxError, try_fn, "for v in x:", "loop", "try body")


class _Manager:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self.v

    def __exit__(self, *exc):
        return False


def with_fn(x):
    # a with block runs its manager in the primal sweep (tests/test_with_blocks.py); one
    # made from a differentiated value is a call without a rule that receives one
    with _Manager(x * 2) as y:
        z = np.sum(y)
    return z


def test_with_block_over_a_differentiated_value():
    expect_transform_error(NonDifferentiableError, with_fn, "with _Manager", "_Manager")


def lambda_passed(x):
    c = 2.0 * x
    sq = lambda v: v * c  # noqa: E731
    return np.sum(apply_fn(sq, x))


def apply_fn(fn, v):
    return fn(v)


def test_lambda_stored_and_passed_around():
    # a lambda reading a local of its function, passed to a user function of the same
    # module, is followed (tests/test_passed_closures.py): checked against differences
    check_all_modes(lambda_passed, np.array([0.5, -1.0, 2.0]))


def walrus_fn(x):
    # a walrus in a generator expression (one in a statement is lowered: s2sgrad.walrus)
    return sum((s := v * v) for v in x) + s


def test_walrus():
    expect_transform_error(UnsupportedSyntaxError, walrus_fn, "((s := v * v) for v in x)", "walrus")


def match_fn(x, k):
    match k:
        case {"scale": s}:
            y = np.sum(x) * s
        case _:
            y = np.sum(x * x)
    return y


def test_match_statement_with_a_mapping_pattern():
    # match statements are lowered to if/else (tests/test_match.py); a mapping pattern is not
    expect_transform_error(
        UnsupportedSyntaxError, match_fn, 'case {"scale": s}:', "pattern", args=(X, {"scale": 2})
    )


_T_STRINGS = """\
import numpy as np


def t_string(x):
    y = np.sin(x)
    label = t"{y}"
    return np.sum(y)


def t_string_in_inner(x):
    def inner(v):
        return t"{v}", v * 2.0

    return np.sum(inner(x)[1])
"""


@pytest.mark.skipif(sys.version_info < (3, 14), reason="t-strings are Python 3.14's (PEP 750)")
@pytest.mark.parametrize(
    "name, needle", [("t_string", 'label = t"{y}"'), ("t_string_in_inner", 't"{v}"')]
)
@pytest.mark.parametrize(
    "transform", [s2sgrad.grad, lambda f: lambda x: s2sgrad.jvp(f, (x,), (x,))]
)
def test_template_string_is_named_at_its_line(tmp_path, name, needle, transform):
    path = tmp_path / "t_strings.py"
    path.write_text(_T_STRINGS)
    spec = importlib.util.spec_from_file_location("t_strings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(UnsupportedSyntaxError) as info:
        transform(getattr(module, name))(X)
    err, msg = info.value, str(info.value)
    line = 1 + _T_STRINGS.splitlines().index(
        next(ln for ln in _T_STRINGS.splitlines() if needle in ln)
    )
    assert (err.filename, err.lineno) == (str(path), line), msg
    assert f"t_strings.py:{line}:{err.col + 1}: a template string (t-string) cannot" in msg, msg
    assert needle in msg and "hint: use an f-string" in msg, msg


def loop_else_fn(x):
    acc = 0.0
    for i in range(3):
        acc = acc + np.sum(x) * i
    else:
        acc = acc + 1.0
    return acc


def test_loop_with_else():
    # differentiated since issue 12 (tests/test_program_regressions.py has more)
    x = np.array([1.0, 2.0])
    assert loop_else_fn(x) == s2sgrad.value_and_grad(loop_else_fn)(x)[0] == 10.0
    np.testing.assert_allclose(s2sgrad.grad(loop_else_fn)(x), [3.0, 3.0])


def while_else_fn(x):
    k = 0
    while k < 2:
        x = x * 2.0
        k = k + 1
    else:
        x = x + 1.0
    return np.sum(x)


def test_while_with_else():
    x = np.array([1.0, 2.0])
    assert s2sgrad.value_and_grad(while_else_fn)(x)[0] == while_else_fn(x) == 14.0
    np.testing.assert_allclose(s2sgrad.grad(while_else_fn)(x), [4.0, 4.0])


def starred_fn(x):
    first, *rest = x[0], x[1], x[2]
    return first + np.sum(rest)


def test_starred_assignment():
    # differentiated since issue 12 (tests/test_calls.py has more)
    np.testing.assert_allclose(
        s2sgrad.grad(starred_fn)(np.array([1.0, 2.0, 3.0, 4.0])), [1.0, 1.0, 1.0, 0.0]
    )


def del_fn(x):
    y = x * 2.0
    del y
    return np.sum(x)


def test_del_statement():
    expect_transform_error(UnsupportedSyntaxError, del_fn, "del y", "del")


def import_fn(x):
    import math as m

    return m.sin(x)


def test_import_inside_function():
    expect_transform_error(
        UnsupportedSyntaxError, import_fn, "import math as m", "import", args=(0.3,)
    )


def class_inside_fn(x):
    class Box:
        pass

    return np.sum(x)


def test_class_inside_function():
    expect_transform_error(UnsupportedSyntaxError, class_inside_fn, "class Box", "class")


# -- in-place mutation -----------------------------------------------------------------------


def mutate_arg(x):
    x[0] = 1.0
    return np.sum(x * x)


def test_inplace_write_to_argument():
    expect_transform_error(
        UnsupportedSyntaxError,
        mutate_arg,
        "x[0] = 1.0",
        "in-place",
        "'x'",
        "caller",
        "x.copy()",
        args=(X.copy(),),
    )


def mutate_alias(x):
    y = x
    y[1] = 0.0
    return np.sum(x * x)


def test_inplace_write_through_alias():
    expect_transform_error(
        UnsupportedSyntaxError,
        mutate_alias,
        "y[1] = 0.0",
        "in-place",
        "'y'",
        "share memory",
        args=(X.copy(),),
    )


def sort_in_place(x):
    x.sort()
    return x[0]


def test_inplace_method_sort():
    expect_transform_error(UnsupportedSyntaxError, sort_in_place, "x.sort()", "sort")


# -- bad inputs ---------------------------------------------------------------------------------


def square_sum(x):
    return np.sum(x * x)


def two_args(x, y):
    return np.sum(x * y)


def test_integer_input():
    expect_argument_error(square_sum, (3,), "integer", "'x'")


def test_integer_array_input():
    expect_argument_error(square_sum, (np.arange(3),), "dtype", "int")


def test_bool_input():
    expect_argument_error(square_sum, (True,), "bool")


def test_str_input():
    expect_argument_error(square_sum, ("abc",), "str")


def test_complex_input_with_a_complex_output():
    # complex inputs are differentiable (tests/test_complex.py); grad needs a real output
    # (a TypeError, as autograd raises, that is also the ValueError it was before)
    for z in (1.0 + 2.0j, np.array([1.0 + 1.0j])):
        for error in (TypeError, ValueError, s2sgrad.ComplexOutputError):
            with pytest.raises(error, match="returned a complex value"):
                s2sgrad.grad(square_sum)(z)


def tree_fn(p):
    return np.sum(p["w"] * p["w"])


def test_unknown_object_in_tree():
    class Opaque:
        pass

    expect_argument_error(tree_fn, ({"w": X, "extra": Opaque()},), "Opaque", "extra")


def test_nan_input_propagates():
    x = np.array([np.nan, 1.0])
    g = s2sgrad.grad(square_sum)(x)
    assert np.isnan(g[0]) and g[1] == 2.0


def test_inf_input_propagates():
    x = np.array([np.inf, 1.0])
    with np.errstate(all="ignore"):
        g = s2sgrad.grad(lambda v: np.sum(np.sin(v)))(x)
    assert np.isnan(g[0]) and g[1] == pytest.approx(np.cos(1.0))


# -- bad outputs --------------------------------------------------------------------------------


def vector_out(x):
    return x * 2.0


def test_non_scalar_output_names_shape():
    with pytest.raises(ValueError) as info:
        s2sgrad.grad(vector_out)(X)
    assert "(3,)" in str(info.value) and "scalar" in str(info.value).lower()


def str_out(x):
    return "loss"


def test_string_output():
    with pytest.raises((TypeError, ValueError, TransformError)) as info:
        s2sgrad.grad(str_out)(X)
    assert "str" in str(info.value)


def none_out(x):
    y = x * 2.0  # noqa: F841


def test_none_output():
    with pytest.raises(TransformError) as info:
        s2sgrad.grad(none_out)(X)
    msg = str(info.value)
    assert "must return a value" in msg
    assert f"{os.path.basename(HERE)}:{_line_of(none_out, 'def none_out')}:" in msg


# -- argnums / argnames -------------------------------------------------------------------------


def test_argnums_out_of_range():
    expect_argument_error(two_args, (X, X), "index 2", argnums=2)


def test_negative_argnums_out_of_range():
    expect_argument_error(two_args, (X, X), "-3", argnums=-3)


def test_duplicate_argnums():
    expect_argument_error(two_args, (X, X), "duplicate", argnums=(0, 0))


def test_duplicate_argnums_negative_alias():
    expect_argument_error(two_args, (X, X), "duplicate", argnums=(1, -1))


def test_unknown_argname():
    with pytest.raises(GradientArgumentError) as info:
        s2sgrad.grad(two_args, argnames="z")(X, y=X)
    assert "'z'" in str(info.value)


def test_duplicate_argnames():
    with pytest.raises(GradientArgumentError) as info:
        s2sgrad.grad(two_args, argnames=("y", "y"))(X, y=X)
    assert "duplicate" in str(info.value).lower()


def test_argnums_not_int():
    with pytest.raises(GradientArgumentError) as info:
        s2sgrad.grad(two_args, argnums="0")(X, X)
    assert "'0'" in str(info.value) or "int" in str(info.value)


# -- NumPy functions without derivatives --------------------------------------------------------


def fft_fn(x):
    return np.sum(np.abs(np.fft.fft(x)))


def test_fft_is_differentiable():
    # numpy.fft has rules now (tests/test_fft.py); eig below still has none
    x = np.linspace(0.0, 1.0, 4)
    assert np.shape(s2sgrad.grad(fft_fn)(x)) == (4,)


def roots_fn(a):
    return np.sum(np.roots(a[0] + a[1]))


def test_roots_is_not_differentiable():
    # (np.linalg.eig has a rule since issue 12, tensorinv since issue 14, np.polyfit since
    # session 32; np.roots has none)
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    err = expect_transform_error(
        NonDifferentiableError, roots_fn, "np.roots(a[0] + a[1])", "roots", args=(a,)
    )
    assert "custom_vjp" in (err.hint or "")


def argmax_fn(x):
    return np.argmax(x) * 1.0 + np.sum(x)


def test_nondifferentiable_function_on_active_value_is_constant():
    """argmax of a differentiated value has zero derivative (not an error)."""
    np.testing.assert_allclose(s2sgrad.grad(argmax_fn)(X), np.ones(3))


# -- recursion -----------------------------------------------------------------------------------


def deep(x, n):
    if n == 0:
        return x
    return deep(x, n - 1) * 1.0001


def test_very_deep_recursion_works_or_fails_clearly():
    """Depth 2000 (beyond Python's default limit of 1000 frames for the primal too):
    either a correct gradient or a clear error, never a crash."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(10000)
    try:
        expected = 1.0001**2000
        try:
            g = s2sgrad.grad(deep)(0.5, 2000)
        except (TransformError, RecursionError) as err:
            assert "deep" in str(err) or "recursion" in str(err).lower(), str(err)
            return
        assert g == pytest.approx(expected)
    finally:
        sys.setrecursionlimit(old)


def missing_numpy_function(x):
    return np.no_such_function(x**2)


def missing_math_function(x):
    return np.sum(math.no_such_function(x))


def test_missing_module_attribute_is_named():
    # not "the method .no_such_function()": a module attribute that does not exist
    expect_transform_error(
        UnsupportedSyntaxError,
        missing_numpy_function,
        "np.no_such_function",
        "module 'numpy' has no attribute 'no_such_function'",
        "renamed or removed",
    )
    expect_transform_error(
        UnsupportedSyntaxError,
        missing_math_function,
        "math.no_such_function",
        "module 'math' has no attribute 'no_such_function'",
    )
