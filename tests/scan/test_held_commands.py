"""Command lines held in shell strings, data-set mixer flags and the OpenAI `engine` flag."""

from __future__ import annotations

import textwrap

from mlgate.scan.cmdline import command_line_references
from mlgate.scan.detectors import configs, scripts
from mlgate.scan.detectors.heldcommands import held_command_text
from mlgate.scan.flagnames import is_engine, is_mixer, weighted_ids
from scan.helpers import detect


def sh_places(text: str) -> list[tuple[str, int, int, int | None]]:
    """(target, line, column, origin line) of each reference a script names."""
    refs = detect(scripts.DETECTOR, "run.sh", textwrap.dedent(text))
    return [(r.target, r.location.line, r.location.column, r.origin.line if r.origin else None) for r in refs]


def test_a_command_in_a_quoted_assignment_is_read_where_it_is_written() -> None:
    # Inner quotes close and reopen the string; the value is still one command line.
    assert sh_places('''\
        export CMD=" \\
            ./examples/scripts/sft.py \\
            --model_name_or_path="meta-llama/Meta-Llama-3.1-405B" \\
            --dataset_name HuggingFaceH4/no_robots \\
            "
        srun bash -c "$LAUNCHER $CMD"
    ''') == [("meta-llama/Meta-Llama-3.1-405B", 3, 27, None), ("HuggingFaceH4/no_robots", 4, 20, None)]


def test_escaped_quotes_inside_a_held_command_quote_a_word() -> None:
    # `\"org/x\"` inside double quotes is a quoted word when the command runs; a message
    # with escaped quotes is still no command line.
    assert sh_places('''\
        CMD="python t.py --model_name_or_path \\"acme/olmo-7b\\" --seed 1"
        eval $CMD
        MSG="say \\"acme/greeting\\" now"
        echo $MSG
    ''') == [("acme/olmo-7b", 1, 41, None)]


def test_variables_inside_a_held_command_are_reported_at_the_use_with_their_origin() -> None:
    assert sh_places('''\
        generation_model=acme/gen
        LAUNCH_CMD="python sample.py \\
          --model_name_or_path ${generation_model} \\
          --seed 1"
        uv run ${LAUNCH_CMD}
        eval "$LAUNCH_CMD"
    ''') == [("acme/gen", 1, 18, None), ("acme/gen", 3, 24, 1)]


def test_a_message_or_a_single_value_is_no_held_command() -> None:
    assert held_command_text('"training acme/greeting starts"') is None
    assert held_command_text('"acme/model"') is None
    assert held_command_text("acme/model") is None
    assert held_command_text("'vllm serve acme/x'") == "vllm serve acme/x"
    assert held_command_text('"python t.py --seed 1"') == "python t.py --seed 1"
    assert sh_places('NOTE="use acme/noted-model for tests"\n') == []


def test_an_unquoted_expansion_with_spaces_is_several_words() -> None:
    # `--dataset_mixer_list $MIX` passes each id and weight, each at the use and where it is written;
    # quoted, `"$MIX"` is one word that names nothing.
    assert sh_places('''\
        MIX="acme/a 1.0 acme/b 0.5"
        python t.py --dataset_mixer_list $MIX
        python t.py --dataset_mixer_list "$MIX"
    ''') == [("acme/a", 1, 6, None), ("acme/b", 1, 17, None), ("acme/a", 2, 34, 1), ("acme/b", 2, 34, 1)]


def test_a_variable_assigned_again_is_read_with_its_new_value_only() -> None:
    # a command line, then a mixer: the later `$MIX` is no longer held whole but split into words
    assert sh_places('''\
        MIX="python s.py --model_name_or_path acme/held-llm --seed 1"
        bash -c "$MIX"
        MIX="acme/a 1.0 acme/b 0.5"
        python t.py --dataset_mixer_list $MIX
    ''') == [("acme/held-llm", 1, 39, None), ("acme/a", 3, 6, None), ("acme/b", 3, 17, None),
               ("acme/a", 4, 34, 3), ("acme/b", 4, 34, 3)]
    # a mixer, then a mixer and then a command line: each use reads the value it follows
    assert sh_places('''\
        MIX="acme/a 1.0 acme/b 0.5"
        python t.py --dataset_mixer_list $MIX
        MIX="acme/c 1.0"
        python t.py --dataset_mixer_list $MIX
        MIX="python s.py --model_name_or_path acme/held-llm --seed 1"
        python t.py --dataset_mixer_list $MIX
    ''') == [("acme/a", 1, 6, None), ("acme/b", 1, 17, None), ("acme/a", 2, 34, 1), ("acme/b", 2, 34, 1),
               ("acme/c", 3, 6, None), ("acme/c", 4, 34, 3), ("acme/held-llm", 5, 39, None)]


def test_a_default_kept_over_an_option_keeps_its_reading() -> None:
    # `MIX="$OPTARG"` does not replace the literal the script names: it stays the held command
    assert sh_places('''\
        MIX="python s.py --model_name_or_path acme/held-llm --seed 1"
        MIX="$OPTARG --seed 2"
        python t.py --dataset_mixer_list $MIX
    ''') == [("acme/held-llm", 1, 39, None)]


