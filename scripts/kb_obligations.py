"""Obligation ids and their texts, for the license catalog (imported by build_data.py)."""

from __future__ import annotations

# -- obligations: id -> text ------------------------------------------------------------------
OBLIGATIONS = {
    "attribution": "Keep copyright and license notices; credit the licensor.",
    "ship-license-copy": "Give every recipient a copy of the license when redistributing.",
    "mark-modifications": "Mark modified files / state the changes you made.",
    "share-alike": "Adaptations must be released under the same (or a compatible) license.",
    "source-disclosure": "Make corresponding source available when distributing.",
    "network-source-disclosure": "Offer source to users who interact with it over a network.",
    "no-commercial-use": "Commercial use is not permitted.",
    "research-only": "Use is limited to research or evaluation purposes.",
    "non-production-only": "Use only in non-production environments (testing, research, evaluation).",
    "no-derivatives": "Adapted material may not be shared.",
    "use-restrictions-passthrough": (
        "Use-based restrictions (Attachment A) must be passed on as an enforceable provision in"
        " any downstream license, and users must be required to comply."
    ),
    "acceptable-use-policy": "Use must comply with the licensor's acceptable use policy.",
    "mau-700m": "Over 700M monthly active users on the release date requires a separate license from Meta.",
    "mau-100m": "Over 100M monthly active users requires requesting a license from Alibaba Cloud.",
    "revenue-cap-1m-usd": (
        "Commercial use only below USD 1M annual revenue (incl. affiliates) and after"
        " registration; above that an Enterprise license is required."
    ),
    "royalty-over-1m-usd": "Commercial revenue above USD 1M owes a royalty (reportedly 10%).",
    "built-with-llama": (
        "Prominently display 'Built with Llama'; any distributed model trained with Llama"
        " materials or outputs must have a name beginning with 'Llama'."
    ),
    "built-with-meta-llama-3": (
        "Prominently display 'Built with Meta Llama 3'; derived model names must begin with 'Llama 3'."
    ),
    "llama-notice": "Ship the Llama NOTICE line ('Llama … is licensed under the … Community License').",
    "no-outputs-to-improve-other-llms": (
        "Do not use the model or its outputs to improve any other large language model."
    ),
    "no-outputs-to-train-competing-models": (
        "Do not use outputs to train, fine-tune or distill a competing model."
    ),
    "no-outputs-for-foundation-models": (
        "Do not use the model or its outputs to create or improve foundational generative models."
    ),
    "outputs-research-only": "Outputs may also be used for research purposes only.",
    "eu-multimodal-restriction": (
        "Acceptable use policy withholds rights to the multimodal models from EU-domiciled"
        " individuals and companies (end users of a product are exempt)."
    ),
    "gemma-notice": (
        "Ship a NOTICE: 'Gemma is provided under and subject to the Gemma Terms of Use found at"
        " ai.google.dev/gemma/terms'; pass on the use restrictions."
    ),
    "derivatives-covered": "Fine-tunes, distillations and other derivatives stay under this license.",
    "built-with-qwen": (
        "When the materials or their outputs are used to create, train, fine-tune or improve an AI model"
        " that is distributed or made available, display 'Built with Qwen' or 'Improved using Qwen'."
    ),
    "qwen-notice": "Ship the Qwen/Tongyi Qianwen NOTICE line and a copy of the agreement.",
    "export-control": "Comply with export-control laws.",
    "powered-by-stability": "Prominently display 'Powered by Stability AI'.",
    "mistral-notice": "Ship the NOTICE 'Licensed by Mistral AI under the …' and a copy of the license.",
    "content-filters": "Run content filters or review outputs before distribution; disclose AI-generated output.",
    "api-terms": "Governed by the provider's API terms of service; no weights are distributed.",
    "lfm-revenue-threshold": (
        "Commercial use is licensed only to entities under USD 10M annual revenue; above that a separate license"
        " from Liquid AI is needed."
    ),
    "nvidia-notice": (
        "When distributing, give recipients a copy of the agreement and a Notice file reading 'Licensed by NVIDIA"
        " Corporation under the NVIDIA Open Model License'."
    ),
    "guardrails-required": (
        "Bypassing, disabling or circumventing the model's safety guardrails without a substantially similar"
        " replacement terminates the license."
    ),
    "baichuan-commercial-conditions": (
        "Commercial use needs a license granted on application, and only while your and your affiliates' service has"
        " under 1M daily active users and neither is a software or cloud service provider."
    ),
    "commercial-license-application": (
        "Commercial use is free but needs a commercial license granted on application to the licensor."),
    "needs-license-file": "The Hub id names a family; read the LICENSE file to know the exact terms.",
    "derivatives-own-terms-keep-restrictions": (
        "Derivatives (fine-tunes, distillations) may be released under other terms, provided the use"
        " restrictions travel with them as an enforceable provision."
    ),
    "flux-notice": "Ship the FLUX.1 [dev] attribution notice and a copy of the license when distributing.",
    "grok-terms-unreviewed": (
        "The Grok 2 license's grant and restrictions (sections 1-2) were checked against its LICENSE"
        " file; its attribution and redistribution terms were not: read them."),
    "updateable-aup": "The acceptable use policy may be updated by the licensor and applies at all times.",
}
