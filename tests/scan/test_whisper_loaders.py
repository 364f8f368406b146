"""Whisper loaders by size name: openai-whisper, faster-whisper, whisperX."""

from __future__ import annotations

import textwrap

from mlgate.scan.python.detector import DETECTOR
from mlgate.scan.python.rules import method_of_an_object, spec_for
from mlgate.scan.python.targets import FASTER_WHISPER, OPENAI_WHISPER, package_names
from scan.helpers import detect
from scan.helpers import python_refs as refs


def test_openai_whisper_names_are_openais_checkpoints_on_the_hub() -> None:
    assert refs('''
        import whisper
        from whisper import load_model
        a = whisper.load_model("small.en")
        b = whisper.load_model(name="large", device="cuda")
        c = load_model("turbo")
        d = whisper.load_model("large-v1")
        e = whisper.load_model("./weights/whisper-tuned.pt")
        f = whisper.load_model("enormous")
    ''') == [("openai/whisper-small.en", "model", 4), ("openai/whisper-large-v3", "model", 5),
             ("openai/whisper-large-v3-turbo", "model", 6), ("openai/whisper-large", "model", 7),
             ("./weights/whisper-tuned.pt", "local-path", 8)]


def test_faster_whisper_and_whisperx_names_are_the_ctranslate2_conversions() -> None:
    assert refs('''
        import whisperx
        import faster_whisper
        from faster_whisper import WhisperModel
        a = WhisperModel("large-v3", device="cuda")
        b = faster_whisper.WhisperModel(model_size_or_path="distil-small.en")
        c = whisperx.load_model("small.en", "cpu")
        d = whisperx.load_model(whisper_arch="turbo", device="cuda")
        e = WhisperModel("org/whisper-ct2")
        f = WhisperModel("./models/whisper-ct2")
        g = WhisperModel("enormous")
    ''') == [("Systran/faster-whisper-large-v3", "model", 5), ("Systran/faster-distil-whisper-small.en", "model", 6),
             ("Systran/faster-whisper-small.en", "model", 7),
             ("mobiuslabsgmbh/faster-whisper-large-v3-turbo", "model", 8), ("org/whisper-ct2", "model", 9),
             ("./models/whisper-ct2", "local-path", 10)]


def test_whisper_look_alikes_are_not_whispers_loaders() -> None:
    assert refs('''
        from myproject.asr import WhisperModel, load_model
        from myproject import speech
        whisper = speech.build()
        a = load_model("small")
        b = WhisperModel("large-v3")
        c = whisper.load_model("base")
        d = speech.whisper.load_model("base")
    ''') == []
    assert method_of_an_object("whisper.load_model", receiver_imported=False)
    assert not method_of_an_object("whisper.load_model", receiver_imported=True)
    assert spec_for("myproject.WhisperModel") is None and spec_for("load_model") is None


def test_whisper_tables_name_the_same_sizes_by_their_packages_aliases() -> None:
    assert OPENAI_WHISPER["large"] == OPENAI_WHISPER["large-v3"]
    assert OPENAI_WHISPER["turbo"] == OPENAI_WHISPER["large-v3-turbo"]
    assert FASTER_WHISPER["large"] == FASTER_WHISPER["large-v3"]
    assert FASTER_WHISPER["distil-large-v3.5"] == "distil-whisper/distil-large-v3.5-ct2"
    assert len(OPENAI_WHISPER) == 14 and len(FASTER_WHISPER) == 19


def test_a_whisper_size_alone_in_a_module_is_found_through_a_name_or_a_settings_entry() -> None:
    # No other literal of these modules is shaped like a reference: the loader's argument marks them.
    assert refs('''
        import whisper
        model = whisper.load_model("small.en")
    ''') == [("openai/whisper-small.en", "model", 3)]
    assert refs('''
        import whisper
        params = {"whisper_language": "english", "whisper_model": "base.en"}
        model = whisper.load_model(params["whisper_model"], device="cpu")
    ''') == [("openai/whisper-base.en", "model", 4)]
    assert refs('''
        from faster_whisper import WhisperModel
        size = "large-v2"
        model = WhisperModel(size)
    ''') == [("Systran/faster-whisper-large-v2", "model", 4)]
    assert refs('''
        from myproject import load_model
        params = {"whisper_model": "small"}
        model = load_model(params["whisper_model"])
    ''') == []


def test_a_whisper_size_through_a_name_has_its_origin_where_the_size_is_written() -> None:
    found = detect(DETECTOR, "m.py", textwrap.dedent('''
        import whisper
        params = {"whisper_model": "small.en"}
        model = whisper.load_model(params["whisper_model"])
    '''))
    assert [(r.target, r.location.line, r.origin.line if r.origin else None) for r in found] == [
        ("openai/whisper-small.en", 4, 3)]
    assert package_names("openai/whisper-large-v3") == ("large-v3", "large")
    assert package_names("openai/clip-vit-large-patch14") == ("ViT-L/14",)
