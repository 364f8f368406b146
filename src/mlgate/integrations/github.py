"""The GitHub Action's logic: `python -m mlgate.integrations.github`, run by action.yml.

Inputs arrive as `INPUT_*` environment variables (action.yml passes them through `env:`, never
spliced into a script). It runs the real `mlgate check` once, writing every document from that
one run (JSON for annotations and outputs, Markdown for the job summary, SARIF and the BOM when
asked), then emits workflow commands, appends the summary to `$GITHUB_STEP_SUMMARY`, writes
outputs to `$GITHUB_OUTPUT`, and exits with `mlgate check`'s exit code.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import tempfile
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mlgate.atomic import write_atomic
from mlgate.errors import UsageError

SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a step summary over 1 MiB
_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off", ""}

RunCli = Callable[[list[str]], int]


def escape_data(text: str) -> str:
    """Escape a workflow-command message (what follows `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (`file=`, `title=`): also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: object) -> str:
    """`::command k=v,...::message` with every part escaped; properties that are None are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value is not None and value != "")
    return f"::{command}{' ' + props if props else ''}::{escape_data(message)}"


@dataclass(frozen=True)
class ActionInputs:
    paths: tuple[str, ...] = (".",)
    policy: str = ""
    fail_on: str = ""
    offline: bool = False
    baseline: str = ""
    sarif_file: str = ""
    bom_file: str = ""
    hf_token: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ActionInputs:
        def get(name: str) -> str:
            return env.get(f"INPUT_{name}", "").strip()

        try:
            paths = tuple(shlex.split(get("PATH"))) or (".",)
        except ValueError as exc:
            raise UsageError(f"input path: {exc}") from None
        fail_on = get("FAIL_ON").lower()
        if fail_on not in ("", "error", "warning", "info"):
            raise UsageError(f"input fail-on: expected error, warning or info, got {fail_on!r}")
        offline = get("OFFLINE").lower()
        if offline not in _TRUE | _FALSE:
            raise UsageError(f"input offline: expected true or false, got {offline!r}")
        return cls(paths=paths, policy=get("POLICY"), fail_on=fail_on, offline=offline in _TRUE,
                   baseline=get("BASELINE"), sarif_file=get("SARIF_FILE"), bom_file=get("BOM_FILE"),
                   hf_token=get("HF_TOKEN"))

    def check_args(self) -> list[str]:
        args = ["check", *self.paths]
        if self.policy:
            args += ["--policy", self.policy]
        if self.fail_on:
            args += ["--fail-on", self.fail_on]
        if self.offline:
            args.append("--offline")
        if self.baseline:
            args += ["--baseline", self.baseline]
        return args


def is_open(finding: Mapping[str, Any]) -> bool:
    """Neither waived nor accepted in the baseline: the findings that get annotations."""
    return not finding.get("waived_by") and not finding.get("baselined")


def finding_annotations(doc: Mapping[str, Any], prefix: str = "") -> list[str]:
    """One workflow command per open finding and place, from `check --format json`."""
    lines = []
    for finding in doc.get("findings", []):
        if not is_open(finding):
            continue
        level = _LEVELS.get(finding.get("severity", ""), "warning")
        title = f"mlgate {finding.get('rule', '?')}: {finding.get('target', '?')}"
        message = str(finding.get("message", ""))
        places = finding.get("locations") or [{}]
        for place in places:
            path = place.get("path")
            lines.append(workflow_command(level, message, file=f"{prefix}{path}" if path else None,
                                          line=place.get("line"), col=place.get("column") or None, title=title))
    return lines


def path_prefix(paths: Sequence[str], workspace: Path) -> str:
    """What to put before a finding's path so GitHub finds the file from the repository root.

    `check` reports paths against its project root (a single directory argument, else the git
    top level); annotations need them relative to the repository: its git top level, else the
    workspace the checkout is in.
    """
    from mlgate.cli.app import project_root
    from mlgate.scan.repository import repository_place

    root = project_root(tuple(Path(p) for p in paths))
    place = repository_place(root)
    if place.in_git:
        return place.prefix
    try:
        rel = root.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"


def set_output(path: Path | None, name: str, value: str) -> None:
    """Append an output in the multi-line form, with a delimiter that cannot occur in `value`."""
    if path is None:
        return
    delimiter = f"ghadelimiter_{uuid.uuid4()}"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def append_summary(path: Path | None, markdown: str) -> None:
    if path is None:
        return
    data = markdown.encode("utf-8")
    if len(data) > SUMMARY_LIMIT:
        note = "\n\n_… cut at GitHub's 1 MiB summary limit; upload the SARIF or JSON report for the full list._\n"
        data = data[: SUMMARY_LIMIT - len(note.encode())].decode("utf-8", "ignore").encode() + note.encode()
    with path.open("ab") as handle:
        handle.write(data)


def _cli_runner() -> RunCli:
    from mlgate.cli import cli
    from mlgate.cli.app import run_cli

    return lambda args: run_cli(cli, args)


def run_action(inputs: ActionInputs, env: Mapping[str, str], out: TextIO, run: RunCli) -> int:
    """The whole action; returns the exit code. `run` invokes the mlgate CLI with arguments.

    One `mlgate check` run writes every document: the JSON report (annotations and outputs),
    the Markdown summary, and SARIF and the ML-BOM when asked. They are written under fixed
    names whose endings say their format, then copied to the paths the inputs name.
    """
    work = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()) / "mlgate-action"
    work.mkdir(parents=True, exist_ok=True)
    outputs = Path(env["GITHUB_OUTPUT"]) if env.get("GITHUB_OUTPUT") else None
    summary = Path(env["GITHUB_STEP_SUMMARY"]) if env.get("GITHUB_STEP_SUMMARY") else None

    findings_file, markdown_file = work / "findings.json", work / "summary.md"
    extra = {name: (work / written, target) for name, written, target in (
        ("sarif", "report.sarif", inputs.sarif_file), ("bom", "mlbom.json", inputs.bom_file)) if target}
    documents = [findings_file, markdown_file, *(written for written, _ in extra.values())]
    code = run([*inputs.check_args(), *(arg for path in documents for arg in ("-o", str(path)))])
    set_output(outputs, "exit-code", str(code))
    if code not in (0, 1):
        print(workflow_command("error", f"mlgate check could not run (exit {code}); the log above says why.",
                               title="mlgate"), file=out)
        return code
    doc = json.loads(findings_file.read_text(encoding="utf-8"))
    prefix = path_prefix(inputs.paths, Path(env.get("GITHUB_WORKSPACE") or Path.cwd()))
    for line in finding_annotations(doc, prefix):
        print(line, file=out)
    open_findings = [f for f in doc.get("findings", []) if is_open(f)]
    print(f"mlgate: {len(open_findings)} open findings, {doc.get('summary', {}).get('failing', 0)} failing; "
          "the job summary lists every one.", file=out)
    set_output(outputs, "findings", str(len(open_findings)))
    set_output(outputs, "failing", str(doc.get("summary", {}).get("failing", 0)))
    set_output(outputs, "report", str(findings_file))
    append_summary(summary, markdown_file.read_text(encoding="utf-8"))

    worst = code
    for name in ("sarif", "bom"):
        if name not in extra:
            set_output(outputs, name, "")
            continue
        written, target = extra[name]
        try:
            write_atomic(Path(target), written.read_text(encoding="utf-8"))
        except OSError as exc:
            print(workflow_command("error", f"mlgate could not write the {name} file {target}: "
                                   f"{exc.strerror or exc}", title="mlgate"), file=out)
            worst = max(worst, 2)
            continue
        set_output(outputs, name, target)
    return worst


def main(argv: Sequence[str] | None = None) -> int:
    env = dict(os.environ)
    try:
        inputs = ActionInputs.from_env(env)
    except UsageError as exc:
        print(workflow_command("error", str(exc), title="mlgate action input"))
        return 2
    if inputs.hf_token:
        os.environ["HF_TOKEN"] = inputs.hf_token  # only for this process; never printed
    return run_action(inputs, env, sys.stdout, _cli_runner())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
