"""SciPy: ``scipy.special``, ``scipy.stats`` distributions, ``scipy.linalg``, ``scipy.signal``,
``scipy.integrate``.

Loaded by :mod:`s2sgrad.rules` the first time a rule is looked up while SciPy is imported
(SciPy is an optional dependency; importing s2sgrad never imports it). Rules of a
distribution's methods (``scipy.stats.norm.logpdf``) are keyed by the distribution object
and the method, so they attach although every attribute access makes a new bound method.
An argument without a derivative (an integer order or dimension) has none; a derivative
without a closed form (``gammainc`` in ``a``, the Bessel functions in their order) is
computed numerically to a documented accuracy (:mod:`s2sgrad.runtime.special`).
"""

from . import linalg, special, stats  # noqa: F401 (registering their rules is importing them)
