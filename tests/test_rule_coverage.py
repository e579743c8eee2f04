"""The rule registry as a whole: both modes for every rule, every primitive autograd
differentiates, and each NumPy rule's parameters as NumPy names and orders them.

tests/test_rules.py checks each rule's numbers; this file checks that the registry has no
holes of a kind: a rule without its forward (or reverse) template, a helper that generated
code calls without a tangent (no Hessian through it), a parameter bound to the wrong name
when it is given by position or by keyword. Each test fails when a new registration opens
such a hole, unless the hole is on an explicit list below with its reason.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import textwrap

import gast
import numpy as np
import pytest
from gradcheck import check_grads

import s2sgrad
from s2sgrad import rules, runtime

try:  # the SciPy rules' helpers count too (loaded at the first lookup after the import)
    import scipy.linalg  # noqa: F401
    import scipy.special  # noqa: F401
    import scipy.stats  # noqa: F401
except ImportError:
    pass

# -- both modes -------------------------------------------------------------------------------

# primitives with a rule in one mode only, and why (none today: a new one-sided rule fails)
ONE_SIDED: dict[str, str] = {}

# helpers that must stay without a tangent: calling them differentiated raises s2sgrad's
# error, on purpose
DELIBERATE_ERRORS = {
    "no_derivative": "raises: a rule's argument that has no derivative",
    "no_second_derivative": "raises: a rule without a second derivative",
}

# helpers called only from the tangent templates of other helpers: their own tangent is a
# third derivative (forward over forward over reverse), which no rule provides
THIRD_ORDER = {
    "adjugate_tangent",
    "called_adjoint_tangent",
    "cdist_adjoint_dx",
    "cdist_tangent_dx",
    "cumprod_adjoint_dx",
    "cumprod_tangent_dx",
    "eigh_adjoint_dv",
    "eigh_tangent_dv",
    "pdist_adjoint_dx",
    "pdist_tangent_dx",
    "einsum_adjoint_cross",
    "einsum_cross3",
    "expm_frechet_da",
    "logm_frechet_da",
    "fixed_point_adjoint_tangent",
    "matrix_power_tangent_da",
    "mul_or_repeat_adjoint_tangent",
    "multi_dot_adjoint_dx",
    "multi_dot_cross",
    "norm_adjoint_dx2",
    "norm_tangent_dx2",
    "power_term_dk",
    "prod_adjoint_dx2",
    "sign_adjoint_dx",
    "sign_tangent_dx",
}

HELPERS = {n: f for n, f in vars(runtime).items() if callable(f) and runtime.is_helper(f)}


def _called_helpers(tpl) -> set[str]:
    return {
        n.func.id
        for s in tpl.body
        for n in gast.walk(s)
        if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id in HELPERS
    }


def _lacks_tangent(helper: str) -> bool:
    fn = HELPERS[helper]
    if rules.is_nondifferentiable(fn):
        return False
    prim = rules.lookup(fn)
    return prim is None or prim.forward is None


def _rules():
    return [p for p in rules.all_primitives() if p.kind not in ("", "helper")]


def test_every_rule_has_both_modes_or_is_listed():
    one_sided = {
        p.path: ("reverse" if p.forward is None else "forward")
        for p in _rules()
        if (p.reverse is None) != (p.forward is None)
    }
    unlisted = sorted(set(one_sided) - set(ONE_SIDED))
    assert not unlisted, f"rules in one mode only (give the other, or list why): {unlisted}"
    stale = sorted(set(ONE_SIDED) - set(one_sided))
    assert not stale, f"ONE_SIDED lists rules that have both modes now: {stale}"


def test_helpers_that_rules_call_have_tangents():
    """A helper in a primitive's reverse template needs a tangent for Hessians (forward over
    reverse); in its forward template, for the jvp of a jvp."""
    lacking = {}
    for p in _rules():
        for tpl in (p.reverse, p.forward):
            for h in _called_helpers(tpl) if tpl is not None else ():
                if _lacks_tangent(h) and h not in DELIBERATE_ERRORS:
                    lacking.setdefault(h, []).append(p.path)
    assert not lacking, f"helpers without a tangent rule, by the rules that call them: {lacking}"


def test_second_order_helpers_without_tangents_are_listed():
    level_two = set()
    for n, fn in HELPERS.items():
        prim = rules.lookup(fn)
        if prim is not None and prim.kind == "helper" and prim.forward is not None:
            level_two |= _called_helpers(prim.forward)
    lacking = {h for h in level_two if _lacks_tangent(h)} - set(DELIBERATE_ERRORS)
    assert lacking <= THIRD_ORDER, f"helpers without a tangent: {sorted(lacking - THIRD_ORDER)}"
    stale = sorted(THIRD_ORDER - lacking)
    assert not stale, f"THIRD_ORDER lists helpers that have a tangent or are not used: {stale}"


def test_one_sided_rules_raise_at_the_users_line():
    """What a call without a forward rule meets: s2sgrad's error at the user's line (the
    class the four rules added for autograd's suite were in)."""

    def fun(x):
        return np.sum(np.unwrap(x))

    with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="test_rule_coverage"):
        s2sgrad.jvp(fun, (np.ones(3),), (np.ones(3),))
    with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="test_rule_coverage"):
        s2sgrad.grad(fun)(np.ones(3))


