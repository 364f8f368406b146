"""Facts sourced for the measured goal list (bench/usage): per-checkpoint entries and family rules
for the most used ids the reference rows do not cover (imported by build_data.py and kb_offline.py).

Each fact names the copy it was read from. Primary sources first (the vendor's repository at a
recorded commit, the Hub card); where only copies of a card or secondary reports were reachable,
the confidence says so. Ids whose copies disagree are left out (unknown is the safe answer).
"""

# ruff: noqa: E501  (data tables: one fact per line, as in build_data.py)

from __future__ import annotations

_INTERNLM = ("InternLM/InternLM README 'License' (since fa7337b, 2023-07-06, until f9a1f26, 2025-01-15): code Apache-2.0;"
             " model weights fully open for academic research and free commercial use after applying for a commercial"
             " license (application form)")
_VICUNA = ("lm-sys/FastChat README at 0e6d3e4: 'Vicuna is based on Llama 2 and should be used under Llama's model"
           " license' (the v1.5 models; earlier Vicuna versions were LLaMA-1 deltas and are not covered)")
_YI = ("01-ai/Yi README and LICENSE: Apache-2.0 for the code and weights of the Yi series since 2024-05-30 (commit 6280097;"
       " drift.md G1); before, the Yi Series Models Community License")
_SMOL = ("secondary: aiwiki.ai SmolLM and SmolLM 2 articles ('all distributed under the Apache 2.0 license', 'The series"
         " ships under the Apache 2.0 license'); huggingface/smollm at a041759 (vision/smolvlm2 README: Apache 2.0)")

_T5 = ("card text of google-t5/t5-{size_l} written by the Hugging Face team: 'T5-{size} is the checkpoint with {params}"
       " parameters ... License: Apache 2.0' (copies in the code index and huggingface.co/google-t5/t5-small pages)")

_SD15_MIRROR = ("the stable-diffusion-v1-5 organisation's card as quoted in public notes (code index): 'This repository is a"
                " mirror of the now deprecated runwayml/stable-diffusion-v1-5 ...', License 'The CreativeML OpenRAIL M"
                " license'; the inpainting repository mirrors runwayml/stable-diffusion-inpainting under the same license;"
                " reference row runwayml/stable-diffusion-v1-5 (creativeml-openrail-m)")
_QWEN25_CODER = ("drift.md A7 (Qwen2.5-Coder: 3B qwen-research, the other sizes reported Apache-2.0); Qwen2.5-Coder release"
                 " summary (ai-nav.net/3566.html): the 0.5B, 1.5B, 7B, 14B and 32B models are Apache 2.0, the 3B model a"
                 " research license")

