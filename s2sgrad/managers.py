"""With blocks over context managers that hold differentiated values: an error.

A with block's manager runs as written in the forward sweep (``enter_context``); what its
``__enter__`` returns carries no derivative, so a manager made from differentiated values
(an object of a user class built in the function) would give a zero gradient.
"""

from __future__ import annotations

import gast

from . import anno, runtime
from .activity import Analysis
from .errors import NonDifferentiableError
from .normalize import NormalFunction
from .syntax import walk


def check_managers(fn: NormalFunction, analysis: Analysis) -> None:
    """Raise at the with statement whose manager ``analysis`` finds differentiated."""
    for s in walk(gast.Module(body=fn.body, type_ignores=[])):
        if (
            isinstance(s, (gast.Assign, gast.Expr))
            and isinstance(s.value, gast.Call)
            and anno.get(s.value, "fn", None) is runtime.enter_context
            and analysis.is_active(s.value.args[0])
        ):
            raise fn.info.error(
                s,
                "a with block over a context manager that holds differentiated values "
                "cannot be differentiated",
                "compute the values inside the with block, from the manager's own "
                "non-differentiated state",
                NonDifferentiableError,
            )
