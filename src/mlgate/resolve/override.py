"""User overrides from `[tool.mlgate.overrides]`: the first source, the user's own word.

The value may be a Hub id (`apache-2.0`, `llama3.1`), a `license_name` (`qwen-research`), an
SPDX expression (`Apache-2.0 OR MIT`) or a `LicenseRef-…` of the user's own (category
unknown until the policy waives it). Anything else is a configuration error naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mlgate.config import Override, RunConfig
from mlgate.errors import ConfigError
from mlgate.licenses import from_value
from mlgate.model import Category, License
from mlgate.resolve.base import Answer, LicenseSource, Lookup, shown_path


class OverrideSource(LicenseSource):
    name = "override"

    def __init__(self, overrides: Sequence[Override], settings_file: str) -> None:
        self._file = settings_file
        self._licenses = {o.target.lower(): self._license(o) for o in overrides}

    def _license(self, override: Override) -> License:
        evidence = f"{self._file}: overrides.{override.target} = {override.license!r}"
        if override.reason:
            evidence += f" ({override.reason})"
        license_ = from_value(override.license, source=self.name, evidence=evidence, declared=override.license)
        if license_.category is Category.UNKNOWN and not override.license.startswith("LicenseRef-"):
            raise ConfigError(self._file, f"overrides.{override.target}: {override.license!r} is not a known "
                              "license id, license name or SPDX expression (use LicenseRef-<name> for your own)")
        if override.license.startswith("LicenseRef-") and license_.category is Category.UNKNOWN:
            license_ = License(override.license, Category.UNKNOWN, self.name, evidence, name=override.license,
                               declared=override.license)
        return license_

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        answers: dict[Lookup, Answer] = {}
        for item in lookups:
            license_ = self._licenses.get(item.target.lower())
            if license_ is not None:
                answers[item] = Answer(license_)
        return answers


def source(config: RunConfig, later: LicenseSource) -> LicenseSource | None:
    settings = config.settings
    if not settings.overrides:
        return None
    return OverrideSource(settings.overrides, shown_path(settings.file, config.root) if settings.file else "config")
