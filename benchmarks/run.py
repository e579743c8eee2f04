"""Run the s2sgrad benchmark suite and print Markdown tables.

python benchmarks/run.py            # full sizes, timings, ratios and errors
python benchmarks/run.py --smoke    # reduced sizes, correctness only (exit 1 on mismatch)
python benchmarks/run.py --threads 1  # single-threaded BLAS/OpenMP/XLA (steadier when loaded)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import traceback
from dataclasses import dataclass


def _limit_threads(argv):
    """Apply ``--threads N`` before NumPy, torch and JAX create their thread pools."""
    for i, arg in enumerate(argv):
        if arg.startswith("--threads"):
            n = arg.split("=", 1)[1] if "=" in arg else argv[i + 1]
            for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ[var] = n
            if n == "1":
                flags = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
                os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {flags}".strip()


_limit_threads(sys.argv[1:])

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from competitors import ADAPTERS, Adapter  # noqa: E402
from workloads import WORKLOADS, Workload  # noqa: E402

TOL = 1e-6
FD_TOL = 1e-6
REFERENCE = ("forward", "hand")  # columns that are not gradient competitors
MUST_WORK = ("hand", "s2sgrad")  # errors here fail the smoke run


@dataclass
class Result:
    time_s: float | None = None
    first_s: float | None = None
    err: float | None = None
    error: str = ""
    note: str = ""
    fd_err: float | None = None  # finite-difference check (hand-written gradient, smoke only)

    @property
    def one_time_s(self):
        if self.first_s is None or self.time_s is None:
            return None
        return max(self.first_s - self.time_s, 0.0)


def measure(call, min_sample_s: float, samples: int) -> float:
    """Median per-call time: warm-up, pick inner loops so a sample takes >= min_sample_s."""
    call()
    loops = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(loops):
            call()
        elapsed = time.perf_counter() - t0
        if elapsed >= min_sample_s:
            break
        loops = max(2 * loops, int(1.2 * loops * min_sample_s / max(elapsed, 1e-9)))
    times = [elapsed / loops]
    for _ in range(samples - 1):
        t0 = time.perf_counter()
        for _ in range(loops):
            call()
        times.append((time.perf_counter() - t0) / loops)
    return statistics.median(times)


def max_rel_err(got: tuple, ref: tuple) -> float:
    """Largest |got - ref| over all gradients, each relative to max |ref| of that gradient."""
    if len(got) != len(ref):
        raise ValueError(f"expected {len(ref)} gradients, got {len(got)}")
    worst = 0.0
    for g, r in zip(got, ref, strict=True):
        g, r = np.asarray(g, dtype=np.float64), np.asarray(r, dtype=np.float64)
        if g.shape != r.shape:
            raise ValueError(f"gradient shape {g.shape} != expected {r.shape}")
        scale = max(float(np.max(np.abs(r))), 1e-300)
        worst = max(worst, float(np.max(np.abs(g - r))) / scale)
    return worst


def fd_check(wl: Workload, args: tuple, grads: tuple) -> float:
    """Relative error of the gradient's directional derivative vs a central difference."""
    rng = np.random.default_rng(0)
    dirs = {i: rng.standard_normal(np.shape(args[i])) for i in wl.argnums}
    dirs = {i: float(d) if np.ndim(d) == 0 else d for i, d in dirs.items()}
    eps = 1e-6

    def shifted(s):
        return [a + s * eps * dirs[i] if i in dirs else a for i, a in enumerate(args)]

    fd = (wl.fun(*shifted(1.0)) - wl.fun(*shifted(-1.0))) / (2 * eps)
    exact = sum(float(np.sum(g * dirs[i])) for g, i in zip(grads, wl.argnums, strict=True))
    return abs(fd - exact) / max(abs(exact), 1e-12)


def short(exc: BaseException, limit: int = 70) -> str:
    msg = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return msg if len(msg) <= limit else msg[: limit - 3] + "..."


def fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    return f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s"


def fmt_ratio(x: float) -> str:
    return f"{x:.0f}x" if x >= 100 else f"{x:.1f}x" if x >= 10 else f"{x:.2f}x"


def load_adapters(names):
    loaded, skipped = [], {}
    for cls in ADAPTERS:
        if names and cls.name not in names:
            continue
        adapter = cls()
        try:
            adapter.load()
        except Exception as exc:  # an optional dependency that is missing or broken
            skipped[cls.name] = short(exc)
            continue
        loaded.append(adapter)
    return loaded, skipped


def run_workload(wl: Workload, adapters: list[Adapter], opts) -> dict[str, Result]:
    args = wl.make_args(opts.smoke)
    ref = wl.hand_grad(*args)
    results = {}
    for adapter in adapters:
        res = results[adapter.name] = Result()
        try:
            prep = adapter.prepare(wl, args)
            res.first_s, res.note = prep.first_s, prep.note
            if adapter.name != "forward":
                res.err = max_rel_err(prep.to_numpy(prep.call()), ref)
            if not opts.smoke:
                res.time_s = measure(prep.call, opts.min_time, opts.samples)
        except Exception as exc:
            res.error = short(exc)
            if opts.verbose:
                traceback.print_exc()
        if opts.show_source and adapter.name == "s2sgrad":
            fn = getattr(adapter, "last_grad_fn", None)
            src = fn.source_for(*args) if hasattr(fn, "source_for") else getattr(fn, "source", None)
            print(f"\n<!-- s2sgrad source for {wl.name} -->\n```python\n{src}\n```\n")
    if opts.smoke and "hand" in results:
        results["hand"].fd_err = fd_check(wl, args, ref)
    return results


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine_lines(adapters, skipped) -> list[str]:
    versions = ", ".join(f"{a.name} {a.version()}" for a in adapters if a.name not in REFERENCE)
    lines = [
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs",
        f"- load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- python {platform.python_version()}, numpy {np.__version__}, "
        f"OMP/BLAS threads: {os.environ.get('OMP_NUM_THREADS', 'default')}",
        f"- gradient providers: {versions or 'none'}",
    ]
    lines += [f"- skipped {name}: {why}" for name, why in skipped.items()]
    return lines


