"""Shrink a failing fuzz program to a small one that fails the same way.

    python tests/fuzz/reduce.py --seed 870

Greedily deletes statements (a compound statement with its block), return terms and
unused helpers while the program stays valid and the fuzzer's check still fails with
the same kind of error; prints the reduced program.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from generator import Program, generate  # noqa: E402
from run import check_program  # noqa: E402


def signature(message: str) -> str:
    """The kind of a failure: its exception type or its first words."""
    lines = [ln for ln in message.splitlines() if ln.strip()]
    last = lines[-1] if lines else ""
    m = re.match(r"(\w+(Error|Exception))\b", last.strip())
    if m:
        return m.group(1)
    return re.sub(r"[-\d.e+]+", "N", lines[0][:40]) if lines else ""


def _block_end(lines, i):
    indent = len(lines[i]) - len(lines[i].lstrip())
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or
                              len(lines[j]) - len(lines[j].lstrip()) > indent):
        j += 1
    # keep elif/else with their if: deleting an if deletes the whole chain
    while j < len(lines) and lines[j].strip().startswith(("elif", "else")) and \
            len(lines[j]) - len(lines[j].lstrip()) == indent:
        j = _block_end(lines, j)
    return j


def _candidates(lines):
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s or s.startswith(("import", "def ", "return", "elif", "else")):
            if s.startswith("def ") and not ln.startswith(" "):
                name = s[4:s.index("(")]
                if name != "f":
                    yield lines[:i] + lines[_block_end(lines, i):]
            if s.startswith("return") and " + " in s:
                head, _, expr = ln.partition("return ")
                terms = expr.split(" + ")
                for k in range(len(terms)):
                    rest = terms[:k] + terms[k + 1:]
                    yield lines[:i] + [head + "return " + " + ".join(rest)] + lines[i + 1:]
            continue
        end = _block_end(lines, i)
        body_indent = None
        if s.endswith(":"):
            # replace a compound statement by its body (dedented)
            body = [x for x in lines[i + 1:end]]
            if body:
                body_indent = len(body[0]) - len(body[0].lstrip())
                outer = len(ln) - len(ln.lstrip())
                if not any(b.strip().startswith(("elif", "else")) for b in body):
                    yield lines[:i] + [" " * outer + b[body_indent:] for b in body] + \
                        lines[end:]
        new = lines[:i] + lines[end:]
        # a block must not become empty
        yield new


def reduce_program(program: Program) -> Program:
    with tempfile.TemporaryDirectory(prefix="s2s_reduce_") as d:
        first = check_program(program, d)
        if first.status != "fail":
            return program
        target = signature(first.message)
        lines = program.source.splitlines()
        k = 0
        changed = True
        while changed:
            changed = False
            for cand in _candidates(lines):
                k += 1
                trial = Program(program.seed * 1000 + k, "\n".join(cand) + "\n",
                                program.arg_shapes, program.arg_names)
                trial.inputs = program.inputs  # same inputs
                r = check_program(trial, d)
                if r.status == "fail" and signature(r.message) == target and \
                        "invalid program" not in r.message:
                    lines = cand
                    changed = True
                    break
        out = Program(program.seed, "\n".join(lines) + "\n", program.arg_shapes,
                      program.arg_names)
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    opts = ap.parse_args(argv)
    program = generate(opts.seed)
    small = reduce_program(program)
    with tempfile.TemporaryDirectory() as d:
        r = check_program(small, d)
    print(small.source)
    print("inputs:", [("float" if s is None else s) for s in small.arg_shapes])
    print(r.message)


if __name__ == "__main__":
    main()
