"""``*seq`` of differentiated values in a list or tuple display that the transform could
not spell out (its length is not known when the function is transformed): an error.

:mod:`s2sgrad.normalize.spread` spells out each ``*seq`` of known length; the one kept
(``(*x.shape, 2)``) must hold no differentiated value, since the derivative of the
display has no item for it (it would be a zero gradient).
"""

from __future__ import annotations

import gast

from .activity import Analysis
from .errors import UnsupportedSyntaxError
from .normalize import NormalFunction
from .syntax import walk


def check_star_displays(fn: NormalFunction, analysis: Analysis) -> None:
    """Raise at the statement with a display holding ``*seq`` of differentiated values."""
    for s in walk(gast.Module(body=fn.body, type_ignores=[])):
        if not isinstance(s, (gast.Assign, gast.Expr, gast.Return)) or s.value is None:
            continue
        for d in walk(s.value):
            if not isinstance(d, (gast.Tuple, gast.List)):
                continue
            for e in d.elts:
                if isinstance(e, gast.Starred) and analysis.is_active(e.value):
                    raise fn.info.error(
                        e if getattr(e, "lineno", None) else s,
                        "a list or tuple display unpacks (*) a sequence of differentiated "
                        "values whose length is not known when the function is transformed",
                        "write the items out, or unpack a list or tuple of fixed length "
                        "(a display, a slice of one with constant bounds, a comprehension "
                        "over one)",
                        UnsupportedSyntaxError,
                    )
