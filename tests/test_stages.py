"""The pipeline stages one by one: parsing, normal form, exits, activity and kinds."""

import gast
import numpy as np
import pytest

from s2sgrad import anno
from s2sgrad.activity import ARRAY, SCALAR, UNKNOWN, analyse
from s2sgrad.emit import to_source
from s2sgrad.errors import SourceUnavailableError, UnsupportedSyntaxError
from s2sgrad.normalize import normalize
from s2sgrad.parsing import parse_function

K = 2.0


def mlp_layer(x, w, b):
    h = np.tanh(x @ w + b)
    return np.sum(h * h)


def with_exits(x):
    s = 0.0
    for v in x:
        if v > 1.0:
            break
        if v < 0.0:
            continue
        s = s + v
    return s


def mixed(x, n, w):
    k = n + 1
    y = x * k
    z = np.sum(w) * K
    c = y > 0
    return np.sum(y * c) + z


def _normal(fun):
    node, info = parse_function(fun)
    return normalize(node, info)


def _source(nf):
    return to_source(gast.Module(body=nf.body, type_ignores=[]))


def test_parse_finds_the_def_with_file_positions():
    node, info = parse_function(mlp_layer)
    assert node.name == "mlp_layer"
    assert info.line(node.lineno).startswith("def mlp_layer")
    assert info.filename.endswith("test_stages.py")


def test_parse_lambda_and_errors():
    node, _ = parse_function(lambda x: x * 2.0)
    assert isinstance(node.body[0], gast.Return)
    with pytest.raises(SourceUnavailableError):
        parse_function(np.sin)


def test_normal_form_has_one_operation_per_statement_with_readable_names():
    nf = _normal(mlp_layer)
    assert _source(nf).splitlines() == [
        "h_matmul = x @ w",
        "h_add = h_matmul + b",
        "h = np.tanh(h_add)",
        "result_mul = h * h",
        "result = np.sum(result_mul)",
    ]
    assert nf.result == "result"


def test_normal_form_resolves_calls_to_objects():
    nf = _normal(mlp_layer)
    calls = [
        n for n in gast.walk(gast.Module(body=nf.body, type_ignores=[])) if isinstance(n, gast.Call)
    ]
    assert {anno.get(c, "fn") for c in calls} == {np.tanh, np.sum}


def test_exits_become_flags_and_guards():
    nf = _normal(with_exits)
    src = _source(nf)
    assert "break" in src and "broke = True" in src and "continued = True" in src
    assert "return" not in src and nf.result == "s"  # one exit: the result name
    assert "for v in" not in src  # iteration over an array becomes a loop over range


def test_activity_follows_only_differentiated_inputs():
    nf = _normal(mixed)
    analysis = analyse(nf, ["x"], {"x": ARRAY, "n": SCALAR, "w": ARRAY})
    assert {"x", "y"} <= analysis.active
    assert not {"n", "k", "w", "z", "c"} & analysis.active


def test_kinds_track_scalars_through_arithmetic_and_globals():
    nf = _normal(mixed)
    kinds = analyse(nf, ["x"], {"x": ARRAY, "n": SCALAR, "w": ARRAY}).kinds
    assert kinds["k"] == SCALAR and kinds["y"] == ARRAY and kinds["z"] == SCALAR
    assert analyse(nf, ["x"], {}).kinds["y"] == UNKNOWN


def uses_del(x):
    del x
    return 2.0


def test_unsupported_statement_is_located():
    node, info = parse_function(uses_del)
    with pytest.raises(UnsupportedSyntaxError) as err:
        normalize(node, info)
    assert err.value.lineno == node.lineno + 1 and "del" in str(err.value)


# -- s2sgrad.stages: every stage of the one pipeline, as text ---------------------------------


def _loop_loss(w, x):
    h = np.tanh(x @ w)
    total = 0.0
    for i in range(h.shape[0]):
        if h[i, 0] > 0.0:
            total = total + h[i, 0] ** 2
    return total


def _writes(x):
    y = x * 2.0
    y[0] = y[1] * x[0]
    return np.sum(y)


STAGE_NAMES = [
    "parse",
    "exits",
    "normalize",
    "activity",
    "validate",
    "reverse",
    "optimize",
    "saves",
    "emit",
]
FORWARD_STAGE_NAMES = ["parse", "exits", "normalize", "activity", "validate", "forward", "emit"]


@pytest.mark.parametrize(
    "fun, args",
    [
        (_loop_loss, (np.ones((3, 2)), np.ones((4, 3)))),
        (mlp_layer, (np.ones(3), np.ones((3, 2)), np.ones(2))),
        (_writes, (np.arange(1.0, 4.0),)),
        (lambda x: x * x, (2.0,)),
    ],
)
def test_stages_are_the_pipeline_in_order_and_end_in_the_real_source(fun, args):
    import s2sgrad
    from s2sgrad import pipeline
    from s2sgrad.api import argument_type

    out = s2sgrad.stages(fun, *args)
    assert list(out) == STAGE_NAMES
    assert out["emit"] == s2sgrad.grad(fun).source_for(*args)
    kinds = {
        p: "array" if isinstance(a, np.ndarray) else "scalar"
        for p, a in zip(fun.__code__.co_varnames, args)
    }
    types = tuple((p, argument_type(a)) for p, a in zip(fun.__code__.co_varnames, args))
    unit = pipeline.build_top(fun, (fun.__code__.co_varnames[0],), kinds, types=types)
    assert out["saves"] == str(unit.saves) + "\n"
    # the clean-up passes remove statements and rename copies, never add statements
    assert len(out["optimize"].splitlines()) <= len(out["reverse"].splitlines())


