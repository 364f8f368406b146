"""Curated knowledge beyond the per-checkpoint rows of model-licenses.csv (imported by build_data.py).

Every fact names its source and a confidence. Sources are the checked reference files in
../shared/reference (FACTS.md, drift.md, families.md, license_terms.md, model-licenses.csv)
and dataset or model card copies found through the code/pages search index (cited by URL).
What could not be sourced is left out: unknown is the safe answer, a guess is not.
"""

# ruff: noqa: E501  (data tables: one fact per line, as in build_data.py)

from __future__ import annotations

_QWEN25 = ("Qwen2.5 technical report arXiv:2412.15115 Table 1 + QwenLM/Qwen2.5 README commit b0f4642: 'All our"
           " open-source models, except for the 3B and 72B variants, are licensed under Apache 2.0' (drift.md A5)")
_QWEN25_VL = "drift.md A6 (Qwen2.5-VL: 3B qwen-research, 7B/32B apache-2.0, 72B qwen)"
_LLAMA = "meta-llama/llama-models models/{v}/LICENSE covers every Llama {n} model; hub-docs id {hub} (reference rows)"
_FLUX = "black-forest-labs/flux README license table (drift.md F1: schnell apache-2.0; every [dev] variant non-commercial)"

# Family rules: an fnmatch pattern over the Hub id (case-insensitive) -> a license, with evidence.
# An exact knowledge-base entry always wins. A pattern must never cover a size or variant under
# another license: build_data.py checks every rule against every exact entry it matches.
# (pattern, hub license id, license_name, confidence, evidence[, note shown on the component])
FAMILY_RULES: list[tuple[str, str, str, str, str, str]] = [
    # Meta Llama
    ("meta-llama/Llama-2-*", "llama2", "", "high", _LLAMA.format(v="llama2", n="2", hub="llama2"), ""),
    ("codellama/CodeLlama-*", "llama2", "", "medium",
     "meta-llama/codellama LICENSE refers to the Llama 2 license (reference rows CodeLlama-34b-hf, -7b-Instruct-hf)", ""),
    ("meta-llama/CodeLlama-*", "llama2", "", "medium", "as codellama/CodeLlama-* (meta-llama/codellama LICENSE)", ""),
    ("meta-llama/Meta-Llama-3-*", "llama3", "", "high", _LLAMA.format(v="llama3", n="3", hub="llama3"), ""),
    ("meta-llama/Llama-3.1-*", "llama3.1", "", "high", _LLAMA.format(v="llama3_1", n="3.1", hub="llama3.1"), ""),
    ("meta-llama/Meta-Llama-3.1-*", "llama3.1", "", "high", _LLAMA.format(v="llama3_1", n="3.1", hub="llama3.1"), ""),
    # Llama 3.2: one license, but the AUP withholds the multimodal (Vision) models from EU-domiciled
    # licensees (drift.md B3), so text and vision sizes are separate rules.
    ("meta-llama/Llama-3.2-1B*", "llama3.2", "", "high", _LLAMA.format(v="llama3_2", n="3.2", hub="llama3.2"),
     "text-only model: the EU multimodal clause of the Llama 3.2 AUP does not apply"),
    ("meta-llama/Llama-3.2-3B*", "llama3.2", "", "high", _LLAMA.format(v="llama3_2", n="3.2", hub="llama3.2"),
     "text-only model: the EU multimodal clause of the Llama 3.2 AUP does not apply"),
    ("meta-llama/Llama-3.2-*Vision*", "llama3.2", "", "high", _LLAMA.format(v="llama3_2", n="3.2", hub="llama3.2"),
     "multimodal model: the Llama 3.2 AUP grants no rights to EU-domiciled individuals or companies"),
    ("meta-llama/Llama-3.3-*", "llama3.3", "", "high", _LLAMA.format(v="llama3_3", n="3.3", hub="llama3.3"), ""),
    ("meta-llama/Llama-4-*", "llama4", "", "high", _LLAMA.format(v="llama4", n="4", hub="llama4"),
     "multimodal model: the Llama 4 AUP grants no rights to EU-domiciled individuals or companies"),
    ("huggyllama/llama-*", "other", "llama-license", "high",
     "meta-llama/llama commit 1076b9c MODEL_CARD ('Non-commercial bespoke license'); hub-docs hacktoberfest CSV", ""),
    # Google Gemma 1-3 (Gemma 4 reportedly moved to Apache-2.0, unverified: not covered; drift.md G5)
    ("google/gemma-2b*", "gemma", "", "high", "hub-docs id gemma; reference rows gemma-7b ... gemma-3-27b-it", ""),
    ("google/gemma-7b*", "gemma", "", "high", "hub-docs id gemma; reference rows gemma-7b ... gemma-3-27b-it", ""),
    ("google/gemma-1.1-*", "gemma", "", "medium", "Gemma Terms of Use cover every Gemma model (license_terms.md)", ""),
    ("google/gemma-2-*", "gemma", "", "high", "hub-docs id gemma; reference rows gemma-2-9b-it, gemma-2-27b-it", ""),
    ("google/gemma-3-*", "gemma", "", "high", "hub-docs id gemma; reference rows gemma-3-1b-it, gemma-3-27b-it", ""),
    # Gemma 4 left the Gemma Terms for Apache-2.0: the terms file itself points there (drift.md G5),
    # and the release reports agree; the Gemma 4 LICENSE file was not read here.
    ("google/gemma-4-*", "apache-2.0", "", "medium", (
        "Gemma Terms of Use copy 'Last modified: April 1, 2026': 'For Gemma 4 terms, see the Gemma 4 license"
        " (ai.google.dev/gemma/apache_2)' (drift.md G5); release reports: Google Open Source Blog as quoted by"
        " ce-media.asia 2026-06-02, agentica.cc ('Gemma 4 switches to Apache 2.0')"), ""),
    # Mistral: 7B / Mixtral / Small 3 Apache; Codestral MNPL; Large-2407, Small-2409, Ministral MRL (drift.md G4)
    ("mistralai/Mistral-7B-v0.*", "apache-2.0", "", "medium", "drift.md G4; reference row Mistral-7B-v0.1", ""),
    ("mistralai/Mistral-7B-Instruct-v0.*", "apache-2.0", "", "medium",
     "drift.md G4; card copy of Mistral-7B-Instruct-v0.3 (license: apache-2.0)", ""),
    ("mistralai/Mixtral-8x7B-*", "apache-2.0", "", "high", "card copies of Mixtral-8x7B(-Instruct)-v0.1", ""),
    ("mistralai/Mixtral-8x22B-*", "apache-2.0", "", "medium", "restack.io/p/mistral-ai-model-license (secondary)", ""),
    ("mistralai/Codestral-22B-*", "other", "mnpl", "high", "Codestral-22B-v0.1 card copy (license_name: mnpl)", ""),
    ("mistralai/Ministral-8B-*", "other", "mrl", "high", "bartowski Ministral-8B-Instruct-2410 quant card (mrl)", ""),
    ("mistralai/Mistral-Small-24B-*", "apache-2.0", "", "high", "Mistral-Small-24B-Instruct-2501 card copy", ""),
    # Microsoft (Phi-3: only the mini models were seen with license: mit; other sizes stay unknown)
    ("microsoft/Phi-3-mini-*", "mit", "", "medium",
     "derivative GGUF card copy of Phi-3-mini-128k-instruct (license: mit, license_link microsoft/phi-3 LICENSE)", ""),
    ("microsoft/Orca-2-*", "other", "microsoft-research-license", "high", "Orca-2 card copy", ""),
    # Qwen 1.0 / 1.5 / 2 / 2.5 / 3 (drift.md A3-A8)
    ("Qwen/Qwen-7B*", "other", "tongyi-qianwen-license-agreement", "high", "QwenLM/Qwen README License Agreement (A3)", ""),
    ("Qwen/Qwen-14B*", "other", "tongyi-qianwen-license-agreement", "high", "QwenLM/Qwen README License Agreement (A3)", ""),
    ("Qwen/Qwen-72B*", "other", "tongyi-qianwen-license-agreement", "high", "QwenLM/Qwen README License Agreement (A3)", ""),
    ("Qwen/Qwen-1_8B*", "other", "tongyi-qianwen-research", "high", "QwenLM/Qwen README: Qwen-1.8B under the RESEARCH LA (A3)", ""),
    ("Qwen/Qwen-VL*", "other", "tongyi-qianwen", "high", "QwenLM/Qwen-VL LICENSE (Tongyi, 2023-08-23; A1)", ""),
    ("Qwen/Qwen2-72B*", "other", "tongyi-qianwen", "high", "Qwen2-72B-Instruct card copy (drift.md A4)", ""),
    ("Qwen/Qwen2-0.5B*", "apache-2.0", "", "medium", "drift.md A4: Qwen2 sizes other than 72B are Apache-2.0", ""),
    ("Qwen/Qwen2-1.5B*", "apache-2.0", "", "medium", "drift.md A4: Qwen2 sizes other than 72B are Apache-2.0", ""),
    ("Qwen/Qwen2-7B*", "apache-2.0", "", "medium", "drift.md A4: Qwen2 sizes other than 72B are Apache-2.0", ""),
    ("Qwen/Qwen2-VL-2B*", "apache-2.0", "", "high", "QwenLM/Qwen2.5-VL README commits 2b803c3, a4b6507", ""),
    ("Qwen/Qwen2-VL-7B*", "apache-2.0", "", "high", "QwenLM/Qwen2.5-VL README commits 2b803c3, a4b6507", ""),
    ("Qwen/Qwen2-VL-72B*", "other", "qwen", "high", "QwenLM/Qwen2.5-VL README commit a4b6507 ('under the Qwen license')", ""),
    *[(f"Qwen/Qwen2.5-{size}*", "apache-2.0", "", "high", _QWEN25, "") for size in ("0.5B", "1.5B", "7B", "14B", "32B")],
    ("Qwen/Qwen2.5-3B*", "other", "qwen-research", "high", _QWEN25, ""),
    ("Qwen/Qwen2.5-72B*", "other", "qwen", "high", _QWEN25, ""),
    ("Qwen/Qwen2.5-VL-3B*", "other", "qwen-research", "medium", _QWEN25_VL, ""),
    ("Qwen/Qwen2.5-VL-7B*", "apache-2.0", "", "medium", _QWEN25_VL, ""),
    ("Qwen/Qwen2.5-VL-32B*", "apache-2.0", "", "medium", _QWEN25_VL, ""),
    ("Qwen/Qwen2.5-VL-72B*", "other", "qwen", "high", _QWEN25_VL, ""),
    ("Qwen/Qwen2.5-Coder-3B*", "other", "qwen-research", "high", "drift.md A7 (pinned-revision Hub metadata transcript)", ""),
    ("Qwen/Qwen3-*", "apache-2.0", "", "high",
     "QwenLM Qwen3 README commit f4d356c: 'All our open-weight models are licensed under Apache 2.0' (A8)", ""),
    ("Qwen/QwQ-32B*", "apache-2.0", "", "high", "QwQ-32B card copy (license apache-2.0)", ""),
    ("Qwen/Qwen3.5-*", "apache-2.0", "", "medium", (
        "copy of the Qwen3.5-4B-Base card header (license: apache-2.0, license_link"
        " huggingface.co/Qwen/Qwen3.5-4B-Base/blob/main/LICENSE; fast.hugflare.com/devshiva/Qwen3.5-4B-Base);"
        " release reports of 2026-02-16 name Apache 2.0 for the Qwen 3.5 open weights (nxcode.io)"), ""),
    # DeepSeek
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-*", "mit", "", "high",
     "deepseek-ai/DeepSeek-R1 README sec 7 (MIT; Qwen-2.5 bases are Apache-2.0)", ""),
    ("deepseek-ai/deepseek-coder-*", "other", "deepseek", "medium",
     "deepseek-coder-33b-instruct card copy (license_name deepseek); DeepSeek License 1.0 for the coder series", ""),
    # Black Forest Labs FLUX.1: [schnell] Apache, every [dev] variant non-commercial
    ("black-forest-labs/FLUX.1-schnell*", "apache-2.0", "", "high", _FLUX, ""),
    ("black-forest-labs/FLUX.1-*dev*", "other", "flux-1-dev-non-commercial-license", "high", _FLUX, ""),
    # Stability AI (drift.md E1-E3)
    ("CompVis/stable-diffusion-v1-*", "creativeml-openrail-m", "", "medium", "drift.md E1: SD 1.x creativeml-openrail-m", ""),
    ("stabilityai/stable-diffusion-2*", "openrail++", "", "medium", "drift.md E1: SD 2.x openrail++", ""),
    ("stabilityai/stable-diffusion-xl-*-1.0", "openrail++", "", "high", "Stability-AI/generative-models LICENSE-SDXL1.0", ""),
    ("stabilityai/stable-diffusion-3.5-*", "other", "stabilityai-ai-community", "medium",
     "SD3.5 card copies (license_name stabilityai-ai-community)", ""),
    # OpenAI open weights (not the hosted API): Apache-2.0 plus OpenAI's gpt-oss usage policy
    ("openai/gpt-oss-*", "apache-2.0", "", "medium",
     "OpenAI gpt-oss-120b & gpt-oss-20b model card: 'open-weight reasoning models available under the Apache 2.0"
     " license and our gpt-oss usage policy' (copies: dailyhuntline.com, llmradar.eu/fr/models/gpt-oss-20b)",
     "open weights, not a hosted API model; use is also subject to OpenAI's gpt-oss usage policy"),
    # Others
    ("tiiuae/Falcon3-*", "other", "falcon-llm-license", "high", "Falcon3 card copies (license_name falcon-llm-license)", ""),
    ("EleutherAI/pythia-*", "apache-2.0", "", "high", "EleutherAI/pythia README: Apache-2.0 covers code and Pythia models", ""),
    ("bigcode/starcoder2-*", "bigcode-openrail-m", "", "high", "starcoder2 card copies (bigcode-openrail-m)", ""),
    ("01-ai/Yi-1.5-*", "apache-2.0", "", "high", "01-ai/Yi README: 'code and weights of the Yi-1.5 series ... Apache 2.0'", ""),
    ("facebook/dinov2-*", "apache-2.0", "", "high", "facebookresearch/dinov2 commit 81b2b64 (code and models Apache-2.0)", ""),
    ("facebook/seamless-m4t-*", "cc-by-nc-4.0", "", "high", "facebookresearch/seamless_communication README License", ""),
]

