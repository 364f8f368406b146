"""Curated offline knowledge of re-uploads, Ollama library names and data sets (imported by build_data.py).

Mirrors and Ollama names are lineage, not licenses of their own: they resolve to an upstream
model whose license the knowledge base (an exact entry or a family rule) already establishes.
Data set licenses are the `license:` of the data set card, each with the copy it was read from.
"""

# ruff: noqa: E501  (data tables: one fact per line, as in build_data.py)

from __future__ import annotations

# Organisations that re-upload other vendors' models (quantisations, ungated copies, MLX/GGUF
# conversions) under the upstream name, sometimes with a format suffix.
MIRROR_ORGS = [
    "unsloth", "TheBloke", "bartowski", "lmstudio-community", "mlx-community", "MaziyarPanahi",
    "QuantFactory", "NousResearch", "second-state", "RichardErkhov",
]
# Format suffixes stripped (longest first) to find the upstream name; case-insensitive.
MIRROR_SUFFIXES = [
    "-unsloth-bnb-4bit", "-bnb-4bit", "-bnb-8bit", "-GGUF", "-AWQ", "-GPTQ-Int4", "-GPTQ-Int8", "-GPTQ",
    "-MLX", "-4bit", "-8bit", "-fp16", "-EXL2",
]
# Mirror names that differ from the upstream name beyond a suffix (unsloth spells Meta's Llama 3 ids
# in lower case without the `Meta-` prefix).
MIRROR_RENAMES = {
    "llama-3-8b": "meta-llama/Meta-Llama-3-8B",
    "llama-3-8b-instruct": "meta-llama/Meta-Llama-3-8B-Instruct",
    "llama-3-70b-instruct": "meta-llama/Meta-Llama-3-70B-Instruct",
    "llama-2-7b": "meta-llama/Llama-2-7b-hf",
    "llama-2-7b-chat": "meta-llama/Llama-2-7b-chat-hf",
    "llama-2-13b": "meta-llama/Llama-2-13b-hf",
    "mistral-7b": "mistralai/Mistral-7B-v0.1",
}
MIRROR_EVIDENCE = ("re-upload by a known mirror organisation under the upstream model's name; the upstream's"
                   " license binds the copy (the mirror's own card was not read offline)")

