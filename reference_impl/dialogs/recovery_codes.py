"""View Recovery Codes: a fresh app code first, then the currently valid codes;
Regenerate replaces all of them with ten new ones."""

from __future__ import annotations

from ..account import AuthenticatorApp
from ..codes import RecoveryCodeSet
from ..errors import InvalidAction
from ..proofs import check_app_code
from .base import Flow, build_machine, machine_config

CONFIG = machine_config(
    states=["authenticator_code", "codes_shown"],
    transitions=[
        {
            "trigger": "Confirm",
            "source": "authenticator_code",
            "dest": "codes_shown",
            "before": "_check_code",
        },
        {
            "trigger": "Regenerate",
            "source": "codes_shown",
            "dest": None,
            "before": "_require_app",
            "after": "_regenerate",
        },
    ],
    finished=[],
)


class ViewRecoveryCodesDialog(Flow):
    MACHINE = build_machine(CONFIG)

    def _on_open(self) -> None:
        #: The app whose codes this dialog shows: disabled (or replaced) elsewhere, the dialog is over.
        self._app = self.account.authenticator_app

    def _valid(self) -> bool:
        return self.account.authenticator_app is self._app and super()._valid()

    def confirm(self, app_code: object) -> None:
        """Give a one-time code from the authenticator app to see the codes."""
        self._fire("Confirm", app_code)

    @property
    def recovery_codes(self) -> tuple[str, ...]:
        """The currently valid (unused) codes."""
        self._require_state("codes_shown", what="the recovery codes")
        return self._require_app().recovery_codes.valid()

    def regenerate(self) -> None:
        """Invalidate every existing code and issue a fresh set of ten."""
        self._fire("Regenerate")

    def _check_code(self, app_code: object) -> None:
        self._require_app()
        check_app_code(self._ctx, self.account, app_code, self.failures)

    def _require_app(self) -> AuthenticatorApp:
        app = self.account.authenticator_app
        if app is None:
            raise InvalidAction("the authenticator app is no longer active")
        return app

    def _regenerate(self) -> None:
        self._require_app().recovery_codes = RecoveryCodeSet.issue()
