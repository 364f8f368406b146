"""One command line, as a string or an argument vector: which words name a target."""

from __future__ import annotations

import textwrap

from mlgate.scan.cmdline import argv_references, command_line_references
from mlgate.scan.detectors import scripts
from scan.helpers import detect, found


def line_targets(text: str) -> list[tuple[str, str, str]]:
    return [(f.target, f.kind.value, f.via) for _, f in command_line_references(text)]


def test_command_string_reports_at_the_value() -> None:
    cmd = "deepspeed train.py --model_name_or_path facebook/opt-1.3b --data_path ./data/alpaca.json"
    hits = command_line_references(cmd, base=100)
    assert [(offset, f.target, f.via) for offset, f in hits] == [
        (100 + cmd.index("facebook"), "facebook/opt-1.3b", "--model_name_or_path")]


def test_argv_gives_word_index_and_start_in_word() -> None:
    hits = argv_references(["python", "serve.py", "--model-path", "lmsys/vicuna-7b-v1.5",
                            "--vision_tower=openai/clip-vit-large-patch14"])
    assert [(h.index, h.start, h.found.target) for h in hits] == [
        (3, 0, "lmsys/vicuna-7b-v1.5"), (4, len("--vision_tower="), "openai/clip-vit-large-patch14")]


def test_flags_named_by_what_they_hold() -> None:
    assert line_targets("python t.py --teacher-model-name acme/big --reward_model_path acme/rm --hf-path acme/h "
                        "--dataset acme/d1 acme/d2#500 --text_encoder acme/te --lora-path acme/lora") == [
        ("acme/big", "model", "--teacher-model-name"), ("acme/rm", "model", "--reward_model_path"),
        ("acme/h", "model", "--hf-path"), ("acme/d1", "dataset", "--dataset"), ("acme/d2", "dataset", "--dataset"),
        ("acme/te", "model", "--text_encoder"), ("acme/lora", "adapter", "--lora-path")]


def test_look_alike_flags_and_values_are_not_references() -> None:
    assert line_targets(
        "python t.py --model_max_length 2048 --model_type llama --conv-mode llava_v1 --template qwen "
        "--tasks hellaswag --data_path ./data/train.json --dataset_dir data --image nvidia/cuda:12.1.0-devel "
        "--model_class LlamaForCausalLM --num_models 3 --model hf --data_files acme/files") == []
    assert line_targets("docker run vllm/vllm-openai:latest --served-model-name chat") == []
    assert line_targets("git clone https://github.com/huggingface/transformers") == []


def test_known_programs() -> None:
    assert line_targets(
        "uv run hf download acme/x --repo-type dataset; vllm serve acme/v --port 1; tune download acme/t; "
        "litgpt finetune_lora acme/l --data Alpaca; lmdeploy serve api_server acme/lm; ollama pull llama3.2") == [
        ("acme/x", "dataset", "hf download"), ("acme/v", "model", "vllm serve"), ("acme/t", "model", "tune download"),
        ("acme/l", "model", "litgpt finetune_lora"), ("acme/lm", "model", "lmdeploy serve"),
        ("ollama:llama3.2", "model", "ollama pull")]


def test_model_args_and_overrides() -> None:
    assert line_targets("lm_eval --model hf --model_args pretrained=acme/p,peft=acme/a,dtype=float16") == [
        ("acme/p", "model", "--model_args pretrained="), ("acme/a", "adapter", "--model_args peft=")]
    assert line_targets('lighteval vllm "model_name=acme/z,dtype=float16" "leaderboard|truthfulqa:mc|0|0"') == [
        ("acme/z", "model", "model_name=")]
    assert line_targets("tune run lora checkpointer.checkpoint_dir=/ckpt/llama actor.model.path=acme/pol "
                        "data.train_files=x.parquet model=linear") == [
        ("/ckpt/llama", "local-path", "checkpointer.checkpoint_dir="), ("acme/pol", "model", "actor.model.path=")]


def sh(text: str) -> list[tuple[str, str, int]]:
    return found(detect(scripts.DETECTOR, "run.sh", textwrap.dedent(text)))


