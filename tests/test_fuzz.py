"""Random-program fuzzing of reverse (and, when present, forward) mode against finite
differences: a fixed-seed batch of generated NumPy programs (tests/fuzz/generator.py).

A longer run is one command away::

    python tests/fuzz/run.py --seed 100000 --count 20000 --jobs 8

Every failure of the batch must match a known s2sgrad bug below; each known bug has its
own strict xfail test asserting that no program of the batch hits it, so that a fix
shows up as an XPASS (remove the marker then).
"""

from __future__ import annotations

import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fuzz"))

from run import reproducer, run_parallel, summarize  # noqa: E402

SEED = 20240601
COUNT = int(os.environ.get("S2S_FUZZ_COUNT", "2000"))
JOBS = int(os.environ.get("S2S_FUZZ_JOBS", "2"))

# known bugs: name -> (regex on the failure message, reason)
KNOWN = {
    "alias_after_inplace": (
        r"is changed in place elsewhere, so this alias would see the change",
        "`y = acc` is rejected whenever acc is updated in place (`acc += x`) anywhere in the "
        "function, even when the alias is made after the last in-place update",
    ),
}


@pytest.fixture(scope="module")
def batch():
    start = time.perf_counter()
    results = run_parallel(SEED, COUNT, JOBS)
    elapsed = time.perf_counter() - start
    failed = [r for r in results if r.status == "fail"]
    known = {name: [] for name in KNOWN}
    unknown = []
    for r in failed:
        for name, (pattern, _) in KNOWN.items():
            if re.search(pattern, r.message):
                known[name].append(r)
                break
        else:
            unknown.append(r)
    summary = f"{summarize(results)} in {elapsed:.1f}s ({JOBS} processes)"
    for name, rs in known.items():
        if rs:
            summary += f"\n  known bug {name}: {len(rs)} programs, e.g. {reproducer(rs[0].seed)}"
    print("\n" + summary)
    return results, known, unknown


def test_fuzz_batch(batch):
    results, known, unknown = batch
    assert len(results) == COUNT
    checked = sum(r.status == "ok" for r in results)
    nonfinite = sum(r.status == "nonfinite" for r in results)
    # the generator keeps values finite by construction: nearly every program is checked
    assert nonfinite <= COUNT // 100, f"{nonfinite} programs had non-finite values"
    assert checked + sum(len(v) for v in known.values()) + len(unknown) + nonfinite == COUNT
    assert not unknown, "\n".join(r.report() for r in unknown[:10]) + \
        f"\n{len(unknown)} unexpected failures"


def _known_bug_test(name):
    pattern, reason = KNOWN[name]

    @pytest.mark.xfail(reason=reason, strict=True)
    def test(batch):
        _, known, _ = batch
        hits = known[name]
        assert not hits, f"{len(hits)} programs hit {name}:\n" + hits[0].report()

    test.__name__ = f"test_fuzz_known_bug_{name}"
    return test


test_fuzz_known_bug_alias_after_inplace = _known_bug_test("alias_after_inplace")


def test_fuzz_detects_a_wrong_gradient(monkeypatch, tmp_path):
    """The checker itself: a gradient perturbed by 1e-4 relative is caught."""
    import numpy as np
    import run as fuzz_run
    from generator import generate

    import s2sgrad

    real = s2sgrad.value_and_grad

    def wrong(f, argnums=None, argnames=()):
        inner = real(f, argnums=argnums, argnames=argnames)

        def call(*args):
            value, grads = inner(*args)
            return value, tuple(np.asarray(g) * (1 + 1e-4) + 1e-4 for g in grads)

        return call

    monkeypatch.setattr(fuzz_run.s2sgrad, "value_and_grad", wrong)
    results = [fuzz_run.check_program(generate(s), str(tmp_path)) for s in range(5)]
    assert all(r.status == "fail" and "reverse-mode gradient" in r.message for r in results)
