"""Opening a workbook file safely: what it really is is checked before any of its XML is parsed.

:func:`check_file` looks at the bytes first (empty, OLE container, text, zip), then at the zip's
directory (damage, part count, sizes, compression ratios) and then makes one streaming pass over every
part: it verifies each part unpacks (CRC), refuses any XML document type declaration (the Office Open
XML packaging rules forbid them, and every XML entity attack needs one), and counts rows, cells and
shared strings against :mod:`~clustercheck.workbook.limits`. Every refusal is one
:class:`WorkbookError` sentence naming the file.
"""

from __future__ import annotations

import codecs
import collections
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from clustercheck.errors import WorkbookError
from clustercheck.workbook import limits as limits_module
from clustercheck.workbook.limits import MIB, Limits

if TYPE_CHECKING:
    from clustercheck.workbook.package import Package

T = TypeVar("T")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
#: The name of the stream an encrypted Office file keeps its workbook in, as a CFB directory entry
#: stores it: UTF-16LE, and 34 (17 characters with the terminator) in the length field at +64.
ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")
CFB_ENTRY = 128
#: Excel's last row: a row numbered beyond it can only come from a damaged or hostile file.
EXCEL_MAX_ROW = 1_048_576
#: The encodings expat reads natively; OOXML allows only UTF-8 and UTF-16, and any other (EBCDIC,
#: say) could hide a declaration from the scan below.
XML_ENCODINGS = frozenset(
    {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be", "us-ascii", "ascii"}
)
_DECLARED_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")
#: Rows, cells and shared strings, with or without a namespace prefix.
_COUNTED = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?(row|c|si)[\s/>]")
_OVERLAP = 64  # longer than any match of _COUNTED, so a match across two chunks is still seen
_CHUNK = MIB
_MORE = "more"  # the prolog continues past the bytes scanned so far
#: Bytes of the zip directory allowed per part: a real entry is under 200 (46 and its name).
DIRECTORY_ENTRY_BYTES = 1024


def check_file(path: Path, limits: Limits | None = None) -> None:
    """Raise WorkbookError unless ``path`` is a regular file that may be an xlsx workbook."""
    if not path.exists():
        raise WorkbookError("no such file", file=str(path))
    if not path.is_file():
        raise WorkbookError("not a file", file=str(path))
    limits = limits or limits_module.current()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise WorkbookError(f"cannot be read ({exc.strerror or exc})", file=str(path)) from exc
    if size == 0:
        raise WorkbookError("is empty (0 bytes), not a workbook", file=str(path))
    if head.startswith(OLE_MAGIC):
        raise _ole_error(path)
    if not head.startswith(ZIP_MAGICS):
        raise _not_zip_error(path, head)
    _check_zip(path, limits)


# -- what the bytes are ---------------------------------------------------------------------------


def _ole_error(path: Path) -> WorkbookError:
    """An OLE (compound file) container: an encrypted xlsx, or a legacy .xls."""
    if _has_encrypted_package(path):
        return WorkbookError(
            "is password-protected: remove the password (in Excel: File > Info > Protect Workbook > "
            "Encrypt with Password, then clear it) and save it again",
            file=str(path),
        )
    return WorkbookError(
        "is a legacy Excel 97-2003 workbook (.xls) or another OLE file, not an xlsx workbook: open it "
        "in Excel or LibreOffice Calc and save it as .xlsx",
        file=str(path),
    )


def _has_encrypted_package(path: Path) -> bool:
    """Whether a compound file has a directory entry named EncryptedPackage (a cheap, exact scan)."""
    with path.open("rb") as handle:
        offset = 0
        tail = b""
        while offset < 256 * MIB:  # an encrypted workbook's directory is near its start or end
            chunk = handle.read(_CHUNK)
            if not chunk:
                return False
            data = tail + chunk
            base = offset - len(tail)
            start = data.find(ENCRYPTED_NAME)
            while start >= 0:
                at = base + start
                length = data[start + 64 : start + 66]
                if at % CFB_ENTRY == 0 and length == b"\x22\x00":
                    return True
                start = data.find(ENCRYPTED_NAME, start + 1)
            tail = data[-CFB_ENTRY:]
            offset += len(chunk)
    return False


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = head[:4096]
    if b"\x00" in sample:
        return False
    text = sample.decode("utf-8", errors="replace")  # legacy 8-bit text shows as a few U+FFFD
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return bool(text) and printable >= 0.9 * len(text)


def _not_zip_error(path: Path, head: bytes) -> WorkbookError:
    if _looks_like_text(head):
        return WorkbookError(
            "is a text file (CSV or similar), not an xlsx workbook: open it in Excel or LibreOffice "
            "Calc and save it as .xlsx",
            file=str(path),
        )
    return WorkbookError(
        f"is not an xlsx workbook: it is not a zip archive (it begins with bytes {head[:4].hex(' ')})",
        file=str(path),
    )


# -- the zip --------------------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    return f"{size / MIB:,.1f} MB"


def _directory_size(path: Path) -> tuple[int, int] | None:
    """(entries, bytes) of the zip's central directory, from its end record; None if it has none.

    Read before ``zipfile`` builds an object per entry: a directory of millions of entries would
    exhaust memory before the part count could be checked.
    """
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        back = min(size, 22 + 0xFFFF)  # the end record, and a comment of at most 64 KiB
        handle.seek(size - back)
        tail = handle.read(back)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None  # zipfile says it is damaged
        entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
        locator = tail[at - 20 : at] if at >= 20 else b""
        if locator[:4] == b"PK\x06\x07":  # zip64: the sizes are in its own end record
            handle.seek(struct.unpack("<Q", locator[8:16])[0])
            record = handle.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries, directory = struct.unpack("<QQ", record[32:48])
    return entries, directory


def _check_zip(path: Path, limits: Limits) -> None:
    declared = _directory_size(path)
    if declared is not None:
        entries, directory = declared
        if entries > limits.max_parts:
            raise _limit(path, f"has {entries:,} parts", limits.max_parts, "max_parts")
        if directory > limits.max_parts * DIRECTORY_ENTRY_BYTES:
            raise _limit(
                path,
                f"has a zip directory of {_megabytes(directory)}",
                f"{_megabytes(limits.max_parts * DIRECTORY_ENTRY_BYTES)} (for its part count)",
                "max_parts",
            )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookError(
            f"is damaged or truncated: it is not a complete zip archive ({reason(exc)}); "
            "save it again from Excel or LibreOffice Calc",
            file=str(path),
        ) from exc
    with archive:
        infos = archive.infolist()
        _check_directory(path, infos, limits)
        counts: collections.Counter[bytes] = collections.Counter()
        for info in infos:
            _scan_part(path, archive, info, limits, counts)
        _check_kind(path, archive)
        if counts[b"c"] > limits.max_cells:
            raise _limit(path, f"has {counts[b'c']:,} cells", limits.max_cells, "max_cells")
        if counts[b"si"] > limits.max_strings:
            raise _limit(
                path, f"has {counts[b'si']:,} shared strings", limits.max_strings, "max_strings"
            )


def _limit(path: Path, what: str, limit: int | str, name: str) -> WorkbookError:
    return WorkbookError(
        f"{what}, more than the limit of {limit if isinstance(limit, str) else f'{limit:,}'} "
        f"(set CLUSTERCHECK_{name.upper()} to change it)",
        file=str(path),
    )


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Limits that the zip's central directory alone can tell (the sizes reading will enforce)."""
    if len(infos) > limits.max_parts:
        raise _limit(path, f"has {len(infos):,} parts", limits.max_parts, "max_parts")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookError(
                f"has a zip-encrypted part {info.filename!r}: remove the password and save it again",
                file=str(path),
            )
        if info.file_size > limits.max_part_bytes:
            raise _limit(
                path,
                f"has a part {info.filename!r} of {_megabytes(info.file_size)} unpacked",
                _megabytes(limits.max_part_bytes),
                "max_part_bytes",
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _limit(
                path,
                "unpacks to more than " + _megabytes(limits.max_total_bytes),
                _megabytes(limits.max_total_bytes),
                "max_total_bytes",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_from_bytes and ratio > limits.max_ratio:
            raise _limit(
                path,
                f"has a part {info.filename!r} compressed {ratio:,.0f} to 1, as a zip bomb is",
                f"{limits.max_ratio} to 1",
                "max_ratio",
            )


def _check_kind(path: Path, archive: zipfile.ZipFile) -> None:
    """A zip that is another kind of document (OpenDocument, Word, ...) or no workbook at all."""
    names = set(archive.namelist())
    if "mimetype" in names:
        with archive.open("mimetype") as member:  # unpacked (and CRC-checked) by the scan already
            mimetype = member.read(200)
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise WorkbookError(
                "is an OpenDocument file (.ods), not an xlsx workbook: in LibreOffice Calc use "
                "File > Save As > Excel 2007-365 (.xlsx)",
                file=str(path),
            )
    if "xl/workbook.xml" not in names:
        other = "a Word document" if "word/document.xml" in names else "a zip archive"
        raise WorkbookError(
            f"is {other}, not an xlsx workbook (it has no xl/workbook.xml)", file=str(path)
        )


def _scan_part(
    path: Path,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    counts: collections.Counter[bytes],
) -> None:
    """Unpack one part as a stream: its prolog, its CRC, and its rows, cells and strings."""
    part: collections.Counter[bytes] = collections.Counter()
    try:
        with archive.open(info) as member:
            first = member.read(limits.max_prolog_bytes + 1)
            problem = prolog_problem(first)
            if problem == _MORE and len(first) > limits.max_prolog_bytes:
                problem = (
                    f"more than {limits.max_prolog_bytes:,} bytes before its first XML element"
                )
            if problem not in (None, _MORE):
                raise WorkbookError(
                    f"is refused: its part {info.filename!r} has {problem}, which an xlsx file "
                    "never has (the Office Open XML rules forbid it; it may be an XML attack)",
                    file=str(path),
                )
            tail = b""
            chunk = first
            while chunk:
                data = tail + chunk
                found = collections.Counter(_COUNTED.findall(data))
                found.subtract(collections.Counter(_COUNTED.findall(tail)))
                part.update(found)
                tail = data[-_OVERLAP:]
                chunk = member.read(_CHUNK)
    except WorkbookError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,  # a compression method zipfile lacks
        RuntimeError,  # an encrypted part
        ValueError,  # a local header's name that is not UTF-8 though its flag says so
        struct.error,
    ) as exc:
        raise WorkbookError(
            f"is damaged: its part {info.filename!r} cannot be unpacked ({reason(exc)}); "
            "save it again from Excel or LibreOffice Calc",
            file=str(path),
        ) from exc
    if part[b"row"] > limits.max_rows:
        raise _limit(
            path,
            f"has {part[b'row']:,} rows in its part {info.filename!r}",
            limits.max_rows,
            "max_rows",
        )
    counts.update(part)


def prolog_problem(data: bytes) -> str | None:
    """What is wrong before the root element of an XML part, ``"more"`` if ``data`` ends first.

    Only the prolog can hold a document type declaration, so this is a complete guard against
    entity attacks; it also refuses encodings in which the scan itself could be fooled.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif data[:2] == b"<\x00":
        text = data.decode("utf-16-le", errors="replace")
    elif data[:2] == b"\x00<":
        text = data.decode("utf-16-be", errors="replace")
    else:
        # ASCII-compatible: markup is ASCII, so one byte per character is enough to find it.
        text = data.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    text = text.lstrip("\ufeff")
    at, size = 0, len(text)
    while at < size:
        if text[at] in " \t\r\n":
            at += 1
        elif text.startswith("<?", at):
            end = text.find("?>", at)
            if end < 0:
                return _MORE
            declared = _DECLARED_ENCODING.search(text, at, end)
            if text.startswith("<?xml", at) and declared:
                encoding = declared.group(1).strip().lower()
                if encoding not in XML_ENCODINGS:
                    return f"the XML encoding {declared.group(1)!r}"
            at = end + 2
        elif text.startswith("<!--", at):
            end = text.find("-->", at + 4)
            if end < 0:
                return _MORE
            at = end + 3
        elif text.startswith("<!", at) or (at + 2 > size and text.startswith("<", at)):
            return "a document type declaration" if text.startswith("<!", at) else _MORE
        else:
            return None  # the root element, or no XML at all (then parsing it fails)
    return _MORE


# -- opening ----------------------------------------------------------------------------------------


def reason(exc: BaseException) -> str:
    """An exception as a short clause: its type and the first line of its message."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text if len(text) <= 160 else text[:157] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def open_package(path: Path) -> Package:
    """The workbook's package opened for reading, with any failure as one WorkbookError sentence."""
    from clustercheck.workbook.package import Package

    try:
        return Package(path)
    except Exception as exc:  # any failure to open is the file's, said in one sentence
        raise WorkbookError(
            f"cannot be read as an xlsx workbook ({reason(exc)})", file=str(path)
        ) from exc


def guarded(rows: Iterator[T], path: Path, sheet: str) -> Iterator[T]:
    """A sheet's rows, the stream's failures on a damaged sheet part turned into WorkbookError.

    Only the step into the sheet stream is guarded, so a bug elsewhere in clustercheck still shows.
    """
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # what a damaged part raises varies by the damage
            raise WorkbookError(
                f"cannot be read: the sheet is damaged ({reason(exc)})", file=str(path), sheet=sheet
            ) from exc
        yield row
