"""Text from outside the dashboard shown as plain text: never as Markdown, HTML, a link, an image or a heading.

Streamlit renders st.markdown, st.caption, st.info, titles and headers, the
labels of expanders, metrics and widgets, and help tooltips as Markdown. A
partner's story, an activity name, a region or indicator text from the
warehouse and a value typed into a link are not ours: rendered as Markdown,
'# GEMEENTE SOEST STOPT' becomes a heading on the Overzicht, '[Klik hier](https://…)'
a clickable link and '![x](https://…)' an image that every visitor's browser
fetches. Every such string goes through `markdown_safe` before it is put into
Markdown; our own Dutch text around it stays Markdown. Tables (st.dataframe),
chart tooltips, selectbox options and downloads show text as text already and
take the string as it is. The dashboard's own settings (the gemeente's name,
the monitor's title and vision from the configuration) are ours, like the
pages' own text.
"""

from __future__ import annotations

import re

# The characters that start Markdown anywhere in a line (emphasis, code, links and images, Streamlit's colour
# directives ':red[…]', HTML, entities, math, tables, strikethrough, headings); a backslash makes each literal.
_MARKUP = re.compile(r"([\\`*_\[\]()!#|~<>&$])")
# What starts a list or underlines a heading only at the start of a line ('- ', '+ ', '1. ', '2) ', '==='):
# escaped there only, so '5,3-6,1' and 'e.g.' stay as they are in the Markdown source too.
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))([.)]?)")
# Patterns matched in the text after the escapes are read, so a backslash cannot stop them: GitHub-flavoured
# Markdown turns a bare web or e-mail address into a link, Streamlit turns ':material/name:' into an icon.
# An invisible WORD JOINER (U+2060) inside '://', 'www.', ':material' and before '@' breaks each pattern
# without changing what the reader sees.
WORD_JOINER = "\u2060"
_MATCHED_AFTER_ESCAPES = re.compile(r"(?i)(:)(//)|(www)(\.)|()(@)|(:)(material)")

SHORT_LIMIT = 40  # characters of a value from a link that a notice repeats


def markdown_safe(text: object) -> str:
    """Markdown source that shows `text` exactly as written: every markup character escaped, no autolink.

    Line breaks stay line breaks; leading spaces are dropped (four of them would make a code block).
    None gives ''.
    """
    if text is None:
        return ""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(_escape_line(line.lstrip()) for line in lines)


def _escape_line(line: str) -> str:
    joined = _MATCHED_AFTER_ESCAPES.sub(
        lambda match: WORD_JOINER.join(part for part in match.groups() if part is not None), line)
    escaped = _MARKUP.sub(r"\\\1", joined)
    return _LINE_START.sub(lambda match: _escape_marker(*match.groups()), escaped, count=1)


def _escape_marker(start: str, after_number: str) -> str:
    """'-' → '\\-'; '12' and '.' → '12\\.'."""
    return f"{start}\\{after_number}" if after_number else f"\\{start}"


def shortened(text: object, limit: int = SHORT_LIMIT) -> str:
    """A value from outside cut to `limit` characters with '…': a notice names it, it does not repeat a page of it."""
    value = "" if text is None else str(text)
    return value if len(value) <= limit else value[:limit].rstrip() + "…"
