"""reference_impl.clock, and the promise that nothing else reads the wall clock."""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from freezegun import freeze_time

import reference_impl
from reference_impl import Clock, FakeClock, Method, SystemClock
from reference_impl.clock import DEFAULT_START
from reference_impl.errors import CountdownRunning, WrongCode

PACKAGE_DIR = Path(reference_impl.__file__).resolve().parent
WALL_CLOCK_READS = re.compile(r"datetime\.now|time\.time|date\.today|utcnow|time\.monotonic|perf_counter")

WALL = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
FAKE = datetime(2031, 7, 9, 13, 14, 15, tzinfo=UTC)


# -- FakeClock -------------------------------------------------------------------
def test_fake_clock_starts_at_the_default_instant_and_stands_still():
    clock = FakeClock()
    assert clock.now() == DEFAULT_START
    assert clock.now() == clock.now()
    assert clock.now().tzinfo is not None


def test_fake_clock_advances_by_seconds_or_timedelta():
    clock = FakeClock(FAKE)
    clock.advance(59)
    assert clock.now() == FAKE + timedelta(seconds=59)
    clock.advance(timedelta(minutes=10))
    assert clock.now() == FAKE + timedelta(seconds=659)
    clock.advance(0.5)
    assert clock.now() == FAKE + timedelta(seconds=659.5)


@pytest.mark.parametrize("step", [-1, -0.001, timedelta(seconds=-1)])
def test_fake_clock_refuses_to_go_back(step):
    clock = FakeClock(FAKE)
    with pytest.raises(ValueError, match="negative"):
        clock.advance(step)
    with pytest.raises(ValueError, match="cannot go back"):
        clock.set(FAKE - timedelta(microseconds=1))
    assert clock.now() == FAKE


def test_fake_clock_set_jumps_forward_and_normalises_to_utc():
    clock = FakeClock(FAKE)
    clock.set(FAKE)  # standing still is allowed
    later = datetime(2031, 7, 9, 20, 0, tzinfo=timezone(timedelta(hours=5)))
    clock.set(later)
    assert clock.now() == later
    assert clock.now().utcoffset() == timedelta(0)


def test_fake_clock_refuses_naive_times():
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock(datetime(2031, 1, 1))
    clock = FakeClock(FAKE)
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2032, 1, 1))


