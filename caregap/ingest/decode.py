"""Uploaded bytes to text: size limit, refusal of files that are not text, encoding detection."""

from __future__ import annotations

import codecs
import os
import re

from caregap.errors import fail

DEFAULT_MAX_MB = 200
HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml)", re.IGNORECASE)
OLE2 = b"\xd0\xcf\x11\xe0"  # the compound file of old Excel (.xls) and Word files, and of encrypted Office files
# Leading bytes of file types people rename to .csv by mistake (or on purpose).
MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip-compressed file",
    b"BZh": "a bzip2-compressed file",
    b"\xfd7zXZ": "an xz-compressed file",
    b"7z\xbc\xaf": "a 7-Zip archive",
    OLE2: "an old Excel (.xls) or Office file",
}
LINE_END = re.compile(rb"(?<=\n)|(?<=\r)(?!\n)")  # after \n, or after a \r that no \n follows (old Mac files)
# An encrypted Office file is an OLE2 file with these streams, named in UTF-16 at the start of a directory entry.
ENCRYPTED_STREAMS = tuple(f"{n}\x00".encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))
DIRECTORY_ENTRY = 128  # bytes; entries start on multiples of this, as sectors do
PROTECTED = "a password-protected (encrypted) Excel or Office file"
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def max_upload_mb() -> int:
    """The upload size limit in MB: $CAREGAP_MAX_UPLOAD_MB, default 200."""
    value = os.environ.get("CAREGAP_MAX_UPLOAD_MB", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_MB


def check_size(name: str, size: int) -> None:
    """Refuse an empty file or one over the size limit."""
    limit = max_upload_mb()
    if size == 0:
        raise fail(name, "the file is empty: export the survey again with its header row and answers")
    if size > limit * 1024 * 1024:
        raise fail(name, f"the file is {size / 1024 / 1024:,.1f} MB; the limit is {limit} MB (CAREGAP_MAX_UPLOAD_MB)")


def _encrypted(data: bytes) -> bool:
    """Whether an OLE2 file's directory names the streams of an encrypted Office document."""
    for name in ENCRYPTED_STREAMS:
        at = data.find(name)
        while at >= 0 and at % DIRECTORY_ENTRY:
            at = data.find(name, at + 1)
        if at >= 0:
            return True
    return False


def kind_of(data: bytes) -> str | None:
    """What a file that is not CSV text is, from its first bytes; None if it may be text."""
    if data.startswith(OLE2) and _encrypted(data):
        return PROTECTED
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    return "a web page (HTML)" if HTML.match(data[:512]) else None


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le or utf-16-be if every other byte of the start is NUL (ASCII text in UTF-16)."""
    head = data[:4000]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.9 * len(head) / 2:
        return "utf-16-le"
    return "utf-16-be" if even > 0.9 * len(head) / 2 else None


def _single_byte(data: bytes) -> tuple[str, str]:
    """Windows-1252 text, else Latin-1 (which reads any bytes), and which it was."""
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _by_line(data: bytes) -> tuple[list[str], list[int]]:
    """Each line and its end as UTF-8, or as Windows-1252 (else Latin-1) if not valid UTF-8; those lines' numbers."""
    lines, bad = [], []
    for number, raw in enumerate(LINE_END.split(data), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            bad.append(number)
            lines.append(_single_byte(raw)[0])
    return lines, bad


def _text(name: str, data: bytes, encoding: str | None) -> tuple[str, str, list[str]]:
    """Decode with the detected encoding, else UTF-8 (line by line when some lines are not), else Windows-1252."""
    if encoding and encoding != "utf-8-sig":
        try:
            return data.decode(encoding), encoding, []
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise fail(name, f"is not valid {encoding} text (byte {err.start})", line) from None
    try:
        return data.decode("utf-8"), encoding or "utf-8", []
    except UnicodeDecodeError:
        lines, bad = _by_line(data)
    if not encoding and all(line.isascii() for n, line in enumerate(lines, start=1) if n not in bad):
        return *_single_byte(data), []  # no line shows UTF-8: the whole file is in a single-byte encoding
    shown = ", ".join(map(str, bad[:10])) + (" ..." if len(bad) > 10 else "")
    lines_are = f"Line {shown} of this UTF-8 file is" if len(bad) == 1 else f"Lines {shown} of this UTF-8 file are"
    notes = [f"{lines_are} not valid UTF-8: read as Windows-1252 (check accents)."]
    return "".join(lines), encoding or "utf-8", notes


def decode(name: str, data: bytes) -> tuple[str, str, list[str]]:
    """The file's text, the encoding it was read with and notes on lines read otherwise; refuses NUL bytes."""
    encoding = next((enc for bom, enc in BOMS if data.startswith(bom)), None) or _utf16_without_bom(data)
    text, used, notes = _text(name, data, encoding)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise fail(name, "contains NUL bytes: it is not a text export of a survey", line)
    return text.removeprefix("\ufeff"), used, notes
