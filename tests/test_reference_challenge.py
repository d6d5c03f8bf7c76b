"""reference_impl.challenge: one emailed code at a time, a 60-second countdown, 10-minute life."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from reference_impl import FAST_SCRYPT, PasswordHasher, Policy
from reference_impl.challenge import EmailChallenge
from reference_impl.context import RESEND_COUNTDOWN, Context
from reference_impl.errors import CountdownRunning, WrongCode


@pytest.fixture
def ctx(ref_clock, ref_outbox):
    return Context(clock=ref_clock, outbox=ref_outbox, hasher=PasswordHasher(FAST_SCRYPT))


def _code(outbox):
    return re.search(r"is (\d{6})\.", outbox.messages[-1].body).group(1)


def test_the_countdown_is_the_documented_sixty_seconds():
    assert timedelta(seconds=60) == RESEND_COUNTDOWN
    assert Policy().email_code_lifetime == timedelta(minutes=10)
    assert Policy().attempt_limit == 5


def test_send_mails_the_code_with_its_purpose_and_lifetime(ctx, ref_outbox, ref_clock):
    challenge = EmailChallenge(ctx, "alice@example.com", "do something")
    challenge.send()
    (mail,) = ref_outbox.messages
    assert mail.recipient == "alice@example.com"
    assert mail.sent_at == ref_clock.now()
    assert "to do something is" in mail.body
    assert "expires in 10 minutes" in mail.body


def test_verify_before_any_send_is_wrong(ctx):
    with pytest.raises(WrongCode):
        EmailChallenge(ctx, "alice@example.com", "x").verify("123456")


def test_a_code_is_accepted_once(ctx, ref_outbox):
    challenge = EmailChallenge(ctx, "alice@example.com", "x")
    challenge.send()
    code = _code(ref_outbox)
    challenge.verify(code)
    with pytest.raises(WrongCode):
        challenge.verify(code)


def test_a_wrong_code_leaves_the_right_one_valid(ctx, ref_outbox):
    challenge = EmailChallenge(ctx, "alice@example.com", "x")
    challenge.send()
    code = _code(ref_outbox)
    with pytest.raises(WrongCode):
        challenge.verify(f"{(int(code) + 1) % 10**6:06d}")
    challenge.verify(code)


def test_resend_before_any_send_just_sends(ctx, ref_outbox):
    EmailChallenge(ctx, "alice@example.com", "x").resend()
    assert len(ref_outbox.messages) == 1


def test_the_countdown_message_says_how_long_is_left(ctx, ref_clock):
    challenge = EmailChallenge(ctx, "alice@example.com", "x")
    challenge.send()
    ref_clock.advance(15)
    with pytest.raises(CountdownRunning, match="45 seconds"):
        challenge.resend()


def test_the_lifetime_comes_from_the_policy(ref_clock, ref_outbox):
    ctx = Context(
        clock=ref_clock,
        outbox=ref_outbox,
        hasher=PasswordHasher(FAST_SCRYPT),
        policy=Policy(email_code_lifetime=timedelta(minutes=2)),
    )
    challenge = EmailChallenge(ctx, "alice@example.com", "x")
    challenge.send()
    assert "expires in 2 minutes" in ref_outbox.messages[-1].body
    ref_clock.advance(120)
    with pytest.raises(WrongCode):
        challenge.verify(_code(ref_outbox))
