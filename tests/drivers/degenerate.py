"""Degenerate products: at some places they answer everything the same way, whatever is given (issue 16).

A scenario that only checks a refusal passes on a product that refuses everything
there; one that only checks an acceptance passes on a product that accepts
everything there. Principle 5 ("every refusal check has a positive control in the
same scenario") means no scenario may pass on a product that refuses every answer
at the place it checks, while the same scenario notices a product that accepts
every answer there. tests/test_degenerate_products.py runs the MUST suite on
these and lists what passes where it should not.

A :class:`Place` is where a user gives an answer. :class:`RefusesEverything` and
:class:`AcceptsEverything` are degenerate at every place; ``refuses_at_*`` and
``accepts_at_*`` only at one, so the Givens that pass through the other places
still work and the scenario's own check is what is judged. All of them still let
accounts be created, let the right password sign a device in, and show the
Security section.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import ClassVar

from harness.protocol import DialogKind, Outcome, Prompt, Reason, SignInResult
from reference_impl.challenge import EmailChallenge
from reference_impl.dialogs.base import Flow
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.driver import ReferenceDialog
from reference_impl.errors import InvalidAction, NotSignedIn
from reference_impl.signin import SignInAttempt

from .products import Flows, Product, WrappedDialog


class Place(StrEnum):
    """Where the user gives an answer the product judges."""

    SIGN_IN_CODE = "sign-in code"
    IDENTITY = "identity step of an Enable dialog"
    ENABLING_CODE = "code that turns a method on"
    RECOVERY_CODES_DIALOG = "View Recovery Codes (its code and Regenerate)"
    DISABLE = "Disable dialog"
    CHANGE_PASSWORD = "Change Password"
    REQUEST_CODE = "Request Code"


_ENABLE = (DialogKind.ENABLE_EMAIL_CODE, DialogKind.ENABLE_AUTHENTICATOR_APP)
_DISABLE = (DialogKind.DISABLE_EMAIL_CODE, DialogKind.DISABLE_AUTHENTICATOR_APP)
_NO = Outcome.reject(Reason.WRONG_CODE, "that is not right")


# -- refusing: the answer never reaches the reference ---------------------------------------------
class _RefusingDialog(WrappedDialog):
    """The reference's dialog, with every answer at the refused places turned down unseen."""

    def __init__(self, inner: ReferenceDialog, kind: DialogKind, refuses: frozenset[Place]) -> None:
        super().__init__(inner)
        self._kind, self._refuses = kind, refuses

    def _refused(self, place: Place, kinds: tuple[DialogKind, ...]) -> bool:
        return place in self._refuses and self._kind in kinds

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        if self._refused(Place.IDENTITY, _ENABLE) or self._refused(
            Place.RECOVERY_CODES_DIALOG, (DialogKind.VIEW_RECOVERY_CODES,)
        ):
            return _NO
        return super().confirm_identity(answer, prompt)

    def submit(self) -> Outcome:
        return _NO if self._refused(Place.DISABLE, _DISABLE) else super().submit()

    def request_code(self) -> Outcome:
        if Place.REQUEST_CODE in self._refuses:
            return Outcome.reject(Reason.COUNTDOWN_RUNNING, "please wait")
        return super().request_code()

    def enter_code(self, code: str) -> Outcome:
        if self._refused(Place.ENABLING_CODE, _ENABLE) or self._refused(Place.DISABLE, _DISABLE):
            return _NO
        return super().enter_code(code)

    def regenerate(self) -> Outcome:
        if self._refused(Place.RECOVERY_CODES_DIALOG, (DialogKind.VIEW_RECOVERY_CODES,)):
            return Outcome.reject(Reason.NOT_AVAILABLE, "not now")
        return super().regenerate()


# -- accepting: the reference's check is skipped, its state rules kept -----------------------------
class _Accepting(Flow):
    ACCEPTS: ClassVar[frozenset[Place]] = frozenset()


class _AcceptingEnable(_Accepting):
    """Both Enable dialogs: the identity step, the code that turns the method on, Request Code."""

    _challenge: EmailChallenge | None

    def _confirm_identity(self, proof: object) -> None:
        if Place.IDENTITY not in self.ACCEPTS:
            return super()._confirm_identity(proof)  # type: ignore[misc]
        self._require_inactive()  # type: ignore[attr-defined]

    def _check_code(self, code: object) -> None:
        if Place.ENABLING_CODE not in self.ACCEPTS:
            return super()._check_code(code)  # type: ignore[misc]
        self._require_inactive()  # type: ignore[attr-defined]
        self._accepted_step = None  # the app's: no step is remembered as used

    def _resend(self) -> None:
        if Place.REQUEST_CODE not in self.ACCEPTS or self._challenge is None:
            return super()._resend()  # type: ignore[misc]
        self._challenge.send()


class _Email(_AcceptingEnable, EnableEmailCodeDialog):
    pass


class _App(_AcceptingEnable, EnableAuthenticatorAppDialog):
    pass


class _Codes(ViewRecoveryCodesDialog, _Accepting):
    def _check_code(self, app_code: object) -> None:
        if Place.RECOVERY_CODES_DIALOG not in self.ACCEPTS:
            return super()._check_code(app_code)
        self._require_app()


