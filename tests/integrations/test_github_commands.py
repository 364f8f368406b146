"""The Action's helpers: workflow-command escaping, annotations, outputs and the summary."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from actionrunner import parse_command_file
from hypothesis import given
from hypothesis import strategies as st

from mlgate.errors import UsageError
from mlgate.integrations.github import (
    SUMMARY_LIMIT,
    ActionInputs,
    append_summary,
    escape_data,
    escape_property,
    finding_annotations,
    path_prefix,
    run_action,
    set_output,
    workflow_command,
)


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """Decode a command the way the Actions runner does (ActionCommand.TryParseV2)."""
    assert line.startswith("::")
    head, _, data = line[2:].partition("::")
    command, _, props = head.partition(" ")

    def unescape(text: str, prop: bool) -> str:
        if prop:
            text = text.replace("%3A", ":").replace("%2C", ",")
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")

    properties = {}
    for pair in props.split(",") if props else []:
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, prop=True)
    return command, properties, unescape(data, prop=False)


HOSTILE = [
    "100% sure: a, b, c",
    "line one\nline two\r\nline three",
    "::error::injected",
    "%0A already escaped-looking %25 and %3A",
    "key=value,file=/etc/passwd,line=1",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_survives_as_message_and_property(text: str) -> None:
    line = workflow_command("error", text, file=f"src/{text}.py", line=3, title=text)
    assert "\n" not in line and "\r" not in line
    command, props, message = parse_workflow_command(line)
    assert command == "error"
    assert message == text
    assert props["title"] == text if text else "title" not in props
    assert props["file"] == f"src/{text}.py"
    assert props["line"] == "3"


@given(st.text())
def test_escaping_round_trips_any_text(text: str) -> None:
    _, props, message = parse_workflow_command(workflow_command("warning", text, title=text or "t"))
    assert message == text
    assert props["title"] == (text or "t")


def test_escape_functions_by_hand() -> None:
    assert escape_data("50%\r\n") == "50%25%0D%0A"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert escape_data("a:b,c") == "a:b,c"  # colons and commas are fine in the message


def _doc(**finding: object) -> dict[str, object]:
    base = {"rule": "no-research-only", "severity": "error", "message": "m", "target": "Qwen/Qwen2.5-3B-Instruct",
            "locations": [{"path": "app/x.py", "line": 4, "column": 9}], "waived_by": None}
    return {"findings": [{**base, **finding}], "summary": {"failing": 1}}


def test_annotations_per_location_level_and_waivers() -> None:
    doc = _doc(locations=[{"path": "a.py", "line": 1, "column": 0}, {"path": "b, c.py", "line": 7, "column": 2}])
    lines = finding_annotations(doc, prefix="svc/")
    assert lines == [
        "::error file=svc/a.py,line=1,title=mlgate no-research-only%3A Qwen/Qwen2.5-3B-Instruct::m",
        "::error file=svc/b%2C c.py,line=7,col=2,title=mlgate no-research-only%3A Qwen/Qwen2.5-3B-Instruct::m",
    ]
    assert finding_annotations(_doc(severity="info"))[0].startswith("::notice ")
    assert finding_annotations(_doc(severity="warning"))[0].startswith("::warning ")
    assert finding_annotations(_doc(waived_by="waiver: ok (approved by legal)")) == []
    assert finding_annotations(_doc(baselined=True)) == []
    # A finding with no location (e.g. from a BOM) still gets an annotation, without a file.
    assert finding_annotations(_doc(locations=[]))[0].startswith("::error title=")


def test_path_prefix_makes_paths_workspace_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "services" / "api").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert path_prefix(["services/api"], tmp_path) == "services/api/"
    assert path_prefix(["."], tmp_path) == ""
    assert path_prefix(["/"], tmp_path) == ""  # outside the workspace: leave paths alone


def test_path_prefix_in_a_checkout_starts_at_the_repository_root(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The repository is checked out below the workspace (actions/checkout `path:`): GitHub
    # places annotations by the path inside the repository, not inside the workspace.
    checkout = tmp_path / "workspace" / "checkout"
    (checkout / "services" / "api").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    monkeypatch.chdir(tmp_path / "workspace")
    assert path_prefix(["checkout/services/api"], tmp_path / "workspace") == "services/api/"
    assert path_prefix(["checkout"], tmp_path / "workspace") == ""
    annotation = finding_annotations(_doc(), "services/api/")[0]
    assert parse_workflow_command(annotation)[1]["file"] == "services/api/app/x.py"


def test_outputs_use_a_delimiter_that_cannot_collide(tmp_path: Path) -> None:
    out = tmp_path / "out"
    set_output(out, "findings", "3")
    set_output(out, "tricky", "a\nEOF\nfindings=999\nb")
    assert parse_command_file(out.read_text()) == {"findings": "3", "tricky": "a\nEOF\nfindings=999\nb"}


def test_summary_is_cut_at_the_limit_on_a_character_boundary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    append_summary(summary, "é" * SUMMARY_LIMIT)
    data = summary.read_bytes()
    assert len(data) <= SUMMARY_LIMIT
    assert data.decode("utf-8").endswith("for the full list._\n")


def test_inputs_from_env() -> None:
    inputs = ActionInputs.from_env({"INPUT_PATH": "src 'my models' cfg.yaml", "INPUT_OFFLINE": "True",
                                    "INPUT_FAIL_ON": "Warning", "INPUT_HF_TOKEN": "hf_secret"})
    assert inputs.paths == ("src", "my models", "cfg.yaml")
    assert inputs.offline and inputs.fail_on == "warning"
    assert "hf_secret" not in repr(inputs)
    assert inputs.check_args() == ["check", "src", "my models", "cfg.yaml", "--fail-on", "warning", "--offline"]
    assert ActionInputs.from_env({}).check_args() == ["check", "."]
    with pytest.raises(UsageError, match="input offline"):
        ActionInputs.from_env({"INPUT_OFFLINE": "maybe"})
    with pytest.raises(UsageError, match="input path"):
        ActionInputs.from_env({"INPUT_PATH": "'unclosed"})


def test_run_action_reports_a_tool_failure_and_writes_no_summary(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def failing_cli(args: list[str]) -> int:
        calls.append(args)
        return 3

    env = {"RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "o"),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "s")}
    out = io.StringIO()
    assert run_action(ActionInputs(policy="commercial"), env, out, failing_cli) == 3
    assert len(calls) == 1 and calls[0][:3] == ["check", ".", "--policy"]
    assert out.getvalue().startswith("::error title=mlgate::mlgate check could not run (exit 3)")
    assert parse_command_file((tmp_path / "o").read_text()) == {"exit-code": "3"}
    assert not (tmp_path / "s").exists()