# -- everything autograd differentiates ------------------------------------------------------

# autograd.numpy names that are not NumPy functions, or that s2sgrad handles elsewhere
AUTOGRAD_ONLY = {
    "_original_where": "autograd's wrapper of np.where",
    "array_from_args": "autograd's np.array of boxes (s2sgrad: the np.array rule)",
    "concatenate_args": "autograd's np.concatenate of boxes (s2sgrad: np.concatenate)",
    "make_diagonal": "autograd's own function, not in NumPy",
    "_primitive_norm": "autograd's np.linalg.norm core (s2sgrad: np.linalg.norm)",
    "astype": "a method: x.astype(float) is the identity for derivatives (rules.ASTYPE)",
    "truncate_pad": "autograd's helper of its np.fft rules",
}


def _autograd_primitives():
    anp = pytest.importorskip("autograd.numpy")
    core = pytest.importorskip("autograd.core")
    out = []
    for prefix, amod, nmod in (
        ("numpy", anp, np),
        ("numpy.linalg", anp.linalg, np.linalg),
        ("numpy.fft", anp.fft, np.fft),
    ):
        for name in sorted(dir(amod)):
            f = getattr(amod, name)
            if (
                callable(f)
                and hasattr(f, "fun")
                and (f in core.primitive_vjps or f in core.primitive_jvps)
            ):
                out.append((prefix, name, getattr(nmod, name, None)))
    return out


def test_every_autograd_numpy_primitive_has_a_rule():
    missing = []
    for prefix, name, fn in _autograd_primitives():
        if name in AUTOGRAD_ONLY:
            continue
        prim = rules.lookup(fn) if fn is not None else None
        if fn is None or not (
            rules.is_nondifferentiable(fn)
            or (prim is not None and prim.reverse is not None and prim.forward is not None)
        ):
            missing.append(f"{prefix}.{name}")
    assert not missing, f"autograd differentiates these, s2sgrad has no rule: {missing}"


# -- parameters as NumPy names and orders them --------------------------------------------------

UFUNC_OPTIONS = {"out", "where", "casting", "order", "dtype", "subok", "signature"}
# parameters of NumPy's signatures a rule does not take: a call giving one is s2sgrad's error
# ("has no derivative for the keyword argument ..."), never a silently different binding
# (where= of the sums and extrema is lowered before the rule: np.sum(np.where(m, x, 0)))
NOT_TAKEN = {
    # (np.sum, prod, max, min, mean and their a* names: where= and initial= are lowered
    # to plain reductions before the rules, by normalize/masked.py)
    # (np.max and np.min take initial=: the start normalize/masked.py gives them)
    **{p: {"where"} for p in ("np.max", "np.min", "np.amax", "np.amin")},
    **{
        p: {"initial", "where"}
        for p in (
            "np.sum",
            "np.prod",
            "np.nansum",
            "np.nanprod",
            "np.nanmax",
            "np.nanmin",
        )
    },
    **{p: {"where"} for p in ("np.mean", "np.nanmean")},
    **{p: {"where", "mean"} for p in ("np.nanvar", "np.nanstd")},  # np.var, np.std take them
    # array creation and joining: layouts, devices and casting, not values
    "np.array": {"subok", "ndmin", "ndmax", "like"},
    # a read-only view: writeable=True and subok= are not taken
    "np.lib.stride_tricks.sliding_window_view": {"subok", "writeable"},
    # the generalized ufunc np.vecdot: its ufunc options (np.linalg.vecdot takes axis= only)
    "np.vecdot": {"axes", "casting", "dtype", "keepdims", "order", "out", "signature", "subok"},
    "np.asarray": {"device", "like"},
    "np.astype": {"device"},
    "np.asanyarray": {"device", "like"},
    **{p: {"dtype", "like"} for p in ("np.ascontiguousarray", "np.asfortranarray")},
    "np.copy": {"order", "subok"},
    "np.broadcast_to": {"subok"},
    "np.full": {"order", "device", "like"},
    "np.full_like": {"order", "subok", "shape", "device"},
    "np.linspace": {"device"},
    **{p: {"out"} for p in ("np.dot", "np.outer", "np.einsum")},  # out= is an error anyway
    "np.matmul": UFUNC_OPTIONS | {"axes", "axis", "keepdims"},
    **{p: UFUNC_OPTIONS for p in ("np.divmod", "np.modf")},  # rules for two outputs
    # np.float64(x) and float(x) share one rule, by position (x is value before NumPy 2.3)
    "np.float64": {"value", "x"},
    "np.linalg.cholesky": {"upper"},
    "np.linalg.svd": {"hermitian"},
}
MISALIGNED = {
    "np.float64": "np.float64(value) and float(x, /) share the rule copy(y, a)",
    **{
        p: "initial= is keyword-only: the start normalize/masked.py passes, never by position"
        for p in ("np.max", "np.min", "np.amax", "np.amin")
    },
}