def test_mixer_flags_take_ids_between_weights_over_continued_lines() -> None:
    hits = command_line_references(
        "python dpo.py --mixer_list acme/a 1.0 \\\n    acme/b 20000 \\\n    acme/c 50% --lr 1e-6 "
        "--dataset_mixer_eval_list acme/e 1.0 acme/f 1.0 --audio_mixer_list acme/not-a-mixer 1.0")
    assert [(f.target, f.kind.value, f.via) for _, f in hits] == [
        ("acme/a", "dataset", "--mixer_list"), ("acme/b", "dataset", "--mixer_list"),
        ("acme/c", "dataset", "--mixer_list"), ("acme/e", "dataset", "--dataset_mixer_eval_list"),
        ("acme/f", "dataset", "--dataset_mixer_eval_list")]
    assert is_mixer("--mixer_list") and is_mixer("train_dataset_mixture")
    assert not is_mixer("--mixer") and not is_mixer("--audio_mixer_list") and not is_mixer("--model")


def test_weighted_ids_need_an_id_weight_rhythm() -> None:
    assert weighted_ids("acme/a 1.0 acme/b .5") == [(0, "acme/a"), (11, "acme/b")]
    assert weighted_ids("acme/a acme/b") == []
    assert weighted_ids("acme/a 1.0 acme/b") == []
    assert weighted_ids("acme/a") == []


def test_a_mixer_held_in_one_variable_names_each_id() -> None:
    assert sh_places('DATASET_MIXER_LIST="acme/a 1.0 acme/b 0.5"\nEVAL_DATASET="acme/c 1.0"\n') == [
        ("acme/a", 1, 21, None), ("acme/b", 1, 32, None), ("acme/c", 2, 15, None)]


def test_engine_flags_count_only_api_model_names() -> None:
    hits = command_line_references(
        'python run_eval.py --openai_engine "gpt-3.5-turbo-0301" --gpt_engine gpt-4-0314 '
        "--engine vllm --engine acme/served --inference_engine gpt-4o --engine my-deployment")
    assert [(f.target, f.kind.value, f.via) for _, f in hits] == [
        ("gpt-3.5-turbo-0301", "api-model", "--openai_engine"), ("gpt-4-0314", "api-model", "--gpt_engine")]
    assert is_engine("--engine") and is_engine("openai_engine") and not is_engine("--inference_engine")


def test_azure_deployment_names_are_engine_names() -> None:
    assert is_engine("azure_deployment") and is_engine("OPENAI_DEPLOYMENT_NAME") and is_engine("--deployment-name")
    assert not is_engine("num_deployments") and not is_engine("model_deployment") and not is_engine("deployment_config")
    hits = command_line_references("python chat.py --azure-deployment gpt-4o-mini --deployment_name prod-east-2")
    assert [(f.target, f.kind.value) for _, f in hits] == [("gpt-4o-mini", "api-model")]


def test_dotted_flags_are_config_paths() -> None:
    # OLMo-core's `--dataset.name=dolci-instruct-sft` names a config; only an unmistakable id counts there.
    hits = command_line_references("torchrun -m train --dataset.name=dolci-instruct-sft --model.name=olmo2_7b "
                                   "--dataset.name=acme/data --model.model_name_or_path gpt2")
    assert [(f.target, f.via) for _, f in hits] == [("acme/data", "--dataset.name"),
                                                    ("gpt2", "--model.model_name_or_path")]


def test_beaker_arguments_hold_a_script_or_an_argument_vector() -> None:
    text = textwrap.dedent('''\
        tasks:
          - command: ["/bin/sh", "-c"]
            arguments:
              [
                "pip install vllm && \\
                  vllm serve Qwen/Qwen3-32B \\
                    --chat-template '/weka/t.jinja'"
              ]
          - arguments: ["--model_name_or_path", "acme/argv-model", "--seed", "1"]
          - arguments: ["echo acme/echoed is served"]
          - arguments: ['
                accelerate launch --num_processes 8
                --model_name_or_path acme/folded-model
              ']
        ''')
    refs = detect(configs.DETECTOR, "beaker.yaml", text)
    # YAML folds the lines of a quoted scalar; each word is still reported at its own line and column
    assert [(r.target, r.location.line, r.location.column, r.via) for r in refs] == [
        ("Qwen/Qwen3-32B", 6, 22, "vllm serve"), ("acme/argv-model", 9, 42, "--model_name_or_path"),
        ("acme/folded-model", 13, 30, "--model_name_or_path")]


def test_a_word_continued_over_a_line_in_a_double_quoted_yaml_script_stays_one_word() -> None:
    # `\` right after a word: YAML joins `allenai/` and `olmo-7b` into one word, so the script is read
    # from its value (at the scalar) rather than at its places with the halves split apart
    text = textwrap.dedent('''\
        jobs:
          train:
            run: "python t.py --model_name_or_path=allenai/\\
              olmo-7b --lr 1"
        ''')
    refs = detect(configs.DETECTOR, "ci.yaml", text)
    assert [(r.target, r.location.line, r.via) for r in refs] == [("allenai/olmo-7b", 3, "--model_name_or_path")]


def test_further_data_sets_after_a_first_value_that_names_nothing() -> None:
    hits = command_line_references("deepspeed main.py --data_path mkqa-Japanese acme/queries acme/qa --zero 3")
    assert [f.target for _, f in hits] == ["acme/queries", "acme/qa"]
    # after a variable (which may hold the value itself) or under a model flag, a further word is an argument
    assert command_line_references("python run.py --model_path $CKPT scripts/eval") == []
    assert command_line_references("python run.py --data_path $DATA acme/qa") == []
    assert command_line_references("python run.py --model_name local-name acme/other") == []


def test_a_file_of_word_vectors_under_an_embeddings_name_is_no_model() -> None:
    hits = command_line_references("python train.py --embedding_path data/glove/glove.840B.300d.txt "
                                   "--embed_path ./vectors/word2vec.vec --embedding_model_path /models/bge-m3")
    assert [(f.target, f.kind.value) for _, f in hits] == [("/models/bge-m3", "local-path")]
