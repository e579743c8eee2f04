"""``s2sgrad.compat.autograd.scipy`` is SciPy, imported when this module is.

Its ``special``, ``stats``, ``linalg``, ``signal`` and ``integrate`` are SciPy's (but
``signal.convolve`` is autograd's own ``convolve(A, B, axes=None, dot_axes=[(), ()],
mode='full')``, :func:`s2sgrad.runtime.general_convolve`), and
``s2sgrad.compat.autograd.scipy.stats.norm`` (a module in autograd) is the
distribution object ``scipy.stats.norm``, whose ``logpdf``, ``cdf``, ... take the
same arguments.
"""

import importlib
import sys

from ....runtime import general_convolve
from .._alias import Alias

try:
    import scipy as _scipy
except ImportError as exc:  # SciPy is optional: only programs that use it need it
    raise ImportError("s2sgrad.compat.autograd.scipy needs SciPy: pip install scipy") from exc

_SUBMODULES = ("special", "stats", "linalg", "signal", "integrate")
_DISTRIBUTIONS = (
    "norm",
    "t",
    "gamma",
    "beta",
    "chi2",
    "poisson",
    "dirichlet",
    "multivariate_normal",
)


for _sub in _SUBMODULES:
    sys.modules[f"{__name__}.{_sub}"] = importlib.import_module(f"scipy.{_sub}")
for _dist in _DISTRIBUTIONS:
    sys.modules[f"{__name__}.stats.{_dist}"] = getattr(sys.modules["scipy.stats"], _dist)
# autograd's signal.convolve is its own: convolved, summed (dot_axes) and outer axes
_signal = Alias(f"{__name__}.signal", sys.modules["scipy.signal"], convolve=general_convolve)
sys.modules[f"{__name__}.signal"] = _signal
sys.modules[__name__] = Alias(__name__, _scipy, signal=_signal)
