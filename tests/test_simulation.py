"""The simulation: silent on the reference and on other valid choices, loud on a bug no scenario catches."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from harness.authenticator import Authenticator
from harness.cli import main
from harness.loading import load_factory
from harness.simulation import simulate
from harness.simulation.oracle import (
    AccountModel,
    Challenge,
    Verdict,
    app_code,
    email_code,
    recovery_code,
    refuse,
)
from tests.conformance_runs import ROOT, conformance_run
from tests.drivers.other_choices import VARIANTS

SNEAKY = "tests.drivers.sneaky:create"
NOW = datetime(2026, 3, 2, 10, 0, 15, tzinfo=UTC)


def test_a_short_run_against_the_reference_finds_nothing() -> None:
    result = simulate(load_factory("reference"), examples=15, steps=25, seed_value=7)
    assert result.violation is None, result.feature
    assert result.journeys >= 15


@pytest.mark.slow
@pytest.mark.parametrize("choice", sorted(VARIANTS))
def test_other_valid_choices_are_not_flagged(choice: str) -> None:
    result = simulate(
        load_factory(f"tests.drivers.other_choices:{choice}"), examples=25, steps=30, seed_value=3
    )
    assert result.violation is None, result.feature


#: Journeys that once flagged a valid choice (each failed before its fix): a lapsed session signed in
#: again with an app code during an hour's jump, the code then refused as a replay (MFA-04); one current
#: email code per account (I-25) refusing a dialog's older pending code in a whole flow (APP-06, DIS-04),
#: a used current code left pending at a sign-in, which then mailed nothing (MFA-03), and a countdown
#: that still runs at its 60th second, so a reopened dialog's code stood and nothing was mailed (I-06).
ONCE_FLAGGED = [
    ("SessionsEndAfterAnHour", 0, 60),
    ("countdown_includes_its_end", 1, 60),
    ("OneCurrentEmailCode", 0, 60),
    ("OneCurrentEmailCode", 1, 60),
    ("OneCurrentEmailCode", 6, 100),
]


@pytest.mark.slow
@pytest.mark.parametrize(("choice", "seed_value", "examples"), ONCE_FLAGGED)
def test_valid_choices_once_flagged_by_longer_runs_are_not(
    choice: str, seed_value: int, examples: int
) -> None:
    driver = load_factory(f"tests.drivers.other_choices:{choice}")
    result = simulate(driver, examples=examples, steps=30, seed_value=seed_value)
    assert result.violation is None, result.feature


@pytest.mark.slow
def test_the_simulation_finds_the_sneaky_bug_and_its_gherkin_fails_there_and_passes_on_the_reference(
    tmp_path: Path,
) -> None:
    result = simulate(load_factory(SNEAKY), examples=100, steps=30, seed_value=3, report_dir=tmp_path)
    assert result.violation is not None and result.feature is not None
    assert result.violation.rule == "REC-03"
    assert result.violation.reproduced
    assert result.feature_path is not None and result.feature_path.read_text() == result.feature
    assert "@REC-03 @must" in result.feature
    assert "Rule: REC-03 " in result.feature
    assert result.feature.count("regenerates her recovery codes") >= 2  # the bug needs a second Regenerate
    assert "an old recovery code" in result.feature
    assert _replay(result.feature, tmp_path, SNEAKY) == 1
    assert _replay(result.feature, tmp_path, "reference") == 0


def _replay(feature: str, tmp_path: Path, driver: str) -> int:
    """Run the printed scenario through pytest-bdd and the project's step definitions."""
    folder = tmp_path / driver.replace(":", "_").replace(".", "_")
    folder.mkdir()
    (folder / "counterexample.feature").write_text(feature, encoding="utf-8")
    (folder / "test_counterexample.py").write_text(
        "from pytest_bdd import scenarios\n\nscenarios('counterexample.feature')\n", encoding="utf-8"
    )
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(folder),
            "-c",
            str(folder / "pytest.ini"),
            f"--driver={driver}",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "1 passed" in done.stdout or "1 failed" in done.stdout, done.stdout
    return done.returncode


@pytest.mark.slow
def test_no_hand_written_scenario_catches_the_sneaky_bug(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, f"--driver={SNEAKY}", "--levels=must,should")
    assert run.exit_code == 0, run.output
    assert run.scenario_statuses() == {"PASSED"}


def test_simulate_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--examples", "3", "--steps", "10", f"--report-dir={tmp_path}"]
    assert main(["simulate", *common]) == 0
    assert "no violation" in capsys.readouterr().out
    assert main(["simulate", "--driver", "tests.drivers.faulty:no_clock_control", *common]) == 2
    assert main(["simulate", "--driver", "tests.drivers.faulty:crashing_section", *common]) == 2
    assert main(["simulate", "--driver", "no.such.module:create", *common]) == 2