def _numpy_rules():
    out = []
    for p in _rules():
        if not p.path.startswith("np."):
            continue
        try:
            sig = inspect.signature(p.fn)
        except (TypeError, ValueError):  # a ufunc without a signature: see below
            continue
        out.append((p, sig))
    return out


def test_rule_parameters_line_up_with_numpys():
    """Arguments bind to a rule's parameters by position in the rule's order and by name:
    the order and names must be NumPy's, keyword-only where NumPy's are."""
    wrong = []
    for p, sig in _numpy_rules():
        tpl = p.reverse
        kinds = {q.name: q.kind for q in sig.parameters.values()}
        positional = [
            n
            for n, k in kinds.items()
            if k in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        ]
        keyword_only = {n for n, k in kinds.items() if k == inspect.Parameter.KEYWORD_ONLY}
        mine = tpl.positional
        if tpl.varargs:
            aligned = (
                mine == positional[: len(mine)]
                and tpl.varargs is not None
                and any(k == inspect.Parameter.VAR_POSITIONAL for k in kinds.values())
            )
        else:
            aligned = mine[: len(positional)] == positional[: len(mine)]
        aligned = (
            aligned
            and not (set(mine) & keyword_only)
            and set(tpl.kwonly) <= (keyword_only | set(tpl.kwonly) - set(kinds))
        )
        if not aligned and p.path not in MISALIGNED:
            wrong.append(f"{p.path}{tuple(mine)} vs numpy {sig}")
    assert not wrong, "rule parameters that differ from NumPy's:\n" + "\n".join(wrong)


def test_numpy_parameters_a_rule_does_not_take_are_listed():
    unlisted, stale = [], []
    for p, sig in _numpy_rules():
        names = {
            q.name
            for q in sig.parameters.values()
            if q.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        }
        taken = set(p.reverse.params[1:])
        allowed = UFUNC_OPTIONS if p.elementwise else NOT_TAKEN.get(p.path, set())
        unlisted += [f"{p.path}({n}=)" for n in sorted(names - taken - allowed)]
        if not p.elementwise:
            stale += [f"{p.path}({n}=)" for n in sorted(allowed & taken)]
    assert not unlisted, f"NumPy parameters without a rule and not in NOT_TAKEN: {unlisted}"
    assert not stale, f"NOT_TAKEN lists parameters the rules take now: {stale}"


def test_a_parameter_a_rule_does_not_take_is_an_error_in_both_modes():
    def fun(x):  # (np.sum(x, initial=) is lowered to a plain sum: normalize.masked)
        return np.nansum(x, initial=1.0)

    for run in (
        lambda: s2sgrad.grad(fun)(np.ones(3)),
        lambda: s2sgrad.jvp(fun, (np.ones(3),), (np.ones(3),)),
    ):
        with pytest.raises(s2sgrad.errors.NonDifferentiableError, match="initial="):
            run()


# -- each rule called with its options by position and by keyword ------------------------------

