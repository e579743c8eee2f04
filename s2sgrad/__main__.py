"""Command line: show a derivative, or write it as a standalone module.

    python -m s2sgrad show package.module:function [--argnums 0,1] [--argnames w,b]
    python -m s2sgrad compile package.module:function -o out.py [--argnums 0,1]
                                                      [--argnames w,b] [--value-and-grad]

Exit status: 0 on success, 1 when the function cannot be differentiated (the
message is s2sgrad's diagnostic), 2 for usage errors (unknown module or function).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .errors import S2SGradError, TransformError


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="s2sgrad", description="Source-to-source reverse-mode AD for NumPy."
    )
    p.add_argument("--version", action="version", version=f"s2sgrad {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(q):
        q.add_argument(
            "target",
            metavar="MODULE:FUNCTION",
            help="the function to differentiate, e.g. mypkg.losses:mse",
        )
        q.add_argument(
            "--argnums",
            metavar="I,J",
            help="comma-separated indices of the differentiated positional "
            "arguments (default 0 unless --argnames is given)",
        )
        q.add_argument(
            "--argnames", metavar="A,B", help="comma-separated names of differentiated arguments"
        )
        q.add_argument(
            "--kinds",
            metavar="P=KIND,...",
            help="argument kinds (array, scalar, unknown); default array",
        )
        q.add_argument(
            "--value-and-grad",
            action="store_true",
            help="also return the function's value: (value, gradients)",
        )

    show = sub.add_parser("show", help="print the generated derivative source")
    common(show)
    show.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output (default: when writing to a terminal)",
    )
    show.add_argument(
        "--module",
        action="store_true",
        help="print the whole standalone module that compile would write",
    )

    comp = sub.add_parser("compile", help="write the derivative as a standalone module")
    common(comp)
    comp.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.py",
        help="where to write the module ('-' for standard output)",
    )
    return p


def _ints(text: str | None):
    if text is None:
        return None
    try:
        values = tuple(int(t) for t in text.split(",") if t.strip())
    except ValueError:
        raise _UsageError(f"--argnums must be comma-separated integers, got {text!r}") from None
    return values[0] if len(values) == 1 and "," not in text else values


def _names(text: str | None) -> tuple:
    return () if not text else tuple(t.strip() for t in text.split(",") if t.strip())


def _kinds(text: str | None) -> dict | None:
    if not text:
        return None
    out = {}
    for item in text.split(","):
        name, sep, kind = item.partition("=")
        if not sep:
            raise _UsageError(f"--kinds items look like x=array, got {item!r}")
        out[name.strip()] = kind.strip()
    return out


def resolve(target: str):
    """The object named by ``module:qualname`` (``module.function`` is accepted too)."""
    if ":" in target:
        module_name, _, qualname = target.partition(":")
    else:
        module_name, _, qualname = target.rpartition(".")
    if not module_name or not qualname:
        raise _UsageError(f"expected MODULE:FUNCTION, got {target!r}")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        obj = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise _UsageError(f"cannot import module {module_name!r}") from None
        raise _UsageError(f"cannot import module {module_name!r}: {exc}") from None
    except Exception as exc:  # the module raised while importing
        raise _UsageError(
            f"cannot import module {module_name!r}: {type(exc).__name__}: {exc}"
        ) from None
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise _UsageError(f"module {module_name!r} has no function {qualname!r}") from None
    if not callable(obj):
        raise _UsageError(
            f"{module_name}:{qualname} is not a function (it is a {type(obj).__name__})"
        )
    return obj


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def main(argv=None) -> int:
    """Entry point of ``python -m s2sgrad`` and the ``s2sgrad`` script; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        fun = resolve(args.target)
        argnums = _ints(args.argnums)
        argnames = _names(args.argnames)
        kinds = _kinds(args.kinds)
        from . import aot

        if args.command == "compile" or args.module:
            text = aot.module_source(
                fun,
                argnums=argnums,
                argnames=argnames,
                value_and_grad=args.value_and_grad,
                kinds=kinds,
            )
        else:
            text = _show_source(fun, argnums, argnames, kinds)
        if args.command == "compile" and args.output != "-":
            with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            print(f"wrote {args.output}", file=sys.stderr)
            return 0
        if args.command == "show" and _use_color(args.color, sys.stdout):
            from .highlight import ansi

            text = ansi(text)
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    except _UsageError as exc:
        print(f"s2sgrad: error: {exc}", file=sys.stderr)
        return 2
    except TransformError as exc:
        print(f"s2sgrad: cannot differentiate {args.target}:\n{exc}", file=sys.stderr)
        return 1
    except (S2SGradError, TypeError, ValueError) as exc:
        print(f"s2sgrad: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"s2sgrad: error: {exc}", file=sys.stderr)
        return 2


def _show_source(fun, argnums, argnames, kinds) -> str:
    """The derivative defs of ``fun`` (top-level unit and callees) as one string."""
    from . import aot, pipeline

    writer = aot._ModuleWriter(fun, argnums, argnames, False, kinds)
    unit = pipeline.build_top(writer.fun, tuple(writer.wrt), writer.kinds)
    return unit.all_sources()


if __name__ == "__main__":
    sys.exit(main())