def report(workloads, names, all_results, opts) -> tuple[str, list[str]]:
    """Render the tables; return them with the list of correctness failures."""
    failures, time_rows, err_rows, once_rows = [], [], [], []
    err_names = [n for n in names if n != "forward"]
    once_names = [n for n in names if n in ("s2sgrad", "tangent", "jax-jit")]
    for wl in workloads:
        res = all_results[wl.name]
        hand = res["hand"].time_s
        time_row, err_row, once_row = [wl.name, wl.size], [wl.name], [wl.name]
        for name in names:
            r = res[name]
            if r.error:
                cell = f"fails: {r.error}"
                if name in MUST_WORK:
                    failures.append(f"{wl.name}/{name}: {r.error}")
            elif r.time_s is None:
                cell = "ok"
            elif name not in REFERENCE and hand:
                cell = f"{fmt_time(r.time_s)} ({fmt_ratio(r.time_s / hand)})"
            else:
                cell = fmt_time(r.time_s)
            time_row.append(cell + (f" [{r.note}]" if r.note else ""))
            if name == "forward":
                continue
            if r.fd_err is not None:
                bad = not r.fd_err < FD_TOL
                err_row.append(f"fd {r.fd_err:.1e}" + (" MISMATCH" if bad else ""))
                if bad:
                    failures.append(f"{wl.name}/{name}: finite-difference rel err {r.fd_err:.2e}")
            elif r.err is not None:
                bad = not r.err < TOL
                err_row.append(f"{r.err:.1e}" + (" MISMATCH" if bad else ""))
                if bad:
                    failures.append(f"{wl.name}/{name}: max rel err {r.err:.2e} >= {TOL:g}")
            else:
                err_row.append("fails" if r.error else "-")
            if name in once_names:
                once_row.append(fmt_time(r.one_time_s))
        time_rows.append(time_row)
        err_rows.append(err_row)
        once_rows.append(once_row)

    out = []
    if not opts.smoke:
        out += ["## Gradient time (median per call; ratio over the hand-written gradient)", ""]
        out += [table(["workload", "size"] + names, time_rows), ""]
    else:
        rows = [row[:1] + row[2:] for row in time_rows]  # sizes are reduced in smoke mode
        out += ["## Status", "", table(["workload"] + names, rows), ""]
    out += ["## Max relative error vs the hand-written gradient", ""]
    if opts.smoke:
        out += ["(hand column: directional finite-difference check of the hand gradient)", ""]
    out += [table(["workload"] + err_names, err_rows), ""]
    if not opts.smoke and once_names:
        out += ["## One-time cost (first call minus steady call: transform / compile)", ""]
        out += [table(["workload"] + once_names, once_rows), ""]
    tiny = all_results.get("tiny", {})
    if not opts.smoke and "s2sgrad" in tiny and tiny["s2sgrad"].time_s and "hand" in tiny:
        overhead = tiny["s2sgrad"].time_s - tiny["hand"].time_s
        out += [
            f"s2sgrad per-call overhead (tiny: grad call minus hand call): {overhead * 1e6:.1f} µs",
            "",
        ]
    return "\n".join(out), failures


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--smoke", action="store_true", help="small sizes, correctness only")
    p.add_argument("--samples", type=int, default=7, help="timing samples per measurement")
    p.add_argument("--min-time", type=float, default=0.02, help="minimum seconds per sample")
    p.add_argument("--workloads", default="", help="comma-separated subset of workloads")
    p.add_argument("--methods", default="", help="comma-separated subset of providers")
    p.add_argument("--threads", help="thread count for BLAS/OpenMP/XLA (set before import)")
    p.add_argument("--show-source", action="store_true", help="print s2sgrad generated source")
    p.add_argument("-v", "--verbose", action="store_true", help="print tracebacks")
    opts = p.parse_args(argv)

    wanted = {w for w in opts.workloads.split(",") if w}
    methods = {m for m in opts.methods.split(",") if m} | set(REFERENCE)
    workloads = [wl for wl in WORKLOADS if not wanted or wl.name in wanted]
    adapters, skipped = load_adapters(methods if opts.methods else None)
    names = [a.name for a in adapters]

    t0 = time.perf_counter()
    print("# s2sgrad benchmarks" + (" (smoke)" if opts.smoke else ""), "", sep="\n")
    print("\n".join(machine_lines(adapters, skipped)), "", sep="\n", flush=True)
    all_results = {wl.name: run_workload(wl, adapters, opts) for wl in workloads}
    text, failures = report(workloads, names, all_results, opts)
    print(text)
    if opts.smoke and "s2sgrad" in skipped:
        failures.append(f"s2sgrad unavailable: {skipped['s2sgrad']}")
    print(f"total {time.perf_counter() - t0:.1f} s")
    for f in failures:
        print(f"FAILED {f}", file=sys.stderr)
    return 1 if opts.smoke and failures else 0


if __name__ == "__main__":
    sys.exit(main())
