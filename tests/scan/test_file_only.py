"""Options whose value only ever names a file (a result file named after a judge model) name no model."""

from __future__ import annotations

import textwrap

from mlgate.model import Location
from mlgate.scan.base import ScanOptions
from mlgate.scan.python.detector import python_references

_PADDING = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n" for i in range(200))


def refs(source: str) -> list[tuple[int, str, str]]:
    found = python_references(source, lambda line, column: Location("m.py", line, column + 1), ScanOptions())
    return sorted((r.location.line, r.target, r.via) for r in found)


def test_an_option_read_only_inside_result_paths_is_not_reported() -> None:
    assert refs(textwrap.dedent('''
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--judge-model", type=str, default="gpt-4")
        args = parser.parse_args()
        single = f"data/{args.bench}/model_judgment/{args.judge_model}_single.jsonl"
        pair = f"data/{args.bench}/model_judgment/{args.judge_model}_pair.jsonl"
    ''')) == []


def test_one_read_outside_a_path_keeps_it() -> None:
    # a message, a command string, an argument of a call: the option may name the model used
    for use in ('print(f"judging with {args.judge_model}")', 'run(f"python judge.py --model {args.judge_model}")',
                "judge(args.judge_model)"):
        assert refs(textwrap.dedent(f'''
            import argparse
            parser = argparse.ArgumentParser()
            parser.add_argument("--judge-model", type=str, default="gpt-4")
            args = parser.parse_args()
            single = f"data/{{args.bench}}/{{args.judge_model}}_single.jsonl"
            {use}
        ''')) == [(4, "gpt-4", "default --judge-model")], use


def test_an_option_never_read_in_the_module_is_kept() -> None:
    assert refs(textwrap.dedent('''
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--judge-model", type=str, default="gpt-4")
    ''')) == [(4, "gpt-4", "default --judge-model")]


def test_a_read_in_a_stubbed_function_body_counts() -> None:
    # In a large module the bodies without a line of interest are stubbed before parsing: the
    # whole text is what is read, so a use there still keeps the option.
    source = textwrap.dedent('''
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--judge-model", type=str, default="gpt-4")
        args = parser.parse_args()
        single = f"data/{args.bench}/{args.judge_model}_single.jsonl"

        def judge(client):
            return client.chat.completions.create(model=args.judge_model, messages=[])
    ''') + _PADDING
    assert (4, "gpt-4", "default --judge-model") in refs(source)
