"""``s2sgrad.compat.autograd.scipy`` is SciPy, imported when this module is.

Its ``special``, ``stats``, ``linalg``, ``signal`` and ``integrate`` are SciPy's, with
``signal.convolve`` autograd's own ``convolve(A, B, axes=None, dot_axes=[(), ()],
mode='full')`` (:func:`s2sgrad.runtime.general_convolve`); a star import of ``special``,
``stats``, ``integrate`` or ``signal`` gives the functions autograd's module gives.
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
_signal = Alias(
    f"{__name__}.signal",
    sys.modules["scipy.signal"],
    convolve=general_convolve,
    __all__=["convolve"],
)
sys.modules[f"{__name__}.signal"] = _signal
# ``from autograd.scipy.special import *`` gives autograd's functions only: SciPy's own
# star names would replace NumPy's (exp, log, log1p, ...) of ``from autograd.numpy import *``
_STAR = {
    "special": (
        "beta betainc betaln digamma erf erfc erfcinv erfinv expit gamma gammainc gammaincc "
        "gammaln gammasgn i0 i1 iv ive j0 j1 jn logit logsumexp multigammaln polygamma psi "
        "rgamma y0 y1 yn"
    ).split(),
    "stats": list(_DISTRIBUTIONS),
    "integrate": ["odeint"],
}
_starred = {}
for _sub, _names in _STAR.items():
    _module = sys.modules[f"scipy.{_sub}"]
    _starred[_sub] = sys.modules[f"{__name__}.{_sub}"] = Alias(
        f"{__name__}.{_sub}", _module, __all__=[n for n in _names if hasattr(_module, n)]
    )
sys.modules[__name__] = Alias(__name__, _scipy, signal=_signal, **_starred)