# Ollama library names -> the upstream Hub checkpoint per size tag. A bare name (or `:latest`)
# resolves only when every listed size shares one license; otherwise the size must be given.
OLLAMA_EVIDENCE = "Ollama library model {name}:{tag} packages the {upstream} weights (Ollama library naming)"
OLLAMA: dict[str, dict[str, str]] = {
    "llama2": {s: f"meta-llama/Llama-2-{s}-chat-hf" for s in ("7b", "13b", "70b")},
    "llama3": {"8b": "meta-llama/Meta-Llama-3-8B-Instruct", "70b": "meta-llama/Meta-Llama-3-70B-Instruct"},
    "llama3.1": {s: f"meta-llama/Llama-3.1-{s.upper()}-Instruct" for s in ("8b", "70b", "405b")},
    "llama3.2": {s: f"meta-llama/Llama-3.2-{s.upper()}-Instruct" for s in ("1b", "3b")},
    "llama3.2-vision": {s: f"meta-llama/Llama-3.2-{s.upper()}-Vision-Instruct" for s in ("11b", "90b")},
    "llama3.3": {"70b": "meta-llama/Llama-3.3-70B-Instruct"},
    "codellama": {s: f"codellama/CodeLlama-{s}-Instruct-hf" for s in ("7b", "13b", "34b")},
    "gemma": {s: f"google/gemma-{s}-it" for s in ("2b", "7b")},
    "gemma2": {s: f"google/gemma-2-{s}-it" for s in ("2b", "9b", "27b")},
    "gemma3": {s: f"google/gemma-3-{s}-it" for s in ("1b", "4b", "12b", "27b")},
    "qwen2": {s: f"Qwen/Qwen2-{s.upper()}-Instruct" for s in ("0.5b", "1.5b", "7b", "72b")},
    "qwen2.5": {s: f"Qwen/Qwen2.5-{s.upper()}-Instruct" for s in ("0.5b", "1.5b", "3b", "7b", "14b", "32b", "72b")},
    "qwen2.5vl": {s: f"Qwen/Qwen2.5-VL-{s.upper()}-Instruct" for s in ("3b", "7b", "32b", "72b")},
    "qwen3": {s: f"Qwen/Qwen3-{s.upper()}" for s in ("0.6b", "1.7b", "4b", "8b", "14b", "32b")},
    "qwq": {"32b": "Qwen/QwQ-32B"},
    "mistral": {"7b": "mistralai/Mistral-7B-Instruct-v0.3"},
    "mixtral": {"8x7b": "mistralai/Mixtral-8x7B-Instruct-v0.1", "8x22b": "mistralai/Mixtral-8x22B-Instruct-v0.1"},
    "codestral": {"22b": "mistralai/Codestral-22B-v0.1"},
    "deepseek-r1": {"1.5b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", "7b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
                    "14b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B", "32b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
                    "70b": "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "671b": "deepseek-ai/DeepSeek-R1"},
}

# Data sets: Hub id -> (card `license:` id or ids, license_name, confidence, where the card was read).
DATASETS: dict[str, tuple[str | list[str], str, str, str]] = {
    "tatsu-lab/alpaca": ("cc-by-nc-4.0", "", "medium", (
        "card copy huggingface.co/datasets/tatsu-lab/alpaca refs/pr/3 and derived cards: license: cc-by-nc-4.0"
        " (generated with OpenAI text-davinci-003; a PR branch proposes cc-by-4.0)")),
    "databricks/databricks-dolly-15k": ("cc-by-sa-3.0", "", "high", (
        "card text 'under the terms of the Creative Commons Attribution-ShareAlike 3.0 Unported License';"
        " databricks.com blog 2023-04-12")),
    "HuggingFaceH4/ultrachat_200k": ("mit", "", "high", "card copy huggingface.co/datasets/HuggingFaceH4/ultrachat_200k README (license: mit)"),
    "HuggingFaceH4/ultrafeedback_binarized": ("mit", "", "high", "card copies of HuggingFaceH4/ultrafeedback_binarized README (license: mit)"),
    "openbmb/UltraFeedback": ("mit", "", "medium", "OpenBMB/UltraFeedback GitHub repository license MIT (dataset card not read)"),
    "Open-Orca/OpenOrca": ("mit", "", "high", "card at revision 3f94996 huggingface.co/datasets/Open-Orca/OpenOrca (license: mit)"),
    "HuggingFaceH4/orca_dpo_pairs": ("mit", "", "high", "card copy of HuggingFaceH4/orca_dpo_pairs README (license: mit)"),
    "openai/gsm8k": ("mit", "", "high", "card huggingface.co/datasets/openai/gsm8k README (license: mit)"),
    "cais/mmlu": ("mit", "", "medium", "copy of the cais/mmlu card (license: mit) and the sbintuitions/MMLU clone ('MIT License')"),
    "RyokoAI/ShareGPT52K": ("cc0-1.0", "", "high", (
        "card huggingface.co/datasets/RyokoAI/ShareGPT52K README (license: cc0-1.0); the conversations are ChatGPT"
        " outputs scraped via ShareGPT, whose use to build competing models is contested under OpenAI's terms")),
}
DATASETS.update({
    "Open-Orca/SlimOrca": ("mit", "", "medium", (
        "copy of the Open-Orca/SlimOrca card README in the code index (license: mit; pretty_name SlimOrca;"
        " ~500k GPT-4 completions of FLAN questions)")),
    "OpenAssistant/oasst1": ("apache-2.0", "", "high", (
        "card huggingface.co/datasets/OpenAssistant/oasst1 README at revisions e667bbc, f8b2b76, dee0b5f"
        " (license: apache-2.0)")),
    "Anthropic/hh-rlhf": ("mit", "", "high", (
        "card huggingface.co/datasets/Anthropic/hh-rlhf README (resolve/main; revisions 53bb19a, 441a767):"
        " license: mit; the card says the preference data are not meant for supervised training of dialogue agents")),
    "Salesforce/wikitext": (["cc-by-sa-3.0", "gfdl"], "", "medium", (
        "copies of the WikiText card in the code index (license: cc-by-sa-3.0, gfdl; pretty_name WikiText,"
        " configs wikitext-103-raw-v1 ...): Wikipedia text, share-alike")),
    "rajpurkar/squad": ("cc-by-sa-4.0", "", "high", (
        "card huggingface.co/datasets/rajpurkar/squad README at 7b6d24c (license: cc-by-sa-4.0)")),
    "rajpurkar/squad_v2": ("cc-by-sa-4.0", "", "medium", (
        "copies of the squad_v2 card (license: cc-by-sa-4.0; GEM/squad_v2, weijiang2009 re-uploads of the card)")),
    "allenai/c4": ("odc-by", "", "medium", (
        "legacy c4 card huggingface.co/datasets/c4 resolve/main and legacy-datasets/c4 at 8a9744e (license: odc-by;"
        " 'Dataset \"c4\" is deprecated ... Use \"allenai/c4\"'); oumi docs: allenai/c4 'released under the ODC-BY"
        " license and is subject to the Common Crawl terms of use'")),
    "HuggingFaceH4/no_robots": ("cc-by-nc-4.0", "", "high", (
        "card huggingface.co/datasets/HuggingFaceH4/no_robots README (blame main: license: cc-by-nc-4.0)")),
    "openbmb/RLAIF-V-Dataset": ("cc-by-nc-4.0", "", "high", (
        "card huggingface.co/datasets/openbmb/RLAIF-V-Dataset README at 9037447, aef2c1c, 6783875 (license: cc-by-nc-4.0)")),
    "Samsung/samsum": ("cc-by-nc-nd-4.0", "", "high", (
        "card huggingface.co/datasets/Samsung/samsum README at 906f526 (licenses: cc-by-nc-nd-4-0; 'distributed for"
        " research purposes (non-commercial licence: CC BY-NC-ND 4.0)')")),
    "vicgalle/alpaca-gpt4": ("cc-by-nc-4.0", "", "medium", (
        "copies of the vicgalle/alpaca-gpt4 card (0-hero/prompt-perfect alpaca-gpt4/README, flwrlabs/alpaca-gpt4:"
        " license: cc-by-nc-4.0; GPT-4 outputs on the Alpaca prompts)")),
})
# Legacy data set ids the Hub redirects to a namespaced id (the legacy cards say where they moved).
LEGACY_DATASETS = {"gsm8k": "openai/gsm8k", "wikitext": "Salesforce/wikitext", "squad": "rajpurkar/squad",
                   "squad_v2": "rajpurkar/squad_v2", "c4": "allenai/c4", "samsum": "Samsung/samsum"}
