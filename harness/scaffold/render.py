"""A typed driver skeleton, written from the protocol itself so it cannot drift from it.

Every method of :class:`~harness.protocol.Driver` and :class:`~harness.protocol.Dialog` is
read from the protocol (name, arguments, return type, docstring) and from
harness/operations.py (user action or not, capability); only the advice on each *return type*
is written here. An unfilled method raises ``NotImplementedError("fill in …")``, which the guard
reports as BROKEN naming the call, so a fresh skeleton gives an honest RUN UNUSABLE, not a crash.
"""

from __future__ import annotations

import ast
import inspect
import keyword
import re
import textwrap

from .. import protocol
from ..operations import APPEARANCE, DIALOG_CACHING, DIALOG_OPERATIONS, DRIVER_OPERATIONS, Operation
from ..protocol import PROTOCOL_VERSION, Capability, Driver

#: The text every unfilled method's error starts with; the scaffold's tests and docs look for it.
UNWRITTEN = "fill in"

#: What a driver returns, by the protocol's return type (the one thing not read from the protocol).
RETURNS: dict[str, str] = {
    "None": "Nothing; raise nothing when it worked.",
    "bool": "True or False, as the product shows it.",
    "Outcome": (
        "``Outcome.accept()`` when the product took it; ``Outcome.reject(Reason.…, detail)`` when it "
        "refused (a wrong password or code, a countdown still running, …). A refusal is data: never "
        "raise for it."
    ),
    "SignInResult": (
        "``SignInResult(outcome, signed_in, offered_methods)``: ``signed_in=True`` when no code is "
        "needed; otherwise the methods the page offers; a refused password is "
        "``SignInResult(Outcome.reject(Reason.WRONG_PASSWORD), signed_in=False)``."
    ),
    "SecuritySection": (
        "``SecuritySection(last_password_change, email_code, authenticator_app)``: each block a "
        '``MethodStatus(active, activated_on, address, action)`` with action "Enable", "Disable" or '
        "None (no button), or None when the page shows no such block. Dates are calendar dates (UTC)."
    ),
    "Dialog": (
        "A dialog object with the methods of the dialog class above; raise "
        "``DialogRefused(kind, Outcome.reject(...))`` if the button is there but the dialog does not open."
    ),
    "DialogView": (
        "``DialogView(step, prompt, alternatives, qr_code_image, manual_key, recovery_codes)``, filling in "
        "only what this step shows: ``Step.IDENTITY_CONFIRMATION`` with the prompt (and other proofs it "
        "takes in ``alternatives``), ``Step.SCAN_QR_CODE`` with the QR image (PNG or SVG bytes) and the "
        "key, ``Step.CODE_ENTRY`` with the prompt, ``Step.NO_INPUT``, ``Step.RECOVERY_CODES`` with the "
        "codes, ``Step.CLOSED`` once finished."
    ),
    "TextFile": "``TextFile(name, content)``: the downloaded file's name and text.",
    "datetime": "The product's current time, timezone-aware (TOTP codes are computed from it).",
    "Sequence[Email]": (
        "Every ``Email(recipient, subject, body, sent_at)`` sent to the address so far, oldest first, "
        "with the plain-text body a person reads."
    ),
}
_NOT_OFFERED = (
    'Raise ``NotOffered("…")`` when the product shows no such button, field, page or choice: the '
    "rule that documents it FAILS, nothing else."
)
#: Docstring lines of the generated code are wrapped to this width (plus 8 of indentation).
_WIDTH = 92
#: Names of the generated code that come from outside harness.protocol.
_OTHER_IMPORTS = {"Sequence": "collections.abc", "datetime": "datetime"}


def class_prefix(name: str) -> str:
    """``acme_portal`` → ``AcmePortal`` (and ``acme_driver`` → ``Acme``): classes AcmeDriver, AcmeDialog."""
    words = "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", name) if part)
    shorter = words.removesuffix("Driver").removesuffix("driver")
    return shorter or words or "My"


def check_module_name(name: str) -> None:
    """A name ``import`` accepts; anything else is a usage error before a file is written."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"{name!r} is not a Python module name (letters, digits and _; not a keyword)")


def render(name: str) -> str:
    """The whole module ``name``.py: imports, the dialog class, the driver class, ``create()``."""
    check_module_name(name)
    prefix = class_prefix(name)
    body = "\n\n".join(
        [
            _dialog_class(prefix),
            _driver_class(prefix),
            _factory(prefix),
        ]
    )
    return f"{_module_doc(name)}\n\nfrom __future__ import annotations\n\n{_imports(body)}\n\n\n{body}"


def _module_doc(name: str) -> str:
    return f'''"""The conformance driver for our product: `conformance run --driver {name}:create`.

