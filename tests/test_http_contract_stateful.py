"""schemathesis walks the contract's links on the running reference server: whole dialogs (open, read,
confirm identity, request and enter codes, download, regenerate, close) and whole sign-ins (password,
method, code), asserting no 5xx and every response on the contract.

The links in spec/api/openapi.yaml carry what one step returns into the next: a sign-in's token into
the device's later requests, a dialog's id and its device's ``Authorization`` into every step of the
dialog. Each scenario starts from an empty server with alice@example.com signed in on two devices; a
bearer token schemathesis makes up becomes one of hers.

Left to chance every password and code is wrong, and every dialog stays at identity confirmation. So
the walk has the owner in it, who knows each account's password, reads its mail (the SMTP capture) and
keeps its authenticator app: about half the answers and codes schemathesis generates become the right
one (which half, a CRC of the generated value tells, so it is Hypothesis' choice and replays with the
scenario), and four rules of the owner's own, drawn among schemathesis' link rules, enable a method,
answer a dialog, sign in with a method active and enter the sign-in code. Every step is checked alike.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, precondition, rule
from schemathesis.core.result import Ok
from schemathesis.core.transport import Response
from schemathesis.generation import GenerationMode
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.generation.stateful.state_machine import (
    APIStateMachine,
    StepInput,
    StepOutput,
    normalize_name,
)
from schemathesis.specs.openapi.stateful import OpenAPIStateMachine

from harness.authenticator import Authenticator
from harness.mailbox import one_time_code
from tests.http_servers import PASSWORD, Served, served
from tests.test_http_contract import CHECKS, SPEC

AnyCase = schemathesis.Case[Any]
ALICE = "alice@example.com"
DEVICES = ("laptop", "phone")

schema = schemathesis.openapi.from_path(str(SPEC))
schema.config.phases.stateful.inference.algorithms = []  # the contract's own links, nothing guessed
# Well-formed requests along the links. Malformed ones are test_http_contract.py's: the server refuses
# them before the reference is touched, so the state they arrive in is no matter.
schema.config.phases.stateful.generation.update(modes=[GenerationMode.POSITIVE])

#: Scenarios, and steps in each at most; the time they take is in docs/reliability.md.
SCENARIOS, STEPS = 20, 30
WALK = settings(
    max_examples=SCENARIOS,
    stateful_step_count=STEPS,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],  # shrinking replays against a server whose ids and codes are new each time
    suppress_health_check=list(HealthCheck),
)

#: Steps no walk may miss: without them the absence of 5xx would hold of a shallow walk (a control).
DEEP_STEPS = {
    "POST /dialogs/{dialog_id}/confirm-identity -> 200",
    "POST /dialogs/{dialog_id}/enter-code -> 200",
    "GET /dialogs/{dialog_id}/text-file -> 200",
    "POST /sign-in/method -> 200",
    "POST /sign-in/code -> 200",
}


@dataclass
class Dialog:
    """A dialog as the walk last saw it."""

    auth: str
    kind: str
    step: str
    prompt: str | None
    manual_key: str | None = None


@dataclass
class Account:
    """What the owner of an account knows."""

    password: str
    app_key: str | None = None
    recovery_codes: list[str] = field(default_factory=list)


#: The field that carries the proof, by operation.
PROOF = {"confirmIdentity": "answer", "enterCode": "code", "enterSignInCode": "code"}
#: Dialog steps that ask for something, and the operation that gives it.
ANSWER = {"identity_confirmation": "confirmIdentity", "scan_qr_code": "enterCode", "code_entry": "enterCode"}


class _Owner(OpenAPIStateMachine):
    """Hooks and rules mixed into the state machine schemathesis builds from the contract's links."""

    served: ClassVar[Served]
    #: How often the walk got each ``METHOD path -> status``, over all scenarios.
    reached: ClassVar[dict[str, int]]

    def setup(self) -> None:
        self.http = httpx.Client(base_url=self.served.url, timeout=10)
        assert self.http.post("/test-control/reset").status_code == 204
        assert self.http.post("/accounts", json={"email": ALICE, "password": PASSWORD}).status_code == 201
        self.accounts = {ALICE: Account(PASSWORD)}
        self.email_of: dict[str, str] = {}  # Authorization header -> the account it signed in to
        self.seeded: list[str] = []
        for _ in DEVICES:
            token = self.http.post("/sign-in", json={"email": ALICE, "password": PASSWORD}).json()["token"]
            self.seeded.append(f"Bearer {token}")
            self.email_of[f"Bearer {token}"] = ALICE
        self.dialogs: dict[str, Dialog] = {}
        self.chosen: dict[str, str] = {}  # Authorization header -> the sign-in method it chose
        self.mark = self.served.capture.mark()
        self.owner_sign_ins = 0
        self.enabled: set[str] = set()
        self.owners_cases: set[str] = set()
        self.trail: list[str] = []  # the scenario's steps, for the failure message

    def teardown(self) -> None:
        self.http.close()
        super().teardown()

    # -- schemathesis' hooks -------------------------------------------------------------------------
    def get_call_kwargs(self, case: AnyCase) -> dict[str, Any]:
        return {"base_url": self.served.url}

    def before_call(self, case: AnyCase) -> None:
        """A made-up token becomes one of alice's devices; about half the proofs become the right one."""
        if case.id in self.owners_cases:
            return
        auth = _auth(case)
        if auth is not None and auth not in self.email_of:
            case.headers["Authorization"] = auth = self.seeded[_crc(auth) % len(self.seeded)]
        proof = _body(case).get(PROOF.get(_id(case), ""))
        if isinstance(proof, str) and auth in self.email_of and _crc(proof) % 2 == 0:
            case.body = {**_body(case), **self._right(case, str(auth))}

    def after_call(self, response: Response, case: AnyCase) -> None:
        super().after_call(response, case)
        step = f"{case.operation.label} -> {response.status_code}"
        self.reached[step] = self.reached.get(step, 0) + 1
        self.trail.append(f"{step}  {self._device(case)}  {str(_body(case) or '')[:100]}")
        if response.status_code < 300 and response.headers.get("content-type") == ["application/json"]:
            self._note(case, response.json())

    def validate_response(
        self, response: Response, case: AnyCase, additional_checks: Any = None, **kwargs: Any
    ) -> None:
        __tracebackhide__ = True
        try:
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs, recorder=self.recorder)
        except BaseException as failure:  # schemathesis raises a FailureGroup, a BaseExceptionGroup
            failure.add_note("The scenario's steps, the last one failed:\n  " + "\n  ".join(self.trail))
            raise

    # -- the owner's own steps -----------------------------------------------------------------------
    @precondition(lambda self: self.enabled and self.owner_sign_ins < 3)
    @rule(target=Bundle("owner"), device=st.sampled_from([*DEVICES, "new"]))
    def owner_signs_in(self, device: str) -> StepOutput:
        """Alice, a method active, signs in again on one of her devices or on a new one and picks the
        first method offered; the links take it from there (the code, wrong or right)."""
        self.owner_sign_ins += 1
        auth = None if device == "new" else self.seeded[DEVICES.index(device)]
        signed = self._take("signIn", auth, {"email": ALICE, "password": self.accounts[ALICE].password})
        offered = (
            signed.response.json().get("offered_methods") if signed.response.status_code == 200 else None
        )
        if not offered:
            return signed
        token = f"Bearer {signed.response.json()['token']}"
        return self._take("chooseSignInMethod", token, {"method": offered[0]})

    @precondition(lambda self: any(dialog.step in ANSWER for dialog in self.dialogs.values()))
    @rule(target=Bundle("owner"))
    def owner_answers_a_dialog(self) -> StepOutput:
        """The newest dialog that asks for something gets the right answer."""
        dialog_id = next(i for i, dialog in reversed(self.dialogs.items()) if dialog.step in ANSWER)
        return self._answer(dialog_id)

    @precondition(lambda self: len(self.enabled) < 2)
    @rule(target=Bundle("owner"), kind=st.sampled_from(["enable_email_code", "enable_authenticator_app"]))
    def owner_enables(self, kind: str) -> StepOutput:
        """Alice presses Enable on her laptop and answers every step right; the links go on from there
        (the recovery codes step, other dialogs, sign-ins that offer the method)."""
        self.enabled.add(kind)
        opened = self._take("openDialog", self.seeded[0], {"kind": kind})
        dialog_id = opened.response.json().get("id")
        while dialog_id in self.dialogs and self.dialogs[dialog_id].step in ANSWER:
            if self._answer(dialog_id).response.status_code != 200:
                break
        return opened

    @precondition(lambda self: self.chosen)
    @rule(target=Bundle("owner"))
    def owner_enters_the_sign_in_code(self) -> StepOutput:
        """The newest device waiting at the sign-in code step gets the right code."""
        auth = next(reversed(self.chosen))
        case = schema.find_operation_by_id("enterSignInCode").Case()
        return self._take("enterSignInCode", auth, self._right(case, auth))

    def _answer(self, dialog_id: str) -> StepOutput:
        dialog = self.dialogs[dialog_id]
        operation = ANSWER[dialog.step]
        case = schema.find_operation_by_id(operation).Case(path_parameters={"dialog_id": dialog_id})
        return self._take(operation, dialog.auth, self._right(case, dialog.auth), dialog_id)

    def _take(self, operation: str, auth: str | None, body: Any, dialog_id: str | None = None) -> StepOutput:
        """One step of the owner's, recorded and checked as schemathesis' own are."""
        case = schema.find_operation_by_id(operation).Case(
            path_parameters={"dialog_id": dialog_id} if dialog_id else None,
            headers={"Authorization": auth} if auth else None,
            body=body,
        )
        step = StepInput.initial(case)
        self.owners_cases.add(case.id)
        self.recorder.record_case(case=case)
        self.control.record_step(step, self.recorder)
        return self.step(step)

    # -- what the owner knows ------------------------------------------------------------------------
    def _right(self, case: AnyCase, auth: str) -> dict[str, str]:
        """The proof ``case`` should carry: the fields of its body to replace."""
        dialog = self.dialogs.get(str(case.path_parameters.get("dialog_id")))
        if _id(case) == "enterSignInCode":
            method = self.chosen.get(auth, "authenticator_app")
            return {
                "code": self._proof(auth, {"authenticator_app": "authenticator_app_code"}.get(method, method))
            }
        if dialog is None:
            return {}
        if _id(case) == "confirmIdentity":
            prompt = dialog.prompt or "password"
            return {"prompt": prompt, "answer": self._proof(auth, prompt)}
        if dialog.step == "scan_qr_code":
            return {"code": self._app_code(dialog.manual_key)}
        return {"code": self._proof(auth, dialog.prompt or "authenticator_app_code")}

    def _device(self, case: AnyCase) -> str:
        auth = _auth(case)
        if auth in self.seeded:
            return f"alice's {DEVICES[self.seeded.index(auth)]}"
        return (
            f"{self.email_of[auth]}'s device {list(self.email_of).index(auth)}"
            if auth in self.email_of
            else "-"
        )

    def _proof(self, auth: str, prompt: str) -> str:
        account = self.accounts[self.email_of[auth]]
        if prompt == "password":
            return account.password
        if prompt == "email_code":
            mails = [m for m in self.served.capture.since(self.mark) if m.recipient == self.email_of[auth]]
            return one_time_code(mails[-1]) if mails else "000000"
        if prompt == "recovery_code":
            return account.recovery_codes.pop() if account.recovery_codes else "0000-0000-0000"
        return self._app_code(account.app_key)

    def _app_code(self, key: str | None) -> str:
        """The app's code of a 30-second step not used yet: the standing clock moves on first."""
        if key is None:
            return "000000"
        moved = self.http.post("/test-control/clock/advance", json={"seconds": 30}).json()["now"]
        return Authenticator.type_in(key).code_at(datetime.fromisoformat(moved))

    def _note(self, case: AnyCase, answer: Any) -> None:
        """What the owner learns from an accepted step."""
        auth, body = str(_auth(case)), _body(case)
        operation = _id(case)
        if operation == "signIn":
            self.email_of[f"Bearer {answer['token']}"] = str(body["email"])
            self.accounts.setdefault(str(body["email"]), Account(str(body["password"])))
        elif operation == "changePassword" and auth in self.email_of:
            self.accounts[self.email_of[auth]].password = str(body["new"])
        elif operation == "chooseSignInMethod":
            self.chosen[auth] = str(body["method"])
        elif operation == "enterSignInCode":
            self.chosen.pop(auth, None)
        elif operation == "openDialog":
            for other in self.dialogs.values():  # a device has one dialog open: opening one closes the last
                other.step = "closed" if other.auth == auth else other.step
            view = answer["view"]
            self.dialogs[answer["id"]] = Dialog(auth, answer["kind"], view["step"], view["prompt"])
        elif isinstance(answer, dict) and "step" in answer:
            dialog = self.dialogs.get(str(case.path_parameters.get("dialog_id")))
            if dialog is not None:
                self._moved(dialog, answer)

    def _moved(self, dialog: Dialog, view: dict[str, Any]) -> None:
        account = self.accounts.get(self.email_of.get(dialog.auth, ""))
        dialog.manual_key = view["manual_key"] or dialog.manual_key
        if account is not None and view["step"] == "recovery_codes" and dialog.step != "recovery_codes":
            if dialog.kind == "enable_authenticator_app":
                account.app_key = dialog.manual_key
            account.recovery_codes = list(view["recovery_codes"] or [])
        dialog.step, dialog.prompt = view["step"], view["prompt"]


