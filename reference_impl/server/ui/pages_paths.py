"""The UI's own addresses, below the ``/ui`` mount (the kit's vocabulary names the same paths)."""

from __future__ import annotations

SECURITY = "/ui/security"
SIGN_IN = "/ui/sign-in"
NEW_ACCOUNT = "/ui/accounts/new"
