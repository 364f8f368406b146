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

_HD = "https://huggingface.co/datasets"
# Stored copies of the Hub pages of the data sets (their header shows the card's `license:`), read in the
# docs corpus: one page named per fact; the header is the card's metadata on main when the page was stored.
DATASETS.update({
    "Intel/orca_dpo_pairs": ("apache-2.0", "", "medium", (
        f"Hub pages {_HD}/Intel/orca_dpo_pairs/tree/6ccacf6 (License: apache-2.0) and blob/40c2624/README.md"
        " (metadata license: apache-2.0); 12k Orca-style pairs from Open-Orca/OpenOrca (mit), GPT-4/3.5 completions")),
    "argilla/ultrafeedback-binarized-preferences-cleaned": ("mit", "", "medium", (
        f"Hub page {_HD}/argilla/ultrafeedback-binarized-preferences-cleaned/tree/d4ade18 (License: mit); the"
        " card copy of csarron/argilla-ultrafeedback-binarized-preferences-cleaned at ab51c6b says license: mit too")),
    "HuggingFaceH4/Multilingual-Thinking": ("apache-2.0", "", "medium", (
        f"Hub page {_HD}/HuggingFaceH4/Multilingual-Thinking/discussions/4 (License: apache-2.0, stored after 2025-08)")),
    "b-mc2/sql-create-context": ("cc-by-4.0", "", "medium", (
        f"Hub pages {_HD}/b-mc2/sql-create-context/tree/9d80a6a, tree/bdceafa and tree/a19688f (License: cc-by-4.0);"
        " built from WikiSQL and Spider")),
    "open-r1/codeforces-cots": ("cc-by-4.0", "", "medium", (
        f"Hub pages {_HD}/open-r1/codeforces-cots/discussions/4 and tree/main/solutions_w_editorials_py_decontaminated"
        " (License: cc-by-4.0); commit 6545ca8 shows the card front matter line license: cc-by-4.0; DeepSeek-R1"
        " generations (the DeepSeek-R1 license is MIT)")),
    "open-r1/codeforces": ("cc-by-4.0", "", "medium", (
        f"Hub pages {_HD}/open-r1/codeforces/tree/main/verifiable-prompts and commits/main/generated_tests (License:"
        " cc-by-4.0); the card's prose (commit 19bd90d) says 'licensed under the Open Data Commons Attribution"
        " License (ODC-By) 4.0', also permissive with attribution")),
    "allenai/tulu-v2-sft-mixture": ("odc-by", "", "medium", (
        f"Hub pages {_HD}/allenai/tulu-v2-sft-mixture/tree/9a0e786, tree/fa46f39 and tree/6248b17 (License: odc-by);"
        " the card asks users to follow the licenses of the mixed-in subsets")),
    "mlabonne/orpo-dpo-mix-40k": ("apache-2.0", "", "medium", (
        f"Hub pages {_HD}/mlabonne/orpo-dpo-mix-40k/tree/main at 0f72511 and commits/2526b33 (License: apache-2.0);"
        " a mix of preference sets whose own licenses the card lists")),
    "agentica-org/DeepScaleR-Preview-Dataset": ("mit", "", "medium", (
        f"Hub pages {_HD}/agentica-org/DeepScaleR-Preview-Dataset/tree/main at b6ae8c6 and discussions/3 (License: mit)")),
    "HuggingFaceM4/ChartQA": ("gpl-3.0", "", "medium", (
        f"Hub pages {_HD}/HuggingFaceM4/ChartQA/tree/main at b605b6e and tree/a10e544 (License: gpl-3.0); the"
        " ahmed-masry/ChartQA original says gpl-3.0 too")),
    "m-ric/huggingface_doc": ("mit", "", "medium", (
        f"Hub pages {_HD}/m-ric/huggingface_doc/tree/928e495 (License: mit) and blob/refs%2Fpr%2F2/README.md"
        " (metadata license: mit)")),
    "sayakpaul/sample-datasets": ("apache-2.0", "", "medium", (
        f"Hub page {_HD}/sayakpaul/sample-datasets/blob/d2af9f0/README.md (License: apache-2.0; metadata license:"
        " apache-2.0, the only line of the card)")),
})
# Canonical data sets whose cards lived in the huggingface/datasets repository (datasets/<name>/README.md)
# until d7dfbc8 (2022-10-03) moved them to the Hub; the ids are the legacy ones the code loads.
DATASETS.update({
    "beans": ("mit", "", "medium", (
        "card github.com/huggingface/datasets datasets/beans/README.md, every version from aaec733 (2021-08-26) to"
        " a519296 (2022-07-01): license: mit")),
    "scene_parse_150": ("bsd-3-clause", "", "medium", (
        "card github.com/huggingface/datasets datasets/scene_parse_150/README.md, every version from a809496"
        " (2022-02-18) to a519296 (2022-07-01): license: bsd-3-clause (MIT Scene Parsing / ADE20K)")),
})