# (pattern, hub license id, license_name, confidence, evidence, note) as kb_curated.FAMILY_RULES
FAMILY_RULES: list[tuple[str, str, str, str, str, str]] = [
    ("lmsys/vicuna-*-v1.5*", "llama2", "", "high", _VICUNA, ""),
    ("internlm/internlm-*", "other", "internlm-license", "medium", _INTERNLM, ""),
    ("internlm/internlm2-*", "other", "internlm-license", "medium", _INTERNLM, ""),
    ("internlm/internlm2_5-*", "other", "internlm-license", "medium", _INTERNLM, ""),
    ("internlm/internlm3-*", "apache-2.0", "", "medium",
     "InternLM/InternLM README from f9a1f26 (2025-01-15, the InternLM3 release): 'Code and model weights are licensed under Apache-2.0'", ""),
    ("BAAI/bge-*", "mit", "", "medium",
     "FlagOpen/FlagEmbedding README at 7ed43d6: 'FlagEmbedding is licensed under the MIT License' (the BGE models' project)", ""),
    ("HuggingFaceTB/SmolLM-*", "apache-2.0", "", "medium", _SMOL, ""),
    ("HuggingFaceTB/SmolLM2-*", "apache-2.0", "", "medium", _SMOL, ""),
    ("HuggingFaceTB/SmolVLM2-*", "apache-2.0", "", "medium", _SMOL, ""),
    ("tiiuae/Falcon-H1-*", "other", "falcon-llm-license", "medium",
     "drift.md C3 and hf_license_ids.md: Falcon3 / Falcon-H1 cards carry license: other, license_name: falcon-llm-license", ""),
    ("01-ai/Yi-34B-*", "apache-2.0", "", "high", _YI, ""),
    ("01-ai/Yi-6B-*", "apache-2.0", "", "high", _YI, ""),
    ("google/flan-t5-*", "apache-2.0", "", "high",
     "card copies of google/flan-t5-large at 8406c6a, 99ffe3a, 266006c and google/flan-t5-xl at feab87f (license: apache-2.0)", ""),
    ("bigscience/bloom-*", "bigscience-bloom-rail-1.0", "", "medium",
     "the bloom-560m model card as copied by its GGUF re-uploads (QuantFactory, afrideva): 'License: RAIL License v1.0'", ""),
    ("bigscience/bloomz-*", "bigscience-bloom-rail-1.0", "", "medium",
     "BLOOMZ models are fine-tunes of BLOOM; the BigScience BLOOM RAIL 1.0 use restrictions bind derivatives (bloom cards: RAIL License v1.0)", ""),
    # Qwen2.5-Coder: every size but 3B (kb_curated: qwen-research) under Apache-2.0
    *[(f"Qwen/Qwen2.5-Coder-{size}*", "apache-2.0", "", "medium", _QWEN25_CODER, "")
      for size in ("0.5B", "1.5B", "7B", "14B", "32B")],
    # DeepSeek-V2 (V2-Lite included) and DeepSeekMoE: code MIT, weights under the DeepSeek model license
    ("deepseek-ai/DeepSeek-V2-*", "other", "deepseek", "high", (
        "deepseek-ai/DeepSeek-V2 README 'License' (and the DeepSeek-V2-Chat card): 'This code repository is licensed under"
        " the MIT License. The use of DeepSeek-V2 Base/Chat models is subject to the Model License' (LICENSE-MODEL, the"
        " DeepSeek License Agreement; license_terms.md sec 7); copies in the code index"), ""),
    ("deepseek-ai/deepseek-moe-*", "other", "deepseek", "high", (
        "deepseek-ai/DeepSeek-MoE README 'License': 'The use of DeepSeekMoE models is subject to the Model License."
        " DeepSeekMoE supports commercial use' (LICENSE-MODEL, the DeepSeek License Agreement); copies in the code index"), ""),
    # OPT-125M ... 66B (opt-iml-* is another agreement: the digit keeps it out)
    ("facebook/opt-[0-9]*", "other", "opt-175b-license", "high", (
        "facebookresearch/metaseq projects/OPT/README.md at f7ffa5f ('License: The use of OPT model weights is subject to"
        " the Model License') and MODEL_LICENSE.md (OPT-175B License Agreement, 67a3a81, 2022-05-05: 'solely for your"
        " non-commercial research purposes'; no 'commercial or production purposes')"), ""),
    # SegFormer's Mix Transformer encoders (nvidia/mit-b0 ... b5)
    ("nvidia/mit-b[0-5]", "other", "nvidia-source-code-license", "medium", (
        "NVlabs/SegFormer README at 65fa8cf ('License: ... SegFormer may be used non-commercially, meaning for research or"
        " evaluation purposes only') and LICENSE (NVIDIA Source Code License, sec 3.3 use limitation); the Hub cards"
        " point to that license (not read here)"), ""),
    ("allenai/OLMo-*", "apache-2.0", "", "medium", (
        "drift.md G6 and license_terms.md (ImpACT): 'OLMo model cards ship apache-2.0 (e.g. OLMo-7B-0424-hf, commit"
        " b9154cf)'; OLMo 1.7-7B is the April 2024 (0424) release"), ""),
    ("baichuan-inc/Baichuan2-*", "other", "baichuan2-community-license", "high", (
        "baichuan-inc/Baichuan2 README_EN 'License' at ed1cf0f: 'The community usage of Baichuan 2 model requires adherence"
        " to Apache 2.0 and Community License for Baichuan2 Model'; commercial use on application, for services under"
        " 1M DAU that are not software or cloud service providers"), ""),
    # IDEFICS (1): frozen LLaMA-1 weights inside the composite (idefics2-* is another family, left out by the dash)
    ("HuggingFaceM4/idefics-*", "other", "llama-license", "medium", (
        "IDEFICS card 'License' section (copies in the code index, the 80B card): built on laion CLIP ViT-H-14 (MIT) and"
        " huggyllama/llama (LLaMA 1: 'a specific non-commercial license focused on research purposes'); 'We release the"
        " additional weights we trained under an MIT license'. The distributed composite carries the LLaMA weights"),
     "the newly trained weights are MIT; the frozen LLaMA-1 weights inside the model are research-only"),
    # Ministral 3 (2512) is Apache-2.0; the 2410 Ministral 8B (kb_curated) stays under the Mistral Research License
    ("mistralai/Ministral-3-*", "apache-2.0", "", "medium", (
        "secondary, two independent copies in the code index: a model catalogue note citing mistral.ai/news/mistral-3"
        " ('Ministral 3 (3B / 8B / 14B) ... Released: 2025-12 ... License: open-permissive - Apache 2.0') and an Ollama"
        " model table ('ministral-3:3b | mistralai/Ministral-3-3B-Instruct-2512 | Apache-2.0')"), ""),
    ("hubertsiuzdak/snac_*", "mit", "", "medium", (
        "copies of the SNAC cards in the code index (license: mit; the 24 kHz speech model and the 44 kHz music model;"
        " GitHub hubertsiuzdak/snac)"), ""),
    *[(pattern, "gemma", "", "high", (
        "google-research/big_vision configs/proj/paligemma/README.md at 0127fb6 (PaliGemma and PaliGemma 2): 'The PaliGemma"
        " models are released under the same open license as the Gemma models'"), "")
      for pattern in ("google/paligemma-*", "google/paligemma2-*")],
    ("LiquidAI/LFM2*", "other", "lfm1.0", "medium", (
        "copies of LiquidAI LFM2 / LFM2.5 card front matter in the code index (license: other, license_name: lfm1.0,"
        " license_link LICENSE; base_model LiquidAI/LFM2-1.2B, LFM2.5-2.6B ...); a note that read the LICENSE file: LFM Open"
        " License v1.0, Apache-2.0-like grant with a commercial-use threshold of USD 10M annual revenue"), ""),
    ("kandinsky-community/kandinsky-2-2-*", "apache-2.0", "", "medium", (
        "the kandinsky-2-2-decoder card copy (license: apache-2.0) and two notes that read the official cards"
        " ('kandinsky-community/kandinsky-2-2-prior, revision 9fc51ad, Apache-2.0'; 'Kandinsky 2.2 Prior + Inpaint Decoder"
        " ... official model cards, Apache-2.0')"), ""),
    # Nemotron 3 moved to the Nemotron-specific license (a derivative card naming nvidia-open-model-license for the
    # Nano base is contradicted by the Hub record and the NVIDIA notes below)
    ("nvidia/NVIDIA-Nemotron-3-*", "other", "nvidia-nemotron-open-model-license", "medium", (
        "copy of the Hub API record of nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-FP8 at 9bee194 (license"
        " nvidia-nemotron-open-model-license); model notes for Nemotron-3-Nano-30B-A3B-BF16 and Nemotron-3-Super:"
        " 'License: NVIDIA Nemotron Open Model License'; a secondary note: commercial use permitted under custom terms"), ""),
    ("mistralai/Mistral-Small-3.1-24B-*", "apache-2.0", "", "medium",
     "Mistral-Small-3.1-24B card text as copied by re-uploads (unsloth GGUF, hf.global-rail.com mirror of the Base-2503 card): 'Apache 2.0 License: Open license allowing usage and modification for both commercial and non-commercial purposes'", ""),
]

