"""Step definitions, one module per topic; the plugin registers every module in ``MODULES``.

Each step is one or two lines over :class:`harness.world.World`. Names are
``[A-Z][a-z]+`` ("Alice", "Bob"); devices are single words ("laptop", "phone").
"""

from __future__ import annotations

from . import (
    accounts,
    accounts_apart,
    app,
    caching,
    controls,
    dialogs,
    hardening,
    hardening_limits,
    lifecycle,
    mail,
    password,
    proof_matrix,
    recovery,
    screen,
    section,
    sign_in,
)

MODULES = (
    *(accounts, sign_in, password, dialogs, app, recovery, section, mail, hardening),
    *(lifecycle, hardening_limits, caching, controls, screen),
    *(proof_matrix, accounts_apart),
)
