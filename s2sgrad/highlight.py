"""A tiny Python syntax highlighter (standard library only) for generated source.

    print(ansi(source))        # colours for a terminal
    html(source)               # a <pre> block with inline styles, for Jupyter

Tokens come from :mod:`tokenize`; the text between tokens is copied unchanged,
so stripping the colour gives back the input exactly. Source that does not
tokenize is returned uncoloured.
"""

from __future__ import annotations

import builtins
import html as _html
import io
import keyword
import tokenize

# category -> (ANSI SGR code, CSS colour)
STYLES = {
    "keyword": ("1;35", "#a626a4"),
    "builtin": ("36", "#0184bc"),
    "defname": ("1;34", "#4078f2"),
    "string": ("32", "#50a14f"),
    "number": ("33", "#986801"),
    "comment": ("2;3", "#7f848e"),
    "operator": ("", ""),
}

_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))
_STRING_TYPES = {tokenize.STRING}
for _name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END"):
    if hasattr(tokenize, _name):
        _STRING_TYPES.add(getattr(tokenize, _name))


def spans(source: str) -> list[tuple[str, str | None]]:
    """Split ``source`` into ``(text, category)`` pieces that concatenate back to it."""
    lines = source.splitlines(keepends=True)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line)
    starts.append(pos)

    def offset(row, col):
        return starts[row - 1] + col if row - 1 < len(starts) else len(source)

    out: list[tuple[str, str | None]] = []
    done = 0
    previous = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            start, end = offset(*tok.start), offset(*tok.end)
            if start < done or end <= start:
                continue
            kind = _category(tok, previous)
            if tok.type not in (
                tokenize.NL,
                tokenize.NEWLINE,
                tokenize.INDENT,
                tokenize.DEDENT,
                tokenize.ENDMARKER,
            ):
                previous = tok
            if start > done:
                out.append((source[done:start], None))
            out.append((source[start:end], kind))
            done = end
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    if done < len(source):
        out.append((source[done:], None))
    return out


def _category(tok, previous) -> str | None:
    if tok.type == tokenize.COMMENT:
        return "comment"
    if tok.type in _STRING_TYPES:
        return "string"
    if tok.type == tokenize.NUMBER:
        return "number"
    if tok.type == tokenize.NAME:
        if (
            previous is not None
            and previous.type == tokenize.NAME
            and previous.string in ("def", "class")
        ):
            return "defname"
        if keyword.iskeyword(tok.string):
            return "keyword"
        if tok.string in _BUILTINS and not (previous is not None and previous.string == "."):
            return "builtin"
    return None


def ansi(source: str) -> str:
    """``source`` with ANSI colour escapes for a terminal."""
    parts = []
    for text, kind in spans(source):
        code = STYLES.get(kind, ("", ""))[0] if kind else ""
        if code:
            # colour each line separately so a pager never carries colour across lines
            parts.append(
                "\n".join(
                    f"\x1b[{code}m{piece}\x1b[0m" if piece else piece for piece in text.split("\n")
                )
            )
        else:
            parts.append(text)
    return "".join(parts)


def html(source: str) -> str:
    """``source`` as a highlighted ``<pre>`` block with inline styles (no stylesheet)."""
    parts = []
    for text, kind in spans(source):
        colour = STYLES.get(kind, ("", ""))[1] if kind else ""
        escaped = _html.escape(text, quote=False)
        if colour:
            style = f"color:{colour}"
            if kind in ("keyword", "defname"):
                style += ";font-weight:bold"
            if kind == "comment":
                style += ";font-style:italic"
            parts.append(f'<span style="{style}">{escaped}</span>')
        else:
            parts.append(escaped)
    return (
        '<pre class="s2sgrad-source" style="line-height:1.3;padding:0.5em;'
        'overflow-x:auto">' + "".join(parts) + "</pre>"
    )


def strip_ansi(text: str) -> str:
    """``text`` without the colour escapes :func:`ansi` adds."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
