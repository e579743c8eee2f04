"""Derivative rules: the registry (:mod:`.registry`) and the rules, grouped by maths.

``elementwise.py`` (ufuncs), ``shape.py`` (reshaping, indexing, joining), ``reductions.py``
(sums, products, extrema, statistics, quantiles), ``products.py`` (matmul, dot, einsum),
``linalg.py``, ``curves.py`` (trapezoid, interp, polyval, ptp), ``complex.py`` (real/imag
parts, conjugates, ``vdot``), ``fft.py`` (``numpy.fft``), ``python.py`` (operators,
builtins, ``math``), ``helpers.py`` (tangents of the runtime helpers generated code calls)
and ``nondiff.py`` (functions without a derivative). See :mod:`.registry` for how a rule
is written.
"""

from . import elementwise as _elementwise  # noqa: E402, F401, I001
from . import helpers as _helpers  # noqa: E402, F401
from . import linalg as _linalg  # noqa: E402, F401
from . import nondiff as _nondiff  # noqa: E402, F401
from . import products as _products  # noqa: E402, F401
from . import python as _python  # noqa: E402, F401
from . import reductions as _reductions  # noqa: E402, F401
from . import shape as _shape  # noqa: E402, F401
from . import complex as _complex  # noqa: E402, F401, I001  (after the rules it marks)
from . import fft as _fft  # noqa: E402, F401
from . import callees as _callees  # noqa: E402, F401
from . import curves as _curves  # noqa: E402, F401
from . import array_api as _array_api  # noqa: E402, F401
from . import statistics as _statistics  # noqa: E402, F401
from .registry import (  # noqa: F401
    ASTYPE,
    ASTYPE_OTHER,
    DICT_GET,
    ITEM,
    LIST_POP,
    NONDIFFERENTIABLE,
    TOLIST,
    USER_RULES,
    Primitive,
    RuleError,
    Template,
    all_primitives,
    bilinear,
    canonical_name,
    d,
    generated_path,
    is_nondifferentiable,
    key,
    linear,
    linear_in,
    lookup,
    lookup_function,
    nondifferentiable,
    nondifferentiable_object,
    real_only,
    rule,
    t,
    too_many_arguments,
    underived,
)
