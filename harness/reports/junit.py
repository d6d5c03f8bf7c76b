"""junit.xml: the run as JUnit XML for CI test tabs, one test case per scenario.

Written from the Run like the other reports (not by pytest's own writer), so it
names what a reader knows — the feature file, the scenario and its line, not
the generated test function — and it shows the expectations manifest: the
manifest's failures are matched to a failing step at the end of the run.

* one ``testsuite`` per feature file, named after the Feature;
* ``testcase``: ``classname`` and ``file`` are the feature file, ``name`` the
  scenario's name (an outline's rows add ``(example N)``), ``line`` its line in
  the file (an outline row's own line);
* properties ``rule``, ``level``, ``status`` (the conformance status) and, for
  XFAIL, ``expectation``;
* FAILED is a ``failure``, BROKEN an ``error`` (the rule was not checked), every
  other status that is not PASSED is ``skipped`` with the status as its type —
  XFAIL included, as pytest writes an expected failure.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..atomic import write_text
from ..run import Run
from ..status import Status
from .messages import Case, load_documents, pair

SUITE_NAME = "security-settings-conformance"
_PROBLEM = {Status.FAILED.value: "failure", Status.BROKEN.value: "error"}


def _text(case: Case) -> str:
    """The body of a failure: the step that failed, then why."""
    result = case.result
    lines = [result["failing_step"] or "", result["message"]]
    return "\n".join(line for line in lines if line)


def _testcase(case: Case) -> ET.Element:
    result = case.result
    name = case.pickle["name"] + (f" (example {case.row})" if case.row is not None else "")
    line = case.pickle["location"]["line"] if case.row is not None else result["line"]
    element = ET.Element(
        "testcase",
        classname=case.document.uri,
        name=name,
        file=case.document.uri,
        line=str(line),
        time=f"{result['duration']:.3f}",
    )
    properties = ET.SubElement(element, "properties")
    values = {"rule": result["rule"], "level": result["level"], "status": result["status"]}
    if result["expectation"]:
        values["expectation"] = result["expectation"]
    for key, value in values.items():
        ET.SubElement(properties, "property", name=key, value=value)
    status = result["status"]
    if status == Status.PASSED.value:
        return element
    if status == Status.XFAIL.value:
        message = f"expected failure: {result['expectation']}"
    else:
        message = result["message"] or status
    problem = ET.SubElement(element, _PROBLEM.get(status, "skipped"), type=status, message=message)
    problem.text = _text(case)
    return element


def _count(cases: list[ET.Element]) -> dict[str, str]:
    def number(tag: str) -> str:
        return str(sum(1 for case in cases if case.find(tag) is not None))

    seconds = sum(float(case.get("time", "0")) for case in cases)
    return {
        "tests": str(len(cases)),
        "failures": number("failure"),
        "errors": number("error"),
        "skipped": number("skipped"),
        "time": f"{seconds:.3f}",
    }


def as_xml(run: Run) -> ET.ElementTree[ET.Element]:
    suites: dict[str, tuple[str, list[ET.Element]]] = {}
    for case in pair(run, load_documents(run)):
        feature = case.document.ast["feature"]["name"]
        suites.setdefault(case.document.uri, (feature, []))[1].append(_testcase(case))
    everything = [case for _, cases in suites.values() for case in cases]
    root = ET.Element("testsuites", {"name": SUITE_NAME, **_count(everything)})
    for uri, (feature, cases) in suites.items():
        attributes = {"name": feature, "file": uri, "timestamp": run.metadata["started"], **_count(cases)}
        ET.SubElement(root, "testsuite", attributes).extend(cases)
    ET.indent(root)
    return ET.ElementTree(root)


def write(run: Run, directory: Path) -> Path:
    path = directory / "junit.xml"
    return write_text(
        path, ET.tostring(as_xml(run).getroot(), encoding="unicode", xml_declaration=True) + "\n"
    )
