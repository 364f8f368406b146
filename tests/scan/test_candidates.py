"""The candidate pass: which Python lines, and which modules, are worth parsing at all."""

from __future__ import annotations

import textwrap

from mlgate.scan.python import detector as python
from mlgate.scan.python.imported import constant_from_elsewhere
from mlgate.scan.python.spots import spot_lines
from scan.helpers import detect, found


def spots(source: str) -> list[int]:
    text = textwrap.dedent(source)
    return spot_lines(text)


def test_a_quoted_id_inside_a_triple_quoted_value_is_not_a_spot() -> None:
    assert spots('''
        EXAMPLE_DOC_STRING = """
            Examples:
                >>> pipe = DiffusionPipeline.from_pretrained("org/in-an-example")
                >>> config = {"model": 'org/in-a-json-text'}
        """
        pipe = DiffusionPipeline.from_pretrained("org/in-code")
    ''') == [7]


def test_the_value_of_a_triple_quoted_string_and_flags_inside_one_stay_spots() -> None:
    assert spots('''
        MODEL = """org/whole-value"""
        command = """
            python train.py
            --model_name_or_path org/in-a-command
        """
        fields = f"""
            {load("org/in-an-fstring-field")}
        """
    ''') == [2, 5, 8]


def test_docstrings_and_comments_are_not_spots() -> None:
    assert spots('''
        def f():
            """Load "org/in-a-docstring"."""
            return 1  # see "org/in-a-comment"
    ''') == []


def test_a_module_whose_ids_are_all_in_examples_reports_nothing() -> None:
    source = textwrap.dedent('''
        from diffusers import DiffusionPipeline
        EXAMPLE_DOC_STRING = """
            >>> pipe = DiffusionPipeline.from_pretrained("org/in-an-example")
        """
        def load(path):
            return DiffusionPipeline.from_pretrained(path)
    ''')
    assert found(detect(python.DETECTOR, "m.py", source)) == []


def gate(text: str) -> bool:
    return constant_from_elsewhere(text, python._site_text_pattern())


def test_an_imported_constant_counts_near_a_loader_or_passed_to_a_local_helper() -> None:
    near = "from .settings import MODEL\nfrom transformers import AutoModel\nAutoModel.from_pretrained(MODEL)\n"
    renamed = "from app.settings import (\n    OTHER,\n    MODEL as CHOSEN,\n)\npipeline(model=CHOSEN)\n"
    helper = ("from .settings import MODEL\nfrom transformers import AutoModel\n"
              "def load(name):\n    return AutoModel.from_pretrained(name)\n" + "x = 1\n" * 200 + "load(MODEL)\n")
    attribute = "import settings\n" + "x = 1\n" * 200 + "pipe = pipeline(model=settings.MODEL)\n"
    star = "from .settings import *\n" + "x = 1\n" * 200 + "pipe = pipeline(model=MODEL)\n"
    assert all(gate(text) for text in (near, renamed, helper, attribute, star))


def test_constants_far_from_a_loader_or_not_the_projects_do_not_count() -> None:
    far = ("from ..utils import USE_PEFT_BACKEND\nfrom transformers import AutoModel\n"
           "scale(USE_PEFT_BACKEND)\n" + "x = 1\n" * 200 + "model = AutoModel.from_pretrained(path)\n")
    local = "from transformers import AutoModel\nB, C = 1, 2\nAutoModel.from_pretrained(path).view(B, C)\n"
    library = "import logging\nfrom transformers import AutoModel\nAutoModel.from_pretrained(p, level=logging.INFO)\n"
    longer = "from .settings import MODEL\npipeline(model=MODEL_PATH)\npipeline(model=x.MODEL)\n"
    assert not any(gate(text) for text in (far, local, library, longer))


def test_a_flag_counts_by_whole_words_and_where_a_value_can_follow() -> None:
    assert spots('''
        parser.add_argument("--checkpointing_steps", type=int, default=500)
        parser.add_argument("--dataloader_num_workers", type=int, default=0)
        parser.add_argument("--model_name_or_path", type=str, default=None, help="(for example a path")
        parser.add_argument("--lora_dropout", type=float, default=0.0)
        parser.add_argument("--dataset_name", type=str, default="org/data")
        parser.add_argument("--tokenizer_name", default=DEFAULT_TOKENIZER)
        raise ValueError("Specify either `--dataset_name` or --instance_data_dir instead.")
        argv = ["serve.py", "--model-path", BASE]
        cmd = "train.py --model_name_or_path " + name
    ''') == [6, 7, 9, 10]


def test_look_alikes_in_strings_are_not_spots() -> None:
    assert spots('''
        version = "N/A"
        url = "https://huggingface.co/docs/hub/models-cards"
        listing = 'see https://huggingface.co/models'
        note = "tokenizer/detokenizer weights."
        message = f"... 'https://huggingface.co/{name}' for available revisions."
        card = f"""
            pipe = Pipeline.from_pretrained("org/in-a-model-card")
            name: {load("org/in-a-field")}
        """
        dataset = "https://huggingface.co/datasets/org/data"
    ''') == [9, 11]


