"""ML-BOM writers, and the registry of BOM formats (see `mlgate/formats.py`).

A new BOM format is one module plus one line in `BOMS`. Reading a BOM given as input is
`mlgate/bomread/`.
"""

from __future__ import annotations

from typing import Any

from mlgate.formats import Format, Formats, Rendering
from mlgate.model import Result


def _bom(render: Any, result: Result, options: Rendering) -> str:
    from mlgate.scan.repository import project_version

    version = project_version(options.root) if options.root is not None else None
    text: str = render(result.components, options.project, reproducible=options.reproducible,
                       timestamp=options.timestamp, app_version=version, memo=options.memo)
    return text


BOMS = Formats("bom", (
    Format("json", "mlgate.bom.cyclonedx:render_json", (".cdx.json", "bom.json")),
    Format("xml", "mlgate.bom.cyclonedx:render_xml", (".xml", ".cdx.xml")),
    Format("spdx", "mlgate.bom.spdx:render_spdx", (".spdx.json", ".spdx3.json", ".jsonld"),
           preflight="mlgate.bom.spdx:spdx_model"),
), default="json", render=_bom)
