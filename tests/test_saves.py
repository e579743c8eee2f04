"""Save planning (reverse.SavePlan) on small programs: what the adjoint sweep reads and
which values the primal sweep overwrites first, so saves."""

import numpy as np
import pytest

from s2sgrad import pipeline
from s2sgrad.reverse import Save, SavePlan


def plan_of(fun, wrt=("x",)):
    code = fun.__code__
    kinds = {p: "array" for p in code.co_varnames[: code.co_argcount]}
    unit = pipeline.build_top(fun, tuple(wrt), kinds)
    return unit.saves, unit.source


def straight(x):
    return np.sum(np.sin(x) * x)


def overwrite(x):
    y = np.sin(x)
    z = y * y
    y = np.cos(x)
    return np.sum(z * y)


def loop(x, w):
    h = x
    for _ in range(3):
        h = np.tanh(h * w)
    return np.sum(h)


def nested(x):
    s = 0.0
    for _ in range(2):
        for _ in range(3):
            s = s + np.sin(x * s)
    return s


def twice(x):
    y = x * x
    y = np.exp(y)
    y = np.sin(y)
    return np.sum(y)


def test_straight_line_code_saves_nothing():
    plan, _ = plan_of(straight)
    assert plan.saves == ()
    assert set(plan.reads) == {"x", "result_sin", "result_mul"}
    assert str(plan) == "reads: result_mul, result_sin, x\nsaves: (nothing)"


def test_an_overwritten_value_is_saved_once():
    plan, source = plan_of(overwrite)
    assert plan.saves == (Save("y", "y_saved", False, overwrite.__code__.co_firstlineno + 3),)
    assert "y_saved = y" in source and "y = y_saved" in source
    assert (
        str(plan).splitlines()[1]
        == f"y: saved in y_saved (line {overwrite.__code__.co_firstlineno + 3})"
    )


def test_only_the_overwritten_values_the_adjoint_reads_are_saved():
    # sin's adjoint reads its argument y (overwritten by y = np.sin(y): saved); exp's
    # adjoint reads its result y_exp (never overwritten: read, not saved)
    plan, source = plan_of(twice)
    line = twice.__code__.co_firstlineno + 3
    assert plan.saves == (Save("y", "y_saved", False, line),)
    assert "y_exp" in plan.reads
    assert "y_saved = y" in source


def test_a_loop_saves_one_value_per_iteration():
    plan, source = plan_of(loop)
    (save,) = plan.saves
    assert (save.var, save.slot, save.per_iteration) == ("h", "h_stack", True)
    assert "h_stack.append(h)" in source and "h = h_stack.pop()" in source
    assert "w" in plan.reads and "h" in plan.reads
    assert "h: saved on h_stack, one per loop iteration" in str(plan)


def test_loop_wrt_an_unchanged_parameter_saves_nothing_for_it():
    plan, _ = plan_of(loop, wrt=("w",))
    assert plan.saved("w") == [] and plan.saved("x") == []


def test_nested_loops_save_inner_values_and_shapes():
    plan, source = plan_of(nested)
    by_var = {s.var: s for s in plan.saves}
    assert by_var["s"].per_iteration
    shape_only = [s for s in plan.saves if s.shape_only]
    assert shape_only and all(f"shape_of({s.var})" in source for s in shape_only)
    assert "(its shape)" in str(plan)


@pytest.mark.parametrize("fun", [straight, overwrite, loop, nested, twice])
def test_every_planned_slot_is_in_the_source_and_every_slot_is_planned(fun):
    plan, source = plan_of(fun)
    for s in plan.saves:
        assert s.slot in source
    stacks = {
        line.split("=")[0].strip() for line in source.splitlines() if line.strip().endswith("= []")
    }
    assert stacks == {s.slot for s in plan.saves if s.per_iteration}


def test_the_plan_prints():
    plan = SavePlan(
        ("h", "w"), (Save("h", "h_stack", True, 4), Save("w", "w_saved", False, None, True))
    )
    assert str(plan) == (
        "reads: h, w\nh: saved on h_stack, one per loop iteration (line 4)\n"
        "w (its shape): saved in w_saved"
    )