# Licenses that changed over time (drift.md): the license in force before `until` (exclusive).
HISTORY: dict[str, list[dict[str, str]]] = {
    **{repo: [{"license": "other", "license_name": "tii-falcon-llm", "until": "2023-05-31", "confidence": "medium",
               "evidence": "drift.md C1: TII Falcon LLM License 1.0 (royalties) until the end of May 2023, then"
                           " Apache-2.0; hub-docs id tii-falcon-llm added 2023-05-29"}]
       for repo in ("tiiuae/falcon-7b", "tiiuae/falcon-40b")},
    "facebook/dinov2-*": [{"license": "cc-by-nc-4.0", "license_name": "", "until": "2023-08-31", "confidence": "high",
                           "evidence": "drift.md D1: facebookresearch/dinov2 commit 81b2b64 (2023-08-31) 'Update code"
                                       " and models license from CC-BY-NC to Apache 2.0'"}],
    **{repo: [{"license": "other", "license_name": "yi-license", "until": "2024-05-30", "confidence": "high",
               "evidence": "drift.md G1: Yi Series Models Community License until 01-ai/Yi commit 6280097"
                           " (2024-05-30) replaced it with Apache-2.0"}]
       for repo in ("01-ai/Yi-34B", "01-ai/Yi-6B")},
}