@pytest.fixture
def local_zone_three_hours_behind_utc():
    """The process's local zone is UTC-3 for the test, so "local time" and UTC differ visibly."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "XYZ+03"  # POSIX notation: three hours west of Greenwich; needs no tz database
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.mark.parametrize("step", [0, 0.0, timedelta(0)])
def test_fake_clock_may_advance_by_nothing(step):
    clock = FakeClock(FAKE)
    clock.advance(step)
    assert clock.now() == FAKE


@pytest.mark.usefixtures("local_zone_three_hours_behind_utc")
def test_fake_clock_given_another_zone_tells_utc_not_local_time():
    start = datetime(2031, 7, 9, 20, 0, tzinfo=timezone(timedelta(hours=5)))
    now = FakeClock(start).now()
    assert now == start
    assert now.tzinfo is UTC
    assert (now.hour, now.utcoffset()) == (15, timedelta(0))


def test_both_clocks_satisfy_the_protocol():
    assert isinstance(FakeClock(), Clock)
    assert isinstance(SystemClock(), Clock)


def test_system_clock_reads_the_wall_clock():
    with freeze_time(WALL):
        assert SystemClock().now() == WALL
        assert SystemClock().now().tzinfo is not None


# -- nothing else reads the wall clock ------------------------------------------
#: The one exception, and why: ``conformance mutants`` times each mutant's suite run (and the
#: whole matrix) with ``time.perf_counter`` for its report. That is a stopwatch around whole runs of
#: the kit, outside any account or dialog, not a time the product acts on, so it need not be the
#: injected clock. Only that call is allowed, only there; any other read in these files still fails.
STOPWATCH = re.compile(r"\btime\.perf_counter\(\)")
STOPWATCH_USERS = frozenset({"mutants/command.py", "mutants/runner.py"})


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if p.name != "clock.py" or p.parent != PACKAGE_DIR)


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE_DIR).as_posix()


def test_the_scan_covers_the_package_and_would_catch_a_wall_clock_read():
    names = {p.relative_to(PACKAGE_DIR).as_posix() for p in _sources()}
    assert {"service.py", "challenge.py", "totp.py", "signin.py", "dialogs/enable_app.py"} <= names
    assert "clock.py" not in names
    assert WALL_CLOCK_READS.search((PACKAGE_DIR / "clock.py").read_text(encoding="utf-8"))


def test_only_the_mutation_runner_may_time_its_runs_and_it_does():
    # The allow-list stays exact: each entry still uses the stopwatch, and nothing of the product does.
    users = {_name(p) for p in _sources() if STOPWATCH.search(p.read_text(encoding="utf-8"))}
    assert users == STOPWATCH_USERS
    assert all(name.startswith("mutants/") for name in STOPWATCH_USERS)


@pytest.mark.parametrize("path", _sources(), ids=_name)
def test_no_module_but_clock_reads_the_wall_clock(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        checked = STOPWATCH.sub("", line) if _name(path) in STOPWATCH_USERS else line
        assert not WALL_CLOCK_READS.search(checked), (
            f"{path.name}:{number} reads the wall clock: {line.strip()}"
        )


# -- every flow, with real time frozen far away from the fake clock ---------------
def test_every_timestamp_comes_from_the_injected_clock(ref_factory):
    with freeze_time(WALL):
        clock = FakeClock(FAKE)
        kit = ref_factory(clock=clock)
        service, outbox = kit.service, kit.outbox
        laptop = kit.LAPTOP

        def section():
            return service.security_section(laptop)

        def last_mail_sent_now():
            assert outbox.messages[-1].sent_at == clock.now()

        assert kit.account.password_changed_at == FAKE
        clock.advance(3600)
        kit.sign_in(laptop)  # no method active: the password alone

        clock.advance(86400)
        service.change_password(laptop).save(kit.PASSWORD, kit.NEW_PASSWORD, kit.NEW_PASSWORD)
        kit.password = kit.NEW_PASSWORD
        assert section().last_password_change == clock.now()

        # Enable Email Code: the countdown and the expiry follow the fake clock only.
        clock.advance(600)
        dialog = service.enable_email_code(laptop)
        dialog.press_continue(kit.password)
        last_mail_sent_now()
        clock.advance(59)
        with pytest.raises(CountdownRunning):
            dialog.request_code()
        clock.advance(1)
        dialog.request_code()
        last_mail_sent_now()
        clock.advance(timedelta(minutes=10))
        with pytest.raises(WrongCode):
            dialog.enter_code(kit.last_email_code())
        clock.advance(60)
        dialog.request_code()
        last_mail_sent_now()
        clock.advance(30)
        dialog.enter_code(kit.last_email_code())
        assert section().email_code.activated_at == clock.now()

        # Enable Authenticator App Code: the identity email goes out as the dialog opens.
        clock.advance(3600)
        dialog = service.enable_authenticator_app(laptop)
        last_mail_sent_now()
        dialog.press_continue(kit.last_email_code())
        kit.secret = dialog.manual_key
        dialog.next()
        at_wall_time = kit.rfc4226_code(kit.secret, WALL.timestamp())
        assert at_wall_time != kit.app_code()
        with pytest.raises(WrongCode):
            dialog.enter_code(at_wall_time)
        dialog.enter_code(kit.app_code())
        assert section().authenticator_app.activated_at == clock.now()
        first_codes = dialog.recovery_codes
        dialog.close()

        # View and regenerate recovery codes.
        dialog = service.view_recovery_codes(laptop)
        dialog.confirm(kit.next_app_code())
        assert dialog.recovery_codes == first_codes
        dialog.regenerate()
        fresh_codes = dialog.recovery_codes
        dialog.close()

        # Sign-in with each method, and with a recovery code.
        for device, method, code in (
            (kit.PHONE, Method.EMAIL_CODE, None),
            (kit.TABLET, Method.AUTHENTICATOR_APP, "app"),
            (kit.TABLET, Method.AUTHENTICATOR_APP, fresh_codes[0]),
        ):
            clock.advance(45)
            service.sign_out(device)
            attempt = service.sign_in(device, kit.EMAIL, kit.password)
            attempt.choose_method(method)
            if code is None:
                last_mail_sent_now()
                code = kit.last_email_code()
            elif code == "app":
                code = kit.app_code()
            attempt.enter_code(code)
            assert service.is_signed_in(device)

        # Disable both methods.
        clock.advance(3600)
        dialog = service.disable_email_code(laptop)
        last_mail_sent_now()
        dialog.disable(kit.last_email_code())
        dialog = service.disable_authenticator_app(laptop)
        dialog.disable(kit.next_app_code())
        assert not section().email_code.active
        assert not section().authenticator_app.active

        # Every message carries a fake-clock time, and the wall clock never moved.
        assert len(outbox.messages) == 6
        assert all(FAKE < m.sent_at <= clock.now() for m in outbox.messages)
        assert SystemClock().now() == WALL
