"""One answer to "is this installed code" (s2sgrad.runtime.libraries), for the lowering,
the reverse generator's callees and the run-time operand checks alike."""

import collections
import fractions
import os

import numpy as np

from s2sgrad.normalize import changed
from s2sgrad.reverse import callees
from s2sgrad.runtime import broadcast, libraries


class Local:
    def __add__(self, other):
        return self


def test_library_classes_and_files_are_installed_and_the_users_are_not():
    roots = libraries.library_roots()
    assert roots and all(r.endswith(os.sep) for r in roots)
    assert list(roots) == sorted(roots, key=lambda r: (-len(r), r))  # the longest first
    for cls in (collections.OrderedDict, fractions.Fraction, np.ndarray):
        assert libraries.installed_class(cls) and libraries.installed_class(cls, roots)
    assert not libraries.installed_class(Local)
    assert libraries.installed_root(fractions.__file__, roots) in roots
    assert libraries.installed_root(__file__, roots) is None
    assert libraries.installed_root(None) is None


def test_every_user_of_the_answer_reads_the_same_roots():
    assert changed.LIBRARY_ROOTS == callees._LIBRARY_DIRS == libraries.library_roots()
    # Fraction has Python operator methods, but it is a library's class: not the user's
    assert not broadcast._operator_class(fractions.Fraction)
    assert broadcast._operator_class(Local)