# Reference rows whose Hub card value was not verified: no declared license is invented. Each
# says what is known and from where; `license` is what that evidence supports ("" = unknown).
UNVERIFIED: dict[str, tuple[str, str, str]] = {
    "openai/clip-vit-large-patch14": ("", "", (
        "the Hub card declares no license; the openai/CLIP code repository is MIT, and its model-card.md says any"
        " deployed use of the model, commercial or not, is out of scope: review before use")),
    "openai/whisper-large-v3": ("apache-2.0", "", (
        "card license apache-2.0 (issue 15 audit of the card); the openai/whisper README releases code and"
        " weights under MIT; permissive either way")),
    "deepseek-ai/DeepSeek-V3": ("other", "deepseek", (
        "the card header declares no license; the deepseek-ai/DeepSeek-V3 repository's LICENSE-MODEL is the"
        " DeepSeek License Agreement 1.0 (license_terms.md sec 7)")),
    "openai-community/gpt2": ("mit", "", (
        "card value not verified; the openai/gpt-2 repository LICENSE is a modified MIT license")),
    "liuhaotian/llava-v1.5-7b": ("llama2", "", (
        "card value not verified; haotian-liu/LLaVA README: checkpoints follow the base LLM's license (Llama 2)")),
}

# Internal use (tools a company runs for itself, never distributed), per license key of the catalog.
# yes / no / conditional, with the clause that decides. Keys not listed are not assessed.
INTERNAL_USE: dict[str, tuple[str, str]] = {
    "mnpl": ("no", "MNPL 0.1: a Non-Production Environment excludes 'any internal usage by employees in the context"
                   " of the company's business activities'"),
    "mrl": ("no", "MRL 0.1: Research Purposes exclude use by company employees or contractors in their daily tasks"),
    "flux-1-dev-non-commercial-license": ("conditional", (
        "FLUX.1 [dev] Non-Commercial License: for-profit entities may only test or evaluate in a non-production"
        " environment; business operations and production use are excluded")),
    "qwen-research": ("conditional", "Qwen RESEARCH LA sec 2(a): non-commercial purposes only"),
    "tongyi-qianwen-research": ("conditional", "Tongyi Qianwen RESEARCH LA: research or evaluation only"),
    "stabilityai-nc-research-community": ("conditional", "non-commercial research use only"),
    "sai-nc-community": ("conditional", "non-commercial research use only"),
    "stable-video-diffusion-nc-community": ("conditional", "'purposes other than commercial or production use'"),
    "sdxl-0.9-research-license": ("conditional", "'solely for your non-commercial research purposes'"),
    "microsoft-research-license": ("conditional", "research purposes only"),
    "llama-license": ("conditional", "LLaMA 1: non-commercial research license"),
    "nvidia-source-code-license": ("conditional", "sec 3.3: non-commercial use only, meaning research or evaluation purposes"),
    "opt-175b-license": ("conditional", "OPT-175B License sec 1(a): 'solely for your non-commercial research purposes'"),
}


