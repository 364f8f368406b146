"""Keeping tokens out of everything mlgate prints.

mlgate never puts a token into a message on purpose; this is the net under that rule for
text it does not write itself (a server's error message, a library's log line, an exception
in a `--debug` traceback). The values of the token variables in the environment are masked
wherever such text leaves the process: the log formatter and the CLI's error lines.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

SECRET_VARIABLES = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "GITHUB_TOKEN", "GH_TOKEN")
MASK = "[redacted]"
_MIN_LENGTH = 8  # shorter values would mask ordinary words


def secret_values(env: Mapping[str, str] | None = None) -> list[str]:
    """Token values present in the environment, longest first (so no partial masking)."""
    source = os.environ if env is None else env
    values = {source.get(name, "").strip() for name in SECRET_VARIABLES}
    return sorted((v for v in values if len(v) >= _MIN_LENGTH), key=len, reverse=True)


def redact(text: str, secrets: list[str] | None = None) -> str:
    for secret in secret_values() if secrets is None else secrets:
        text = text.replace(secret, MASK)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats a record, traceback included, then masks any token value in the result."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def without_credentials(url: str) -> str:
    """`url` without its user:password part, query and fragment (`http://u:pw@[::1]:8000/v1?key=x`
    -> `http://[::1]:8000/v1`): what an endpoint may be shown and stored as. Of a text with
    whitespace in it (no one URL) only the first word is kept."""
    text = url.strip().split(None, 1)[0] if url.strip() else ""
    parts = urlsplit(text)
    netloc = parts.netloc.rsplit("@", 1)[-1]  # (the host and port: IPv6 brackets kept)
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