def _id(case: AnyCase) -> str:
    return str(case.operation.definition.raw.get("operationId"))


def _auth(case: AnyCase) -> str | None:
    auth = case.headers.get("Authorization") if case.headers else None
    return auth if isinstance(auth, str) else None


def _body(case: AnyCase) -> dict[str, Any]:
    return case.body if isinstance(case.body, dict) else {}


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def walk_on(server: Served) -> type[_Owner]:
    """The state machine of the contract's links with the owner in it, against ``server``."""
    links: type[APIStateMachine] = schema.as_state_machine()
    # A dialog step or a sign-in code as a scenario's first step reaches only an id or a sign-in no
    # one opened (404, 409): scenarios start from sign-ins, registrations and opened dialogs instead.
    operations = (result.ok() for result in schema.get_all_operations() if isinstance(result, Ok))
    blind = {
        operation.label: normalize_name(f"RANDOM -> {operation.label}")
        for operation in operations
        if operation.method == "post" and ("{dialog_id}" in operation.path or "/sign-in/" in operation.path)
    }
    roots: frozenset[str] = getattr(links, "_root_labels", frozenset())
    assert set(blind.values()) < links.root_rules and set(blind) < roots, "schemathesis' roots moved"
    attributes: dict[str, Any] = {
        "served": server,
        "reached": {},
        "root_rules": links.root_rules - set(blind.values()),
        "_root_labels": roots - set(blind),  # else the controller waits for the hidden roots to be called
        **dict.fromkeys(blind.values()),  # a rule set to None is no rule
    }
    return type("Walk", (_Owner, links), attributes)


@pytest.fixture(scope="module")
def running() -> Iterator[Served]:
    with served() as server:
        yield server


@pytest.mark.slow  # ~10 s of CPU
def test_schemathesis_walks_whole_dialogs_and_sign_ins_without_a_5xx(running: Served) -> None:
    walk = walk_on(running)
    run_state_machine_as_test(walk, settings=WALK)
    missed = DEEP_STEPS - set(walk.reached)
    assert not missed, f"the walk never reached {sorted(missed)}; it reached {sorted(walk.reached)}"