def test_shell_for_loops_run_the_body_per_value() -> None:
    assert sh("""
        for m in acme/a acme/b; do
          python train.py --model_name_or_path $m
        done
        MODELS="acme/c acme/d"
        for model in $MODELS; do echo "$model"; done
        for seed in 1 2 3; do python t.py --seed $seed; done
    """) == [("acme/a", "model", 2), ("acme/b", "model", 2), ("acme/a", "model", 3), ("acme/b", "model", 3),
             ("acme/c", "model", 5), ("acme/d", "model", 5)]


def test_shell_variables_named_like_models_any_case() -> None:
    assert sh("""
        model=acme/lower
        TEACHER_MODEL_NAME=acme/teacher
        MAX_MODEL_LEN=4096
        OUTPUT_DIR=./out
    """) == [("acme/lower", "model", 2), ("acme/teacher", "model", 3)]


def test_shell_arrays_and_loops_over_them() -> None:
    assert sh("""
        MODELS=(
          "acme/a"
          acme/b  # the second
        )
        for m in "${MODELS[@]}"; do
          lm_eval --model hf --model_args pretrained=$m
        done
        declare -a DATASETS=(acme/d1 'acme/d2')
        EVAL_MODELS=(acme/e1)
        for x in "${EVAL_MODELS[@]}"; do echo "$x"; done
        SEEDS=(1 2 3)
        for model in acme/f1; do echo "$model"; done
        for model in acme/g1; do python t.py --model "$model"; done
    """) == [("acme/a", "model", 3), ("acme/b", "model", 4), ("acme/a", "model", 7), ("acme/b", "model", 7),
             ("acme/d1", "dataset", 9), ("acme/d2", "dataset", 9), ("acme/e1", "model", 10), ("acme/f1", "model", 13),
             ("acme/g1", "model", 14), ("acme/g1", "model", 14)]  # g1: where it is written and where it is read


def test_project_directories_under_model_names_are_local_paths() -> None:
    assert line_targets("python dpo.py --model_name_or_path outputs/llama-sft --resume_from_checkpoint "
                        "runs/x/checkpoint-500 --checkpoint_dir checkpoints/meta-llama/Llama-3.2-1B "
                        "--model-path liuhaotian/llava-v1.5-7b --dataset_name outputs/prefs") == [
        ("outputs/llama-sft", "local-path", "--model_name_or_path"),
        ("runs/x/checkpoint-500", "local-path", "--resume_from_checkpoint"),
        ("checkpoints/meta-llama/Llama-3.2-1B", "local-path", "--checkpoint_dir"),
        ("liuhaotian/llava-v1.5-7b", "model", "--model-path")]


def test_swift_subsets_and_named_adapters_report_at_the_id() -> None:
    cmd = ("swift deploy --dataset 'acme/think:empty_think#600' acme/ocr:handwrite --val_dataset eval.jsonl:holdout "
           "--adapters lora1=acme/lora-a lora2=acme/lora-b --template qwen:chat "
           "--model_args pretrained=acme/base,dtype=float16")
    hits = command_line_references(cmd)
    assert [(cmd[offset:offset + len(f.target)], f.kind.value, f.via) for offset, f in hits] == [
        ("acme/think", "dataset", "--dataset"), ("acme/ocr", "dataset", "--dataset"),
        ("acme/lora-a", "adapter", "--adapters"), ("acme/lora-b", "adapter", "--adapters"),
        ("acme/base", "model", "--model_args pretrained=")]


def test_every_vllm_lora_module_is_an_adapter() -> None:
    cmd = "vllm serve acme/base --lora-modules sql=acme/sql-lora chat=acme/chat-lora --port 8000"
    hits = command_line_references(cmd)
    assert [(cmd[offset:offset + len(f.target)], f.kind.value, f.via) for offset, f in hits] == [
        ("acme/sql-lora", "adapter", "--lora-modules"), ("acme/chat-lora", "adapter", "--lora-modules"),
        ("acme/base", "model", "vllm serve")]
