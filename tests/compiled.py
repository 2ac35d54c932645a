"""What tests need to know about a compiled build (``VCLER_MYPYC=1``, see vcler._compiled).

The test suite runs against the pure-Python package (the README's command) and, in CI, a
part of it again against the compiled wheel. Two things differ there, on purpose:

- a call that breaks a function's type annotations (``serialize_number(None)``) raises
  ``TypeError`` from a compiled module, which checks argument types on entry, where the pure
  module raises ``InputError``: :func:`misuse_error` gives the one to expect;
- tests that look inside pure-Python objects (replace a method, read ``__slots__``) are
  marked ``pure_python`` and skipped against a compiled build.
"""

from __future__ import annotations

from vcler._compiled import compiled_modules
from vcler.errors import InputError

COMPILED = frozenset(compiled_modules())


def misuse_error(module: str, pure: type[Exception] = InputError) -> type[Exception]:
    """The exception a call that breaks ``module``'s type annotations raises here: ``pure``
    from the pure-Python module, ``TypeError`` from the compiled one."""
    return TypeError if module in COMPILED else pure
