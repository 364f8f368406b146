"""What the stubbed methods of a class holding a line of interest could still have told the analysis.

`reduce.py` stubs every method body without a line of interest, also in a class that holds one.
The analysis of the full text reads all methods of such a class (they share `self.x`): their
attribute assignments, their imports (which change what a call's dotted name expands to), a
class attribute given on as a keyword, a helper called, a literal an origin is searched for.
Before an answer from the reduced text is trusted, each of these is looked for in the original
text of those stubbed bodies (`Reduced.methods`) with plain searches; where one could matter,
the analysis is redone on the full text (`analysis.NeedsFullSource`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlgate.scan.python.imported import FROM_IMPORT, PLAIN_IMPORT, import_aliases
from mlgate.scan.python.rules import spec_for

# Calls whose bindings outlive the method: argparse destinations, read as attributes anywhere.
# (Names a method binds, `global` ones too, are looked up in its own scope only.)
_BINDS_ELSEWHERE = re.compile(r"add_argument|set_defaults")
# A class defined in a method: the names its body binds are read as attributes.
_NESTED_CLASS = re.compile(r"^[ \t]*class[ \t]", re.MULTILINE)


class StubbedMethods:
    """The original text of the stubbed methods of classes holding a line of interest."""

    def __init__(self, text: str, methods_only: bool = False) -> None:
        self.text = text
        # True for the methods of classes holding a line of interest alone (not every stubbed body):
        # what they could change, a parse that keeps those methods (`reduce.py`) settles.
        self.methods_only = methods_only
        self._sets: dict[str, bool] = {}  # attribute -> sets_attribute(attribute)
        self._nested_class = _NESTED_CLASS.search(text) is not None

    def __bool__(self) -> bool:
        return bool(self.text)

    def contains(self, needle: str) -> bool:
        return needle in self.text

    def search(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.text) is not None

    def count(self, needle: str) -> int:
        return self.text.count(needle)

    def binds_elsewhere(self) -> bool:
        """Could a stubbed method give an argparse destination a default?"""
        return _BINDS_ELSEWHERE.search(self.text) is not None

    def sets_attribute(self, attr: str) -> bool:
        """Could a stubbed method assign `<x>.attr` (`self.attr = `, `self.a, self.attr = `, `as self.attr`),
        or a class defined in one bind `attr`?

        Errs on the side of yes: an argument list holding `self.attr,` counts too.
        """
        known = self._sets.get(attr)
        if known is None:
            name = re.escape(attr)
            if self._nested_class:
                known = re.search(rf"\b{name}\b", self.text) is not None
            else:
                pattern = (rf"\.{name}\b[ \t)\]]*(?:(?::[^=\n]*)?=(?!=)|,)|\bas[ \t]+[\w.]*\.{name}\b"
                           rf"|\bfor[ \t][^\n]*\.{name}\b[^\n]*[ \t]in\b")
                known = f".{attr}" in self.text and re.search(pattern, self.text) is not None
            self._sets[attr] = known
        return known

    def imports(self) -> Iterator[tuple[str, str]]:
        """(local name, dotted name) of every import in the stubbed methods, as `StatementPass` records them."""
        for match in FROM_IMPORT.finditer(self.text):
            module = match.group(2)
            for name, local in import_aliases(match.group(3)):
                yield local or name, f"{module}.{name}"
        for match in PLAIN_IMPORT.finditer(self.text):
            for name, local in import_aliases(match.group(1)):
                if local:
                    yield local, name
                else:
                    yield name.split(".")[0], name.split(".")[0]

    def imports_read(self, aliases: dict[str, str], analysed: str) -> bool:
        """Would an import in a stubbed method change what the analysis of `analysed` reads?

        `aliases` are the imports the analysis recorded (local name -> dotted name). An import
        changes the dotted names of calls naming its local name (none if the name is not in
        the analysed text), and may make the name a loader alias, whose calls in the stubbed
        method the full analysis would walk.
        """
        for local, full in self.imports():
            if aliases.get(local, local) == full:
                continue
            if re.search(rf"\b{re.escape(local)}\b", analysed):
                return True
            if spec_for(full) is not None and self.contains(f"{local}("):
                return True
        return False
