"""Reading one-time codes out of emails, the way a person reads them.

A person finds "the 6-digit code" in a mail whether it is printed ``042917``,
``042 917`` or ``042-917``, and skips other numbers when the code is the one
standing next to the word "code". Mails without such a code (a notice that
the password changed, say) are not code mails at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from .protocol import Email

#: Six ASCII digits standing on their own, possibly grouped 3+3 with a space or a hyphen.
_SIX_DIGITS = re.compile(r"(?<![0-9])([0-9]{3})[ -]?([0-9]{3})(?![0-9])", re.ASCII)
_CODE_WORD = re.compile(r"code", re.IGNORECASE)


def _text(email: Email) -> str:
    return f"{email.subject}\n{email.body}"


def six_digit_codes(email: Email) -> set[str]:
    """Every 6-digit code the email holds, with any grouping removed."""
    return {first + second for first, second in _SIX_DIGITS.findall(_text(email))}


def holds_code(email: Email) -> bool:
    return bool(six_digit_codes(email))


def one_time_code(email: Email) -> str:
    """The email's 6-digit code; an AssertionError (a broken rule) when there is none or no clear one."""
    codes = six_digit_codes(email)
    if len(codes) > 1:
        codes = _next_to_the_word_code(email.subject) | _next_to_the_word_code(email.body) or codes
    assert len(codes) == 1, (
        f"the email to {email.recipient} ({email.subject!r}) should hold one 6-digit code, "
        f"found {sorted(codes) or 'none'} in: {email.body[:200]!r}"
    )
    return codes.pop()


def _next_to_the_word_code(text: str) -> set[str]:
    """The first number after each mention of "code": what a reader takes for the code."""
    found: set[str] = set()
    for mention in _CODE_WORD.finditer(text):
        after = _SIX_DIGITS.search(text, mention.end())
        if after is not None:
            found.add(after.group(1) + after.group(2))
    return found


#: Reads the mailbox of an address: the driver's outbox, None when the driver has none.
MailReader = Callable[[str], Sequence[Email]]


@dataclass
class DialogCodes:
    """The code each kind of dialog last mailed each person.

    Reopened while that code is pending, a dialog may take it again rather than mail another (so
    reopening is no way around the 60-second countdown, HRD-13): the newest code in the mailbox
    may then be another flow's, a sign-in's say. So every email a sign-in step brought is set
    aside, and the dialog she leaves keeps the codes it mailed whether she read them or not. A
    driver without an outbox has no mail to keep: then nothing here reads any.
    """

    mail: MailReader | None
    #: How many emails the owner of the open dialog had as it opened.
    mark: int = 0
    codes: dict[tuple[str, Hashable], str] = field(default_factory=dict)
    #: (address, place in that mailbox) of every email a sign-in step brought: no dialog's code.
    sign_in_mail: set[tuple[str, int]] = field(default_factory=set)
    #: (address, kind) of the dialog opened last: the one whose mail counts from ``mark`` on.
    current: tuple[str, Hashable] | None = None

    def opening(self, address: str) -> None:
        """A dialog of ``address`` is about to open: the one before keeps its codes; its mail starts here."""
        if self.mail is None:
            return
        if self.current is not None:
            self._take(*self.current, self.mail(self.current[0]))
        self.current, self.mark = None, len(self.mail(address))

    def opened(self, address: str, kind: Hashable) -> None:
        self.current = (address, kind)
        if self.mail is not None:
            self._take(address, kind, self.mail(address))

    def code(self, address: str, emails: Sequence[Email]) -> str | None:
        """The open dialog's own newest code, else the one its kind mailed last; None when ``address``
        is not the open dialog's owner, or its kind mailed nothing yet."""
        if self.current is None or self.current[0] != address:
            return None
        self._take(*self.current, emails)
        return self.codes.get(self.current)

    @contextmanager
    def sign_in(self, address: str) -> Iterator[None]:
        """Mail that reaches ``address`` during a sign-in step is the sign-in's, never a dialog's code."""
        if self.mail is None:
            yield
            return
        before = len(self.mail(address))
        yield  # a step that raises brought nothing a dialog could take
        self.sign_in_mail.update((address, place) for place in range(before, len(self.mail(address))))

    def _take(self, address: str, kind: Hashable, emails: Sequence[Email]) -> None:
        own = [
            one_time_code(email)
            for place, email in enumerate(emails)
            if place >= self.mark and (address, place) not in self.sign_in_mail and holds_code(email)
        ]
        if own:
            self.codes[(address, kind)] = own[-1]
