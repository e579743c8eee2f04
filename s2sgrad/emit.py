"""gast -> ast -> source (``ast.unparse``), line comments, compile, linecache.

Generated source is what the user reads: each adjoint block is preceded by a
comment quoting the line it differentiates, blocks are separated by blank
lines, and the text is byte-identical for the same input.
"""

from __future__ import annotations

import ast
import hashlib
import linecache
import re
import types

import gast

from .runtime import places
from .syntax import walk

_MARK = "__s2s_comment__"
_MARK_RE = re.compile(r"^(\s*)(\"\"\"|'''|'|\")" + _MARK + r" (.*)\2$")


def comment(text: str) -> gast.Expr:
    """A statement that becomes ``# text`` in the emitted source."""
    return gast.Expr(value=gast.Constant(value=f"{_MARK} {text}", kind=None))


class _NegativeConstants(ast.NodeTransformer):
    """``Constant(-2.0)`` -> ``-Constant(2.0)``: ``ast.unparse`` then parenthesizes it where
    the sign binds looser than its context (``(-2.0) ** w``, not ``-2.0 ** w``)."""

    def visit_Constant(self, node):
        v = node.value
        if type(v) in (int, float) and (v < 0 or (v == 0 and str(v).startswith("-"))):
            return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(value=-v))
        return node


def to_source(node) -> str:
    """Unparse a gast tree, turning comment markers into real comments."""
    tree = _NegativeConstants().visit(gast.gast_to_ast(node))
    ast.fix_missing_locations(tree)
    text = ast.unparse(tree)
    lines = []
    for line in text.split("\n"):
        m = _MARK_RE.match(line)
        if m:
            indent, body = m.group(1), ast.literal_eval(m.group(2) + m.group(3) + m.group(2))
            if lines and lines[-1].strip() and not lines[-1].rstrip().endswith(":"):
                lines.append("")
            lines.append(f"{indent}# {body}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def filename_for(name: str, source: str) -> str:
    digest = hashlib.sha1(source.encode()).hexdigest()[:10]
    return f"<s2sgrad {name} {digest}>"


def compile_unit(
    source: str,
    name: str,
    params: list[str],
    cells: list[str],
    user_lines: dict | None = None,
    made_from: str | None = None,
):
    """Compile ``source`` (one def) inside a factory taking ``params``; returns the
    factory's code object. ``cells`` are closure variables the def reads from the
    user's function: the factory gets them as free variables. ``user_lines`` maps lines
    of ``source`` to the user's lines (see :func:`user_line_map`); ``made_from`` is the
    file the def was made from (the user's, or generated code's: forward over reverse),
    so that errors name the user's line (:func:`s2sgrad.runtime.places.generated_place`)."""
    body = "\n".join("        " + line if line else "" for line in source.split("\n"))
    header = ""
    if cells:
        header = "def __s2s_outer__():\n    " + " = ".join(cells) + " = None\n"
        factory = (
            f"    def __s2s_factory__({', '.join(params)}):\n"
            + body
            + f"\n        return {name}\n    return __s2s_factory__\n"
        )
    else:
        factory = (
            "def __s2s_factory__("
            + ", ".join(params)
            + "):\n"
            + "\n".join("    " + line if line else "" for line in source.split("\n"))
            + f"\n    return {name}\n"
        )
    text = header + factory
    filename = filename_for(name, text)
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    if user_lines:
        shift = 3 if cells else 1  # the factory's header lines
        places.USER_LINES[filename] = {k + shift: v for k, v in user_lines.items()}
    if made_from is not None:
        places.USER_FILES[filename] = made_from
    module = compile(text, filename, "exec")
    code = _find_code(module, "__s2s_factory__")
    return code, filename


def user_line_map(tree, source: str, filename: str) -> dict[int, int]:
    """``{line of source: user line}`` for the generated statements, so that an error
    raised at run time in a statement without a ``# line`` comment above it (the forward
    sweep) still names the user's line; empty when the two trees do not line up. For
    code generated from generated code (``filename``: forward over reverse) the lines
    are those of the user's code that one came from (an adjoint statement of it, which has
    no entry of its own, by the ``# line`` comment above it)."""
    made = [s for s in walk(tree) if isinstance(s, gast.stmt)]
    parsed = [s for s in walk(ast.parse(source)) if isinstance(s, ast.stmt)]
    made = [s for s in made if not _is_comment(s)]
    if len(made) != len(parsed) or any(
        type(a).__name__ != type(b).__name__ for a, b in zip(made, parsed)
    ):
        return {}
    pairs = {
        b.lineno: a.lineno
        for a, b in zip(made, parsed)
        if isinstance(getattr(a, "lineno", None), int)
    }
    if filename.startswith("<s2sgrad "):
        pairs = _through_generated(pairs, filename)
    return pairs


def _through_generated(pairs: dict, filename: str) -> dict:
    """``pairs`` (lines of the generated file ``filename`` as values) with the user's lines
    instead: by that file's map, else by the ``# line`` comment above (one look-up each)."""
    inner = places.USER_LINES.get(filename, {})
    comment_above, last = [], None
    for i, line in enumerate(linecache.getlines(filename), 1):
        if line.strip().startswith("# line "):
            last = i
        comment_above.append(last)
    users: dict = {}
    out = {}
    for k, v in pairs.items():
        if v in inner:
            out[k] = inner[v]
            continue
        c = comment_above[v - 1] if 0 < v <= len(comment_above) else None
        if c is not None and c not in users:
            place = places.generated_place(filename, c)
            users[c] = place[1] if place is not None else None
        if c is not None and users[c] is not None:
            out[k] = users[c]
    return out


def _is_comment(stmt) -> bool:
    return (
        isinstance(stmt, gast.Expr)
        and isinstance(stmt.value, gast.Constant)
        and to_source(gast.Module(body=[stmt], type_ignores=[])).lstrip().startswith("#")
    )


def _find_code(code, name):
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            if c.co_name == name:
                return c
            found = _find_code(c, name)
            if found is not None:
                return found
    return None


def instantiate(code, globals_: dict, closure: tuple, bindings: list):
    """Build the generated function from the factory ``code``."""
    factory = types.FunctionType(code, globals_, "__s2s_factory__", None, closure or None)
    return factory(*bindings)
