"""Project settings: [tool.mlgate] / .mlgate.toml parsed into frozen objects; errors name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.config import DEFAULT_SOURCES, find_settings_file, load_settings
from mlgate.errors import ConfigError
from mlgate.model import Severity


def test_defaults_without_a_file() -> None:
    settings = load_settings(None)
    assert settings.sources == DEFAULT_SOURCES
    assert settings.policy is None and not settings.offline


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mlgate]\npolicy = "commercial"\nfail-on = "warning"\n'
        'sources = ["override", "knowledge-base"]\n\n[tool.mlgate.overrides]\n'
        '"org/data" = { license = "cc-by-4.0", reason = "ours" }\n"org/m" = "mit"\n'
    )
    found = find_settings_file(tmp_path)
    assert found == tmp_path / "pyproject.toml"
    settings = load_settings(found)
    assert settings.policy == "commercial"
    assert settings.fail_on is Severity.WARNING
    assert settings.sources == ("override", "knowledge-base")
    assert [(o.target, o.license, o.reason) for o in settings.overrides] == [
        ("org/data", "cc-by-4.0", "ours"),
        ("org/m", "mit", ""),
    ]


def test_pyproject_without_table_is_not_a_settings_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / ".git").mkdir()
    assert find_settings_file(tmp_path) is None


def test_mlgate_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mlgate]\npolicy = "research"\n')
    (tmp_path / ".mlgate.toml").write_text('policy = "commercial"\n')
    assert load_settings(find_settings_file(tmp_path)).policy == "commercial"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("policy = 3\n", "policy: expected a string"),
        ('sources = ["hub", "crystal-ball"]\n', "unknown source 'crystal-ball'"),
        ('fail-on = "fatal"\n', "fail-on: expected error, warning or info"),
        ("offline = 1\n", "offline: expected true or false"),
        ('polcy = "x"\n', "unknown key 'polcy'"),
        ("[overrides]\n'a/b' = 3\n", "overrides.a/b: expected a license string"),
        ("policy = \n", "invalid TOML"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / ".mlgate.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize("content, policy", [
    ('[tool.mlgate]\npolicy = "commercial"\n', "commercial"),
    ('tool.mlgate.policy = "commercial"\n', "commercial"),
    ('tool = { mlgate = { policy = "commercial" } }\n', "commercial"),
    ('[tool]\n"\\u006dlgate" = { policy = "commercial" }\n', "commercial"),  # a key spelled with an escape
    ('[tool.ruff]\nextend-exclude = ["x"]\n[project]\nname = "policy"\n', None),  # words, but not mlgate's keys
    ("[tool.ruff\nbroken = \n", None),
])
def test_every_spelling_of_the_table_is_found_and_other_files_pass(tmp_path: Path, content: str,
                                                                   policy: str | None) -> None:
    (tmp_path / "pyproject.toml").write_text(content)
    (tmp_path / ".git").mkdir()  # the search stops at the repository's top
    found = find_settings_file(tmp_path)
    assert (load_settings(found).policy if found else None) == policy


@pytest.mark.parametrize("content", ['policy = "commercial"\n', '[overrides]\n"a/b" = "mit"\n',
                                     ' "exclude" = ["x"]\n'])
def test_settings_at_the_top_level_of_pyproject_are_refused(tmp_path: Path, content: str) -> None:
    (tmp_path / "pyproject.toml").write_text(content)
    (tmp_path / ".git").mkdir()
    with pytest.raises(ConfigError, match="top level"):
        find_settings_file(tmp_path)
