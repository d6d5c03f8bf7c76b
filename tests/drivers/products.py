"""What the product-shaped test drivers share: the reference with some of its flows swapped.

A product that asks, checks or turns things off differently from the reference is
built here the way its vendor would have built it: the same service with a few of
its dialog flows replaced by subclasses (:class:`ProductService`), and, where the
screens differ, other protocol adapters (``ReferenceDriver.DIALOGS``). Nothing in
reference_impl changes; the kit sees only a Driver.
"""

from __future__ import annotations

from typing import Any, ClassVar

from harness.protocol import DialogView, Outcome, Prompt, TextFile
from reference_impl import FAST_SCRYPT, PasswordHasher, SecuritySettings
from reference_impl.account import Account
from reference_impl.clock import Clock
from reference_impl.dialogs.base import Flow
from reference_impl.driver import ReferenceDialog, ReferenceDriver
from reference_impl.outbox import Outbox

#: A reference flow class and the product's own version of it.
Flows = dict[type[Flow], type[Flow]]


class ProductService(SecuritySettings):
    """The reference service, opening ``flows[kind]`` wherever it would open ``kind``."""

    def __init__(self, clock: Clock, outbox: Outbox, flows: Flows) -> None:
        super().__init__(clock, outbox, hasher=PasswordHasher(FAST_SCRYPT))
        self.flows = flows

    def _replace_flow(self, device: str, kind: Any, account: Account, initial: str | None = None) -> Any:
        return super()._replace_flow(device, self.flows.get(kind, kind), account, initial)

    def account_on(self, device: str) -> Account:
        """The account ``device`` is signed in to (raises the reference's NotSignedIn otherwise)."""
        return self._sessions.account_for(device)

    def account(self, email: str) -> Account | None:
        return self._accounts.get(email.casefold())

    def start_session(self, device: str, account: Account) -> None:
        """Sign ``device`` in without the rest of the sign-in (a product that asks for less)."""
        self._close_flow(device)
        self._sessions.start(device, account)


class Product(ReferenceDriver):
    """The reference with the flows of ``FLOWS`` replaced."""

    FLOWS: ClassVar[Flows] = {}

    def __init__(self) -> None:
        super().__init__()
        self.service: ProductService = ProductService(self.clock, self.outbox, dict(self.FLOWS))


class WrappedDialog(ReferenceDialog):
    """Another adapter's dialog, every call passed through: subclasses change the few that differ."""

    def __init__(self, inner: ReferenceDialog) -> None:
        super().__init__(inner.flow)
        self.inner = inner

    def view(self) -> DialogView:
        return self.inner.view()

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        return self.inner.confirm_identity(answer, prompt)

    def submit(self) -> Outcome:
        return self.inner.submit()

    def request_code(self) -> Outcome:
        return self.inner.request_code()

    def enter_code(self, code: str) -> Outcome:
        return self.inner.enter_code(code)

    def regenerate(self) -> Outcome:
        return self.inner.regenerate()

    def download_text_file(self) -> TextFile:
        return self.inner.download_text_file()

    def close(self) -> None:
        self.inner.close()
