"""Dump generated sources (reverse, forward, forward over reverse) of the rule table's
functions, the examples and the README functions into a directory, one file per function
and mode, to diff the generated code before and after a change to the rules:

    .venv/bin/python tests/dump_sources.py /tmp/before   # on the old commit
    .venv/bin/python tests/dump_sources.py /tmp/after
    diff -r /tmp/before /tmp/after
"""

import os
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")
root = os.getcwd()
sys.path[:0] = [os.path.join(root, "tests"), root]
import test_rules  # noqa: E402

import s2sgrad  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)


def dump(tag, fn, args, argnums):
    try:
        text = s2sgrad.grad(fn, argnums=argnums).source_for(*args)
    except Exception as e:  # noqa: BLE001
        text = f"ERROR {type(e).__name__}: {e}"
    write(f"{tag}.rev.py", text)
    try:
        text = s2sgrad.source(fn, argnums=argnums, mode="forward")
    except Exception as e:  # noqa: BLE001
        text = f"ERROR {type(e).__name__}: {e}"
    write(f"{tag}.fwd.py", text)
    try:
        from s2sgrad.transforms import ForwardDerivative

        nums = argnums if isinstance(argnums, int) else argnums[0]
        jac = ForwardDerivative(s2sgrad.grad(fn, argnums=nums), nums, "jacfwd")
        text = jac.source_for(*args)
    except Exception as e:  # noqa: BLE001
        text = f"ERROR {type(e).__name__}: {e}"
    write(f"{tag}.fwdrev.py", text)


seen = set()
for path in sorted(test_rules.CASES):
    for i, c in enumerate(test_rules.CASES[path]):
        if (c.fn, i) in seen:
            continue
        seen.add((c.fn, i))
        seed = sum(map(ord, f"{path}/{c.fn.__name__}")) * 101 + i
        args = c.make_args(np.random.default_rng(seed))
        dump(f"{c.fn.__name__}.{i}", c.fn, args, c.argnums)

import examples.mlp as mlp  # noqa: E402
import examples.rnn as rnn  # noqa: E402

rng = np.random.default_rng(0)
dump(
    "mlp.loss",
    mlp.loss,
    (rng.standard_normal((4, 3)), rng.standard_normal((3, 5)), rng.standard_normal((5, 2))),
    (1, 2),
)
dump("rnn.rnn_loss", rnn.rnn_loss, (rng.standard_normal((3, 3)), rng.standard_normal((4, 3))), 0)


def readme_f(x, w):
    return np.sum(np.tanh(x @ w) ** 2)


def readme_g(x):
    return np.sum(np.sin(x))


dump("readme.f", readme_f, (np.ones((2, 3)), np.full((3, 2), 0.1)), (0, 1))
dump("readme.g", readme_g, (np.ones(3),), 0)
dump("readme.cube", lambda t: t**3, (2.0,), 0)