def test_a_literal_first_argument_of_a_bare_id_loader_is_a_spot() -> None:
    assert spots('''
        reviews = load_dataset("imdb")
        encoder = SentenceTransformer(
            "all-MiniLM-L6-v2")
        model = AutoModel.from_pretrained(f"{ORG}/name")
        other = load_dataset(name)
    ''') == [2, 4, 5]


def test_a_module_whose_only_id_is_a_canonical_bare_one_is_read() -> None:
    source = 'from datasets import load_dataset\n\nreviews = load_dataset("imdb")\n'
    assert found(detect(python.DETECTOR, "m.py", source)) == [("imdb", "dataset", 3)]


def test_review_forms_stay_candidates() -> None:
    """Forms an earlier filter dropped by mistake: each is a candidate line."""
    assert spots('''
        name = "o1" if reasoning else base
        cmd = "deepspeed train.py --modelPath facebook/opt-1.3b --datapath ./d"
        def main(model: str = typer.Option("llama3", "--model", help="m")): ...
        p.add_argument("--model", help="say \\"hi)\\" ok", default="llama")
        r = requests.get("https://huggingface.co/api/models/org/x")
        REGISTRY["org/x"] = Loader
        T = Literal["org/model"]
        u = fr"https://huggingface.co/{x}"
        ds = load_dataset(path="imdb")
        b = load_dataset_builder("imdb")
        m = AutoModel.from_pretrained(rf"{ORG}/x")
        os.system("deepspeed x.py --pretrain meta-llama/Meta-Llama-3-8B")
    ''') == list(range(2, 14))


def test_look_alikes_that_cost_a_parse_are_not_candidates() -> None:
    assert spots('''
        p.add_argument('--model', help='don\\'t set (see docs')
        p.add_argument('--lr', default='1e-3')
        value = metrics["rewards/chosen"]
        mean = logs.get("loss/mean")
        headers = {"Content-Type": "application/json"}
        image = "tests/resource/cat.jpg"
        rows = load_dataset("json", data_files="d.jsonl")
        usage = "xtuner chat $LLM --adapter $ADAPTER"
    ''') == []


def test_the_bytes_of_an_ascii_module_give_the_same_candidates() -> None:
    text = textwrap.dedent('''
        MODEL = "org/name"
        note = "N/A"
        cmd = "train.py --model_name_or_path org/x"
    ''')
    unicode = text + 'label = "modèle"\nOTHER = "org/other"\n'
    assert spot_lines(text, text.encode()) == spot_lines(text) == [2, 4]
    # not ASCII: the bytes are longer than the text, so the text is searched
    assert spot_lines(unicode, unicode.encode()) == spot_lines(unicode) == [2, 4, 6]


def test_templates_in_text_and_words_after_an_api_prefix_are_not_candidates() -> None:
    assert spots('''
        code = f'  {name} = AutoModel.from_pretrained("{spec.path}")'
        mapping = ("ernie-image", make_pipeline)
        model = AutoModel.from_pretrained(f"{ORG}/x")
        chat = client.chat(model="ernie-4.0-8k")
    ''') == [4, 5]


def test_any_model_given_to_an_api_clients_create_is_a_candidate() -> None:
    assert spots('''
        client = Groq()
        reply = client.chat.completions.create(model="llama3-70b-8192", messages=[])
        other = summarise(model="not-an-api-call")
    ''') == [3, 4]
    assert spots('other = summarise(model="not-an-api-call")\n') == []


def test_hosted_provider_clients_name_their_models() -> None:
    source = textwrap.dedent('''
        from langchain_groq import ChatGroq
        from langchain_community.embeddings import SentenceTransformerEmbeddings
        chat = ChatGroq(temperature=0, model_name="llama3-8b-8192")
        fireworks = Fireworks(model="accounts/fireworks/models/llama-v3-70b-instruct")
        embeddings = SentenceTransformerEmbeddings(model_name="all-MiniLM-L6-v2")
    ''')
    assert found(detect(python.DETECTOR, "m.py", source)) == [
        ("llama3-8b-8192", "api-model", 4), ("accounts/fireworks/models/llama-v3-70b-instruct", "api-model", 5),
        ("all-MiniLM-L6-v2", "model", 6)]
    bedrock_id = "anthropic.claude-3-haiku-20240307-v1:0"
    bedrock = f'from langchain_aws import ChatBedrock\nllm = ChatBedrock(model_id="{bedrock_id}")\n'
    assert found(detect(python.DETECTOR, "b.py", bedrock)) == [(bedrock_id, "api-model", 2)]
