"""Where the feature files and the rule catalogue live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEATURES_DIR = ROOT / "spec" / "features"
CATALOGUE = ROOT / "spec" / "source" / "security-settings.md"
INTERPRETATIONS = ROOT / "spec" / "INTERPRETATIONS.md"
SUITE = Path(__file__).resolve().parent / "suite" / "test_security_settings.py"
