"""Recovery codes: shown at activation, downloaded, viewed again, regenerated."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from .. import journeys
from ..protocol import Step
from ..world import World
from .common import NAME

RECOVERY_CODE_COUNT = 10  # "On success the dialog shows 10 one-time recovery codes."


@when(parsers.re(rf"{NAME} views her recovery codes"))
def views_recovery_codes(world: World, name: str) -> None:
    journeys.view_recovery_codes(world, world.person(name))


@when(parsers.re(rf"{NAME} regenerates her recovery codes"))
def regenerates(world: World, name: str) -> None:
    world.regenerate_recovery_codes(world.person(name))


@when(parsers.re(rf"{NAME} downloads the recovery codes as a text file"))
def downloads(world: World, name: str) -> None:
    world.text_file = world.current_dialog().download_text_file()


@then("the dialog shows her recovery codes")
def shows_recovery_codes(world: World) -> None:
    view = world.view()
    assert view.step is Step.RECOVERY_CODES and view.recovery_codes, (
        f"no recovery codes are shown (at {view.step})"
    )


@then("the dialog shows no recovery codes")
def shows_no_recovery_codes(world: World) -> None:
    view = world.view()
    assert not view.recovery_codes, (
        f"{len(view.recovery_codes or ())} recovery codes are shown (at {view.step})"
    )


@then("the dialog shows 10 recovery codes, all different")
def shows_ten_different(world: World) -> None:
    codes = world.view().recovery_codes or ()
    assert len(codes) == RECOVERY_CODE_COUNT, f"{len(codes)} recovery codes are shown, expected 10"
    assert len(set(codes)) == len(codes), f"some recovery codes are repeated: {codes}"


@then("the dialog shows 10 recovery codes, none of them an old one")
def shows_ten_new(world: World) -> None:
    person = world.main
    codes = world.view().recovery_codes or ()
    assert len(set(codes)) == RECOVERY_CODE_COUNT, f"{len(set(codes))} different codes are shown, expected 10"
    kept = set(codes) & set(person.old_recovery_codes)
    assert not kept, f"old codes are still shown: {sorted(kept)}"


_EXCEPT_USED = r"(?P<except_used> except the one she used)?"


@then(parsers.re(rf"the shown codes are the ones {NAME} was given at activation{_EXCEPT_USED}"))
def shown_codes_are(world: World, name: str, except_used: str | None) -> None:
    person = world.person(name)
    expected = set(person.recovery_codes) - (set(person.used_recovery_codes) if except_used else set())
    shown = set(world.view().recovery_codes or ())
    assert shown == expected, (
        f"shown {len(shown)} codes; missing {sorted(expected - shown)}; unexpected {sorted(shown - expected)}"
    )


@then("the file is a .txt file holding every recovery code the dialog shows")
def text_file_holds_codes(world: World) -> None:
    file = world.text_file
    assert file is not None, "nothing was downloaded"
    assert file.name.lower().endswith(".txt"), f"the file is called {file.name!r}, not a .txt file"
    missing = [c for c in world.view().recovery_codes or () if c not in file.content]
    assert not missing, f"the file lacks {len(missing)} of the codes: {missing}"
