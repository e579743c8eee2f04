"""What the ``try`` statements of a derivative's primal sweep need (see
:mod:`s2sgrad.normalize.tries`): the exception an ``except`` clause caught, and the classes
of s2sgrad's own errors, which no clause of the user's catches.
"""

from __future__ import annotations


def caught_exception():
    """The exception the ``except`` clause running now caught (``except E as e``)."""
    import sys

    return sys.exc_info()[1]


def s2sgrad_errors() -> tuple:
    """s2sgrad's own errors: a derivative that fails is not the user's to catch."""
    from ..errors import S2SGradError

    return (S2SGradError,)


class _TangentStep:
    def __enter__(self):
        return None

    def __exit__(self, kind, exc, tb):
        from ..errors import DerivativeStepError, S2SGradError

        if isinstance(exc, Exception) and not isinstance(exc, S2SGradError):
            raise DerivativeStepError(
                f"a tangent statement inside a try body raised {type(exc).__name__}: {exc}"
            ) from exc
        return False


_TANGENT_STEP = _TangentStep()


def tangent_step():
    """``with tangent_step():`` around the tangent statements of a try body: what they
    raise is s2sgrad's error, which the user's ``except`` clauses let through."""
    return _TANGENT_STEP