# Per-checkpoint entries: repo -> (hub license id, license_name, confidence, evidence)
MODELS: dict[str, tuple[str, str, str, str]] = {
    "distilbert/distilbert-base-uncased": ("apache-2.0", "", "high", (
        "card huggingface.co/distilbert/distilbert-base-uncased at eceec7f ('Migrate model card from transformers-repo':"
        " license: apache-2.0)")),
    "llava-hf/llava-1.5-7b-hf": ("llama2", "", "medium", (
        "the llava-hf conversion of liuhaotian/llava-v1.5-7b; haotian-liu/LLaVA README 'Usage and License Notices':"
        " checkpoints follow the base LLM's license (Llama 2 for LLaVA-1.5), the code is Apache-2.0")),
    "EleutherAI/gpt-neox-20b": ("apache-2.0", "", "medium", (
        "card copies (mav23/gpt-neox-20b-GGUF README: license: apache-2.0; mirrors of the card text: 'fine-tune and"
        " adapt GPT-NeoX-20B for deployment, as long as your use is in accordance with the Apache 2.0 license')")),
    "HuggingFaceH4/zephyr-7b-beta": ("mit", "", "medium", (
        "card copies h.likeai.space/HuggingFaceH4/zephyr-7b-beta and huggingface.co/mav23/zephyr-7b-beta-GGUF"
        " ('License: MIT'; fine-tuned from mistralai/Mistral-7B-v0.1)")),
    "microsoft/Phi-3.5-mini-instruct": ("mit", "", "medium", (
        "NVIDIA NIM model card docs.api.nvidia.com/nim/reference/microsoft-phi-3_5-mini ('License MIT')")),
    "mistralai/Mistral-Nemo-Instruct-2407": ("apache-2.0", "", "medium", (
        "copy of the card README (huggingface.co/DataGuard/Mistral-Nemo-Instruct-2407 raw README: license: apache-2.0,"
        " base_model mistralai/Mistral-Nemo-Base-2407)")),
    "tiiuae/falcon-7b-instruct": ("apache-2.0", "", "medium", (
        "Azure/azureml-assets wiki models-tiiuae-falcon-7b-instruct ('released under the Apache 2.0 license'); the"
        " Falcon 7B/40B models moved from the TII Falcon LLM License to Apache-2.0 at the end of May 2023 (drift.md C1)")),
    # Encoders and seq2seq models whose cards the Hugging Face team wrote (the `license:` of the card is
    # the weights' license on the Hub; the research code repositories say nothing of the weights).
    "google-t5/t5-small": ("apache-2.0", "", "medium", _T5.format(size="Small", size_l="small", params="60 million")),
    "google-t5/t5-base": ("apache-2.0", "", "medium", _T5.format(size="Base", size_l="base", params="220 million")),
    "google-t5/t5-large": ("apache-2.0", "", "medium", _T5.format(size="Large", size_l="large", params="770 million")),
    "FacebookAI/roberta-base": ("mit", "", "high", (
        "card huggingface.co/roberta-base/resolve/main/README.md (license: mit; datasets bookcorpus, wikipedia)")),
    "FacebookAI/xlm-roberta-base": ("mit", "", "high", (
        "card huggingface.co/FacebookAI/xlm-roberta-base/blame/main/README.md (license: mit; commits d9d8a8e, f6d161e)")),
    "facebook/bart-base": ("apache-2.0", "", "high", (
        "card huggingface.co/facebook/bart-base/blob/main/README.md at 8435883 (license: apache-2.0)")),
    "facebook/bart-large": ("apache-2.0", "", "high", (
        "card huggingface.co/facebook/bart-large/blob/main/README.md (license: apache-2.0)")),
    "sentence-transformers/all-mpnet-base-v2": ("apache-2.0", "", "medium", (
        "card copies: raw README of refs/pr/11 (hf.qhduan.com mirror) and the ai-human-lab re-upload at b01f337"
        " (license: apache-2.0, library_name sentence-transformers)")),
    "answerdotai/ModernBERT-base": ("apache-2.0", "", "high", (
        "card huggingface.co/answerdotai/ModernBERT-base README at 890363e (license: apache-2.0); same on later"
        " commits 6e46162, ae3cb1e")),
    "TinyLlama/TinyLlama-1.1B-Chat-v1.0": ("apache-2.0", "", "medium", (
        "copy of the Hub API record of the repository (sha fe8a4ea, tags license:apache-2.0); the earlier TinyLlama"
        " chat cards copied in leliuga/cohere-configurations also say license: apache-2.0")),
    "google-bert/bert-base-cased": ("apache-2.0", "", "medium", (
        "google-research/bert README 'Pre-trained models' (BERT-Base, Cased among them): 'These models are all released"
        " under the same license as the source code (Apache 2.0)' (copies of the README in the code index)")),
    "almanach/camembert-base": ("mit", "", "medium", (
        "copy of the camembert-base card (cms.edetmt.com/models/info/camembert-base): 'License: MIT'")),
    "distilbert/distilroberta-base": ("apache-2.0", "", "high", (
        "card huggingface.co/distilbert/distilroberta-base at a547ce1 ('Migrate model card from transformers-repo':"
        " license: apache-2.0); the later card says 'License: Apache 2.0'")),
    "distilbert/distilgpt2": ("apache-2.0", "", "high", (
        "card huggingface.co/distilbert/distilgpt2 ('Developed by: Hugging Face ... License: Apache 2.0')")),
    "xlnet/xlnet-base-cased": ("mit", "", "high", (
        "card huggingface.co/xlnet/xlnet-base-cased/blame/593a21e README (license: mit)")),
    "EleutherAI/gpt-j-6b": ("apache-2.0", "", "medium", (
        "the GPT-J code repository's README (kingoflolz/mesh-transformer-jax, 'License': 'The weights of GPT-J-6B are"
        " licensed under version 2.0 of the Apache License'; copy in the code index)")),
    # RunwayML's deleted SD 1.5 repositories, re-hosted (exact entries: a family rule's name pattern would also
    # name the upstream of other mirrors' re-uploads, see families.mirror_upstream)
    "stable-diffusion-v1-5/stable-diffusion-v1-5": ("creativeml-openrail-m", "", "medium", _SD15_MIRROR),
    "stable-diffusion-v1-5/stable-diffusion-inpainting": ("creativeml-openrail-m", "", "medium", _SD15_MIRROR),
    "HuggingFaceTB/SmolVLM-Instruct": ("apache-2.0", "", "high", (
        "card huggingface.co/HuggingFaceTB/SmolVLM-Instruct README at c8150f2 and 4759914: 'We release the checkpoints"
        " under the Apache 2.0 license' (License: Apache 2.0)")),
    "kandinsky-community/kandinsky-2-2-decoder": ("apache-2.0", "", "medium", (
        "copy of the kandinsky-2-2-decoder card in the code index (license: apache-2.0; prior:"
        " kandinsky-community/kandinsky-2-2-prior)")),
    "Qwen/Qwen-Image": ("apache-2.0", "", "medium", (
        "NVIDIA's model card for qwen/qwen-image (build.nvidia.com: 'Additional Information: Apache 2.0 license',"
        " linking huggingface.co/Qwen/Qwen-Image); release reports of 2025-08 (theswipeup.com, viddo.ai): 'released"
        " under the Apache 2.0 license'")),
    "suno/bark": ("mit", "", "high", (
        "suno-ai/bark README at f4f32d4 ('© License: Bark is licensed under the MIT License'; 2023.05.01: 'Bark is now"
        " licensed under the MIT License, meaning it's now available for commercial use'); LICENSE MIT since 130ba95")),
    "stabilityai/stable-diffusion-x4-upscaler": ("openrail++", "", "high", (
        "Stability-AI/stablediffusion README at cf1d67a ('License: ... The weights are available via the StabilityAI"
        " organization at Hugging Face, and released under the CreativeML Open RAIL++-M License'; the x4 upscaling"
        " model is one of the repository's SD 2 releases)")),
    "meta-llama/Prompt-Guard-86M": ("llama3.1", "", "medium", (
        "meta-llama/PurpleLlama README license table at 61ea100 (2024-07-22): 'Prompt Guard | Llama 3.1 Community"
        " License'; from c6616ce (2024-09-25) the table reads Llama 3.2 Community License (same terms family)")),
    "distilbert/distilbert-base-cased": ("apache-2.0", "", "medium", (
        "copy of the distilbert-base-cased card in the code index (license: apache-2.0; '# DistilBERT base model (cased)')")),
    "deepset/roberta-base-squad2": ("cc-by-4.0", "", "medium", (
        "the card front matter as copied by an ONNX conversion of deepset/roberta-base-squad2 (license: cc-by-4.0,"
        " datasets squad_v2; '# ONNX convert roberta-base for QA')")),
    "google/vit-base-patch16-224-in21k": ("apache-2.0", "", "medium", (
        "copy of the card in the code index ('retrieved on 2022-12-05': license: apache-2.0, datasets imagenet-21k;"
        " '# Vision Transformer (base-sized model)', pre-trained on ImageNet-21k at 224x224)")),
    "google/vit-base-patch16-224": ("apache-2.0", "", "medium", (
        "copies of the card in the code index (license: apache-2.0, datasets imagenet, imagenet-21k; ImageNet-21k"
        " pre-training fine-tuned on ImageNet 2012 at 224x224)")),
    "HuggingFaceH4/zephyr-7b-alpha": ("mit", "", "medium", (
        "the original card as copied by TheBloke's re-upload ('Original model card: Hugging Face H4's Zephyr 7B Alpha':"
        " 'License: MIT', fine-tuned from mistralai/Mistral-7B-v0.1)")),
    "teknium/OpenHermes-2.5-Mistral-7B": ("apache-2.0", "", "medium", (
        "copy of the card in the code index (license: apache-2.0, base_model mistralai/Mistral-7B-v0.1; '# OpenHermes 2.5"
        " - Mistral 7B'); trained on 'primarily GPT-4 generated data'")),
    "diffusers/stable-diffusion-xl-1.0-inpainting-0.1": ("openrail++", "", "medium", (
        "copy of the card in the code index (license: openrail++, base_model stabilityai/stable-diffusion-xl-base-1.0;"
        " '# SD-XL Inpainting 0.1 Model Card')")),
    # Qwen2.5-Omni: the two sizes differ (exact entries, no family rule)
    "Qwen/Qwen2.5-Omni-7B": ("other", "apache-2.0", "medium", (
        "copy of the card in the code index: license: other, license_name: apache-2.0, license_link"
        " huggingface.co/Qwen/Qwen2.5-Omni-7B/blob/main/LICENSE ('# Qwen2.5-Omni'); a note that read it: 'Its license is"
        " Apache-2.0'")),
    "Qwen/Qwen2.5-Omni-3B": ("other", "qwen-research", "medium", (
        "notes that read the repository: 'Qwen/Qwen2.5-Omni-3B is licensed under the Qwen Research License"
        " (.../Qwen2.5-Omni-3B/blob/main/LICENSE)', 'Qwen2.5-Omni-3B uses qwen-research'; NVIDIA's omni-embed-nemotron-3b"
        " card: 'ADDITIONAL INFORMATION: Qwen RESEARCH LICENSE AGREEMENT' linking that LICENSE")),
    "Tongyi-MAI/Z-Image-Turbo": ("apache-2.0", "", "medium", (
        "two copies in the code index naming the repository's LICENSE (huggingface.co/Tongyi-MAI/Z-Image-Turbo/blob/main/"
        "LICENSE) as 'Apache License 2.0' / 'Apache-2.0'; the Tongyi-MAI/Z-Image code repository LICENSE is Apache 2.0"
        " (c7ec135)")),
    "deepseek-ai/DeepSeek-OCR": ("mit", "", "medium", (
        "a note that read the card and the code repository: 'MIT (card license: mit; GitHub LICENSE)'; deepseek-ai/DeepSeek-OCR"
        " LICENSE at e4ac34e is MIT (the code repository's; the card states the weights')")),
    # drift.md E3: the main SD3 Medium card moved to the Community License in 2024-07, while the -diffusers sibling is
    # still reported with the launch's non-commercial id; the stricter reading is kept until a card copy settles it.
    "stabilityai/stable-diffusion-3-medium-diffusers": ("other", "stabilityai-nc-research-community", "low", (
        "drift.md E3: SD3 Medium launched (2024-06) under license_name stabilityai-nc-research-community; the main card"
        " moved to stabilityai-ai-community (2024-07), but 'the -diffusers repo is still reported with the NC id'"
        " (secondary tables); not verified against the -diffusers card itself")),
}