# Reference rows whose license_name is a description rather than a value: what they mean.
_DESCRIBED = {
    "(research; exact license_name not verified)": "tongyi-qianwen-research",
    "(tongyi-qianwen family; exact value not verified)": "tongyi-qianwen",
    "(Falcon-180B TII license; exact license_name not verified)": "falcon-180b-tii-license",
    "(Falcon 2 11B TII License; value not verified)": "falcon-2-11b-tii-license",
    "(SDXL 0.9 research license; value not verified)": "sdxl-0.9-research-license",
    "(stable-video-diffusion community; value not verified)": "stable-video-diffusion-nc-community",
}

API_PROVIDERS = {
    "DashScope API": ("Alibaba Cloud Model Studio (DashScope)", "https://www.alibabacloud.com/help/en/legal/latest/alibaba-cloud-international-website-product-terms-of-service"),
    "OpenAI API": ("OpenAI", "https://openai.com/policies/services-agreement"),
    "Anthropic API": ("Anthropic", "https://www.anthropic.com/legal/commercial-terms"),
    "Google API": ("Google Gemini API", "https://ai.google.dev/gemini-api/terms"),
}
_CLOUD_REGIONS = "(us|eu|apac|global|us-gov|jp|au|ca)"
_CLOUD_MAKERS = "(amazon|anthropic|meta|cohere|mistral|ai21|stability|deepseek|writer|qwen|openai|luma|twelvelabs|google|xai)"
# Model-name patterns of hosted APIs -> provider (the row's key above, or a provider whose
# terms were not reviewed: named, without a link). Checked in order.
API_PATTERNS = [
    (r"^(gpt-|chatgpt-|o[1345](-|$)|text-embedding-|text-davinci-|davinci-|dall-e-|whisper-1$|tts-1)", "OpenAI API"),
    (r"^claude-", "Anthropic API"),
    (r"^(gemini-|text-bison|chat-bison)", "Google API"),
    (r"^(qwen-|qwen[0-9][.0-9]*-[a-z0-9.-]*([0-9]b|plus|max|turbo|flash|long)|qwq-|qvq-)", "DashScope API"),
    # Amazon Bedrock's ids (`anthropic.claude-...-v1:0`): a cross-region prefix or a Bedrock version ending
    # (`-v1`, `-v1:0`, `-1:0`, a throughput suffix `:200k`) says Bedrock; OCI Generative AI spells its ids the
    # same way without them (`cohere.command`, `meta.llama-3.1-70b-instruct`), so such an id may be either's.
    # The model maker's own terms may apply beside the cloud's (not reviewed here).
    (rf"^({_CLOUD_REGIONS}\.{_CLOUD_MAKERS}\.|{_CLOUD_MAKERS}\.[a-z0-9.-]*(-v[0-9]+|[0-9]:[0-9]+)(:[0-9]+)?(:[a-z0-9]+)?$)",
     "Amazon Bedrock"),
    (rf"^{_CLOUD_MAKERS}\.", "Amazon Bedrock or OCI Generative AI"),
    (r"^(voyage-|rerank-(lite-)?[0-9])", "Voyage AI"),
    (r"^(command|rerank-|embed-)", "Cohere"),
    (r"^nova-[0-9](-(general|meeting|phonecall|finance|conversationalai|voicemail|video|medical|drivethru|automotive"
     r"|atc|ea))?$", "Deepgram"),
    (r"^(minimax-|abab)", "MiniMax"),
    (r"^(mistral-|codestral-|pixtral-)", "Mistral AI"),
    (r"^deepseek-(chat|reasoner)", "DeepSeek"),
    (r"^grok-", "xAI"),
]
# API names that are the hosted identity of open weights (drift.md A2).
API_ALIASES = {"qwen-vl-max-0809": "Qwen/Qwen2-VL-72B-Instruct"}
# Base models that lineage in the knowledge base points at, with the evidence for their license.
# Legacy ids without an org that the Hub redirects to a canonical id (FACTS.md): offline, the
# knowledge base answers for them under the canonical entry.
LEGACY_IDS = {"gpt2": "openai-community/gpt2", "bert-base-uncased": "google-bert/bert-base-uncased",
              "distilbert-base-uncased": "distilbert/distilbert-base-uncased",
              # sentence-transformers loads a bare model name from its own organisation
              # (SentenceTransformer("all-MiniLM-L6-v2") is sentence-transformers/all-MiniLM-L6-v2).
              "all-minilm-l6-v2": "sentence-transformers/all-MiniLM-L6-v2"}
