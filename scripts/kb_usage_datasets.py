"""Data set facts sourced for the measured goal list (bench/usage), beside kb_mirrors_datasets.DATASETS.

Each is the `license:` of the data set card, with the copy it was read from and a confidence
(high: the card at a named revision; medium: copies of the card or of its front matter). A card
that changed its license names both values. Imported by kb_offline.py.
"""

# ruff: noqa: E501  (data tables: one fact per line, as in build_data.py)

from __future__ import annotations

# Hub id -> (card `license:` id or ids, license_name, confidence, where the card was read)
DATASETS: dict[str, tuple[str | list[str], str, str, str]] = {
    "roneneldan/TinyStories": ("cdla-sharing-1.0", "", "medium", (
        "copy of the card in the code index (license: cdla-sharing-1.0; 'synthetically generated (by GPT-3.5 and GPT-4)"
        " short stories'); oumi's TinyStoriesDataset docstring: 'available under the CDLA-Sharing-1.0 license'")),
    **{repo: ("cc-by-nc-4.0", "", "medium", (
        "nlpxucan/WizardLM README at cd4b4cc: 'Data License: CC By NC 4.0' (the Evol-Instruct data; models listed as"
        " non-commercial too); the data are ChatGPT-evolved instructions")) for repo in (
        "WizardLMTeam/WizardLM_evol_instruct_V2_196k", "WizardLM/WizardLM_evol_instruct_V2_196k")},
    "AI-MO/NuminaMath-CoT": ("apache-2.0", "", "medium", (
        "copy of the card in the code index (license: apache-2.0, pretty_name NuminaMath CoT; ~860k problems,"
        " repository project-numina/aimo-progress-prize)")),
    "timdettmers/openassistant-guanaco": ("apache-2.0", "", "medium", (
        "a 9,846-conversation subset of OpenAssistant/oasst1 (card: apache-2.0, high); its re-upload"
        " Trelis/openassistant-guanaco-EOS ('cloned from TimDettmers') declares license: apache-2.0 (card and commit"
        " eb5894a); the guanaco card itself was not read")),
}

# Legacy data set ids the Hub redirects to a namespaced id.
LEGACY_DATASETS: dict[str, str] = {}