_HF = "https://huggingface.co"
_LAION = ("the card, as the other LAION CLIP cards: trained on the LAION-2B English subset of LAION-5B; 'any deployed use"
          " case of the model - whether commercial or not - is currently out of scope' (a research release)")
# Stored copies of the Hub pages (docs corpus): the page header shows the card's `license:`.
MODELS.update({
    "openai-community/gpt2-large": ("mit", "", "medium", (
        f"Hub pages {_HF}/openai-community/gpt2-large/commits/main/README.md (License: mit) and blame/e5b63bd/README.md"
        " (front matter license: mit; card written by the Hugging Face team with OpenAI's model card)")),
    "FacebookAI/roberta-large": ("mit", "", "medium", (
        f"Hub pages {_HF}/FacebookAI/roberta-large/tree/e7a4859 and commits/f2cfec5 (License: mit; datasets bookcorpus,"
        " wikipedia), as FacebookAI/roberta-base")),
    "laion/CLIP-ViT-H-14-laion2B-s32B-b79K": ("mit", "", "medium", (
        f"Hub pages {_HF}/laion/CLIP-ViT-H-14-laion2B-s32B-b79K/blob/a32ddb9/tokenizer.json and commits/436d628"
        f" (License: mit); {_LAION}")),
    "laion/CLIP-ViT-B-32-laion2B-s34B-b79K": ("mit", "", "medium", (
        f"Hub pages {_HF}/laion/CLIP-ViT-B-32-laion2B-s34B-b79K/blob/96555f5/README.md (metadata license: mit) and"
        f" commits/cc77892 (License: mit); {_LAION}")),
    "laion/CLIP-ViT-bigG-14-laion2B-39B-b160k": ("mit", "", "medium", (
        f"Hub page {_HF}/laion/CLIP-ViT-bigG-14-laion2B-39B-b160k/blob/85d1a01/tokenizer.json (License: mit); the"
        f" stable-diffusion-3 text_encoders/README lists it under 'MIT License'; {_LAION}")),
    "Intel/dpt-hybrid-midas": ("apache-2.0", "", "medium", (
        f"Hub pages {_HF}/Intel/dpt-hybrid-midas/commits/d52ef03 and commits/main/config.json (License: apache-2.0)")),
    # Spark-TTS moved from Apache-2.0 to CC BY-NC-SA 4.0 "due to the licensing terms of some training data"; the
    # unsloth re-upload's page shows no license, so the upstream's terms reach it as lineage.
    "SparkAudio/Spark-TTS-0.5B": ("cc-by-nc-sa-4.0", "", "medium", (
        f"Hub page {_HF}/SparkAudio/Spark-TTS-0.5B/tree/main at 6420715 'Update License' (License: cc-by-nc-sa-4.0);"
        f" the same change in {_HF}/HKUSTAudio/Spark-TTS-0.5B/commit/88b6361 (license: apache-2.0 -> cc-by-nc-sa-4.0,"
        " 'The model's license has been updated from Apache 2.0 to CC BY-NC-SA due to the licensing terms of some"
        " training data')")),
    "unsloth/GLM-4.7-Flash": ("mit", "", "medium", (
        f"the card front matter as copied by the MLX conversion {_HF}/async0x42/GLM-4.7-Flash-4bit (base_model"
        " unsloth/GLM-4.7-Flash, license: mit); Ollama's glm-4.7-flash license blob b1bca6ec8117 is the MIT License")),
})