# -- the oracle's verdicts where the doc is open ----------------------------------------------
def _account_with_email_code(code: str, sent: datetime) -> tuple[AccountModel, Challenge]:
    account = AccountModel(name="Alice", email_active=True)
    account.email_codes[code] = sent
    return account, Challenge(latest=code, sent_at=sent)


def test_an_emailed_code_within_a_minute_must_work_later_either_answer_is_right() -> None:
    account, challenge = _account_with_email_code("123456", NOW)
    rules = ("EML-04", "EML-04")
    assert (
        email_code(account, "123456", challenge, NOW + timedelta(seconds=59), rules).verdict is Verdict.ACCEPT
    )
    late = email_code(account, "123456", challenge, NOW + timedelta(minutes=5), rules)
    assert late.verdict is Verdict.EITHER and late.allows(True) and late.allows(False)


def test_a_replaced_code_is_either_a_used_or_unknown_code_must_be_refused() -> None:
    account, challenge = _account_with_email_code("123456", NOW)
    account.email_codes["654321"] = NOW
    rules = ("EML-04", "EML-04")
    assert email_code(account, "654321", challenge, NOW, rules).verdict is Verdict.EITHER
    assert email_code(account, "999999", challenge, NOW, rules).verdict is Verdict.REFUSE
    account.used_email.add("123456")
    assert email_code(account, "123456", challenge, NOW, rules).verdict is Verdict.REFUSE


def test_app_codes_once_only_and_older_codes_within_tolerance_are_either() -> None:
    key = Authenticator.type_in("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    account = AccountModel(name="Alice", app_active=True, app_key=key)
    rules = ("MFA-04", "MFA-05")
    current = key.code_at(NOW)
    assert app_code(account, key, key, current, NOW, rules).verdict is Verdict.ACCEPT
    account.accepted_steps.add((key.secret, key.step(NOW)))
    assert app_code(account, key, key, current, NOW, rules).verdict is Verdict.REFUSE
    previous = app_code(account, key, key, key.code_at(NOW - timedelta(seconds=30)), NOW, rules)
    assert previous.verdict is Verdict.REFUSE and previous.allows(True)  # RFC 6238 tolerance (I-09)
    hour_old = app_code(account, key, key, key.code_at(NOW - timedelta(hours=1)), NOW, rules)
    assert not hour_old.allows(True)


def test_recovery_codes_of_an_earlier_activation_are_either() -> None:
    account = AccountModel(name="Alice", app_active=True, issued=("aaaa", "bbbb"), earlier={"zzzz"})
    account.used_recovery.add("bbbb")
    assert recovery_code(account, "aaaa").verdict is Verdict.ACCEPT
    assert recovery_code(account, "bbbb").verdict is Verdict.REFUSE
    assert recovery_code(account, "zzzz").verdict is Verdict.EITHER
    assert recovery_code(account, "yyyy").verdict is Verdict.REFUSE


def test_a_refusal_with_an_excuse_allows_acceptance_only_if_the_excuse_holds() -> None:
    assert refuse("MFA-05", "wrong").allows(False)
    assert not refuse("MFA-05", "wrong").allows(True)


# -- --jobs: partitioned seeds, merged deterministically -------------------------------------
def _simulate_command(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", "simulate", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.slow
def test_two_jobs_with_one_seed_print_the_same_twice(tmp_path: Path) -> None:
    common = ["--jobs", "2", "--seed", "7", "--examples", "30", f"--report-dir={tmp_path}"]
    first, second = _simulate_command(*common), _simulate_command(*common)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert "no violation" in first.stdout and "2 jobs" in first.stdout


@pytest.mark.slow
def test_two_jobs_find_the_same_counterexample_each_time(tmp_path: Path) -> None:
    driver = "tests.drivers.faulty:accepts_any_current_password"
    common = [
        "--driver",
        driver,
        "--jobs",
        "2",
        "--seed",
        "7",
        "--examples",
        "40",
        f"--report-dir={tmp_path}",
    ]
    first, second = _simulate_command(*common), _simulate_command(*common)
    assert first.returncode == second.returncode == 1, first.stdout + first.stderr
    assert first.stdout == second.stdout
    assert "PWD-04 broken" in first.stdout


def test_seeds_are_partitioned_and_the_first_job_keeps_the_users_seed() -> None:
    from harness.simulation.parallel import job_seed, shares

    assert shares(101, 2) == [51, 50]
    assert shares(1, 3) == [1, 0, 0]
    assert job_seed(7, 0) == 7
    assert len({job_seed(7, job) for job in range(4)}) == 4
    assert job_seed(7, 1) == job_seed(7, 1) != job_seed(8, 1)


def test_jobs_below_one_are_a_usage_error(tmp_path: Path) -> None:
    assert main(["simulate", "--jobs", "0", f"--report-dir={tmp_path}"]) == 2
