"""YAML, JSON and TOML configs: keys, data set lists, env blocks, CI commands, hostile documents."""

from __future__ import annotations

import json
import textwrap

import pytest

from mlgate.scan.base import SkipFile
from mlgate.scan.detectors import configs, tomlfiles
from scan.helpers import detect, found


def yaml_refs(text: str, name: str = "c.yaml") -> list[tuple[str, str, int]]:
    return found(detect(configs.DETECTOR, name, textwrap.dedent(text)))


def test_true_line_of_each_value() -> None:
    assert yaml_refs("""
        # comment
        model_name_or_path: acme/base
        training:
          base_model:
            acme/nested-base
          tokenizer_name: gpt2
        dataset_name: acme/data
    """) == [("acme/base", "model", 3), ("acme/nested-base", "model", 6), ("gpt2", "model", 7),
             ("acme/data", "dataset", 8)]


def test_generic_keys_need_unmistakable_values() -> None:
    assert yaml_refs("""
        model: resnet50
        tokenizer: bpe
        llm: gpt-4o
        dataset: acme/data
    """) == [("gpt-4o", "api-model", 4), ("acme/data", "dataset", 5)]


def test_generic_keys_are_ignored_in_unrelated_documents_but_commands_are_not() -> None:
    compose = """
        version: "3"
        services:
          api:
            image: acme/api:1
            model: acme/not-a-model-here
            command: serve --model acme/served
    """
    assert yaml_refs(compose) == [("acme/served", "model", 7)]
    assert yaml_refs('{"name": "pkg", "dependencies": {"x": "1"}, "model": "acme/m"}', "package.json") == []


def test_a_compose_argument_list_reads_the_default_of_an_interpolation() -> None:
    # Compose fills `${NAME:-default}` before the exec-form list runs; a plain `$X` stays unread.
    compose = ('services:\n  worker:\n'
               '    entrypoint: ["python", "-m", "worker", "--model-path", "${WORKER_MODEL:-acme/worker-default}"]\n'
               '    command: ["--tokenizer", "$TOKENIZER"]\n')
    refs = detect(configs.DETECTOR, "docker-compose.yml", compose)
    assert [(r.target, r.location.line, r.location.column) for r in refs] == [("acme/worker-default", 3, 77)]


def test_lm_eval_templates_named_without_an_extension_are_yaml() -> None:
    # lm-eval's `_default_template_yaml` / `xnli_common_yaml`: included task templates.
    template = "_default_template_yaml"
    assert configs.DETECTOR.accepts(f"lm_eval/tasks/mmlu/{template}")
    assert configs.DETECTOR.accepts("tasks/xnli/xnli_common_YML")
    assert yaml_refs("dataset_path: cais/mmlu\ntest_split: test\n", name=template) == [("cais/mmlu", "dataset", 1)]
    # Only the name's end counts: a `yaml` word elsewhere, or a bare `yaml`, is not a config.
    for other in ("notes_yaml.txt", "yaml", "to_yaml.py", "yaml_tools/README", "myyaml"):
        assert not configs.DETECTOR.accepts(other), other


def test_lm_eval_dataset_name_is_a_subset_beside_dataset_path_or_in_a_task_that_includes_it() -> None:
    assert yaml_refs("dataset_path: acme/arc\ndataset_name: ARC-Easy\n") == [("acme/arc", "dataset", 1)]
    assert yaml_refs("include: arc_easy.yaml\ntask: arc_challenge\ndataset_name: ARC-Challenge\n") == []
    # without lm-eval's pair of keys, `dataset_name` names the data set
    assert yaml_refs("task: sft\ndataset_name: acme/sft\n") == [("acme/sft", "dataset", 2)]
    assert yaml_refs("include: base.yaml\ndataset_name: acme/sft\n") == [("acme/sft", "dataset", 2)]
    # a training config with `include` and `task` keys: an `org/name` is never an lm-eval subset
    assert yaml_refs("include: base.yaml\ntask: summarization\ndataset_name: acme/sft\n") == [
        ("acme/sft", "dataset", 3)]


def test_multiple_documents_and_output_role() -> None:
    refs = detect(configs.DETECTOR, "c.yaml", "output_dir: out/run\n---\nhub_model_id: acme/pushed\n")
    assert [(r.target, r.kind.value, r.role.value, r.location.line) for r in refs] == [
        ("out/run", "local-path", "output", 1), ("acme/pushed", "model", "output", 3)]