Written by `conformance new-driver` for the Driver protocol {PROTOCOL_VERSION} (harness/protocol.py).
Fill in each method so it does what a user does in the product and returns what the product shows;
docs/writing-a-driver.md walks through it. A method not filled in yet raises NotImplementedError
("{UNWRITTEN} …"): the run reports the scenarios that reach it BROKEN and says RUN UNUSABLE.
"""'''


def _dialog_class(prefix: str) -> str:
    header = f'''class {prefix}Dialog:
    """One open dialog of the product, as ``{prefix}Driver.open_dialog`` opened it."""

    def __init__(self, kind: DialogKind) -> None:
        # Which dialog this is; keep here whatever else your product needs to drive it.
        self.kind = kind
'''
    return header + "".join(_method(op, f"{prefix}Dialog") for op in DIALOG_OPERATIONS)


def _driver_class(prefix: str) -> str:
    # appearance and dialog_caching: the one calls of the optional SeesScreen and SeesHttp protocols.
    calls = (*DRIVER_OPERATIONS, APPEARANCE, DIALOG_CACHING)
    capabilities = "".join(
        f"    #   Capability.{c.name}: {', '.join(op.name for op in calls if op.capability is c)} works\n"
        for c in Capability
    )
    header = f'''class {prefix}Driver:
    """The product, seen the way a user sees it; a new one for every scenario."""

    protocol_version = PROTOCOL_VERSION
    # Declare only what works. Without a capability, the scenarios needing it are NOT-APPLICABLE:
{capabilities}    capabilities: frozenset[Capability] = frozenset()
'''
    return header + "".join(
        _method(op, f"{prefix}Driver", dialog=f"{prefix}Dialog") for op in DRIVER_OPERATIONS
    )


def _method(op: Operation, owner: str, dialog: str = "") -> str:
    signature = inspect.signature(getattr(op.owner, op.name))
    parameters = ["self"] + [
        f"{p.name}: {p.annotation}" for p in signature.parameters.values() if p.name != "self"
    ]
    returns = str(signature.return_annotation)
    if returns == "Dialog" and dialog:
        returns = dialog
    doc = _method_doc(op, str(signature.return_annotation))
    if op.owner is Driver and op.name == "close":  # called after every scenario: nothing held yet is fine
        body = "        # Nothing is held yet; release here what the driver opens (sessions, browsers).\n"
    else:
        body = f'        raise NotImplementedError("{UNWRITTEN} {owner}.{op.name}")\n'
    return (
        f"\n    def {op.name}({', '.join(parameters)}) -> {returns}:\n{textwrap.indent(doc, ' ' * 8)}\n{body}"
    )


def _method_doc(op: Operation, returns: str) -> str:
    """The protocol's docstring as it is, then what to return, NotOffered and the capability, wrapped."""
    advice = [f"Returns: {RETURNS[returns]}"]
    if op.user_action:
        advice.append(_NOT_OFFERED)
    if op.capability is not None:
        advice.append(
            f"Called only when ``capabilities`` holds Capability.{op.capability.name}; declare it only "
            "if this works."
        )
    wrapped = [textwrap.fill(part, _WIDTH) for part in advice]
    return '"""' + "\n\n".join([op.doc or op.name, *wrapped]) + '\n"""'


def _factory(prefix: str) -> str:
    return f'''def create() -> {prefix}Driver:
    """The factory `--driver` names: a fresh driver, so every scenario starts from an empty system."""
    return {prefix}Driver()
'''


def _imports(body: str) -> str:
    """Import exactly the names the code uses (not the docstrings), grouped as ruff's isort would."""
    used = {node.id for node in ast.walk(ast.parse(body)) if isinstance(node, ast.Name)}
    from_protocol = sorted(
        (used - _OTHER_IMPORTS.keys()) & set(vars(protocol)), key=lambda n: (n != n.upper(), n)
    )
    lines = [
        f"from {module} import {name}"
        for name, module in sorted(_OTHER_IMPORTS.items(), key=lambda i: i[1])
        if name in used
    ]
    names = "".join(f"    {name},\n" for name in from_protocol)
    return "\n".join(lines) + f"\n\nfrom harness.protocol import (\n{names})"
