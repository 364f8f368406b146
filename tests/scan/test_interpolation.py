"""OmegaConf / Hydra `${path}` values in YAML configs: read as the literal they name, with it as origin."""

from __future__ import annotations

import textwrap

import yaml

from mlgate.scan.detectors import configs
from mlgate.scan.detectors.interpolation import is_reference, referred_scalar
from scan.helpers import detect


def refs(text: str, name: str = "c.yaml") -> list[tuple[str, str, int, int, str, tuple[int, int] | None]]:
    """(target, kind, line, column, via, origin line and column) of each reference, once (a `variables:`
    block is also read as environment: the scan keeps one of the two equal references)."""
    return list(dict.fromkeys((r.target, r.kind.value, r.location.line, r.location.column, r.via,
                               (r.origin.line, r.origin.column) if r.origin is not None else None)
                              for r in detect(configs.DETECTOR, name, textwrap.dedent(text))))


def test_variables_and_top_level_keys_are_followed_to_their_literal() -> None:
    assert refs("""\
        variables:
          tokenizer_name: acme/tok
          base: acme/base-model
          run_name: acme/a-run
        top: acme/top
        run_name: ${variables.run_name}
        model:
          pretrained_model_name_or_path: ${variables.base}
        tokenizer:
          name: ${variables.tokenizer_name}
        teacher_model: "${top}"
    """) == [
        ("acme/tok", "model", 2, 19, "tokenizer_name", None),
        ("acme/base-model", "model", 8, 34, "pretrained_model_name_or_path", (3, 9)),
        ("acme/tok", "model", 10, 9, "tokenizer.name", (2, 19)),
        ("acme/top", "model", 11, 17, "teacher_model", (5, 6)),  # at the `$` inside the quotes
    ]


def test_legacy_id_through_a_variable_takes_the_using_keys_rule() -> None:
    assert refs("""\
        variables:
          model_name: t5-small
          precision: amp_bf16
        tokenizer:
          name: ${variables.model_name}
        model:
          name: hf_t5
    """) == [("t5-small", "model", 2, 15, "model_name", None),
             ("t5-small", "model", 5, 9, "tokenizer.name", (2, 15))]


def test_one_more_reference_is_followed_and_the_origin_is_the_last_literal() -> None:
    assert refs("""\
        variables:
          chained: ${variables.real}
          real: acme/real
        ref_model: ${variables.chained}
    """) == [("acme/real", "model", 4, 12, "ref_model", (3, 9))]
    assert refs("""\
        a: ${b}
        b: ${c}
        c: acme/too-deep
        ref_model: ${a}
    """) == []


def test_resolvers_relative_paths_text_around_missing_keys_and_outputs_stay_unresolved() -> None:
    assert refs("""\
        variables:
          m: acme/m
          out: ./acme-out
        base_model: ${oc.env:BASE_MODEL}
        reward_model: ${env:REWARD_MODEL}
        critic_model: ${.m}
        adapter_name_or_path: ${variables.m}/lora
        draft_model: ${variables.missing}
        policy_model: ${variables}
        output_dir: ${variables.out}
        tokenizer_name: |
          ${variables.m}
    """) == []


def test_a_platform_runs_parameters_block_is_a_root_too() -> None:
    assert refs("""\
        name: acme-run
        parameters:
          variables:
            tokenizer_name: acme/tok
          tokenizer:
            name: ${variables.tokenizer_name}
    """) == [("acme/tok", "model", 4, 21, "tokenizer_name", None),
             ("acme/tok", "model", 6, 11, "tokenizer.name", (4, 21))]


def test_lists_and_data_sets_are_followed_and_json_is_not_interpolated() -> None:
    assert refs("""\
        sources: [acme/first-data, acme/second-data]
        datasets:
          - path: ${sources.1}
    """) == [("acme/second-data", "dataset", 3, 11, "datasets[].path", (1, 28))]
    assert refs('{"m": "acme/m", "model_name_or_path": "${m}"}', "c.json") == []


def test_reference_shapes() -> None:
    assert is_reference("${variables.model_name}") and is_reference("${a.0.b}") and is_reference(" ${x} ")
    assert not any(is_reference(v) for v in ("${oc.env:X}", "${.x}", "${a}/b", "$a", "${{ secrets.X }}", "${}"))
    root = yaml.compose("a: {b: [x, {c: acme/c}]}\nn: 3\n")
    node = referred_scalar(root, "${a.b.1.c}")
    assert node is not None and node.value == "acme/c"
    assert referred_scalar(root, "${n}") is None  # not a string
    assert referred_scalar(root, "${a.b.7}") is None
