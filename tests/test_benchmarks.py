"""The benchmark suite in its reduced "smoke" size: every installed framework's gradient
is checked against the hand-written one (timings are not checked here)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke_run_checks_every_gradient():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    out = proc.stdout
    assert "## Status" in out
    for workload in ("scalar", "logistic", "mlp", "rnn", "chain"):
        assert f"| {workload} |" in out
    status = out[out.index("## Status") :]
    status = status[: status.index("\n## ", 5)] if "\n## " in status[5:] else status
    assert "FAIL" not in status.upper().replace("FAILS:", "")
