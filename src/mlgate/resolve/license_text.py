"""Recognise a LICENSE file by the title phrases each license text carries.

Model licenses are checked before generic ones because several are built on them (the
Falcon 180B license is "based on the Apache License Version 2.0"). A text that matches
nothing is not guessed: the caller reports it as unrecognised.
"""

from __future__ import annotations

import re
from pathlib import Path

from mlgate.license_catalog import catalog
from mlgate.licenses import from_entry
from mlgate.model import License
from mlgate.resolve.card import first_file

MAX_LICENSE_BYTES = 256 * 1024
LICENSE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "LICENSE.rst", "COPYING")

# (catalog key: Hub id or license_name, phrases that must all appear; case-insensitive)
_SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("qwen-research", ("qwen research license agreement",)),
    ("tongyi-qianwen-research", ("tongyi qianwen research license agreement",)),
    ("qwen", ("qwen license agreement",)),
    ("tongyi-qianwen", ("tongyi qianwen license agreement",)),
    ("llama4", ("llama 4 community license",)),
    ("llama3.3", ("llama 3.3 community license",)),
    ("llama3.2", ("llama 3.2 community license",)),
    ("llama3.1", ("llama 3.1 community license",)),
    ("llama3", ("meta llama 3 community license",)),
    ("llama2", ("llama 2 community license",)),
    ("gemma", ("gemma terms of use",)),
    ("mrl", ("mistral ai research license",)),
    ("mnpl", ("mistral ai non-production license",)),
    ("flux-1-dev-non-commercial-license", ("flux.1 [dev] non-commercial license",)),
    ("stabilityai-nc-research-community", ("stability ai non-commercial research community license",)),
    ("stable-video-diffusion-nc-community", ("stable video diffusion non-commercial community license",)),
    ("stabilityai-ai-community", ("stability ai community license",)),
    ("sdxl-0.9-research-license", ("sdxl 0.9 research license",)),
    ("deepseek", ("deepseek license agreement",)),
    ("falcon-180b-tii-license", ("falcon 180b tii license",)),
    ("falcon-2-11b-tii-license", ("falcon 2 11b tii license",)),
    ("tii-falcon-llm", ("tii falcon llm license",)),
    ("yi-license", ("yi series models community license",)),
    ("openrail++", ("creativeml open rail++-m",)),
    ("creativeml-openrail-m", ("creativeml open rail-m",)),
    ("bigcode-openrail-m", ("bigcode open rail-m",)),
    ("bigscience-bloom-rail-1.0", ("bigscience rail license",)),
    ("cc-by-nc-sa-4.0", ("attribution-noncommercial-sharealike 4.0",)),
    ("cc-by-nc-nd-4.0", ("attribution-noncommercial-noderivatives 4.0",)),
    ("cc-by-nc-4.0", ("attribution-noncommercial 4.0",)),
    ("cc-by-sa-4.0", ("attribution-sharealike 4.0",)),
    ("cc-by-nd-4.0", ("attribution-noderivatives 4.0",)),
    ("cc-by-4.0", ("attribution 4.0 international",)),
    ("agpl-3.0", ("gnu affero general public license", "version 3")),
    ("lgpl-3.0", ("gnu lesser general public license", "version 3")),
    ("lgpl-2.1", ("gnu lesser general public license", "version 2.1")),
    ("gpl-3.0", ("gnu general public license", "version 3")),
    ("gpl-2.0", ("gnu general public license", "version 2")),
    ("mpl-2.0", ("mozilla public license", "2.0")),
    ("apache-2.0", ("apache license", "version 2.0")),
    ("mit", ("permission is hereby granted, free of charge",)),
    ("bsd-3-clause", ("redistribution and use in source and binary forms", "neither the name")),
    ("bsd-2-clause", ("redistribution and use in source and binary forms",)),
    ("unlicense", ("this is free and unencumbered software released into the public domain",)),
)


def find_license_file(directory: Path) -> Path | None:
    return first_file(directory, LICENSE_FILES)


def identify(text: str) -> str | None:
    """The catalog key of the license `text` is, or None when no signature matches."""
    folded = re.sub(r"\s+", " ", text.lower())
    for key, phrases in _SIGNATURES:
        if all(phrase in folded for phrase in phrases):
            return key
    return None


def license_from_file(path: Path, *, source: str, shown: str | None = None) -> License | None:
    """The License a LICENSE file states, or None when unreadable or unrecognised.

    `shown` is how the evidence names the file (relative to the scan root, not the machine).
    """
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_LICENSE_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    key = identify(text)
    if key is None:
        return None
    entry = catalog().lookup(key)
    if entry is None:  # a signature without a catalog entry is a bug in the table above
        return None
    title = next((line.strip(" #*") for line in text.splitlines() if line.strip(" #*")), "")[:120]
    evidence = f"{shown or path}: license text recognised as {entry.name} ({title!r})"
    return from_entry(entry, source=source, evidence=evidence)
