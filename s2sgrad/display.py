"""Showing a transformed function's derivative source: ``print_source`` on a terminal
(coloured), and rich display in Jupyter (Markdown and HTML, see :mod:`.highlight`).
"""

from __future__ import annotations


class SourceDisplay:
    """``print_source`` and Jupyter display for a class with a ``source`` property."""

    def print_source(self, color: bool | None = None) -> None:
        """Print the derivative source; ``color=None`` colours it on a terminal."""
        import sys

        text = self.source
        if color is None:
            color = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
        if color:
            from .highlight import ansi

            text = ansi(text)
        print(text, end="" if text.endswith("\n") else "\n")

    # -- rich display in Jupyter (no dependency: see highlight.py) ------------------------------

    def _display_source(self):
        from .errors import S2SGradError

        try:
            return self.source, None
        except S2SGradError as exc:
            return None, exc

    def _repr_markdown_(self) -> str:
        text, exc = self._display_source()
        if exc is not None:
            return f"`{self!r}`: cannot show the derivative\n\n```\n{exc}\n```\n"
        return f"`{self!r}`\n\n```python\n{text}```\n"

    def _repr_html_(self) -> str:
        import html

        from .highlight import html as highlighted

        text, exc = self._display_source()
        title = f"<code>{html.escape(repr(self))}</code>"
        if exc is not None:
            return (
                f"<div>{title}: cannot show the derivative<pre>{html.escape(str(exc))}</pre></div>"
            )
        return f"<div>{title}{highlighted(text)}</div>"
