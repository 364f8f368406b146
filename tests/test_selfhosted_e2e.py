"""End to end through the installed command: a name sent to a self-hosted server is not judged under
a provider's API terms, in every output (text, JSON, Markdown, SARIF, CSV, CycloneDX)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema

from bom.samples import assert_valid_cyclonedx
from conftest import REPO, run_mlgate
from mlgate.bomread.cyclonedx import components_from_boms, read_bom

LOCAL_CLIENT = '''\
from openai import OpenAI

base_url = "http://127.0.0.1:8000/v1/"
client = OpenAI(api_key="EMPTY", base_url=base_url)


def chat():
    return client.chat.completions.create(model="chatglm3-6b", messages=[])
'''
HOSTED_CLIENT = '''\
from openai import OpenAI

client = OpenAI(base_url="https://api.example-provider.com/v1")
reply = client.chat.completions.create(model="chatglm3-6b", messages=[])
'''
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "product"
    (root / "demo").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "product"\n\n[tool.mlgate]\npolicy = "commercial"\n')
    (root / "demo" / "openai_api_request.py").write_text(LOCAL_CLIENT)
    (root / "demo" / "hosted.py").write_text(HOSTED_CLIENT)
    return root


def _check(root: Path, *args: str) -> str:
    proc = run_mlgate("check", "demo", "--offline", *args, cwd=root, env={"MLGATE_CACHE_DIR": str(root / ".c")})
    assert proc.returncode == 1, proc.stderr  # the self-hosted name's license is unknown: the gate fails
    return proc.stdout


def test_text_names_the_endpoint_and_no_provider_terms(tmp_path: Path) -> None:
    out = _check(_project(tmp_path))
    served, hosted = out.split("\n\n")[:2]
    assert served.startswith("ERROR   chatglm3-6b  (api-model, self-hosted endpoint http://127.0.0.1:8000/v1/)")
    assert ("unresolved: self-hosted-endpoint: chatglm3-6b is served by a self-hosted endpoint "
            "(http://127.0.0.1:8000/v1/): the weights' license is not known from the name") in served
    assert "openai_api_request.py:8  completions.create  (self-hosted endpoint" in served
    assert "API terms" not in served
    # The same name at a provider is its own component, under the provider's terms.
    assert hosted.startswith("WARNING chatglm3-6b  (api-model)") and "API terms" in hosted
    assert "hosted.py:4" in hosted and "openai_api_request" not in hosted


def test_json_markdown_and_sarif(tmp_path: Path) -> None:
    root = _project(tmp_path)
    doc = json.loads(_check(root, "--format", "json"))
    schema = json.loads((REPO / "src" / "mlgate" / "report" / "check-report.schema.json").read_text())
    jsonschema.validate(doc, schema)
    served = [c for c in doc["components"] if c["references"][0].get("endpoint")]
    assert [(c["target"], c["license"]["reason"], c["references"][0]["endpoint"]) for c in served] == [
        ("chatglm3-6b", "self-hosted-endpoint", "http://127.0.0.1:8000/v1/")]
    markdown = _check(root, "--format", "markdown")
    assert "**Self-hosted endpoint:** `http://127.0.0.1:8000/v1/`" in markdown
    sarif = json.loads(_check(root, "--format", "sarif"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any("self-hosted endpoint (http://127.0.0.1:8000/v1/)" in m for m in messages), messages
    endpoints = {(r["properties"]["target"], r["properties"].get("endpoint")) for r in sarif["runs"][0]["results"]}
    assert endpoints == {("chatglm3-6b", "http://127.0.0.1:8000/v1/"), ("chatglm3-6b", None)}


def test_csv_carries_the_endpoint_in_its_own_column(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_check(_project(tmp_path), "--format", "csv"))))
    assert {(row["target"], row["path"], row["endpoint"]) for row in rows} == {
        ("chatglm3-6b", "openai_api_request.py", "http://127.0.0.1:8000/v1/"),
        ("chatglm3-6b", "hosted.py", "")}


def test_the_inventory_csv_carries_the_endpoint(tmp_path: Path) -> None:
    root = _project(tmp_path)
    out = tmp_path / "inventory.csv"
    proc = run_mlgate("report", "demo", "--offline", "-o", out, cwd=root, env={"MLGATE_CACHE_DIR": str(root / ".c")})
    assert proc.returncode in (0, 1), proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted((row["target"], row["endpoint"], row["unresolved_reason"]) for row in rows) == [
        ("chatglm3-6b", "", ""), ("chatglm3-6b", "http://127.0.0.1:8000/v1/", "self-hosted-endpoint")]


def test_the_bom_is_valid_and_reads_back_the_endpoint(tmp_path: Path) -> None:
    root = _project(tmp_path)
    out = tmp_path / "mlbom.cdx.json"
    proc = run_mlgate("bom", "demo", "--offline", "-o", out, cwd=root, env={"MLGATE_CACHE_DIR": str(root / ".c")})
    assert proc.returncode == 0, proc.stderr
    assert_valid_cyclonedx(out.read_text(encoding="utf-8"), "json")
    components = sorted(read_bom(out).components, key=lambda c: c.endpoint or "")
    assert [(c.target, c.endpoint, [r.endpoint for r in c.references]) for c in components] == [
        ("chatglm3-6b", None, [None]),
        ("chatglm3-6b", "http://127.0.0.1:8000/v1/", ["http://127.0.0.1:8000/v1/"]),
    ]


def test_a_bom_given_to_check_keeps_the_self_hosted_component_apart(tmp_path: Path) -> None:
    # Both components share kind and name: the self-hosted one (unknown license, failing) must not
    # be dropped as a duplicate of the hosted one when the BOM is read back for `mlgate check`.
    root = _project(tmp_path)
    out = root / "bom" / "mlbom.cdx.json"
    out.parent.mkdir()
    proc = run_mlgate("bom", "demo", "--offline", "-o", out, cwd=root, env={"MLGATE_CACHE_DIR": str(root / ".c")})
    assert proc.returncode == 0, proc.stderr
    found, _ = components_from_boms([out], [])
    assert sorted((c.target, c.endpoint or "") for c in found) == [
        ("chatglm3-6b", ""), ("chatglm3-6b", "http://127.0.0.1:8000/v1/")]
    check = run_mlgate("check", "bom/mlbom.cdx.json", "--offline", cwd=root,
                       env={"MLGATE_CACHE_DIR": str(root / ".c")})
    assert check.returncode == 1, check.stdout + check.stderr
    assert "self-hosted endpoint http://127.0.0.1:8000/v1/" in check.stdout