# Licenses at older commits that differ from today's (drift.md), by repo and commit sha.
REVISIONS = {
    "microsoft/phi-2": {"e22cfa2e0986cef469975f9118cc72aacd23c321": {
        "license": "other", "license_name": "microsoft-research-license",
        "evidence": "card at revision e22cfa2e: license: other, license_name: microsoft-research-license "
                    "('intended for research purposes only'); later relicensed MIT (drift.md G2)"}},
}
LINEAGE_BASES = {
    "meta-llama/Llama-3.1-8B": ("llama3.1", "", "high", "deepseek-ai/DeepSeek-R1 README sec 7 ('derived from Llama3.1-8B-Base ... originally licensed under Llama3.1 license'); meta-llama/llama-models models/llama3_1/LICENSE covers every Llama 3.1 model"),
    "Qwen/Qwen2.5-Math-7B": ("apache-2.0", "", "medium", "deepseek-ai/DeepSeek-R1 README sec 7 ('derived from Qwen-2.5 series, which are originally licensed under Apache 2.0 License')"),
}
# Distilled / fine-tuned models whose declared license sits on a base with its own terms.
LINEAGE = {
    "deepseek-ai/DeepSeek-R1-Distill-Llama-8B": ("meta-llama/Llama-3.1-8B", "finetune"),
    "deepseek-ai/DeepSeek-R1-Distill-Llama-70B": ("meta-llama/Llama-3.3-70B-Instruct", "finetune"),
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B": ("Qwen/Qwen2.5-Math-7B", "finetune"),
}
