"""Shell scripts, Makefiles, Dockerfiles and .env files."""

from __future__ import annotations

import textwrap

from mlgate.scan.detectors import scripts
from scan.helpers import detect, found


def sh(text: str, name: str = "run.sh") -> list[tuple[str, str, int]]:
    return found(detect(scripts.DETECTOR, name, textwrap.dedent(text)))


def test_flags_forms_and_quoting() -> None:
    assert sh("""
        python a.py --model_name_or_path acme/a --model=acme/b --dataset-name 'acme/c'
        python b.py --model "acme/d" --tokenizer gpt2 --output_dir out/ --hub-model-id acme/e
    """) == [("acme/a", "model", 2), ("acme/b", "model", 2), ("acme/c", "dataset", 2), ("acme/d", "model", 3),
             ("out/", "local-path", 3), ("acme/e", "model", 3)]


def test_variables_expand_and_unread_model_variables_are_reported() -> None:
    # A value read through a variable is reported at the use and where the literal is written.
    assert sh("""
        BASE=acme/base
        export HF_MODEL_ID=acme/served-by-env
        python t.py --model_name_or_path ${BASE} --ref_model "${REF:-acme/ref-default}"
    """) == [("acme/base", "model", 2), ("acme/served-by-env", "model", 3), ("acme/base", "model", 4),
             ("acme/ref-default", "model", 4)]


def test_a_default_in_an_expansion_is_placed_at_its_own_text() -> None:
    refs = detect(scripts.DETECTOR, "run.sh", 'python t.py --model "${BASE:-acme/base-default}"\n')
    assert [(r.target, r.location.column) for r in refs] == [("acme/base-default", 30)]


def test_comments_heredoc_words_and_continuations() -> None:
    assert sh("""
        # huggingface-cli download acme/commented
        echo "vllm serve acme/echoed"
        huggingface-cli download \\
            acme/continued --local-dir x
    """) == [("acme/continued", "model", 5)]


def test_makefile_and_dockerfile() -> None:
    makefile = "MODEL ?= acme/mk\n\ntrain:\n\tpython t.py --model $(MODEL)\n"
    assert sh(makefile, "Makefile") == [("acme/mk", "model", 1), ("acme/mk", "model", 4)]
    dockerfile = textwrap.dedent("""
        FROM acme/base-image:1.0
        ARG MODEL=acme/arg-model
        ENV TOKENIZER_NAME acme/env-tokenizer
        RUN huggingface-cli download $MODEL
        ENTRYPOINT ["text-generation-launcher", "--model-id", "acme/tgi"]
    """)
    assert found(detect(scripts.DETECTOR, "docker/Dockerfile.gpu", dockerfile)) == [
        ("acme/arg-model", "model", 3), ("acme/env-tokenizer", "model", 4), ("acme/arg-model", "model", 5),
        ("acme/tgi", "model", 6)]


def test_hub_cli_ollama_and_urls() -> None:
    assert sh("""
        hf download acme/data-x --repo-type dataset
        hf upload acme/pushed ./out
        ollama run mistral
        ollama create acme-bot -f Modelfile
        curl -L https://huggingface.co/acme/weights/resolve/main/m.gguf -o m.gguf
        curl https://example.com/acme/other
    """) == [("acme/data-x", "dataset", 2), ("acme/pushed", "model", 3), ("ollama:mistral", "model", 4),
             ("ollama:acme-bot", "model", 5), ("acme/weights", "model", 6)]


def test_a_curl_request_body_sent_to_an_inference_api_names_its_model() -> None:
    assert sh("""
        curl http://localhost:8000/v1/chat/completions -H "Content-Type: application/json" -d '{
            "model": "acme/served-7b", "messages": []}'
        curl http://localhost:11434/api/generate -d '{"model": "llama3.1:8b", "prompt": "hi"}'
        curl https://api.example.com/v1/embeddings --data-raw '{"model": "text-embedding-3-small"}'
        curl http://localhost:8000/v1/completions -d '{"model": "default", "prompt": "hi"}'
        curl https://tracker.example.com/runs -d '{"model": "acme/logged-7b"}'
        curl https://tracker.example.com/v1/runs -d '{"model": "acme/logged-7b"}'
        curl http://localhost:11434/v1/chat/completions -d '{"model": "llama3.2", "messages": []}'
        curl http://localhost:11434/api/generate -d '{"model": "mistral", "prompt": "hi"}'
        curl http://localhost:11434/api/generate -d '{"model": "unsloth_model", "prompt": "hi"}'
        curl -x http://proxy:3128 http://localhost:8000/v1/completions -d '{"model": "acme/proxied-7b"}'
    """) == [("acme/served-7b", "model", 3), ("ollama:llama3.1:8b", "model", 4),
             ("text-embedding-3-small", "api-model", 5), ("ollama:llama3.2", "model", 9),
             ("ollama:mistral", "model", 10), ("acme/proxied-7b", "model", 12)]


