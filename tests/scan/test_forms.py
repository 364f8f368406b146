"""The forms repository: every reference form found at its exact place, no look-alike reported.

`fixtures/repos/forms/expected.json` is the complete expected output of `mlgate scan --format
json`; the comparison is exact (order, lines, columns, kinds, roles, vias, skipped files).
"""

from __future__ import annotations

import json
from collections import Counter

from conftest import FIXTURES, run_mlgate

FORMS = FIXTURES / "repos" / "forms"


def _scan_json(*args: str) -> dict[str, object]:
    proc = run_mlgate("scan", *args, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    doc = json.loads(proc.stdout)
    assert isinstance(doc, dict)
    return doc


def test_forms_scan_matches_expected_exactly() -> None:
    expected = json.loads((FORMS / "expected.json").read_text())
    assert _scan_json(str(FORMS)) == expected


def test_expected_file_covers_the_issue_list() -> None:
    refs = json.loads((FORMS / "expected.json").read_text())["references"]
    kinds = Counter(r["kind"] for r in refs)
    assert set(kinds) == {"model", "adapter", "dataset", "api-model", "local-path"}
    paths = {r["path"].split("/")[0] for r in refs}
    # Scanners that skip tests/ and examples/ miss real references.
    assert {"tests", "examples", "notebooks", "configs", "scripts", "app", "legacy", "serving"} <= paths
    assert {r["role"] for r in refs} == {"input", "output"}
    assert len({(r["path"], r["line"]) for r in refs}) >= 150
    for ref in refs:
        assert set(ref) >= {"target", "kind", "path", "line", "column", "via", "role"}
        assert ref["line"] >= 1 and ref["column"] >= 1
        assert ("cell" in ref) == ref["path"].endswith(".ipynb")


def test_no_look_alike_is_reported() -> None:
    refs = json.loads((FORMS / "expected.json").read_text())["references"]
    # Fill-in placeholders are listed as such (never resolved); no look-alike is reported as a target.
    placeholders = {r["target"] for r in refs if r.get("placeholder")}
    assert placeholders == {"your-username/your-model", "path-to-your-trained-model", "<model>",
                            "HF_USERNAME/llama-3-8b-finetuned", "/path/to/tokenizer", "your-username/your-lora",
                            "your-username/your-dataset"}
    targets = {r["target"] for r in refs if not r.get("placeholder")}
    look_alikes = {
        "your-org/your-model", "path/to/model", "output", "huggingface/transformers", "facebookresearch/fairseq",
        "nvidia/cuda", "application/json", "text/plain", "image/png", "data/train.json", "recsys/ranker",
        "not/this", "pytorch/pytorch", "acme/trainer", "acme/worker", "vllm/vllm-openai", "json", "csv",
        "gradio/hello_world", "deepseek-ai/DeepSeek-V3", "runs/latest", "bert-large-uncased", "roberta-large",
        "google/flan-t5-base", "meta-llama/Llama-2-70b-hf", "Qwen/Qwen2.5-72B-Instruct", "gpt2-medium",
        "linear", "transformer", "your-username/your-repo", "meta-llama/Llama-2-13b-hf",
        # name-evidence look-alikes: class names, conversation templates, task names, data files, images
        "LlamaForCausalLM", "llava_v1", "qwen", "hellaswag", "./data/alpaca.json", "data/alpaca.json",
        "train.parquet", "Alpaca", "your-username/your-model", "4096", "2048", "llama", "lighteval|gsm8k|0|0",
        "hf", "arc_easy", "qwen2_5", "./data/local.jsonl", "identity.json", "chatml",
        "torchtune.models.llama3.llama3_tokenizer", "litgpt.data.Alpaca2k", "LLAMA3_2", "/tmp/logs", "1.0",
        "vllm/vllm-openai:latest", "/content/ready", "huggingface/", "github.com/BerriAI/litellm",
        "LlamaTokenizerFast", "CLIPVisionTower", "AutoTokenizer", "text-classification", "text-generation",
        "data/train.jsonl", "ghcr.io/acme/teacher:latest", "github.com/acme/repo",
        "ollama:mistral:7b", "acme/docs-only", "./adapters/docs-lora.gguf",  # docs/*.md(x): prose
        "{ref_model}", "/path/to/data.json", "outputs/prefs", "float16", "/path/to/output",
        "your-username/pushed-model", "$REWARD_MODEL",
        # issue 11: built-in reward names, results folders, paths inside a container, a project
        # function's output folder, a Space repository
        "math", "accuracy", "eval_outputs", "/repository", "token_cache", "acme/eval-leaderboard", "qwen:chat",
        "eval.jsonl:holdout", "eval.jsonl", "./images/train", "resnet50",
        "laion/CLIP-ViT-B-32-laion2B-s34B-b79K/open_clip_pytorch_model.bin", "llama-3.2-3b-sft",
        "acme/help-example", "acme/usage-example", "<repo-id>", "acme/not-a-model", "acme/not-a-split",
        "acme/printed-model", "./checkpoints/local-llm", "acme/printed-in-python",
        # candidate-pass look-alikes (app/canonical_data.py): none may cost a parse or be reported
        "N/A", "tests/resource/cat.jpg", "rewards/chosen", "loss/mean", "$LLM", "$ADAPTER",
        "tokenizer/detokenizer", "data/rows.jsonl",
        # notebooks/ipython_vars.ipynb: not IPython interpolations, or a run name through one
        "acme/json-model", "smol-sft", "$HOME/models/HuggingFaceTB/SmolLM2-360M-Instruct", "$repo", "{variants[0]}",
        # Replicate's own names are never Hub ids; a class's attribute that no method sends anywhere
        "meta/meta-llama-3-8b-instruct", "meta/meta-llama-3-70b-instruct", "stability-ai/sdxl", "images/cat.png",
        "kvfrans/clipdraw", "acme/recorded-name", "acme/echo-name",
        # scripts/lm_eval_python.py: `pretrained` as a weights tag, a switch or a checkpoint file
        "ARC-Challenge", "openai", "imagenet", "laion2b_s34b_b79k", "/data/ckpt/resnet50.pth", "/data/ckpt/backbone.pt",
        # names tests make up for mocked clients
        "test-model", "dummy-model", "regular-model", "fake-llm", "fake/path",
        # other classes called Transformer, names no loader gets, local data folders (app/quantize/
        # holds quantize_data/wikitext), data sets saved to disk, splits and function names
        "acme/tiny-block", "layers/encoder", "quora-distilbert-run", "results", "quantize_data/wikitext",
        "app/quantize/quantize_data/wikitext", "/Users/someone/MiniCPM/quantize/quantize_data/wikitext",
        "ms-marco-margin-mse-train", "ms-marco-margin-mse-eval", "data/capybara", "train", "test/holdout",
        "sft_tulu_tokenize_and_truncate_v1", "user/assistant", "acme/rate-limit",
        # scripts/held_commands.sh, configs/beaker_vllm.yaml: a message, a flag only partly made of mixer
        # words, an inference backend under `engine`, an OLMo-core config name, an echoed name
        "acme/greeting-org", "acme/not-a-mixer", "vllm", "acme/not-an-engine", "dolci-instruct-sft", "olmo2_7b",
        "acme/echoed-name", "20000",
        # pytest fixtures: a given function that only names a file after its argument, a parameter
        # of a plain function, a fixture no conftest.py visible from the test defines, a fixture's
        # value composed into a file name
        "acme/recorded-run", "acme/helper-llm", "acme/elsewhere-llm", "acme/nightly-run",
        # app/embedders_and_hf_paths.py, configs/sft.yaml: another class's `from_finetuned`, a Space's
        # file and a bucket under `hf://`, a tokenized data folder under a data set key
        "acme/registry-entry", "acme/demo-space", "acme/scratch", "data/tokenized-mix",
        # app/expanded_requests.py: a dict never expanded into an API call, one expanded into another
        # call, and names of vectors and layers rather than of an embedding model
        "acme-never-sent", "acme-summary-style", "acme/precomputed-vectors", "acme/glove-vectors",
        "acme/embed-layer", "./out/vectors",
        # configs/foundry, configs/autotrain: a run name and settings under `variables:`, registry and
        # display names, unresolved interpolations, local data folders and prose beside a `train_split`
        "acme/run-not-a-model", "amp_bf16", "./acme-scratch", "hf_t5", "hf_causal_lm", "mpt_causal_lm", "tiktoken",
        "acme-display-name", "gpt2-medium-sweep", "${oc.env:BASE_MODEL}", "${env:REWARD_MODEL}", "${.sibling}",
        "${variables.tokenizer_name}/lora", "acme/foundry-tok/lora", "${variables.missing}", "acme-finetune-run",
        "data", "data/", "path/to/your/dataset csv/jsonl files", "train.csv", "cats_vs_dogs",
        # configs/adapet, app/pretrained_weights.py: `pretrained_weight(s)` as a weights tag, a switch, a bare
        # name that is no canonical legacy id; app/dspy_clients.py: a made-up provider and another `Embedder`;
        # configs/foundry/openai_eval.yaml: versions that are no API model; data files written as fill-ins
        "deberta-v3-large", "true", "fakeprovider/fakemodel", "dummymodel", "testmodel2", "acme-vectors-small",
        "v1.2", "acme-release", "2", "path/to/your/dataset.json", "path/to/your/eval.parquet",
    }
    assert not targets & look_alikes
    assert not any(t.startswith(("ghcr.io", "nvidia/cuda", "python:")) for t in targets)
    assert not any(r["path"].startswith("docs/") for r in refs)
    # an option whose value only names result files (`--judge-model gpt-4`), beside one that is used
    assert [(r["line"], r["target"]) for r in refs if r["path"] == "app/judge_results.py"] == [
        (8, "gpt-4o-mini"), (18, "gpt-4o-mini")]


def test_bare_ignore_drops_and_rule_ignore_keeps_with_suppression() -> None:
    refs = _scan_json(str(FORMS / "app" / "suppressed.py"))["references"]
    assert isinstance(refs, list)
    assert [r["target"] for r in refs] == ["Qwen/Qwen2.5-3B"]
    assert refs[0]["suppression"] == {"rules": ["no-research-only"], "reason": "evaluation only, LEG-7"}


def test_include_comments_reports_comment_and_docstring_references() -> None:
    target = str(FORMS / "app" / "comments.py")
    plain = _scan_json(target)["references"]
    with_comments = _scan_json(target, "--include-comments")["references"]
    assert isinstance(plain, list) and isinstance(with_comments, list)
    assert [r["target"] for r in plain] == ["FacebookAI/roberta-base"]
    extra = {(r["target"], r["line"], r["via"]) for r in with_comments} - {
        (r["target"], r["line"], r["via"]) for r in plain}
    assert extra == {
        ("bert-large-uncased", 5, "AutoModel.from_pretrained (docstring)"),
        ("google/flan-t5-base", 7, "Hub URL (docstring)"),
        ("roberta-large", 12, "AutoTokenizer.from_pretrained (comment)"),
    }
    # GitHub slugs and GitHub URLs in comments are never references.
    assert not any("fairseq" in r["target"] or "transformers" in r["target"] for r in with_comments)


def test_text_format_lists_locations_and_what_was_skipped() -> None:
    proc = run_mlgate("scan", FORMS)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "app/values.py:37: model      meta-llama/Llama-3.2-1B  via AutoModel.from_pretrained" in out
    assert "notebooks/math.ipynb:38 (cell 3): model" in out
    assert "training/outputs.py:14: model      acme/qwen-sft-merged  via push_to_hub  [output]" in out
    # The summary and the skipped files are notes about the run: standard error.
    assert "mlgate:" not in out and "skipped" not in out
    notes = proc.stderr.splitlines()
    expected = json.loads((FORMS / "expected.json").read_text())["references"]
    assert notes[0].startswith(f"mlgate: {len(expected)} references to")
    assert "  skipped configs/binary.yaml: binary file" in notes[1:]


def test_self_hosted_endpoints_only_where_the_module_configures_local_servers_alone() -> None:
    refs = json.loads((FORMS / "expected.json").read_text())["references"]
    marked = {(r["path"], r["target"]): r["endpoint"] for r in refs if "endpoint" in r}
    assert marked == {
        ("app/expanded_requests.py", "chatglm3"): "http://127.0.0.1:8000/v1",
        ("app/expanded_requests.py", "acme-chat-served"): "http://127.0.0.1:8000/v1",
        ("app/expanded_requests.py", "acme-assistant-v2"): "http://127.0.0.1:8000/v1",
        ("app/selfhosted/local_server.py", "chatglm3-6b"): "http://127.0.0.1:8000/v1/",
        ("app/selfhosted/local_server.py", "bge-large-zh-1.5"): "http://127.0.0.1:8000/v1/",
        ("app/selfhosted/legacy_local.py", "vicuna-7b-v1.5"): "http://10.0.0.5:8000/v1",  # no credentials kept
        ("app/selfhosted/langchain_local.py", "gpt-3.5-turbo"): "http://llm.internal:8080/v1 http://localhost:{8000+1}/v1",
        ("app/selfhosted/langchain_local.py", "acme-served-lora"): "http://llm.internal:8080/v1 http://localhost:{8000+1}/v1",
        # calls that carry their own local base URL, in a module that also uses the provider
        ("app/selfhosted/call_bases.py", "gpt-4o-mini"): "http://localhost:8000/v1",
        ("app/selfhosted/call_bases.py", "openai/gpt-4o-mini"): "http://10.0.0.5:8000/v1",
        ("app/selfhosted/call_bases.py", "gpt-3.5-turbo"): "http://127.0.0.1:9000/v1",
    }
    # Look-alikes: a hosted base URL, one from the environment or a parameter, a module mixing a local
    # server with the provider's default host or a hosted provider's own client, and a local server in
    # a module that also builds a default client (app/api_clients.py).
    for path in ("lookalikes.py", "env_base.py", "param_base.py", "hosted_mixed.py", "groq_beside_local.py"):
        assert any(r["path"] == f"app/selfhosted/{path}" and r["kind"] == "api-model" for r in refs), path
    assert all(r["kind"] == "api-model" for r in refs if "endpoint" in r)
    assert not any("endpoint" in r for r in refs if r["path"] == "app/api_clients.py")
