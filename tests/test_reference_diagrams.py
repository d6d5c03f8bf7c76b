"""docs/state-machines.md is generated from the machines' configs and must be up to date."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from reference_impl import diagrams, signin
from reference_impl.dialogs import change_password, disable, enable_app, enable_email, recovery_codes

CONFIGS = {
    "Change password": change_password.CONFIG,
    "Enable Email Code": enable_email.CONFIG,
    "Enable Authenticator App Code": enable_app.CONFIG,
    "View Recovery Codes": recovery_codes.CONFIG,
    "Disable Email Code": disable.EMAIL_CONFIG,
    "Disable Authenticator App Code": disable.APP_CONFIG,
    "Sign-in": signin.CONFIG,
}

_ID = r"[A-Za-z_][A-Za-z0-9_]*"
#: Every line shape the generated mermaid may contain; anything else fails the test.
_LINE_SHAPES = [
    re.compile(r"stateDiagram-v2"),
    re.compile(r"  direction LR"),
    re.compile(rf'  state "(?P<label>{_ID})" as (?P<id>{_ID})'),
    re.compile(rf"  (?P<src>{_ID}) --> (?P<dst>{_ID}): (?P<label>[^:;#\"\n]+)"),
    re.compile(rf"  \[\*\] --> (?P<initial>{_ID})"),
    re.compile(rf"  (?P<final>{_ID}) --> \[\*\]"),
    re.compile(r""),
]


def _blocks(markdown: str) -> dict[str, str]:
    found = re.findall(r"^## (.+?)\n.*?```mermaid\n(.*?)```", markdown, flags=re.S | re.M)
    return dict(found)


def test_the_committed_page_is_up_to_date():
    path = diagrams.DEFAULT_OUTPUT
    assert path.exists(), "run: python -m reference_impl.diagrams"
    assert path.read_text(encoding="utf-8") == diagrams.render(), (
        "docs/state-machines.md is out of date: run python -m reference_impl.diagrams"
    )


def test_check_passes_on_the_committed_page(capsys):
    assert diagrams.main(["--check"]) == 0


def test_check_fails_on_a_stale_or_missing_page_and_regenerating_fixes_it(tmp_path, capsys):
    page = tmp_path / "docs" / "state-machines.md"
    assert diagrams.main(["--check", "--output", str(page)]) == 1
    assert diagrams.main(["--output", str(page)]) == 0
    assert diagrams.main(["--check", "--output", str(page)]) == 0
    page.write_text(page.read_text(encoding="utf-8").replace("Request Code", "Resend"), encoding="utf-8")
    assert diagrams.main(["--check", "--output", str(page)]) == 1
    assert "out of date" in capsys.readouterr().err


def test_the_page_draws_the_six_dialogs_and_sign_in_each_with_an_intro():
    page = diagrams.render()
    blocks = _blocks(page)
    assert list(blocks) == list(CONFIGS)
    for title in CONFIGS:
        intro = page.split(f"## {title}\n\n", 1)[1].split("\n\n", 1)[0]
        assert len(intro.split()) >= 15, title


@pytest.mark.parametrize("title", list(CONFIGS))
def test_each_diagram_is_well_formed_and_matches_its_machine(title):
    config = CONFIGS[title]
    source = _blocks(diagrams.render())[title]
    declared, edges, initial, finals = [], set(), [], []
    for line in source.splitlines():
        match = next((m for shape in _LINE_SHAPES if (m := shape.fullmatch(line))), None)
        assert match is not None, f"unexpected mermaid line in {title}: {line!r}"
        groups = match.groupdict()
        if "id" in groups:
            assert groups["label"] == groups["id"]
            declared.append(groups["id"])
        elif "src" in groups:
            for label in groups["label"].split(" | "):
                edges.add((groups["src"], groups["dst"], label.removesuffix(" [internal]")))
        elif "initial" in groups:
            initial.append(groups["initial"])
        elif "final" in groups:
            finals.append(groups["final"])
    assert source.splitlines()[0] == "stateDiagram-v2"
    assert declared == config["states"]
    assert initial == [config["initial"]]
    expected_edges = set()
    for transition in config["transitions"]:
        sources = [transition["source"]] if isinstance(transition["source"], str) else transition["source"]
        for src in sources:
            expected_edges.add((src, transition["dest"] or src, transition["trigger"]))
    assert edges == expected_edges
    assert "closed" in finals
    assert "locked" in finals
    assert all(not any(src == final for src, _, _ in edges) for final in finals)


def test_triggers_with_spaces_are_labels_not_ids():
    source = _blocks(diagrams.render())["Enable Authenticator App Code"]
    assert "recovery_codes --> recovery_codes: Download as Text File [internal]" in source
    assert "identity_confirmation --> identity_confirmation: Request Code [internal]" in source


@pytest.mark.parametrize(
    "config",
    [
        {"states": ["a", "b"], "transitions": [{"trigger": "Save: now", "source": "a", "dest": "b"}]},
        {"states": ["a", "b"], "transitions": [{"trigger": "Save; now", "source": "a", "dest": "b"}]},
        {"states": ["a", "b"], "transitions": [{"trigger": "Save #1", "source": "a", "dest": "b"}]},
        {"states": ["a", "b"], "transitions": [{"trigger": " ", "source": "a", "dest": "b"}]},
        {"states": ["two words", "b"], "transitions": []},
        {"states": ["code-entry", "b"], "transitions": []},
        {"states": ["state", "b"], "transitions": []},
    ],
)
def test_names_mermaid_would_misread_are_refused(config):
    with pytest.raises(ValueError, match="mermaid"):
        diagrams.mermaid_source({**config, "initial": config["states"][0], "auto_transitions": False})


def test_generation_does_not_depend_on_hash_randomisation():
    code = "import sys, reference_impl.diagrams as d; sys.stdout.write(d.render())"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {diagrams.render()}
