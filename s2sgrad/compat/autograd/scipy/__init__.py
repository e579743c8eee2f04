"""``s2sgrad.compat.autograd.scipy`` is SciPy, imported when this module is.

Its ``special``, ``stats``, ``linalg``, ``signal`` and ``integrate`` are SciPy's, with
``signal.convolve`` autograd's own ``convolve(A, B, axes=None, dot_axes=[(), ()],
mode='full')`` (:func:`s2sgrad.runtime.general_convolve`); a star import of ``special``,
``stats``, ``integrate`` or ``signal`` gives the functions autograd's module gives.
``s2sgrad.compat.autograd.scipy.stats.norm`` (a module in autograd) reads its attributes
from the distribution object ``scipy.stats.norm``, whose ``logpdf``, ``cdf``, ... take
the same arguments; ``from ...stats.norm import *`` binds the names autograd's module
gives.
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
# autograd's stats.<name> modules: a star import gives what autograd's gives (the
# distribution's functions, the NumPy and SciPy modules, primitive and defvjp, the
# special functions each module imports; not its private helpers); every other
# attribute is the SciPy distribution's own
_STATS_STAR = {
    "norm": ("pdf cdf sf logpdf logcdf logsf", {"anp"}, ()),
    "t": ("pdf cdf logpdf logcdf", {"np"}, ("psi",)),
    "gamma": ("pdf cdf logpdf", {"np"}, ("gamma", "psi")),
    "beta": ("pdf cdf logpdf", {"np"}, ("beta", "psi")),
    "chi2": ("pdf cdf logpdf", {"np"}, ("gamma",)),
    "poisson": ("pmf cdf logpmf", {"np"}, ()),
    "dirichlet": ("pdf logpdf rvs", {"np"}, ("digamma",)),
    "multivariate_normal": ("pdf logpdf entropy", {"np"}, ()),
}


def _stats_module(dist: str):
    functions, numpy_names, special = _STATS_STAR[dist]
    from .. import numpy as _numpy  # the compat NumPy, autograd.numpy's counterpart
    from ..extend import defvjp, primitive

    names = {name: _numpy for name in numpy_names}
    names.update(defvjp=defvjp, primitive=primitive)
    names.update((name, getattr(sys.modules["scipy.special"], name)) for name in special)
    base = getattr(sys.modules["scipy.stats"], dist)
    exported = [*functions.split(), *names, "scipy"]
    return Alias(f"{__name__}.stats.{dist}", base, scipy=_scipy, __all__=exported, **names)


for _dist in _DISTRIBUTIONS:
    sys.modules[f"{__name__}.stats.{_dist}"] = _stats_module(_dist)
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
