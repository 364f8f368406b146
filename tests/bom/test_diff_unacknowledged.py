"""`mlgate diff` reads the license a component carries when its license entry has no
`acknowledgement` (other tools and hand edits write them that way), not `NOASSERTION`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DEMO, run_mlgate


def test_diff_shows_a_license_entry_without_acknowledgement(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    written = run_mlgate("bom", DEMO, "--offline", "-o", old)
    assert written.returncode == 0, written.stderr
    doc = json.loads(old.read_text())
    dataset = next(c for c in doc["components"] if c["name"] == "support-conversations")
    # A hand edit: the dataset relicensed, written as a bare license id without acknowledgement.
    dataset["licenses"] = [{"license": {"id": "CC-BY-NC-4.0"}}]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(doc))

    proc = run_mlgate("diff", old, new)

    assert proc.returncode == 0, proc.stderr
    assert "license: CC-BY-4.0 -> CC-BY-NC-4.0" in proc.stdout
    assert "NOASSERTION" not in proc.stdout
