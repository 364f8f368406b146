#!/usr/bin/env python3
"""Build mlgate's license catalog and knowledge base (src/mlgate/resolve/data/*.json).

Sources (checked facts kept beside the repository in ../shared/reference/):
- hf_license_ids.md   every Hub `license:` id and the observed `license_name` values
- license_terms.md    obligations of the non-standard model licenses
- model-licenses.csv  per-checkpoint licenses; rows marked low or low-medium confidence are skipped,
                      rows whose card value was not verified never become a declared license
Curated tables beside this script, each fact with its source: kb_curated.py (family rules, license
history, unverified rows, internal use, API names, lineage), kb_mirrors_datasets.py (mirror orgs,
Ollama names, data sets), kb_obligations.py (obligation texts); kb_offline.py checks them.

The JSON files are committed so `pip install .` needs nothing but the package. Run this
script again when the reference changes: `python scripts/build_data.py ../shared/reference`.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kb_curated import (
    _DESCRIBED,
    API_ALIASES,
    API_PATTERNS,
    API_PROVIDERS,
    INTERNAL_USE,
    LEGACY_IDS,
    LINEAGE,
    LINEAGE_BASES,
    REVISIONS,
    UNVERIFIED,
)
from kb_obligations import OBLIGATIONS
from kb_offline import build_offline, unverified_entry
from kb_usage_facts import LEGACY_IDS as USAGE_LEGACY_IDS
from kb_usage_facts import MODELS as USAGE_MODELS
from kb_usage_facts import UNDECLARED as USAGE_UNDECLARED

OUT = Path(__file__).resolve().parents[1] / "src" / "mlgate" / "resolve" / "data"

_PERMISSIVE_OBL = ["attribution"]
_RAIL = ["use-restrictions-passthrough", "attribution", "ship-license-copy", "mark-modifications"]
_LLAMA31 = ["mau-700m", "built-with-llama", "llama-notice", "acceptable-use-policy",
            "ship-license-copy", "derivatives-covered"]

# -- Hub license ids: id -> (expression, name, category, commercial, url, obligations) --------
HF = "https://huggingface.co"
HUB_IDS: dict[str, tuple[str, str, str, str, str | None, list[str]]] = {
    "apache-2.0": ("Apache-2.0", "Apache License 2.0", "permissive", "yes", None, ["attribution", "mark-modifications"]),
    "mit": ("MIT", "MIT License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "openrail": ("LicenseRef-OpenRAIL", "OpenRAIL license family", "responsible-ai", "yes", f"{HF}/blog/open_rail", _RAIL),
    "bigscience-openrail-m": ("LicenseRef-BigScience-OpenRAIL-M", "BigScience OpenRAIL-M", "responsible-ai", "yes", "https://bigscience.huggingface.co/blog/bigscience-openrail-m", _RAIL),
    "creativeml-openrail-m": ("LicenseRef-CreativeML-OpenRAIL-M", "CreativeML OpenRAIL-M", "responsible-ai", "yes", f"{HF}/spaces/CompVis/stable-diffusion-license", _RAIL),
    "bigscience-bloom-rail-1.0": ("LicenseRef-BigScience-BLOOM-RAIL-1.0", "BigScience BLOOM RAIL 1.0", "responsible-ai", "yes", f"{HF}/spaces/bigscience/license", _RAIL),
    "bigcode-openrail-m": ("LicenseRef-BigCode-OpenRAIL-M-1.0", "BigCode Open RAIL-M v1", "responsible-ai", "yes", "https://www.bigcode-project.org/docs/pages/bigcode-openrail", _RAIL),
    "afl-3.0": ("AFL-3.0", "Academic Free License v3.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "artistic-2.0": ("Artistic-2.0", "Artistic License 2.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "bsl-1.0": ("BSL-1.0", "Boost Software License 1.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "bsd": ("LicenseRef-BSD-family", "BSD license family", "permissive", "yes", None, ["attribution", "needs-license-file"]),
    "bsd-2-clause": ("BSD-2-Clause", "BSD 2-Clause License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "bsd-3-clause": ("BSD-3-Clause", "BSD 3-Clause License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "bsd-3-clause-clear": ("BSD-3-Clause-Clear", "BSD 3-Clause Clear License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "c-uda": ("C-UDA-1.0", "Computational Use of Data Agreement", "permissive", "yes", None, _PERMISSIVE_OBL),
    "cc": ("LicenseRef-CC-family", "Creative Commons license family", "unknown", "unknown", None, ["needs-license-file"]),
    "cc0-1.0": ("CC0-1.0", "Creative Commons Zero v1.0 Universal", "permissive", "yes", None, []),
    "cc-by-2.0": ("CC-BY-2.0", "Creative Commons Attribution 2.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "cc-by-2.5": ("CC-BY-2.5", "Creative Commons Attribution 2.5", "permissive", "yes", None, _PERMISSIVE_OBL),
    "cc-by-3.0": ("CC-BY-3.0", "Creative Commons Attribution 3.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "cc-by-4.0": ("CC-BY-4.0", "Creative Commons Attribution 4.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "cc-by-sa-3.0": ("CC-BY-SA-3.0", "Creative Commons Attribution Share Alike 3.0", "copyleft", "yes", None, ["attribution", "share-alike"]),
    "cc-by-sa-4.0": ("CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0", "copyleft", "yes", None, ["attribution", "share-alike"]),
    "cc-by-nc-2.0": ("CC-BY-NC-2.0", "Creative Commons Attribution Non Commercial 2.0", "non-commercial", "no", None, ["no-commercial-use", "attribution"]),
    "cc-by-nc-3.0": ("CC-BY-NC-3.0", "Creative Commons Attribution Non Commercial 3.0", "non-commercial", "no", None, ["no-commercial-use", "attribution"]),
    "cc-by-nc-4.0": ("CC-BY-NC-4.0", "Creative Commons Attribution Non Commercial 4.0", "non-commercial", "no", None, ["no-commercial-use", "attribution"]),
    "cc-by-nd-4.0": ("CC-BY-ND-4.0", "Creative Commons Attribution No Derivatives 4.0", "permissive", "yes", None, ["attribution", "no-derivatives"]),
    "cc-by-nc-nd-3.0": ("CC-BY-NC-ND-3.0", "Creative Commons Attribution Non Commercial No Derivatives 3.0", "non-commercial", "no", None, ["no-commercial-use", "attribution", "no-derivatives"]),
    "cc-by-nc-nd-4.0": ("CC-BY-NC-ND-4.0", "Creative Commons Attribution Non Commercial No Derivatives 4.0", "non-commercial", "no", None, ["no-commercial-use", "attribution", "no-derivatives"]),
    "cc-by-nc-sa-2.0": ("CC-BY-NC-SA-2.0", "Creative Commons Attribution Non Commercial Share Alike 2.0", "non-commercial", "no", None, ["no-commercial-use", "attribution", "share-alike"]),
    "cc-by-nc-sa-3.0": ("CC-BY-NC-SA-3.0", "Creative Commons Attribution Non Commercial Share Alike 3.0", "non-commercial", "no", None, ["no-commercial-use", "attribution", "share-alike"]),
    "cc-by-nc-sa-4.0": ("CC-BY-NC-SA-4.0", "Creative Commons Attribution Non Commercial Share Alike 4.0", "non-commercial", "no", None, ["no-commercial-use", "attribution", "share-alike"]),
    "cdla-sharing-1.0": ("CDLA-Sharing-1.0", "Community Data License Agreement Sharing 1.0", "copyleft", "yes", None, ["attribution", "share-alike"]),
    "cdla-permissive-1.0": ("CDLA-Permissive-1.0", "Community Data License Agreement Permissive 1.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "cdla-permissive-2.0": ("CDLA-Permissive-2.0", "Community Data License Agreement Permissive 2.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "wtfpl": ("WTFPL", "Do What The F*ck You Want To Public License", "permissive", "yes", None, []),
    "ecl-2.0": ("ECL-2.0", "Educational Community License v2.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "epl-1.0": ("EPL-1.0", "Eclipse Public License 1.0", "weak-copyleft", "yes", None, ["attribution", "source-disclosure"]),
    "epl-2.0": ("EPL-2.0", "Eclipse Public License 2.0", "weak-copyleft", "yes", None, ["attribution", "source-disclosure"]),
    "etalab-2.0": ("etalab-2.0", "Etalab Open License 2.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "eupl-1.1": ("EUPL-1.1", "European Union Public License 1.1", "copyleft", "yes", None, ["attribution", "source-disclosure", "share-alike"]),
    "eupl-1.2": ("EUPL-1.2", "European Union Public License 1.2", "copyleft", "yes", None, ["attribution", "source-disclosure", "share-alike"]),
    # The HF ids do not say -only or -or-later; -only is the conservative reading.
    "agpl-3.0": ("AGPL-3.0-only", "GNU Affero General Public License v3.0", "copyleft", "yes", None, ["source-disclosure", "network-source-disclosure", "share-alike"]),
    "gfdl": ("LicenseRef-GFDL-family", "GNU Free Documentation License family", "copyleft", "yes", None, ["share-alike", "needs-license-file"]),
    "gpl": ("LicenseRef-GPL-family", "GNU General Public License family", "copyleft", "yes", None, ["source-disclosure", "share-alike", "needs-license-file"]),
    "gpl-2.0": ("GPL-2.0-only", "GNU General Public License v2.0", "copyleft", "yes", None, ["source-disclosure", "share-alike"]),
    "gpl-3.0": ("GPL-3.0-only", "GNU General Public License v3.0", "copyleft", "yes", None, ["source-disclosure", "share-alike"]),
    "lgpl": ("LicenseRef-LGPL-family", "GNU Lesser General Public License family", "weak-copyleft", "yes", None, ["source-disclosure", "needs-license-file"]),
    "lgpl-2.1": ("LGPL-2.1-only", "GNU Lesser General Public License v2.1", "weak-copyleft", "yes", None, ["source-disclosure"]),
    "lgpl-3.0": ("LGPL-3.0-only", "GNU Lesser General Public License v3.0", "weak-copyleft", "yes", None, ["source-disclosure"]),
    "isc": ("ISC", "ISC License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "h-research": ("LicenseRef-H-Research-License", "H Research License", "research-only", "no", None, ["research-only"]),
    "intel-research": ("LicenseRef-Intel-Research-Use-License", "Intel Research Use License Agreement", "research-only", "no", None, ["research-only"]),
    "lppl-1.3c": ("LPPL-1.3c", "LaTeX Project Public License v1.3c", "permissive", "yes", None, _PERMISSIVE_OBL),
    "ms-pl": ("MS-PL", "Microsoft Public License", "weak-copyleft", "yes", None, _PERMISSIVE_OBL),
    "apple-ascl": ("LicenseRef-Apple-Sample-Code-License", "Apple Sample Code License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "apple-amlr": ("LicenseRef-Apple-Model-License-for-Research", "Apple Model License for Research", "research-only", "no", None, ["research-only"]),
    "mpl-2.0": ("MPL-2.0", "Mozilla Public License 2.0", "weak-copyleft", "yes", None, ["source-disclosure"]),
    "odc-by": ("ODC-By-1.0", "Open Data Commons Attribution License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "odbl": ("ODbL-1.0", "Open Database License", "copyleft", "yes", None, ["attribution", "share-alike"]),
    "openmdw-1.0": ("OpenMDW-1.0", "Open Model, Data & Weights License Agreement 1.0", "permissive", "yes", None, _PERMISSIVE_OBL),
    "openmdw-1.1": ("LicenseRef-OpenMDW-1.1", "Open Model, Data & Weights License Agreement 1.1", "permissive", "yes", None, _PERMISSIVE_OBL),
    "openrail++": ("LicenseRef-CreativeML-OpenRAIL++-M", "CreativeML Open RAIL++-M", "responsible-ai", "yes", f"{HF}/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md", _RAIL),
    "osl-3.0": ("OSL-3.0", "Open Software License 3.0", "copyleft", "yes", None, ["source-disclosure", "network-source-disclosure"]),
    "postgresql": ("PostgreSQL", "PostgreSQL License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "ofl-1.1": ("OFL-1.1", "SIL Open Font License 1.1", "weak-copyleft", "yes", None, _PERMISSIVE_OBL),
    "ncsa": ("NCSA", "University of Illinois/NCSA Open Source License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "unlicense": ("Unlicense", "The Unlicense", "permissive", "yes", None, []),
    "zlib": ("Zlib", "zlib License", "permissive", "yes", None, _PERMISSIVE_OBL),
    "pddl": ("PDDL-1.0", "Open Data Commons Public Domain Dedication and License", "permissive", "yes", None, []),
    "lgpl-lr": ("LicenseRef-LGPL-LR", "Lesser General Public License For Linguistic Resources", "weak-copyleft", "yes", None, ["source-disclosure"]),
    "deepfloyd-if-license": ("LicenseRef-DeepFloyd-IF-Research-License", "DeepFloyd IF Research License Agreement", "research-only", "no", None, ["research-only", "no-commercial-use"]),
    "fair-noncommercial-research-license": ("LicenseRef-FAIR-Noncommercial-Research-License", "FAIR Noncommercial Research License", "research-only", "no", f"{HF}/facebook/fair-noncommercial-research-license/blob/main/LICENSE", ["research-only", "no-commercial-use"]),
    "llama2": ("LicenseRef-Llama-2-Community-License", "Llama 2 Community License Agreement", "community-conditional", "conditional", f"{HF}/meta-llama/Llama-2-7b-chat-hf/blob/main/LICENSE.txt", ["mau-700m", "llama-notice", "acceptable-use-policy", "no-outputs-to-improve-other-llms", "ship-license-copy", "derivatives-covered"]),
    "llama3": ("LicenseRef-Llama-3-Community-License", "Meta Llama 3 Community License Agreement", "community-conditional", "conditional", f"{HF}/meta-llama/Meta-Llama-3-8B/blob/main/LICENSE", ["mau-700m", "built-with-meta-llama-3", "llama-notice", "acceptable-use-policy", "no-outputs-to-improve-other-llms", "ship-license-copy", "derivatives-covered"]),
    "llama3.1": ("LicenseRef-Llama-3.1-Community-License", "Llama 3.1 Community License Agreement", "community-conditional", "conditional", f"{HF}/meta-llama/Meta-Llama-3.1-70B-Instruct/blob/main/LICENSE", _LLAMA31),
    "llama3.2": ("LicenseRef-Llama-3.2-Community-License", "Llama 3.2 Community License Agreement", "community-conditional", "conditional", f"{HF}/meta-llama/Llama-3.2-1B/blob/main/LICENSE.txt", [*_LLAMA31, "eu-multimodal-restriction"]),
    "llama3.3": ("LicenseRef-Llama-3.3-Community-License", "Llama 3.3 Community License Agreement", "community-conditional", "conditional", f"{HF}/meta-llama/Llama-3.3-70B-Instruct/blob/main/LICENSE", [*_LLAMA31, "eu-multimodal-restriction"]),
    "llama4": ("LicenseRef-Llama-4-Community-License", "Llama 4 Community License Agreement", "community-conditional", "conditional", f"{HF}/meta-llama/Llama-4-Scout-17B-16E-Instruct/blob/main/LICENSE", [*_LLAMA31, "eu-multimodal-restriction"]),
    "grok2-community": ("LicenseRef-Grok-2-Community-License", "Grok 2 Community License Agreement", "community-conditional", "conditional", f"{HF}/xai-org/grok-2/blob/main/LICENSE", ["ship-license-copy", "acceptable-use-policy", "grok-terms-unreviewed"]),
    "gemma": ("LicenseRef-Gemma-Terms-of-Use", "Gemma Terms of Use", "community-conditional", "conditional", "https://ai.google.dev/gemma/terms", ["gemma-notice", "acceptable-use-policy", "ship-license-copy", "mark-modifications", "derivatives-covered"]),
    "unknown": ("NOASSERTION", "Unknown", "unknown", "unknown", None, []),
}

# -- `license: other` + license_name values ---------------------------------------------------
_TONGYI = ["mau-100m", "qwen-notice", "no-outputs-to-improve-other-llms", "export-control", "ship-license-copy", "mark-modifications"]
_QWEN = ["mau-100m", "qwen-notice", "built-with-qwen", "export-control", "ship-license-copy", "mark-modifications", "derivatives-covered"]
_QWEN_RESEARCH = ["no-commercial-use", "research-only", "qwen-notice", "built-with-qwen", "export-control", "derivatives-covered"]
_STABILITY_CL = ["revenue-cap-1m-usd", "powered-by-stability", "acceptable-use-policy", "no-outputs-for-foundation-models", "ship-license-copy", "derivatives-covered"]
_SAI_NC = ["no-commercial-use", "research-only", "acceptable-use-policy", "derivatives-covered"]
_DEEPSEEK = ["use-restrictions-passthrough", "derivatives-own-terms-keep-restrictions", "ship-license-copy", "attribution"]
_FLUX_DEV = ["flux-notice", "no-commercial-use", "no-outputs-to-train-competing-models", "content-filters", "ship-license-copy", "derivatives-covered"]
LICENSE_NAMES: dict[str, tuple[str, str, str, str, str | None, list[str]]] = {
    "tongyi-qianwen-license-agreement": ("LicenseRef-Tongyi-Qianwen-License-Agreement", "Tongyi Qianwen License Agreement", "community-conditional", "conditional", "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT", _TONGYI),
    "tongyi-qianwen": ("LicenseRef-Tongyi-Qianwen-License-Agreement", "Tongyi Qianwen License Agreement", "community-conditional", "conditional", "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT", _TONGYI),
    "tongyi-qianwen-research": ("LicenseRef-Tongyi-Qianwen-Research-License", "Tongyi Qianwen Research License Agreement", "research-only", "no", "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20RESEARCH%20LICENSE%20AGREEMENT", ["no-commercial-use", "research-only", "no-outputs-to-improve-other-llms", "qwen-notice"]),
    "qwen": ("LicenseRef-Qwen-License", "Qwen License Agreement", "community-conditional", "conditional", f"{HF}/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE", _QWEN),
    "qwen-research": ("LicenseRef-Qwen-Research-License", "Qwen Research License Agreement", "research-only", "no", f"{HF}/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE", _QWEN_RESEARCH),
    "mrl": ("LicenseRef-Mistral-Research-License-0.1", "Mistral AI Research License", "research-only", "no", "https://mistral.ai/licenses/MRL-0.1.md", ["research-only", "no-commercial-use", "outputs-research-only", "mistral-notice", "derivatives-covered"]),
    "mnpl": ("LicenseRef-Mistral-Non-Production-License-0.1", "Mistral AI Non-Production License", "non-commercial", "no", "https://mistral.ai/licences/MNPL-0.1.md", ["non-production-only", "no-commercial-use", "mistral-notice", "derivatives-covered"]),
    "flux-1-dev-non-commercial-license": ("LicenseRef-FLUX.1-dev-Non-Commercial-License", "FLUX.1 [dev] Non-Commercial License", "non-commercial", "no", f"{HF}/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md", _FLUX_DEV),
    "stabilityai-ai-community": ("LicenseRef-Stability-AI-Community-License", "Stability AI Community License", "community-conditional", "conditional", "https://github.com/Stability-AI/stable-fast-3d/blob/main/LICENSE.md", _STABILITY_CL),
    "stabilityai-nc-research-community": ("LicenseRef-Stability-AI-NC-Research-Community-License", "Stability AI Non-Commercial Research Community License", "non-commercial", "no", None, _SAI_NC),
    "sai-nc-community": ("LicenseRef-Stability-AI-NC-Community-License", "Stability AI Non-Commercial Community License", "non-commercial", "no", None, _SAI_NC),
    "falcon-llm-license": ("LicenseRef-TII-Falcon-License", "TII Falcon License", "community-conditional", "conditional", "https://falconllm.tii.ae/falcon-terms-and-conditions.html", ["acceptable-use-policy", "updateable-aup", "ship-license-copy"]),
    "tii-falcon-llm": ("LicenseRef-TII-Falcon-LLM-License-1.0", "TII Falcon LLM License 1.0", "community-conditional", "conditional", None, ["royalty-over-1m-usd", "attribution"]),
    "falcon-180b-tii-license": ("LicenseRef-Falcon-180B-TII-License-1.0", "Falcon 180B TII License 1.0", "community-conditional", "conditional", None, ["acceptable-use-policy", "updateable-aup"]),
    "falcon-2-11b-tii-license": ("LicenseRef-Falcon-2-11B-TII-License-1.0", "Falcon 2 11B TII License 1.0", "community-conditional", "conditional", None, ["acceptable-use-policy", "updateable-aup"]),
    "deepseek": ("LicenseRef-DeepSeek-License-1.0", "DeepSeek License Agreement 1.0", "responsible-ai", "yes", "https://github.com/deepseek-ai/DeepSeek-V2/blob/main/LICENSE-MODEL", _DEEPSEEK),
    "deepseek-license": ("LicenseRef-DeepSeek-License-1.0", "DeepSeek License Agreement 1.0", "responsible-ai", "yes", "https://github.com/deepseek-ai/DeepSeek-V2/blob/main/LICENSE-MODEL", _DEEPSEEK),
    "microsoft-research-license": ("LicenseRef-Microsoft-Research-License", "Microsoft Research License", "research-only", "no", None, ["research-only", "no-commercial-use"]),
    "internlm-license": ("LicenseRef-InternLM-Model-License", "InternLM model weights license (free commercial use after applying)", "community-conditional", "conditional", "https://github.com/InternLM/InternLM#license", ["commercial-license-application", "needs-license-file"]),
    "yi-license": ("LicenseRef-Yi-Series-Models-Community-License", "Yi Series Models Community License", "community-conditional", "conditional", f"{HF}/01-ai/Yi-34B/blob/main/LICENSE", ["ship-license-copy"]),
    "opt-175b-license": ("LicenseRef-OPT-175B-License", "OPT-175B License Agreement (Meta; covers the OPT model weights)", "research-only", "no", "https://github.com/facebookresearch/metaseq/blob/main/projects/OPT/MODEL_LICENSE.md", ["research-only", "no-commercial-use", "ship-license-copy", "attribution"]),
    "nvidia-source-code-license": ("LicenseRef-NVIDIA-Source-Code-License", "NVIDIA Source Code License (non-commercial: research or evaluation only)", "research-only", "no", "https://github.com/NVlabs/SegFormer/blob/master/LICENSE", ["research-only", "no-commercial-use", "ship-license-copy", "attribution"]),
    "baichuan2-community-license": ("LicenseRef-Baichuan2-Community-License", "Community License for Baichuan 2 Model", "community-conditional", "conditional", "https://github.com/baichuan-inc/Baichuan2#license", ["baichuan-commercial-conditions", "needs-license-file"]),
    "lfm1.0": ("LicenseRef-LFM-Open-License-1.0", "LFM Open License v1.0 (Liquid AI)", "community-conditional", "conditional", None, ["lfm-revenue-threshold", "ship-license-copy", "mark-modifications", "attribution"]),
    "nvidia-open-model-license": ("LicenseRef-NVIDIA-Open-Model-License", "NVIDIA Open Model License Agreement", "community-conditional", "conditional", "https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/", ["nvidia-notice", "guardrails-required", "ship-license-copy"]),
    "nvidia-nemotron-open-model-license": ("LicenseRef-NVIDIA-Nemotron-Open-Model-License", "NVIDIA Nemotron Open Model License (terms not reviewed)", "community-conditional", "conditional", "https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-nemotron-open-model-license/", ["needs-license-file"]),
    "llama-license": ("LicenseRef-LLaMA-1-Non-Commercial-License", "LLaMA 1 non-commercial bespoke license", "research-only", "no", None, ["research-only", "no-commercial-use"]),
    "llama-2-community-license": HUB_IDS["llama2"],
    "coqui-public-model-license": ("LicenseRef-Coqui-Public-Model-License", "Coqui Public Model License", "non-commercial", "no", "https://coqui.ai/cpml", ["no-commercial-use"]),
    "sdxl-0.9-research-license": ("LicenseRef-SDXL-0.9-Research-License", "SDXL 0.9 Research License", "research-only", "no", None, ["research-only", "no-commercial-use"]),
    "stable-video-diffusion-nc-community": ("LicenseRef-Stability-AI-SVD-NC-Community-License", "Stable Video Diffusion Non-Commercial Community License", "non-commercial", "no", None, _SAI_NC),
}
# Spellings seen on cards for the same licenses (lookups also treat '_' and ' ' as '-').
_NAME_ALIASES = {
    "qwen-license": "qwen",
    "qwen-license-agreement": "qwen",
    "qwen-research-license": "qwen-research",
    "qwen-research-license-agreement": "qwen-research",
    "tongyi-qianwen-research-license-agreement": "tongyi-qianwen-research",
    "mistral-research-license": "mrl",
    "mrl-0.1": "mrl",
    "mistral-non-production-license": "mnpl",
    "mnpl-0.1": "mnpl",
    "flux-1-dev-non-commercial-license-v1.1.1": "flux-1-dev-non-commercial-license",
    "flux.1-dev-non-commercial-license": "flux-1-dev-non-commercial-license",
    "stability-ai-community-license": "stabilityai-ai-community",
    "deepseek-license-agreement": "deepseek",
    "yi-series-models-community-license": "yi-license",
    "tongyi-qianwen-license": "tongyi-qianwen",
    "mistral-ai-research-license": "mrl",
    "mistral-ai-non-production-license": "mnpl",
    "flux-1-dev": "flux-1-dev-non-commercial-license",
    "flux-1-dev-license": "flux-1-dev-non-commercial-license",
}
LICENSE_NAMES.update({alias: LICENSE_NAMES[key] for alias, key in _NAME_ALIASES.items()})
_HUB_NAME_ALIASES = {
    # Spellings people write for the Hub ids (lookups also read '_' and ' ' as '-', so
    # `llama3_1` is `llama3-1` and `Llama 3.1` is `llama-3.1`).
    **{f"llama-{v}": f"llama{v}" for v in ("2", "3", "3.1", "3.2", "3.3", "4")},
    **{f"llama{v.replace('.', '-')}": f"llama{v}" for v in ("3.1", "3.2", "3.3")},
    **{f"llama-{v}-community": f"llama{v}" for v in ("2", "3", "3.1", "3.2", "3.3", "4")},
    **{f"llama{v}-community": f"llama{v}" for v in ("2", "3", "3.1", "3.2", "3.3", "4")},
    "gemma-terms": "gemma",
    "grok-2-community": "grok2-community",
    "grok-2-community-license": "grok2-community",
    "llama-3-community-license": "llama3",
    "llama-3.1-community-license": "llama3.1",
    "llama-3.2-community-license": "llama3.2",
    "llama-3.3-community-license": "llama3.3",
    "llama-4-community-license": "llama4",
    "gemma-terms-of-use": "gemma",
    "apache-2.0": "apache-2.0",  # `license: other` + `license_name: apache-2.0` (the Qwen2.5-Omni-7B card)
}
LICENSE_NAMES.update({alias: HUB_IDS[key] for alias, key in _HUB_NAME_ALIASES.items()})

# -- terms per license, by expression: what `mlgate explain` prints (from license_terms.md) ----
_LLAMA_3X_TERMS = {
    "commercial": "yes",
    "threshold": "more than 700M monthly active users on the release date: request a license from Meta",
    "attribution": "display 'Built with Llama'; a distributed model trained with Llama materials or outputs must have a name beginning with 'Llama'",
    "aup": "Llama acceptable use policy",
    "outputs": "allowed for training other models, but the naming rule applies",
    "redistribution": "give a copy of the agreement; keep the NOTICE line",
    "derivatives": "stay under the agreement",
    "text": "meta-llama/llama-models models/<version>/LICENSE and USE_POLICY.md",
}
TERMS: dict[str, dict[str, str]] = {
    HUB_IDS["llama2"][0]: {**_LLAMA_3X_TERMS, "attribution": "NOTICE 'Llama 2 is licensed under the LLAMA 2 Community License ...'", "outputs": "forbidden to improve any other large language model (except Llama 2 derivatives)", "text": "meta-llama/llama-models models/llama2/LICENSE"},
    HUB_IDS["llama3"][0]: {**_LLAMA_3X_TERMS, "attribution": "display 'Built with Meta Llama 3'; derived model names must begin with 'Llama 3'", "outputs": "forbidden to improve any other large language model", "text": "meta-llama/llama-models models/llama3/LICENSE"},
    HUB_IDS["llama3.1"][0]: {**_LLAMA_3X_TERMS, "text": "meta-llama/llama-models models/llama3_1/LICENSE"},
    HUB_IDS["llama3.2"][0]: {**_LLAMA_3X_TERMS, "aup": "Llama 3.2 acceptable use policy; rights to the multimodal models are withheld from EU-domiciled individuals and companies (end users of a product are exempt)", "text": "meta-llama/llama-models models/llama3_2/LICENSE, USE_POLICY.md"},
    HUB_IDS["llama3.3"][0]: {**_LLAMA_3X_TERMS, "aup": "Llama 3.3 acceptable use policy (same EU multimodal clause)", "text": "meta-llama/llama-models models/llama3_3/LICENSE"},
    HUB_IDS["llama4"][0]: {**_LLAMA_3X_TERMS, "aup": "Llama 4 acceptable use policy (same EU multimodal clause)", "text": "meta-llama/llama-models models/llama4/LICENSE"},
    HUB_IDS["gemma"][0]: {"commercial": "yes", "threshold": "none", "attribution": "NOTICE 'Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms'", "aup": "Gemma Prohibited Use Policy; Google may restrict violating use remotely", "outputs": "allowed, but a model trained or distilled on Gemma outputs to perform like Gemma is a Model Derivative", "redistribution": "pass the use restrictions on as an enforceable provision; give a copy; mark modified files", "derivatives": "Model Derivatives are covered by the terms", "text": "ai.google.dev/gemma/terms"},
    LICENSE_NAMES["tongyi-qianwen"][0]: {"commercial": "yes", "threshold": "more than 100M monthly active users: request a license from Alibaba Cloud", "attribution": "NOTICE 'Tongyi Qianwen is licensed under the Tongyi Qianwen LICENSE AGREEMENT ...'", "aup": "export-control compliance", "outputs": "forbidden to improve any other large language model", "redistribution": "copy of the agreement, NOTICE, modified-file notices", "derivatives": "own terms allowed if use otherwise complies", "text": "QwenLM/Qwen 'Tongyi Qianwen LICENSE AGREEMENT' (2023-08-03)"},
    LICENSE_NAMES["tongyi-qianwen-research"][0]: {"commercial": "no (research or evaluation only)", "threshold": "n/a", "attribution": "NOTICE (RESEARCH variant)", "aup": "export-control compliance", "outputs": "forbidden to improve any other large language model", "redistribution": "copy of the agreement, NOTICE", "derivatives": "stay non-commercial", "text": "QwenLM/Qwen 'Tongyi Qianwen RESEARCH LICENSE AGREEMENT' (2023-11-30)"},
    LICENSE_NAMES["qwen"][0]: {"commercial": "yes", "threshold": "more than 100M monthly active users: request a license from Alibaba Cloud", "attribution": "NOTICE 'Qwen is licensed under the Qwen LICENSE AGREEMENT ...'; 'Built with Qwen' or 'Improved using Qwen' when the materials or outputs build a distributed AI model", "aup": "export-control compliance", "outputs": "allowed, with the 'Built with Qwen' attribution", "redistribution": "copy of the agreement, NOTICE, modified-file notices", "derivatives": "stay under the agreement", "text": "LICENSE file of the Qwen 72B repositories (2024-09-19)"},
    LICENSE_NAMES["qwen-research"][0]: {"commercial": "no (non-commercial only; commercial use needs a license from Alibaba Cloud)", "threshold": "n/a", "attribution": "NOTICE (RESEARCH) and 'Built with Qwen' / 'Improved using Qwen'", "aup": "export-control compliance", "outputs": "allowed with attribution, non-commercially", "redistribution": "copy of the agreement, NOTICE", "derivatives": "stay non-commercial", "text": "LICENSE file of the Qwen 3B repositories (2024-09-19)"},
    LICENSE_NAMES["mrl"][0]: {"commercial": "no (Research Purposes only; excludes company employees' daily work and any hosted service)", "threshold": "n/a", "attribution": "NOTICE 'Licensed by Mistral AI under the Mistral AI Research License'", "aup": "research-only definition", "outputs": "limited to Research Purposes too", "redistribution": "copy of the agreement; recipients get rights directly from Mistral AI", "derivatives": "subject to the research-only restriction", "text": "https://mistral.ai/licenses/MRL-0.1.md"},
    LICENSE_NAMES["mnpl"][0]: {"commercial": "no (non-production environments only)", "threshold": "n/a", "attribution": "NOTICE 'Licensed by Mistral AI under the Mistral AI Non-Production License'", "aup": "testing, research, personal or evaluation use in non-production environments", "outputs": "not restricted by the text", "redistribution": "copy of the agreement; recipients get rights directly from Mistral AI", "derivatives": "subject to the same restriction", "text": "https://mistral.ai/licences/MNPL-0.1.md"},
    LICENSE_NAMES["falcon-180b-tii-license"][0]: {"commercial": "yes, conditionally (hosted services may need a separate license)", "threshold": "hosted services", "attribution": "-", "aup": "acceptable use policy applies at all times and may be updated", "outputs": "-", "redistribution": "Apache-2.0-based", "derivatives": "uncertain", "text": "Falcon 180B TII License 1.0"},
    LICENSE_NAMES["tii-falcon-llm"][0]: {"commercial": "yes, with royalties", "threshold": "revenue above USD 1M owes a royalty (reportedly 10%; secondary source)", "attribution": "attribution / publicity clause", "aup": "-", "outputs": "-", "redistribution": "-", "derivatives": "uncertain", "text": "TII Falcon LLM License 1.0 (Falcon-7B/40B at launch, replaced by Apache-2.0 end of May 2023)"},
    LICENSE_NAMES["deepseek"][0]: {"commercial": "yes", "threshold": "none", "attribution": "keep notices; ship a copy of the license", "aup": "Attachment A use restrictions (e.g. no military use)", "outputs": "not restricted, but distilled models are Derivatives of the Model", "redistribution": "use restrictions must be an enforceable provision downstream", "derivatives": "may use other terms but must carry the use restrictions", "text": "deepseek-ai/DeepSeek-V2 LICENSE-MODEL (2023-10-23)"},
    LICENSE_NAMES["stabilityai-ai-community"][0]: {"commercial": "yes, if you and your affiliates earn under USD 1M a year and register", "threshold": "USD 1M annual revenue: the license terminates; an Enterprise license is needed", "attribution": "NOTICE and 'Powered by Stability AI'", "aup": "Stability AI acceptable use policy", "outputs": "forbidden to create or improve any foundational generative AI model", "redistribution": "give a copy, NOTICE, state changes", "derivatives": "fine-tunes and LoRAs are Derivative Works under the agreement", "text": "Stability-AI/stable-fast-3d LICENSE.md (2024-07-05)"},
    LICENSE_NAMES["flux-1-dev-non-commercial-license"][0]: {"commercial": "no (commercial use needs a BFL license)", "threshold": "n/a", "attribution": "notice on distribution; state modifications", "aup": "no military, surveillance or biometric use; content filters and output disclosure (v1.1.1)", "outputs": "usable commercially, but not to train, fine-tune or distill a competing model", "redistribution": "copy; recipients are licensed directly by BFL", "derivatives": "non-commercial too", "text": "black-forest-labs/flux model_licenses/LICENSE-FLUX1-dev (v1.1.1, 2025-06-27)"},
    HUB_IDS["creativeml-openrail-m"][0]: {"commercial": "yes", "threshold": "none", "attribution": "keep notices", "aup": "Attachment A use restrictions", "outputs": "not restricted by the license itself", "redistribution": "use restrictions must be an enforceable provision downstream", "derivatives": "must carry the use restrictions", "text": "CreativeML OpenRAIL-M"},
    HUB_IDS["cc-by-nc-4.0"][0]: {"commercial": "no", "threshold": "n/a", "attribution": "attribution and a license notice", "aup": "-", "outputs": "-", "redistribution": "share with attribution", "derivatives": "NonCommercial applies to adapted material", "text": "SPDX CC-BY-NC-4.0"},
    HUB_IDS["cc-by-nc-sa-4.0"][0]: {"commercial": "no", "threshold": "n/a", "attribution": "attribution and a license notice", "aup": "-", "outputs": "-", "redistribution": "share alike", "derivatives": "adaptations must use BY-NC-SA or a compatible license", "text": "SPDX CC-BY-NC-SA-4.0"},
}
# Grok 2: sections 1-2 of the LICENSE file were read in stored copies of the Hub pages (the file, its blame
# and the commits that changed it); the attribution and redistribution sections after them were not.
_GROK = f"{HF}/xai-org/grok-2/blob/main/LICENSE"
_GROK_READ = (f"checked against {_GROK} ('xAI Community License Agreement', last updated 2025-11-04; blame daf4395,"
              " 15248a4)")
TERMS[HUB_IDS["grok2-community"][0]] = {
    "commercial": ("conditional: a non-exclusive, worldwide, revocable license; commercial use solely if you and your"
                   " affiliates abide by all the guardrails of xAI's Acceptable Use Policy (sec 2a; "
                   f"{_GROK_READ}). An earlier text (before commit d60cbe2), 'Grok 2 Community License Agreement'"
                   " of 2025-08-23, allowed commercial use only under USD 1M annual revenue"),
    "threshold": "none since commit d60cbe2; the 2025-08-23 text: under USD 1M annual revenue, above it a separate license",
    "attribution": "required ('except as required for attribution', sec 2b); its wording is in a section not read here",
    "aup": ("xAI Acceptable Use Policy (x.ai/legal/acceptable-use-policy): comply with the law, do not harm people or"
            " property, respect guardrails and don't mislead (sec 2a)"),
    "outputs": ("the materials, derivatives and outputs (generated data included) may not train, create or improve any"
                " foundational, large language or general-purpose AI model, except modifications or fine-tuning of"
                f" Grok 2 under the agreement (sec 2b; {_GROK_READ})"),
    "redistribution": "distribution is granted (sec 2a); its conditions are in a section not read here",
    "derivatives": "modifications and fine-tunes of Grok 2 are permitted under the agreement (sec 2b)",
    "text": f"{_GROK} (sections 1-2 checked by mlgate; read the rest)",
}
for _rail in ("openrail", "bigscience-openrail-m", "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "openrail++"):
    TERMS[HUB_IDS[_rail][0]] = {**TERMS[HUB_IDS["creativeml-openrail-m"][0]], "text": HUB_IDS[_rail][1]}

API_LICENSE = ("LicenseRef-Proprietary-API-Terms", "Provider API terms of service", "proprietary-api", "per API terms", None, ["api-terms"])

def _entry(row: tuple[str, str, str, str, str | None, list[str]]) -> dict[str, object]:
    expression, name, category, commercial, url, obligations = row
    unknown = [o for o in obligations if o not in OBLIGATIONS]
    assert not unknown, unknown
    return {"expression": expression, "name": name, "category": category,
            "commercial_use": commercial, "url": url, "obligations": obligations}


def build_catalog() -> dict[str, object]:
    return {
        "version": 1,
        "obligations": OBLIGATIONS,
        "hub_ids": {k: _entry(v) for k, v in HUB_IDS.items()},
        "license_names": {k: _entry(v) for k, v in LICENSE_NAMES.items()},
        "api": _entry(API_LICENSE),
        "terms": TERMS,
        "internal_use": {LICENSE_NAMES[k][0]: {"value": v, "why": why} for k, (v, why) in INTERNAL_USE.items()},
    }


def _license_key(row: dict[str, str]) -> tuple[str, str] | None:
    """(hub id, license_name) the reference row establishes, or None for API rows."""
    raw_id = row["license_id"].strip()
    raw_name = row["license_name"].strip()
    if not raw_id:
        return None
    if raw_id.startswith("mit (declared) + "):
        return ("other", "")  # distills: resolved through the base model (see lineage)
    if "not verified" in raw_id:
        # Card value not verified: never a declared value; kb_curated.UNVERIFIED says what is known.
        if row["repo_id"] not in UNVERIFIED:
            raise SystemExit(f"{row['repo_id']}: card value not verified and no UNVERIFIED entry")
        return None
    first = raw_id.split(" ")[0]
    if first != "other":
        return (first, "")
    name = _DESCRIBED.get(raw_name) or raw_name.split(" ")[0]
    return ("other", name)


def build_models(csv_path: Path) -> dict[str, object]:
    models: dict[str, object] = {}
    api: dict[str, object] = {}
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            confidence = row["confidence"].strip().lower()
            if confidence in ("low", "low-medium"):
                continue  # not verified: the family rules or the Hub answer, or nothing does
            repo = row["repo_id"].strip()
            api_match = re.match(r"^(\S+) \((.+)\)$", repo)
            if api_match:
                model, provider = api_match.groups()
                name, url = API_PROVIDERS[provider]
                api[model] = {"provider": name, "terms_url": url, "confidence": confidence}
                if model in API_ALIASES:
                    api[model]["alias_of"] = API_ALIASES[model]
                    api[model]["note"] = row["key_conditions"].strip()
                continue
            key = _license_key(row)
            if key is None:
                models[repo] = unverified_entry(repo, confidence, row["source"].strip())
                continue
            hub_id, license_name = key
            entry: dict[str, object] = {
                "license": hub_id,
                "confidence": confidence,
                "evidence": row["source"].strip(),
            }
            if license_name:
                assert license_name in LICENSE_NAMES, (repo, license_name)
                entry["license_name"] = license_name
            base = re.search(r"\+ (llama[\d.]+) base", row["license_id"])
            if base:
                # Declared MIT, and the README says the Llama terms it inherits apply to it too: the
                # component carries both (and lineage still brings in the base).
                entry["license"] = ["mit", base.group(1)]
                entry["declared_as"] = "mit"
                entry["base_license_note"] = (
                    f"declared MIT, but derived from a {base.group(1)} base model whose license applies"
                    " to it as well (DeepSeek-R1 README sec 7: 'originally licensed under' the Llama license)"
                )
            elif hub_id not in HUB_IDS and hub_id != "other":
                raise SystemExit(f"{repo}: unknown hub id {hub_id}")
            if repo in REVISIONS:
                entry["revisions"] = REVISIONS[repo]
            if repo in LINEAGE:
                target, relation = LINEAGE[repo]
                entry["base_models"] = [{"id": target, "relation": relation}]
            models[repo] = entry
    for repo, (hub_id, license_name, confidence, evidence) in {**LINEAGE_BASES, **USAGE_MODELS}.items():
        assert repo not in models, repo
        models[repo] = {"license": hub_id, "confidence": confidence, "evidence": evidence}
        if license_name:
            models[repo]["license_name"] = license_name
    for repo, (confidence, evidence) in USAGE_UNDECLARED.items():  # card read: no license declared
        assert repo not in models, repo
        models[repo] = {"declared": False, "confidence": confidence, "evidence": evidence}
    missing = [t for t, _ in LINEAGE.values() if t not in models]
    assert not missing, missing
    providers = {**{k: {"provider": v[0], "terms_url": v[1]} for k, v in API_PROVIDERS.items()}}
    patterns = [{"pattern": p, "provider": providers.get(k, {"provider": k, "terms_url": None})}
                for p, k in API_PATTERNS]
    legacy_ids = {**LEGACY_IDS, **USAGE_LEGACY_IDS}
    assert all(target in models for target in legacy_ids.values()), legacy_ids
    return {"version": 1, "models": dict(sorted(models.items())), "api_models": dict(sorted(api.items())),
            "api_patterns": patterns, "legacy_ids": legacy_ids, **build_offline(
                models, {k: v[0] for k, v in HUB_IDS.items()}, {k: v[0] for k, v in LICENSE_NAMES.items()})}


def main(argv: list[str]) -> int:
    reference = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "reference"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "licenses.json").write_text(json.dumps(build_catalog(), indent=1, sort_keys=True) + "\n")
    (OUT / "models.json").write_text(
        json.dumps(build_models(reference / "model-licenses.csv"), indent=1, sort_keys=True) + "\n"
    )
    print(f"wrote {OUT}/licenses.json and models.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
