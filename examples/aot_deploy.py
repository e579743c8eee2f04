"""Ahead of time: write a derivative module with the CLI, import it, use it.

    python examples/aot_deploy.py

Runs ``python -m s2sgrad compile examples.mlp:loss --argnums 1,2 -o <dir>/mlp_grad.py``,
imports the written module (it needs only NumPy and ``examples.mlp`` for the module
global ``DECAY``), trains the network of ``examples/mlp.py`` for a few steps with it,
checks it against ``s2sgrad.grad`` and asks it whether its source is stale.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from examples.mlp import loss

    with tempfile.TemporaryDirectory() as out:
        target = Path(out) / "mlp_grad.py"
        cmd = [
            sys.executable,
            "-m",
            "s2sgrad",
            "compile",
            "examples.mlp:loss",
            "--argnums",
            "1,2",
            "-o",
            str(target),
        ]
        print("$", " ".join(["python", *cmd[1:-1], "mlp_grad.py"]))
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        )
        done = subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
        print(done.stdout.strip().replace(str(target), "mlp_grad.py"))
        print(f"wrote {target.stat().st_size} bytes; its imports:")
        for line in target.read_text().splitlines():
            if line.startswith(("import ", "from ")) and "__future__" not in line:
                print("   ", line)

        spec = importlib.util.spec_from_file_location("mlp_grad", target)
        mlp_grad = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mlp_grad)

        rng = np.random.default_rng(0)
        x = rng.normal(size=(32, 8))
        w1, w2 = rng.normal(size=(8, 16)) * 0.3, rng.normal(size=(16, 1)) * 0.3
        for step in range(61):
            dw1, dw2 = mlp_grad.grad_loss(x, w1, w2)
            if step % 20 == 0:
                print(f"step {step:3d}  loss {loss(x, w1, w2):.4f}")
            w1, w2 = w1 - 0.01 * dw1, w2 - 0.01 * dw2

        import s2sgrad

        live = s2sgrad.grad(loss, argnums=(1, 2))(x, w1, w2)
        written = mlp_grad.grad_loss(x, w1, w2)
        error = max(float(np.max(np.abs(a - b))) for a, b in zip(live, written))
        print(f"largest difference from s2sgrad.grad: {error:.1e}")
        print(f"is_stale(): {mlp_grad.is_stale()} (True once examples/mlp.py changes)")


if __name__ == "__main__":
    main()