B34 = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
C43 = np.cos(np.arange(12.0)).reshape(4, 3)
I34 = np.array([[0, 2, 1, 1], [2, 2, 0, 1], [1, 0, 0, 2]])

# (call with every option by position, shape of x); numpy's signature names the options
CALLS = [
    ("np.pad(x, ((1, 2), (0, 1)), 'reflect')", (3, 4)),
    ("np.pad(x, 1, 'constant', constant_values=0.5)", (3, 4)),
    ("np.tensordot(x, B34, 2)", (3, 4)),
    ("np.tensordot(x, C43, 1)", (3, 4)),
    ("np.tensordot(x, B34, ([0], [0]))", (3, 4)),
    ("np.cross(x, C43, 0, -1, 0)", (3, 4)),
    ("np.cross(x, C43, 0, 1, -1, None)", (3, 4)),
    ("np.cross(x, B34, -1, -1, -1, 0)", (3, 4)),
    ("np.diff(x, 2, 0)", (4, 3)),
    ("np.diff(x, 1, 1, np.ones((4, 1)), np.zeros((4, 2)))", (4, 3)),
    ("np.sum(x, 1, None, None, True)", (3, 4)),
    ("np.mean(x, 0, None, None, True)", (3, 4)),
    ("np.var(x, 1, None, None, 1, True)", (3, 4)),
    ("np.std(x, 0, None, None, 1, False)", (3, 4)),
    ("np.prod(x, 1, None, None, True)", (3, 4)),
    ("np.max(x, 1, None, True)", (3, 4)),
    ("np.cumsum(x, 1)", (3, 4)),
    ("np.cumprod(x, 0)", (3, 4)),
    ("np.linalg.norm(x, 'fro', (0, 1), True)", (3, 4)),
    ("np.linalg.norm(x, 3, 1, False)", (3, 4)),
    ("np.take(x, [0, 2, 2], 1)", (3, 4)),
    ("np.take_along_axis(x, I34, 1)", (3, 4)),
    ("np.repeat(x, 2, 0)", (3, 4)),
    ("np.roll(x, 1, 1)", (3, 4)),
    ("np.clip(x, -0.5, 0.5)", (3, 4)),
    ("np.linspace(x, x + 1.0, 5, False, False, None, 1)", (3,)),
    ("np.logspace(x, x + 1.0, 4, True, 2.0, None, 0)", (3,)),
    ("np.swapaxes(x, 0, 1)", (3, 4)),
    ("np.moveaxis(x, 0, -1)", (2, 3, 4)),
    ("np.transpose(x, (1, 0, 2))", (2, 3, 4)),
    ("np.reshape(x, (4, 3), 'F')", (3, 4)),
    ("np.trace(x, 1, 0, 1)", (3, 4)),
    ("np.diagonal(x, 1, 1, 0)", (3, 4)),
    ("np.diag(x, 1)", (3, 4)),
    ("np.triu(x, -1)", (3, 4)),
    ("np.tril(x, 1)", (3, 4)),
    ("np.sort(x, 0)", (3, 4)),
    ("np.partition(x, 1, 0)", (3, 4)),
    ("np.rot90(x, 3, (1, 0))", (3, 4)),
    ("np.rollaxis(x, 2, 1)", (2, 3, 4)),
    ("np.flip(x, 1)", (3, 4)),
    ("np.tile(x, (2, 1))", (3, 4)),
    ("np.expand_dims(x, 1)", (3, 4)),
    ("np.squeeze(x, 1)", (3, 1, 4)),
    ("np.concatenate([x, B34], 1)", (3, 4)),
    ("np.stack([x, B34], 1)", (3, 4)),
    ("np.average(x, 1, B34 + 2.0)", (3, 4)),
    ("np.convolve(x, np.arange(3.0), 'same')", (6,)),
    ("np.correlate(x, np.arange(3.0), 'full')", (6,)),
    ("np.gradient(x, 0.5, axis=1, edge_order=2)", (4, 5)),
    ("np.nan_to_num(x, True, 0.5, 2.0, -2.0)", (3, 4)),
    ("np.real_if_close(x, 1000)", (3, 4)),
    ("np.append(x, B34, 0)", (3, 4)),
    ("np.full_like(B34, x[0, 0], None)", (3, 4)),
    ("np.linalg.pinv(x, 1e-15, False)", (3, 4)),
    ("np.linalg.matrix_power(x @ x.T, 3)", (3, 4)),
    ("np.linalg.eigh(x @ x.T, 'U')[0]", (3, 4)),
    ("np.linalg.svd(x, False, False)", (3, 4)),
    ("np.linalg.qr(x.T, 'reduced')[1]", (3, 4)),
]