def test_ci_run_block_and_env() -> None:
    assert yaml_refs("""
        env:
          BASE_MODEL: acme/from-env
          UNUSED_MODEL: acme/never-read
        jobs:
          t:
            steps:
              - run: |
                  echo start
                  python train.py --model_name_or_path $BASE_MODEL
              - script: ["vllm serve acme/served-model"]
    """) == [("acme/from-env", "model", 3), ("acme/never-read", "model", 4), ("acme/from-env", "model", 10),
             ("acme/served-model", "model", 11)]


def test_alias_bomb_and_custom_tags_stay_inert() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    ) + "model_name_or_path: acme/after-bomb\n"
    assert yaml_refs(bomb) == [("acme/after-bomb", "model", 22)]
    tagged = "hook: !!python/object/apply:os.system ['echo pwned']\nbase_model: !custom acme/tagged\n" \
             "model_id: acme/plain\n"
    assert yaml_refs(tagged) == [("acme/plain", "model", 3)]


def test_templates_that_do_not_parse_are_read_line_by_line_or_skipped_with_why() -> None:
    helm = "image: {{ .Values.image }}\nmodel_name_or_path: acme/templated\nargs: [{{ .Values.args }}\n"
    assert yaml_refs(helm) == [("acme/templated", "model", 2)]
    jsonc = '{\n  // JSON with comments\n  "base_model": "acme/jsonc",\n}'
    assert found(detect(configs.DETECTOR, "c.json", jsonc)) == [("acme/jsonc", "model", 3)]
    with pytest.raises(SkipFile, match="not valid YAML"):
        yaml_refs("nothing: [unclosed\n  - : :")
    with pytest.raises(SkipFile, match="not valid JSON"):
        detect(configs.DETECTOR, "c.json", '{"name": "x",')


def test_json_values_datasets_and_huge_documents() -> None:
    doc = {"pad": ["x" * 10] * 50_000, "datasets": [{"path": "acme/a"}, "acme/b"], "model_id": "acme/m"}
    text = json.dumps(doc, indent=1)
    refs = found(detect(configs.DETECTOR, "c.json", text))
    assert [r[:2] for r in refs] == [("acme/a", "dataset"), ("acme/b", "dataset"), ("acme/m", "model")]
    deep = "[" * 50_000 + "]" * 50_000
    assert found(detect(configs.DETECTOR, "deep.json", deep)) == []


def test_toml_tables_inline_tables_and_arrays() -> None:
    text = textwrap.dedent('''
        [tool.trainer]
        model_name_or_path = "acme/base"  # comment
        "base_model" = 'acme/quoted-key'
        datasets = [
          "acme/one",
          { path = "acme/two" },
        ]
        [[datasets]]
        path = "acme/three"
        description = """
        model_name_or_path = "acme/inside-a-string"
        """
    ''')
    assert found(detect(tomlfiles.DETECTOR, "x.toml", text)) == [
        ("acme/base", "model", 3), ("acme/quoted-key", "model", 4), ("acme/one", "dataset", 6),
        ("acme/two", "dataset", 7), ("acme/three", "dataset", 10)]


def test_broken_toml_is_read_as_far_as_it_goes() -> None:
    text = '[unclosed\nmodel_id = "acme/a"\nx = = =\n= "acme/no-key"\nmodel_id = "acme/b'
    assert found(detect(tomlfiles.DETECTOR, "x.toml", text)) == [("acme/a", "model", 2)]


def test_schemas_and_split_mappings_are_not_data_sets() -> None:
    schema = '{"$schema": "x", "properties": {"datasets": {"type": "array", "items": {"type": "string"}}}}'
    assert found(detect(configs.DETECTOR, "report.schema.json", schema)) == []
    assert yaml_refs("datasets:\n  train: data/train.jsonl\n  eval: data/eval.jsonl\n") == []


def test_audiocraft_pretrained_scheme_names_the_hub_id_under_any_key() -> None:
    assert yaml_refs("""\
        compression_model_checkpoint: //pretrained/facebook/encodec_32khz
        conditioners:
          style:
            encodec_checkpoint: '//pretrained/facebook/encodec_32khz'
        ckpt: //pretrained/facebook/musicgen-small
        debug_checkpoint: //pretrained/debug_compression_model
        reference_dir: //reference/bd44a852
    """) == [("facebook/encodec_32khz", "model", 1), ("facebook/encodec_32khz", "model", 4),
             ("facebook/musicgen-small", "model", 5)]
