"""Where the feature files and the rule catalogue live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEATURES_DIR = ROOT / "spec" / "features"
CATALOGUE = ROOT / "spec" / "source" / "security-settings.md"
#: The hardening profile: rules from RFC 6238/4226, NIST SP 800-63B and OWASP ASVS where the doc is silent.
HARDENING_CATALOGUE = ROOT / "spec" / "source" / "hardening.md"
CATALOGUES = (CATALOGUE, HARDENING_CATALOGUE)
HARDENING_FEATURES = FEATURES_DIR / "hardening"
INTERPRETATIONS = ROOT / "spec" / "INTERPRETATIONS.md"
#: Where the documentation itself contradicts the standards, for product owners.
CONFLICTS = ROOT / "spec" / "CONFLICTS.md"
SUITE = Path(__file__).resolve().parent / "suite" / "test_security_settings.py"