def _forms(call_text: str) -> list[str]:
    """The call with its options moved to keywords, one more at a time from the last, and
    all of them as keywords in reverse order (NumPy's signature names them)."""
    tree = ast.parse(call_text, mode="eval")
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and ast.unparse(n.func).startswith("np.")
    )
    fn = eval(ast.unparse(call.func), {"np": np})  # noqa: S307  (a test table)
    try:
        params = list(inspect.signature(fn).parameters.values())
    except ValueError:  # a C function without a signature (NumPy before 2.3)
        return [call_text]
    args = list(call.args)
    movable = [
        i
        for i, a in enumerate(args)
        if i < len(params)
        and params[i].kind == inspect.Parameter.POSITIONAL_OR_KEYWORD
        and not any(q.kind == inspect.Parameter.VAR_POSITIONAL for q in params[: i + 1])
    ]
    movable = [i for i in movable if all(j in movable for j in range(i, len(args)))]
    forms = [call_text]
    for k in sorted(movable, reverse=True):
        call.args = args[:k]
        keywords = [ast.keyword(arg=params[i].name, value=args[i]) for i in range(k, len(args))]
        call.keywords = keywords + [
            kw
            for kw in call.keywords
            if kw.arg not in {params[i].name for i in range(k, len(args))}
        ]
        forms.append(ast.unparse(tree))
        if k == min(movable):
            call.keywords = list(reversed(call.keywords))
            forms.append(ast.unparse(tree))
    call.args = args
    return list(dict.fromkeys(forms))