def test_env_file() -> None:
    assert sh("OPENAI_MODEL=gpt-4.1\nHF_TOKEN=hf_secret\nDATASET_NAME=acme/d\n", ".env") == [
        ("gpt-4.1", "api-model", 1), ("acme/d", "dataset", 3)]


def test_garbage_does_not_raise() -> None:
    assert sh("'unterminated \"quote $(( ${ \\\n`") == []
    assert sh("\x00\x01 --model\n") == []


def test_argument_arrays_nested_commands_and_the_literal_place() -> None:
    refs = detect(scripts.DETECTOR, "launch.sh", textwrap.dedent("""\
        POLICY="acme/policy"
        while getopts "m:" opt; do case $opt in m) POLICY="$OPTARG" ;; esac; done
        ARGS=(
           --actor.model_name_or_path ${POLICY}
           # --reward.model_name_or_path acme/commented
        )
        python3 -m trainer "${ARGS[@]}"
        srun bash -c "python -m sglang.launch_server --model-path '$POLICY'"
        ray job submit -- vllm serve "$POLICY"
    """))
    assert [(r.target, r.location.line, r.location.column, r.via) for r in refs] == [
        ("acme/policy", 1, 9, "POLICY"), ("acme/policy", 4, 31, "--actor.model_name_or_path"),
        ("acme/policy", 8, 60, "--model-path"), ("acme/policy", 9, 31, "vllm serve")]
    assert {(r.origin.line, r.origin.column) for r in refs if r.origin} == {(1, 9)}
    assert refs[0].origin is None


def test_variables_a_known_command_reads_are_not_left_for_the_environment() -> None:
    # A Space the results are uploaded to is not a model, though the variable says REPO_ID.
    assert sh("""
        LEADERBOARD_REPO_ID="acme/leaderboard"
        huggingface-cli upload --repo-type space $LEADERBOARD_REPO_ID results/ results/
        TASKS=(gsm8k math_500)
        srun bash -c "echo done"
    """) == []


def test_heredocs_that_write_a_config_or_feed_python_are_read_as_such() -> None:
    refs = detect(scripts.DETECTOR, "job.sh", textwrap.dedent("""\
        cat > train.yaml <<EOF
        model_name_or_path: acme/heredoc-model
        chat_template: chatml
        EOF
        python - <<'PY'
        from transformers import AutoModel
        AutoModel.from_pretrained("acme/python-heredoc")
        print("--model_name_or_path acme/printed")
        PY
        read -r -d '' CMD <<EOF
        train.py --model_name_or_path acme/in-a-command
        EOF
        cat <<EOF
        usage: run.sh --model <model>
        EOF
        cat > recipe.toml <<'EOF'
        [model]
        base_model = "acme/toml-heredoc"
        --not-a-flag = 1
        EOF
    """))
    assert [(r.target, r.location.line, r.location.column, r.via) for r in refs] == [
        ("acme/heredoc-model", 2, 21, "model_name_or_path"),
        ("acme/python-heredoc", 7, 27, "AutoModel.from_pretrained"),
        ("acme/in-a-command", 11, 31, "--model_name_or_path"),
        ("acme/toml-heredoc", 18, 14, "base_model")]


def test_nested_defaults_expand_from_the_innermost() -> None:
    assert sh("""
        SHOPPING_AGENT_MODEL="${BENCHMARK_MODEL:-${SHOPPING_AGENT_MODEL:-qwen-plus}}"
        LEVELS="${BENCHMARK_LEVELS:-${TEST_LEVELS:-1 2 3}}"
        python run.py --model "${A:-${B:-acme/inner}}"
    """) == [("qwen-plus", "api-model", 2), ("acme/inner", "model", 4)]
    refs = detect(scripts.DETECTOR, "run.sh", 'python t.py --model "${A:-${B:-acme/inner}}"\n')
    assert [(r.target, r.location.column) for r in refs] == [("acme/inner", 32)]


def test_an_array_of_one_variable_holds_its_words_where_it_is_set() -> None:
    # (not at the array: `MODELS=($AGENT_MODEL)` writes no model itself)
    assert sh("""
        AGENT_MODEL="${BENCHMARK_MODEL:-qwen-plus}"
        MODELS=($AGENT_MODEL)
        for M in "${MODELS[@]}"; do
            python shop.py --model "$M"
        done
    """) == [("qwen-plus", "api-model", 2), ("qwen-plus", "api-model", 2), ("qwen-plus", "api-model", 5)]
