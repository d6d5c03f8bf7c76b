"""Where the specification lives: the one module that knows (the kit's package data, ``harness.spec``).

spec/ sits at the repository root and ships inside the kit as ``harness.spec`` (harness/spec links to
it), so the same paths work from a checkout, an editable install and a wheel. pytest-bdd and the
reports need real files, so a kit imported from a zip is refused here with a clear message.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .errors import KitError


def _spec_directory() -> Path:
    found = files("harness.spec")
    if not isinstance(found, Path):  # a zipimport or another non-file loader
        raise KitError(f"the kit must be installed as files (pip install), not imported from {found}")
    return found.resolve()  # through the link in a checkout: reports name spec/features/...


SPEC = _spec_directory()
#: What the reports name feature files relative to, so they read ``spec/features/...`` everywhere.
ROOT = SPEC.parent
FEATURES_DIR = SPEC / "features"
CATALOGUE = SPEC / "source" / "security-settings.md"
#: The hardening profile: rules from RFC 6238/4226, NIST SP 800-63B and OWASP ASVS where the doc is silent.
HARDENING_CATALOGUE = SPEC / "source" / "hardening.md"
CATALOGUES = (CATALOGUE, HARDENING_CATALOGUE)
HARDENING_FEATURES = FEATURES_DIR / "hardening"
INTERPRETATIONS = SPEC / "INTERPRETATIONS.md"
#: Where the documentation itself contradicts the standards, for product owners.
CONFLICTS = SPEC / "CONFLICTS.md"
#: The HTTP contract the http driver speaks.
OPENAPI = SPEC / "api" / "openapi.yaml"
SUITE = Path(__file__).resolve().parent / "suite" / "test_security_settings.py"
#: The conformance run's own pytest configuration (independent of the directory it starts from).
PYTEST_INI = SUITE.parent / "pytest.ini"
