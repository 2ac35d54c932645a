"""The optional compiled build: which modules it compiles, and which are compiled here.

A build made with ``VCLER_MYPYC=1`` (or ``--config-settings mypyc=1``) compiles the modules
of :data:`MODULES` with mypyc into C extensions (``setup.py`` reads this tuple without
importing vcler); every other build, and every machine without a C compiler, gets the same
modules as plain Python. Both give the same results: the compiled build is tested against the
pure one (``tests/test_compiled.py``). See ``docs/performance.md#a-compiled-build``.

The list is the verify and issue path, chosen by measurement: what runs for every document
(JSON-LD safe mode and the fast path, RDFC-1.0, JCS, the Data Integrity steps and suites, the
data-model and Open Badges rules, the shared verification steps). Modules that must stay
Python are left out: ``vcler.context`` and ``vcler.did.sources`` pickle through their
``__dict__`` (batches send them to worker processes); pydantic models, async generators and
the server are not compilable.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util

MODULES: tuple[str, ...] = (
    "vcler._api",
    "vcler._cache",
    "vcler._datetime",
    "vcler._documents",
    "vcler._inputs",
    "vcler._json",
    "vcler._steps",
    "vcler._verifying",
    "vcler.canon.jcs",
    "vcler.canon.rdfc10",
    "vcler.di._contexts",
    "vcler.di.proofs",
    "vcler.di.purposes",
    "vcler.di.suites",
    "vcler.di.suites._base",
    "vcler.di.suites._stages",
    "vcler.di.suites.ecdsa_rdfc_2019",
    "vcler.di.suites.eddsa_jcs_2022",
    "vcler.di.suites.eddsa_rdfc_2022",
    "vcler.di.verification",
    "vcler.di.verification_methods",
    "vcler.did.key",
    "vcler.jsonld._contexts",
    "vcler.jsonld._literals",
    "vcler.jsonld._plans",
    "vcler.jsonld._walk",
    "vcler.jsonld.processing",
    "vcler.jsonld.safe",
    "vcler.keys._ed25519",
    "vcler.keys._keys",
    "vcler.keys.encoding",
    "vcler.openbadges.v2",
    "vcler.openbadges.validation",
    "vcler.problems",
    "vcler.rdf",
    "vcler.results",
    "vcler.validation",
    "vcler.validation._rules",
    "vcler.validation._values",
    "vcler.validation.credentials",
)


def compiled_modules() -> tuple[str, ...]:
    """The modules of :data:`MODULES` that this installation loads as compiled extensions.

    Empty for a pure-Python installation (the default); all of :data:`MODULES` for a build
    made with ``VCLER_MYPYC=1``.
    """
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    compiled = []
    for name in MODULES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin is not None and spec.origin.endswith(suffixes):
            compiled.append(name)
    return tuple(compiled)