def test_the_clean_up_passes_show_between_reverse_and_optimize():
    import s2sgrad

    out = s2sgrad.stages(_loop_loss, np.ones((3, 2)), np.ones((4, 3)))
    assert "dcond_item = 0.0" in out["reverse"]  # an adjoint nothing reads
    assert "dcond_item" not in out["optimize"]
    assert "total_stack" in out["saves"]


def test_validate_stage_names_the_names_changed_in_place():
    import s2sgrad

    assert s2sgrad.stages(_writes, np.arange(1.0, 4.0))["validate"] == "# changed in place: y\n"
    assert (
        s2sgrad.stages(mlp_layer, np.ones(3), np.ones((3, 2)), np.ones(2))["validate"]
        == "# changed in place: (none)\n"
    )


def test_stages_does_not_fill_the_cache():
    import s2sgrad
    from s2sgrad import pipeline

    before = dict(pipeline._units)
    s2sgrad.stages(_writes, np.arange(1.0, 4.0))
    assert pipeline._units.keys() == before.keys()


def _early_exit(x, w):
    for i in range(3):
        if x[i] > 1.0:
            break
        w = w * x[i]
    return np.sum(np.tanh(w))


def _early_return(x):
    for i in range(3):
        if x[i] > 10.0:
            return np.sum(x)
    return np.sum(x * x)


def _branch_return(x):
    if np.sum(x) > 10.0:
        return np.sum(x)
    return np.sum(x * x)


@pytest.mark.parametrize(
    "fun, args",
    [
        (_loop_loss, (np.ones((3, 2)), np.ones((4, 3)))),
        (mlp_layer, (np.ones(3), np.ones((3, 2)), np.ones(2))),
        (_writes, (np.arange(1.0, 4.0),)),
        (lambda x: x * x, (2.0,)),
        (_early_exit, (np.ones(3), 2.0)),
        (_early_return, (np.ones(3),)),
    ],
)
def test_forward_stages_are_the_pipeline_in_order_and_end_in_the_jvp_source(fun, args):
    import s2sgrad

    out = s2sgrad.stages(fun, *args, mode="forward")
    assert list(out) == FORWARD_STAGE_NAMES
    assert out["emit"] == s2sgrad.source(fun, mode="forward")
    assert out["forward"] in out["emit"]  # the generated def, before the cells are bound
    for name in ("parse", "exits", "normalize", "activity", "validate"):
        assert out[name] == s2sgrad.stages(fun, *args)[name]  # one pipeline up to the mode


@pytest.mark.parametrize(
    "fun, args, flag",
    [
        (_early_exit, (np.ones(3), 2.0), "broke"),
        (_early_return, (np.ones(3),), "returned"),
        (_loop_loss, (np.ones((3, 2)), np.ones((4, 3))), None),
    ],
)
def test_exits_stage_shows_the_flags_before_the_normal_form(fun, args, flag):
    import s2sgrad

    out = s2sgrad.stages(fun, *args)
    if flag is None:  # nothing to lower: the parsed function, its docstring dropped
        assert "broke" not in out["exits"] and "returned" not in out["exits"]
        assert out["exits"].count("return") == 1
    else:
        assert f"{flag} = True" in out["exits"] and flag not in out["parse"]
        assert out["exits"].count("return ") == 1  # one return, at the end
    # the exits stage is still structured code: normal form comes after it
    assert len(out["exits"].splitlines()) < len(out["normalize"].splitlines())


def test_exits_stage_makes_a_returning_branch_an_if_else():
    import s2sgrad

    out = s2sgrad.stages(_branch_return, np.ones(3))["exits"]
    assert "returned" not in out and "else:" in out, out
    assert out.count("return ") == 1 and out.count("retval = ") == 2, out


def test_forward_validate_stage_names_the_names_changed_in_place():
    import s2sgrad

    assert (
        s2sgrad.stages(_writes, np.arange(1.0, 4.0), mode="forward")["validate"]
        == "# changed in place: y\n"
    )


def test_stages_rejects_an_unknown_mode():
    import s2sgrad

    with pytest.raises(ValueError, match="unknown mode 'sideways'"):
        s2sgrad.stages(_writes, np.arange(1.0, 4.0), mode="sideways")


def test_spread_grows_activity_to_a_fixpoint_in_any_order():
    from s2sgrad.activity import spread

    def assign(target, *reads):
        return (
            target,
            gast.Tuple(elts=[gast.Name(id=r, ctx=gast.Load()) for r in reads], ctx=gast.Load()),
            None,
        )

    defs = [assign("c", "b"), assign("b", "a"), assign("d", "e"), assign("a", "x")]
    active = {"x"}
    out = spread(defs, active, lambda value, stmt: bool({e.id for e in value.elts} & active))
    assert out is active and active == {"x", "a", "b", "c"}  # d reads only e: not active


def _bitor(x):
    return x | 2.0


def _floordiv(x):
    return x // 2.0 + x


def _not(x):
    y = not x
    return x * 2.0 + y


def test_operator_primitives_are_one_table_for_both_modes():
    import s2sgrad
    from s2sgrad.errors import NonDifferentiableError

    for transform in (lambda f: s2sgrad.grad(f)(3.0), lambda f: s2sgrad.jvp(f, (3.0,), (1.0,))):
        with pytest.raises(
            NonDifferentiableError, match="the operator BitOr has no derivative"
        ) as info:
            transform(_bitor)
        assert "test_stages.py" in str(info.value) and "x | 2.0" in str(info.value)
    assert s2sgrad.grad(_floordiv)(3.0) == 1.0  # x // 2.0 is piecewise constant
    assert s2sgrad.jvp(_floordiv, (3.0,), (1.0,))[1] == 1.0
    assert s2sgrad.grad(_not)(3.0) == 2.0
    assert s2sgrad.jvp(_not, (3.0,), (1.0,))[1] == 2.0
