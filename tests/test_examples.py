"""Every example runs as the README says, exits 0 and prints what it promises."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_example(name, tmp_path, *args):
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quickstart(tmp_path):
    out = run_example("quickstart.py", tmp_path)
    assert re.search(r"accuracy 9\d\.\d%", out)


def test_digits_mlp_reaches_the_stated_accuracy(tmp_path):
    out = run_example("digits_mlp.py", tmp_path, "--out", "curve.png")
    accuracy = float(re.search(r"final test accuracy ([\d.]+)%", out).group(1))
    assert accuracy >= 95.0
    assert "def loss_grad(" in out
    assert (tmp_path / "curve.png").stat().st_size > 1000


def test_projectile_fit_recovers_the_parameters(tmp_path):
    out = run_example("projectile_fit.py", tmp_path, "--out", "fit.png")
    assert "Optimization terminated successfully" in out
    angle, true_angle = map(
        float, re.search(r"angle +([\d.]+) deg +\(true +([\d.]+)\)", out).groups()
    )
    drag, true_drag = map(float, re.search(r"drag +([\d.]+) +\(true ([\d.]+)\)", out).groups())
    assert abs(angle - true_angle) < 0.5 and abs(drag - true_drag) < 0.005
    assert (tmp_path / "fit.png").stat().st_size > 1000


def test_rnn_training_curve(tmp_path):
    out = run_example("rnn.py", tmp_path, "--out", "rnn.png")
    start, end = map(float, re.search(r"fell from ([\d.]+) to ([\d.]+)", out).groups())
    assert end < 0.1 * start
    assert (tmp_path / "rnn.png").stat().st_size > 1000


def test_aot_deploy(tmp_path):
    out = run_example("aot_deploy.py", tmp_path)
    assert "largest difference from s2sgrad.grad: 0.0e+00" in out
    assert "is_stale(): False" in out


def test_dask_logistic_regression_small(tmp_path):
    """The cluster example at a small size (the full 3 GiB run takes minutes: README)."""
    pytest.importorskip("dask.distributed")
    out = run_example(
        "dask_logistic_regression.py",
        tmp_path,
        "--rows",
        "200000",
        "--chunk-rows",
        "50000",
        "--steps",
        "3",
    )
    losses = [float(v) for v in re.findall(r"loss ([\d.]+)", out)]
    assert len(losses) >= 3 and losses[-1] < losses[0]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "examples").glob("*.py")))
def test_every_example_has_a_test(name):
    tested = {
        "quickstart.py",
        "digits_mlp.py",
        "projectile_fit.py",
        "rnn.py",
        "aot_deploy.py",
        "mlp.py",
        "dask_logistic_regression.py",
    }
    if name not in tested:
        pytest.fail(f"examples/{name} has no test in tests/test_examples.py")