@pytest.fixture(scope="module")
def call_module(tmp_path_factory):
    """One function per form of every call, in a real file (s2sgrad reads source)."""
    lines = [
        "import numpy as np",
        "from tests_rule_coverage_data import B34, C43, I34",
        "",
        "def weigh(y):",
        "    w = np.cos(np.arange(np.size(y)) * 0.7).reshape(np.shape(y))",
        "    return np.sum(np.sin(y) * w)",
        "",
    ]
    table = []
    for i, (text, shape) in enumerate(CALLS):
        names = []
        for j, form in enumerate(_forms(text)):
            fname = f"f_{i}_{j}"
            lines += [f"def {fname}(x):", f"    return weigh({form})", ""]
            names.append((fname, form))
        table.append((text, shape, names))
    folder = tmp_path_factory.mktemp("rule_calls")
    (folder / "tests_rule_coverage_data.py").write_text(
        "import numpy as np\n"
        f"B34 = np.array({B34.tolist()!r})\nC43 = np.array({C43.tolist()!r})\n"
        f"I34 = np.array({I34.tolist()!r})\n"
    )
    path = folder / "rule_calls.py"
    path.write_text("\n".join(lines))
    import sys

    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location("rule_calls", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module, table


def test_forms_move_options_to_keywords():
    forms = _forms("np.cross(x, C43, 0, -1, 0)")
    assert "np.cross(x, C43, 0, -1, axisc=0)" in forms
    assert "np.cross(x, b=C43, axisa=0, axisb=-1, axisc=0)" in forms
    assert "np.cross(axisc=0, axisb=-1, axisa=0, b=C43, a=x)" in forms
    assert _forms("np.where(x > 0, x, 2.0 * x)") == ["np.where(x > 0, x, 2.0 * x)"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("i", range(len(CALLS)), ids=[c[0] for c in CALLS])
def test_options_by_position_and_by_keyword(call_module, i):
    module, table = call_module
    text, shape, names = table[i]
    x = np.random.default_rng(i).standard_normal(shape)
    t = np.random.default_rng(100 + i).standard_normal(shape)
    runs = []
    for fname, form in names:
        fn = getattr(module, fname)
        try:
            fn(x)
        except TypeError:  # NumPy itself does not take this form (a positional-only name)
            continue
        runs.append((form, fn, s2sgrad.grad(fn)(x), s2sgrad.jvp(fn, (x,), (t,))[1]))
    assert len(runs) >= 1
    form, fn, g, dot = runs[0]
    check_grads(fn, x, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(dot, np.sum(g * t), rtol=1e-9, atol=1e-12)
    for other, _, g2, dot2 in runs[1:]:
        np.testing.assert_allclose(g2, g, rtol=1e-12, atol=1e-14, err_msg=f"{other} vs {form}")
        np.testing.assert_allclose(dot2, dot, rtol=1e-12, atol=1e-14, err_msg=f"{other} vs {form}")


def test_every_call_form_names_a_registered_rule():
    for text, _ in CALLS:
        head = textwrap.dedent(text).split("(")[0]
        fn = eval(head, {"np": np})  # noqa: S307  (a test table)
        assert rules.lookup(fn) is not None and rules.lookup(fn).reverse is not None, head


# -- second derivatives of the rules added for autograd's suite --------------------------------

SECOND_ORDER_PATHS = (
    "np.rot90",
    "np.rollaxis",
    "np.nan_to_num",
    "np.real_if_close",
    "np.cross",
    "np.gradient",
    "np.clip",
    "np.where",
    "np.cumprod",
    "np.linalg.lstsq",
    "np.var",
    "np.std",
)


def _table_cases():
    import test_rules

    return [
        pytest.param(path, c, id=f"{path}-{c.fn.__name__}-{k}")
        for path in SECOND_ORDER_PATHS
        for k, c in enumerate(test_rules.CASES[path])
    ]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("path,c", _table_cases())
def test_hessian_vector_products_of_the_table(path, c):
    """Forward over reverse (the tangent of each adjoint template and of its helpers),
    against central differences of the gradient."""
    args = c.make_args(np.random.default_rng(sum(map(ord, c.fn.__name__))))
    nums = (c.argnums,) if isinstance(c.argnums, int) else tuple(c.argnums)
    if any(isinstance(args[n], float) for n in nums):
        pytest.skip("a Python-float argument: covered by the array cases")
    rng = np.random.default_rng(11)
    tangents = tuple(
        rng.standard_normal(np.shape(a)) if i in nums else None for i, a in enumerate(args)
    )
    g = s2sgrad.grad(c.fn, argnums=c.argnums)
    _, hv = s2sgrad.jvp(g, args, tangents)
    eps = 1e-5
    plus = [a if t is None else a + eps * t for a, t in zip(args, tangents)]
    minus = [a if t is None else a - eps * t for a, t in zip(args, tangents)]
    gp, gm = g(*plus), g(*minus)
    if isinstance(c.argnums, int):
        hv, gp, gm = (hv,), (gp,), (gm,)
    for h, a, b in zip(hv, gp, gm):
        np.testing.assert_allclose(
            h, (np.asarray(a) - np.asarray(b)) / (2 * eps), rtol=1e-4, atol=1e-5
        )


def _sort_descending(x):
    return np.sum(np.sort(x, axis=0, descending=True) * np.arange(12.0).reshape(4, 3))


def _sort_descending_flat(x):
    return np.sum(np.sort(x, axis=None, descending=True) * np.arange(12.0))


@pytest.mark.skipif(
    "descending" not in inspect.signature(np.sort).parameters, reason="NumPy 2.5's descending="
)
@pytest.mark.parametrize("f", [_sort_descending, _sort_descending_flat])
def test_sort_descending_in_both_modes(f):
    x = np.cos(np.arange(12.0) * 1.3).reshape(4, 3)
    check_grads(f, x)
    direction = np.sin(np.arange(12.0)).reshape(4, 3)
    _, tangent = s2sgrad.jvp(f, (x,), (direction,))
    np.testing.assert_allclose(tangent, np.sum(s2sgrad.grad(f)(x) * direction), rtol=1e-12)


def _reshape_newshape(x):
    return np.sum(np.sin(np.reshape(x, newshape=(4, 3))) * np.arange(12.0).reshape(4, 3))


@pytest.mark.skipif(
    "newshape" not in inspect.signature(np.reshape).parameters,
    reason="np.reshape(newshape=) is NumPy 2.1 to 2.3's",
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_reshape_newshape_in_both_modes():
    x = np.cos(np.arange(12.0) * 1.3).reshape(3, 4)
    check_grads(_reshape_newshape, x)
    direction = np.sin(np.arange(12.0)).reshape(3, 4)
    _, tangent = s2sgrad.jvp(_reshape_newshape, (x,), (direction,))
    expected = np.sum(s2sgrad.grad(_reshape_newshape)(x) * direction)
    np.testing.assert_allclose(tangent, expected, rtol=1e-12)
