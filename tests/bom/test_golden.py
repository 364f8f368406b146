"""Golden files: the exact documents for the sample components, normalised for serial and version.

A deliberate change of the output is reviewed as a diff of these files: regenerate them with
`MLGATE_UPDATE_GOLDEN=1 pytest tests/bom/test_golden.py` and read the diff before committing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bom.samples import assert_valid_cyclonedx, assert_valid_spdx, components
from conftest import FIXTURES
from mlgate import __version__
from mlgate.bom.cyclonedx import render_json, render_xml
from mlgate.bom.spdx import render_spdx

GOLDEN = FIXTURES / "boms" / "golden"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalise(text: str) -> str:
    """Serial numbers / document ids and mlgate's version are the only parts that may differ."""
    text = _UUID.sub("00000000-0000-0000-0000-000000000000", text)
    return text.replace(f'"{__version__}"', '"0.0.0"').replace(f">{__version__}<", ">0.0.0<") \
        .replace(f"mlgate {__version__}", "mlgate 0.0.0")


CASES: list[tuple[str, Callable[..., str], Callable[[str], object]]] = [
    ("support-bot.cdx.json", render_json, lambda t: assert_valid_cyclonedx(t, "json")),
    ("support-bot.cdx.xml", render_xml, lambda t: assert_valid_cyclonedx(t, "xml")),
    ("support-bot.spdx.json", render_spdx, assert_valid_spdx),
]


@pytest.mark.parametrize(("name", "render", "validate"), CASES, ids=[c[0] for c in CASES])
def test_output_matches_golden_file(name: str, render: Callable[..., str], validate: Callable[[str], object]) -> None:
    text = render(components(), "support-bot", reproducible=True)
    validate(text)
    golden: Path = GOLDEN / name
    if os.environ.get("MLGATE_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(normalise(text), encoding="utf-8")
    assert normalise(text) == golden.read_text(encoding="utf-8")
