"""Shrink a bad fuzz program to a small one that fails the same way.

    python tests/fuzz/reduce.py --seed 870
    python tests/fuzz/reduce.py --seed 870 --constructs dict,alias

Greedily deletes statements (a compound statement with its block), replaces a compound
statement by one of its blocks, shortens loops, deletes return terms, unused helpers and
decorators, while the program stays valid and the fuzzer's check still ends in the same
outcome class (the same kind of wrong derivative, or the same exception at the same
s2sgrad function); prints the reduced program.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from constructs import parse_constructs  # noqa: E402
from generator import Program, generate  # noqa: E402
from run import BAD, check_program  # noqa: E402


def signature(result) -> tuple:
    """The class of a bad outcome: status, kind and (crashes) the s2sgrad function."""
    where = re.sub(r":\d+ in ", " in ", result.where)
    where = re.sub(r"generated code \(.*\)", "generated code", where)
    return result.status, result.kind, where


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block_end(lines, i):
    indent = _indent(lines[i])
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > indent):
        j += 1
    # keep elif/else with their if: deleting an if deletes the whole chain
    while (
        j < len(lines)
        and lines[j].strip().startswith(("elif", "else"))
        and _indent(lines[j]) == indent
    ):
        j = _block_end(lines, j)
    return j


def _branches(lines, i, end):
    """The blocks of the compound statement at ``i`` (an if chain: one per branch)."""
    indent = _indent(lines[i])
    out, start = [], i + 1
    for j in range(i + 1, end + 1):
        if j == end or (
            lines[j].strip().startswith(("elif", "else")) and _indent(lines[j]) == indent
        ):
            body = [x for x in lines[start:j] if x.strip()]
            if body:
                out.append(body)
            start = j + 1
    return out


def _candidates(lines):
    for i, ln in enumerate(lines):
        s = ln.strip()
        if s.startswith("@") and not ln.startswith(" "):
            yield lines[:i] + lines[i + 1 :]
            continue
        if not s or s.startswith(("import", "from ", "def ", "return", "elif", "else")):
            if s.startswith("def ") and not ln.startswith(" "):
                name = s[4 : s.index("(")]
                if name != "f":
                    start = i
                    while start > 0 and lines[start - 1].startswith("@"):
                        start -= 1
                    yield lines[:start] + lines[_block_end(lines, i) :]
            if s.startswith("return") and " + " in s:
                head, _, expr = ln.partition("return ")
                terms = expr.split(" + ")
                for k in range(len(terms)):
                    rest = terms[:k] + terms[k + 1 :]
                    yield lines[:i] + [head + "return " + " + ".join(rest)] + lines[i + 1 :]
            continue
        end = _block_end(lines, i)
        if s.endswith(":"):
            # replace a compound statement by one of its blocks (dedented)
            outer = _indent(ln)
            for body in _branches(lines, i, end):
                inner = _indent(body[0])
                yield lines[:i] + [" " * outer + b[inner:] for b in body] + lines[end:]
            m = re.search(r"range\((\d+)\)", ln)
            if m and int(m.group(1)) > 1:
                for n in range(1, int(m.group(1))):
                    yield lines[:i] + [ln.replace(m.group(0), f"range({n})")] + lines[i + 1 :]
        yield lines[:i] + lines[end:]


def reduce_program(program: Program, constructs=None) -> Program:
    kw = {} if constructs is None else {"constructs": constructs}
    with tempfile.TemporaryDirectory(prefix="s2s_reduce_") as d:
        first = check_program(program, d, **kw)
        if first.status not in BAD:
            return program
        target = signature(first)
        lines = program.source.splitlines()
        k = 0
        changed = True
        while changed:
            changed = False
            for cand in _candidates(lines):
                k += 1
                trial = Program(
                    program.seed * 1000 + k,
                    "\n".join(cand) + "\n",
                    program.arg_shapes,
                    program.arg_names,
                    program.features,
                )
                trial.inputs = program.inputs  # same inputs
                r = check_program(trial, d, **kw)
                if r.status != "invalid" and signature(r) == target:
                    lines = cand
                    changed = True
                    break
        return Program(
            program.seed,
            "\n".join(lines) + "\n",
            program.arg_shapes,
            program.arg_names,
            program.features,
        )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--constructs", default="all")
    opts = ap.parse_args(argv)
    constructs = parse_constructs(opts.constructs)
    warnings.simplefilter("ignore", RuntimeWarning)  # candidates that average nothing
    program = generate(opts.seed, constructs=constructs)
    small = reduce_program(program, constructs)
    with tempfile.TemporaryDirectory() as d:
        small.inputs = program.inputs
        r = check_program(small, d, constructs)
    print(small.source)
    print(
        "inputs:",
        [("float" if s is None else s) for s in small.arg_shapes],
        "values:",
        [x.tolist() if hasattr(x, "tolist") else x for x in program.inputs()],
    )
    print(f"[{r.status}] {r.label}")
    print(r.message)


if __name__ == "__main__":
    main()
