"""Every scenario under spec/features, bound to the step definitions of harness.steps."""

from __future__ import annotations

from pytest_bdd import scenarios

from harness.features import FEATURES_DIR

scenarios(str(FEATURES_DIR))