# Legacy ids without an organisation that the Hub redirects to a canonical id (as kb_curated.LEGACY_IDS).
LEGACY_IDS = {
    "t5-small": "google-t5/t5-small", "t5-base": "google-t5/t5-base", "t5-large": "google-t5/t5-large",
    "roberta-base": "FacebookAI/roberta-base", "xlm-roberta-base": "FacebookAI/xlm-roberta-base",
    # sentence-transformers loads a bare model name from its own organisation
    "all-mpnet-base-v2": "sentence-transformers/all-mpnet-base-v2",
    "bert-base-cased": "google-bert/bert-base-cased", "camembert-base": "almanach/camembert-base",
    "distilroberta-base": "distilbert/distilroberta-base", "distilgpt2": "distilbert/distilgpt2",
    "xlnet-base-cased": "xlnet/xlnet-base-cased", "distilbert-base-cased": "distilbert/distilbert-base-cased",
    "roberta-large": "FacebookAI/roberta-large", "gpt2-large": "openai-community/gpt2-large",
}

# Licenses that changed over time (as kb_curated.HISTORY): the instruct models followed their bases.
HISTORY: dict[str, list[dict[str, str]]] = {
    repo: [{"license": "other", "license_name": "tii-falcon-llm", "until": "2023-05-31", "confidence": "medium",
            "evidence": "tiiuae/falcon-40b-instruct card at de92598 ('made available under the TII Falcon LLM"
                        " License'), later apache-2.0; drift.md C1 (the Falcon 7B/40B change at the end of May 2023)"}]
    for repo in ("tiiuae/falcon-7b-instruct",)
}
# The Yi chat and base variants followed the family's 2024-05-30 change (kb_curated.HISTORY has Yi-34B/6B).
HISTORY.update({pattern: [{"license": "other", "license_name": "yi-license", "until": "2024-05-30", "confidence": "high",
                           "evidence": "drift.md G1: Yi Series Models Community License until 01-ai/Yi commit 6280097"
                                       " (2024-05-30) replaced it with Apache-2.0"}]
                for pattern in ("01-ai/Yi-34B-*", "01-ai/Yi-6B-*")})