class _EmailOff(DisableEmailCodeDialog, _Accepting):
    def _check_code(self, code: object) -> None:
        if Place.DISABLE not in self.ACCEPTS:
            return super()._check_code(code)
        if self.account.email_code is None:
            raise InvalidAction("Email Code is not active")

    def _resend(self) -> None:
        if Place.REQUEST_CODE not in self.ACCEPTS:
            return super()._resend()
        self._challenge.send()


class _AppOff(DisableAuthenticatorAppDialog, _Accepting):
    def _check_code(self, code: object) -> None:
        if Place.DISABLE not in self.ACCEPTS:
            return super()._check_code(code)
        if self.account.authenticator_app is None:
            raise InvalidAction("the authenticator app is not active")


class _SignIn(SignInAttempt, _Accepting):
    def _check_code(self, code: object) -> None:
        if Place.SIGN_IN_CODE not in self.ACCEPTS:
            super()._check_code(code)


_ACCEPTING: dict[type[Flow], type[_Accepting]] = {
    EnableEmailCodeDialog: _Email,
    EnableAuthenticatorAppDialog: _App,
    ViewRecoveryCodesDialog: _Codes,
    DisableEmailCodeDialog: _EmailOff,
    DisableAuthenticatorAppDialog: _AppOff,
    SignInAttempt: _SignIn,
}


@functools.cache
def _accepting_flows(accepts: frozenset[Place]) -> Flows:
    """Each reference flow replaced by its accepting version, told which places accept anything."""
    return {
        base: type(f"{flow.__name__}Accepting", (flow,), {"ACCEPTS": accepts})
        for base, flow in _ACCEPTING.items()
    }


class Degenerate(Product):
    """The reference, refusing every answer at ``REFUSES`` and accepting every answer at ``ACCEPTS``.

    ``ANY_PASSWORD`` also lets any password sign in (the accepting product of issue 16).
    """

    REFUSES: ClassVar[frozenset[Place]] = frozenset()
    ACCEPTS: ClassVar[frozenset[Place]] = frozenset()
    ANY_PASSWORD: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self.service.flows = dict(_accepting_flows(self.ACCEPTS))
        self._passwords: dict[str, str] = {}

    def create_account(self, email: str, password: str) -> None:
        super().create_account(email, password)
        self._passwords[email.casefold()] = password

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        if self.ANY_PASSWORD:
            password = self._passwords.get(email.casefold(), password)
        return super().sign_in(device, email, password)

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        if Place.SIGN_IN_CODE in self.REFUSES:
            return _NO
        return super().enter_sign_in_code(device, code)

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        if Place.CHANGE_PASSWORD in self.REFUSES:
            return Outcome.reject(Reason.WRONG_PASSWORD, "that is not right")
        if Place.CHANGE_PASSWORD not in self.ACCEPTS:
            return self._changed(device, super().change_password(device, current, new, repeat), new)
        try:
            email = self.service.account_on(device).email.casefold()
        except NotSignedIn:
            return super().change_password(device, current, new, repeat)
        return self._changed(device, super().change_password(device, self._passwords[email], new, new), new)

    def _changed(self, device: str, outcome: Outcome, new: str) -> Outcome:
        if outcome.accepted:
            self._passwords[self.service.account_on(device).email.casefold()] = new
        return outcome

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        dialog = super().open_dialog(device, kind)
        return _RefusingDialog(dialog, kind, self.REFUSES) if self.REFUSES else dialog


EVERY_PLACE = frozenset(Place)


class RefusesEverything(Degenerate):
    """Every Save, Continue, code, Request Code and Regenerate is refused; sign-in codes too."""

    REFUSES = EVERY_PLACE


class AcceptsEverything(Degenerate):
    """Any password (at sign-in, in Change Password, in a dialog), any code, any repeat: accepted."""

    ACCEPTS = EVERY_PLACE
    ANY_PASSWORD = True


def _at(place: Place, refuses: bool) -> Callable[[], Degenerate]:
    attrs = {"REFUSES": frozenset({place})} if refuses else {"ACCEPTS": frozenset({place})}
    verb = "Refuses" if refuses else "Accepts"
    cls = type(f"{verb}At{place.name.title().replace('_', '')}", (Degenerate,), attrs)
    cls.__doc__ = f"{verb} every answer at the {place.value}; the reference everywhere else."
    return cls


#: ``refuses_at_disable`` and ``accepts_at_disable``, … : one factory per place and way, by name.
AT_ONE_PLACE: dict[Place, tuple[str, str]] = {}
for _place in Place:
    _refusing, _accepting = f"refuses_at_{_place.name.lower()}", f"accepts_at_{_place.name.lower()}"
    globals()[_refusing], globals()[_accepting] = _at(_place, refuses=True), _at(_place, refuses=False)
    AT_ONE_PLACE[_place] = (_refusing, _accepting)


# -- a Close button that does nothing --------------------------------------------------------------
class _StaysOpen(WrappedDialog):
    def close(self) -> None:
        """Nothing happens: the dialog still shows what it showed and still takes answers."""


class CloseDoesNothing(Product):
    """Every dialog's Close is a no-op: recovery codes stay on screen, a half-done dialog stays usable.

    APP-11 ("Once the dialog is closed they are not shown again") is what it breaks.
    """

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        return _StaysOpen(super().open_dialog(device, kind))
