"""Compile the committed .po catalogues to .mo, in pure Python (no GNU gettext needed).

Called by ``thidua demo``/``thidua serve`` and the test configuration, so a
fresh checkout shows English pages without a build step. Handles the subset
of the PO format our catalogues use: entries with or without a context
(``msgctxt``, for ``pgettext``), multi-line strings, plural forms, and
``#, fuzzy`` entries (skipped).
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def _unquote(line: str) -> str:
    return str(ast.literal_eval(line))


def parse_po(text: str) -> dict[str, str]:
    """msgid → msgstr (plural entries keyed "singular\\0plural" → "form0\\0form1"; entries with
    a context keyed "context\\x04msgid", as gettext's ``pgettext`` looks them up)."""
    entries: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    section = ""
    fuzzy = next_fuzzy = False

    def add() -> None:
        if "msgid" not in parts or fuzzy:
            return
        msgid = "".join(parts["msgid"])
        if "msgctxt" in parts:
            msgid = "".join(parts["msgctxt"]) + "\x04" + msgid
        if "msgid_plural" in parts:
            msgid += "\0" + "".join(parts["msgid_plural"])
            forms = sorted(
                (k for k in parts if k.startswith("msgstr[")), key=lambda k: int(k[7:-1])
            )
            msgstr = "\0".join("".join(parts[k]) for k in forms)
        else:
            msgstr = "".join(parts.get("msgstr", []))
        if msgstr.replace("\0", "") or msgid == "":
            entries[msgid] = msgstr

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            next_fuzzy = "fuzzy" in line
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            parts.setdefault(section, []).append(_unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and section != "msgctxt"):
            add()
            parts = {}
            fuzzy, next_fuzzy = next_fuzzy, False
        section = keyword
        parts.setdefault(section, []).append(_unquote(rest))
    add()
    return entries


def write_mo(entries: dict[str, str], path: Path) -> None:
    """The GNU .mo layout: header, two index tables, then the strings."""
    keys = sorted(entries)
    ids = b""
    strs = b""
    offsets = []
    for k in keys:
        kb, vb = k.encode("utf-8"), entries[k].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + key_start]
        voffsets += [l2, o2 + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    body = struct.pack(f"{len(koffsets)}i", *koffsets) + struct.pack(f"{len(voffsets)}i", *voffsets)
    path.write_bytes(header + body + ids + strs)


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write a .mo next to every .po that is newer than it; return the files written."""
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        write_mo(parse_po(po.read_text(encoding="utf-8")), mo)
        written.append(mo)
    return written