# Bark's first release was non-commercial; the code repository relicensed code and checkpoints on 2023-05-01.
HISTORY["suno/bark"] = [{
    "license": "cc-by-nc-4.0", "license_name": "", "until": "2023-05-01", "confidence": "high",
    "evidence": "suno-ai/bark first commit ea9a687 (2023-04-09): LICENSE CC BY-NC 4.0, README 'Bark is licensed under a"
                " non-commercial CC-BY 4.0 NC'; MIT from 130ba95 (2023-05-01, 'Bark v1.5')"}]

# Models whose card was read and declares no license: (confidence, what was read). They answer
# 'no license declared' offline, with that evidence, instead of nothing.
UNDECLARED: dict[str, tuple[str, str]] = {
    'openai/clip-vit-base-patch32': ("medium", 'the Hub card declares no license (pages huggingface.co/openai/clip-vit-base-patch32/commits/8759caf and commits/main/flax_model.msgpack show none), as openai/clip-vit-large-patch14'),
    'ybelkada/opt-6.7b-lora': ("medium", "the adapter's card declares no license (Hub pages huggingface.co/ybelkada/opt-6.7b-lora/tree/aa314e1 and refs/pr/3 show none); its base facebook/opt-6.7b is research-only (OPT-175B License), which only the adapter's config names"),
    'openai/clip-vit-base-patch16': ("medium", 'the Hub card declares no license (pages huggingface.co/openai/clip-vit-base-patch16/commits/187fdb4 and tree/438eb7b show none), as the other OpenAI CLIP checkpoints'),
    'guoyww/animatediff-motion-adapter-v1-5': ("medium", "the card declares no license: Hub pages huggingface.co/guoyww/animatediff-motion-adapter-v1-5/tree/5058504 ('Duplicate from diffusers/animatediff-motion-adapter-v1-5') and refs/pr/1 show none"),
}