# Data sets whose card was read and declares no license: (confidence, what was read). They answer
# 'no license declared' offline, with that evidence, instead of nothing.
UNDECLARED: dict[str, tuple[str, str]] = {
    'garage-bAInd/Open-Platypus': ("medium", 'the card declares no license: Hub pages huggingface.co/datasets/garage-bAInd/Open-Platypus/tree/b3da51a, d3be6ed and 13c0751 show none (subsets under their own licenses)'),
    'open-r1/DAPO-Math-17k-Processed': ("medium", 'the card declares no license: Hub page huggingface.co/datasets/open-r1/DAPO-Math-17k-Processed/tree/main/all shows none (its source BytedTsinghua-SIA/DAPO-Math-17k says apache-2.0)'),
    'HuggingFaceTB/smoltalk': ("medium", "the card declares no license: the Hub pages huggingface.co/datasets/HuggingFaceTB/smoltalk/tree/main, tree/83ecd36 and refs/pr/5 show none (a commit 5979b3a 'Add Apache 2.0 license tag' never shows on main; the smol-smoltalk sibling says apache-2.0)"),
    'lmms-lab/multimodal-open-r1-8k-verified': ("medium", 'the card declares no license: Hub page huggingface.co/datasets/lmms-lab/multimodal-open-r1-8k-verified/tree/main/data (e3c8f3a) shows none'),
    'Skywork/SkyPile-150B': ("medium", "the card declares no license: key; the repository ships 'Skywork Community License.pdf' (Hub page huggingface.co/datasets/Skywork/SkyPile-150B/tree/main at d6395ca), terms not reviewed here"),
    'lmsys/lmsys-chat-1m': ("medium", 'the card declares no license: key; access is gated by the LMSYS-Chat-1M Dataset License Agreement (terms not reviewed here)'),
    'mlabonne/FineTome-100k': ("medium", 'the card declares no license: Hub pages huggingface.co/datasets/mlabonne/FineTome-100k/tree/main (c2343c1) and commits/164a006 show none (its source arcee-ai/The-Tome says mit)'),
    'sentence-transformers/stsb': ("medium", 'the card declares no license: Hub pages huggingface.co/datasets/sentence-transformers/stsb/tree/feb8fb7 and tree/98a87b3 show none (STS Benchmark)'),
    'hf-internal-testing/diffusers-images': ("medium", 'the card declares no license (test fixtures; Hub page huggingface.co/datasets/hf-internal-testing/diffusers-images/tree/82c56a9, README empty)'),
    'sentence-transformers/all-nli': ("medium", 'the card declares no license: Hub pages huggingface.co/datasets/sentence-transformers/all-nli/tree/6de3c20, cc6c526 and 283eebc show none'),
    'HuggingFaceH4/llava-instruct-mix-vsft': ("medium", 'the card declares no license: Hub pages huggingface.co/datasets/HuggingFaceH4/llava-instruct-mix-vsft/tree/main (4c04c83) and tree/832a2da show none'),
    'InstaDeepAI/nucleotide_transformer_downstream_tasks': ("medium", 'the card declares no license: Hub pages huggingface.co/datasets/InstaDeepAI/nucleotide_transformer_downstream_tasks/tree/b47b74e and tree/main/H3K14ac show none'),
}
