"""Command lines written in Python: strings, f-strings and argument lists read as commands."""

from __future__ import annotations

import textwrap

import pytest

from mlgate.model import Location
from mlgate.scan.base import ScanOptions
from mlgate.scan.python.detector import python_references


def refs(source: str) -> list[tuple[int, int, str, str]]:
    def locate(line: int, column: int) -> Location:
        return Location("m.py", line, column + 1)

    found = python_references(textwrap.dedent(source), locate, ScanOptions())
    return sorted((r.location.line, r.location.column, r.target, r.via) for r in found)


def test_strings_argv_lists_and_f_strings_are_command_lines() -> None:
    assert refs('''\
        import subprocess
        model = "acme/fstring"
        cmd = "deepspeed train.py --model_name_or_path acme/opt --data_path ./data/alpaca.json"
        subprocess.run(["vllm", "serve", "acme/served", "--port", "8000"])
        args = f"tune download {model} --ignore-patterns *.safetensors".split()
        multi = f"""
            train.py --pretrained_model_name_or_path {model}
            --dataset_name acme/data
        """
    ''') == [(2, 9, "acme/fstring", "constant model"), (3, 48, "acme/opt", "--model_name_or_path"),
             (4, 34, "acme/served", "vllm serve"), (5, 8, "acme/fstring", "tune download"),
             (7, 46, "acme/fstring", "--pretrained_model_name_or_path"), (8, 20, "acme/data", "--dataset_name")]


def test_an_argv_list_naming_its_model_through_a_constant_is_read() -> None:
    # the list holds no quoted id of its own: the program and verb mark the line
    assert refs('''\
        import subprocess
        WHICH = "acme/served-model"
        subprocess.run(["vllm", "serve", WHICH, "--port", "8000"], check=True)
    ''') == [(3, 34, "acme/served-model", "vllm serve")]


def test_help_text_messages_placeholders_and_computed_values_name_nothing() -> None:
    assert refs('''\
        import argparse, subprocess
        parser = argparse.ArgumentParser(usage="tune download <repo-id> [OPTIONS]",
                                         epilog="example: tune download acme/help --output-dir /tmp/m")
        print("usage: train.py --model_name_or_path acme/usage")
        args = parser.parse_args()
        subprocess.run(["python", "serve.py", "--model-path", args.model])
        run = f"python t.py --model {args.model} --seed 3"
        words = ["--model", "resnet50", "--lr", "3e-4"]
    ''') == []


def test_a_curl_request_body_in_a_string_argument_names_its_model_on_its_own_line() -> None:
    # The triple-quoted argument opens its own line (not a docstring: `run_cmd(` is still open),
    # and its `\` continuations join lines of the value that stay apart in the source.
    assert refs('''\
        import subprocess
        def run_cmd(cmd):
            return subprocess.run(cmd, shell=True)
        run_cmd(
            """
        curl http://localhost:8000/v1/chat/completions \\\\
          -H "Content-Type: application/json" \\\\
          -d '{
            "model": "vicuna-7b-v1.5",
            "messages": []
          }'
        """
        )
        run_cmd("curl http://localhost:8000/v1/completions -d '{\\"model\\": \\"acme/served-7b\\"}'")
        run_cmd("curl https://tracker.example.com/runs -d '{\\"model\\": \\"acme/logged-7b\\"}'")
        run_cmd("curl http://localhost:8000/v1/completions -d '{\\"model\\": \\"default\\"}'")
    ''') == [(9, 15, "vicuna-7b-v1.5", "curl request body"),
             (14, 9, "acme/served-7b", "curl request body")]  # escapes: at the literal


def test_a_module_docstring_with_a_curl_example_names_nothing() -> None:
    assert refs('''\
        """Serve a model.

            curl http://localhost:8000/v1/completions -d '{"model": "acme/doc-7b"}'
        """
        import subprocess
        subprocess.run(["vllm", "serve", "acme/served-7b"])
    ''') == [(6, 34, "acme/served-7b", "vllm serve")]


@pytest.mark.parametrize("marker", ["# %%", "# ==========", "# a note about the code below:"])
def test_prose_after_a_comment_line_stays_a_docstring(marker: str) -> None:
    # A comment ending in `%` or `=` closes no expression: the block below it is documentation.
    assert refs(f'''\
        from transformers import AutoModel
        {marker}
        """
        Start:
            vllm serve mistralai/Mistral-7B-Instruct-v0.2
            curl http://localhost:8000/v1/completions -d '{{"model": "acme/doc-served"}}'
        """
    ''') == []


def test_a_command_joined_by_continuations_is_placed_at_its_own_source_line_and_column() -> None:
    assert refs('''\
        import subprocess
        subprocess.run("""
        python train.py \\\\
          --model_name_or_path acme/joined \\\\
          --output_dir out
        """)
    ''') == [(4, 24, "acme/joined", "--model_name_or_path"), (5, 16, "out", "--output_dir")]


def test_lm_eval_model_args_keyword_names_its_models_at_their_columns() -> None:
    assert refs('''\
        import lm_eval
        lm_eval.simple_evaluate(model="hf", model_args="pretrained=acme/base,peft=acme/lora,dtype=float16")
        lm_eval.simple_evaluate(model="hf", model_args="dtype=float16,trust_remote_code=True")
        lm_eval.simple_evaluate(model="hf", options="pretrained=acme/not-model-args")
    ''') == [(2, 60, "acme/base", "model_args pretrained="),
             (2, 75, "acme/lora", "model_args peft=")]


def test_lm_eval_model_args_in_brackets_or_raw_are_read_too() -> None:
    found = refs('''\
        import lm_eval
        lm_eval.simple_evaluate(model="hf", model_args=("pretrained=acme/split,"
                                                        "peft=acme/split-lora"))
        lm_eval.simple_evaluate(model="hf", model_args=r"pretrained=acme/raw")
    ''')
    assert [(target, via) for _, _, target, via in found] == [
        ("acme/split", "model_args pretrained="), ("acme/split-lora", "model_args peft="),
        ("acme/raw", "model_args pretrained=")]
