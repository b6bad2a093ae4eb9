"""Archives for the archive tests and the bench, written byte by byte (no binaries committed).

`Member` + `build_zip` write any header field exactly as asked, so each hostile case is
what its name says; the builders below return paths in a test's tmp_path.
"""

from __future__ import annotations

import bz2
import os
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

LOCAL = struct.Struct("<4sHHHHHIIIHH")
CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
EOCD = struct.Struct("<4sHHHHIIH")
EOCD64 = struct.Struct("<4sQHHIIQQQQ")
LOCATOR = struct.Struct("<4sIQI")
MAX32 = 0xFFFFFFFF
TIME_2025, DATE_2025 = (12 << 11), ((2025 - 1980) << 9) | (1 << 5) | 1  # 2025-01-01 12:00
UNIX = 3
S_IFLNK = 0o120000
S_IFREG = 0o100000
UTF8_FLAG = 0x800


def deflate(data: bytes, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@dataclass
class Member:
    name: bytes | str
    data: bytes = b""
    method: int = 0  # 0 and 8 are compressed here; other methods need `payload`
    payload: bytes | None = None  # the compressed bytes, written verbatim
    flags: int = 0
    crc: int | None = None  # declared CRC (default: the real one)
    size: int | None = None  # declared uncompressed size (default: the real one)
    create_system: int = 0
    external_attr: int = 0
    extra: bytes = b""
    descriptor: bool = False  # flag bit 3: zeros in the local header, descriptor after data
    descriptor_signature: bool = True
    zip64: bool = False  # sizes in ZIP64 extra fields
    points_to: int | None = None  # no local header: reuse member N's (full overlap)
    local_name: bytes | None = None
    padding: bytes = field(default=b"", repr=False)  # bytes written before the header

    def raw_name(self) -> bytes:
        return self.name.encode() if isinstance(self.name, str) else self.name

    def all_flags(self) -> int:
        return self.flags | (0x8 if self.descriptor else 0)


def build_zip(
    members: Sequence[Member], *, comment: bytes = b"", prefix: bytes = b"", zip64_end: bool = False
) -> bytes:
    """A ZIP of `members`; offsets ignore `prefix`, as when data is prepended to a ZIP."""
    out = bytearray()
    centrals: list[bytes] = []
    offsets: list[int] = []
    for member in members:
        out += member.padding
        name = member.raw_name()
        payload = member.payload
        if payload is None:
            payload = deflate(member.data) if member.method == 8 else member.data
        crc = zlib.crc32(member.data) if member.crc is None else member.crc
        size = len(member.data) if member.size is None else member.size
        if member.points_to is not None:
            offset = offsets[member.points_to]
        else:
            offset = len(out)
            out += _local(member, name, crc, size, len(payload)) + payload
            if member.descriptor:
                sig = b"PK\x07\x08" if member.descriptor_signature else b""
                fmt = "<IQQ" if member.zip64 else "<III"
                out += sig + struct.pack(fmt, crc, len(payload), size)
        offsets.append(offset)
        centrals.append(_central(member, name, crc, size, len(payload), offset))
    cd = b"".join(centrals)
    cd_offset = len(out)
    out += cd
    if zip64_end or len(members) > 0xFFFF:
        eocd64_offset = len(out)
        out += EOCD64.pack(
            b"PK\x06\x06", 44, 45, 45, 0, 0, len(members), len(members), len(cd), cd_offset
        )
        out += LOCATOR.pack(b"PK\x06\x07", 0, eocd64_offset, 1)
        out += EOCD.pack(b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, MAX32, MAX32, len(comment))
    else:
        out += EOCD.pack(
            b"PK\x05\x06", 0, 0, len(members), len(members), len(cd), cd_offset, len(comment)
        )
    return prefix + bytes(out) + comment


def _local(member: Member, name: bytes, crc: int, size: int, csize: int) -> bytes:
    extra = member.extra
    if member.descriptor:
        crc = csize = size = 0
    if member.zip64:
        extra = struct.pack("<HHQQ", 1, 16, size, csize) + extra
        csize = size = MAX32
    local_name = name if member.local_name is None else member.local_name
    header = LOCAL.pack(
        b"PK\x03\x04", 45 if member.zip64 else 20, member.all_flags(), member.method,
        TIME_2025, DATE_2025, crc, csize, size, len(local_name), len(extra),
    )  # fmt: skip
    return header + local_name + extra


def _central(member: Member, name: bytes, crc: int, size: int, csize: int, offset: int) -> bytes:
    extra = member.extra
    if member.zip64 or offset >= MAX32:
        values = [size, csize] if member.zip64 else []
        values += [offset] if offset >= MAX32 else []
        extra = struct.pack(f"<HH{len(values)}Q", 1, 8 * len(values), *values) + extra
        if member.zip64:
            size = csize = MAX32
        offset = min(offset, MAX32)
    record = CENTRAL.pack(
        b"PK\x01\x02", member.create_system << 8 | 20, 45 if member.zip64 else 20,
        member.all_flags(), member.method, TIME_2025, DATE_2025, crc, csize, size,
        len(name), len(extra), 0, 0, 0, member.external_attr, offset,
    )  # fmt: skip
    return record + name + extra


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- everyday archives ---------------------------------------------------------------------

GBK_NAMES = ["结果/错误明细.txt", "结果/表1_导入失败.csv", "鏂囦欢.txt"]


def gbk_names_zip(tmp_path: Path) -> Path:
    """Names as Chinese Windows archivers write them: GBK bytes, no UTF-8 flag.

    The last name's GBK bytes happen to be valid UTF-8 ("文件"); one guess for the whole
    archive must still read it as GBK.
    """
    members = [Member(n.encode("gbk"), f"内容 {i}".encode("gbk")) for i, n in enumerate(GBK_NAMES)]
    return write(tmp_path / "gbk.zip", build_zip(members))


def utf8_flag_zip(tmp_path: Path) -> Path:
    members = [
        Member("报告/总结.json".encode(), b'{"ok": true}', method=8, flags=UTF8_FLAG),
        Member("Ünïcödé.txt".encode(), b"x", flags=UTF8_FLAG),
        Member(b"plain.txt", b"plain"),
    ]
    return write(tmp_path / "utf8.zip", build_zip(members))


def unicode_path_zip(tmp_path: Path) -> Path:
    """A CP437 header name with an Info-ZIP Unicode Path field carrying the real name."""
    raw = "r\u00e9sum\u00e9.txt".encode("cp437")
    good = "résumé-真名.txt".encode()
    field_body = b"\x01" + struct.pack("<I", zlib.crc32(raw)) + good
    stale_body = b"\x01" + struct.pack("<I", 12345) + b"wrong.txt"
    members = [
        Member(raw, b"a", extra=struct.pack("<HH", 0x7075, len(field_body)) + field_body),
        Member(
            b"caf\x82.txt", b"b", extra=struct.pack("<HH", 0x7075, len(stale_body)) + stale_body
        ),
    ]
    return write(tmp_path / "upath.zip", build_zip(members))


def mixed_zip(tmp_path: Path) -> Path:
    """A sound archive with every readable feature: the seed for mutation tests."""
    text = b"".join(b"row %d,value %d\n" % (i, i * i) for i in range(400))
    members = [
        Member("data/", b"", external_attr=0x10),
        Member("data/stored.txt", b"stored bytes\n"),
        Member("data/deflated.csv", text, method=8),
        Member("data/descriptor.txt", text[:900], method=8, descriptor=True),
        Member("data/nosig.txt", text[:300], method=8, descriptor=True, descriptor_signature=False),
        Member("data/bzip2.txt", text, method=12, payload=bz2.compress(text)),
        Member("data/zip64.txt", text[:200], method=8, zip64=True),
        Member("结果.txt".encode("gbk"), "中文内容".encode("gbk")),
    ]
    return write(tmp_path / "mixed.zip", build_zip(members, comment=b"made by corpus.py"))


def zipfile_methods_zip(tmp_path: Path) -> Path:
    """The same text through the stdlib writer: stored, deflate, bzip2, lzma."""
    path = tmp_path / "stdlib.zip"
    text = b"hello world, " * 5000
    with zipfile.ZipFile(path, "w") as archive:
        for method in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_BZIP2,
            zipfile.ZIP_LZMA,
        ):
            archive.writestr(f"m{method}.txt", text, compress_type=method)
    return path


def many_entries_zip(tmp_path: Path, count: int = 100_000) -> Path:
    """`count` tiny stored entries, ZIP64 end records past 65,535; written in well under 1 s."""
    data = b"x\n"
    crc = zlib.crc32(data)
    local_parts: list[bytes] = []
    central_parts: list[bytes] = []
    offset = 0
    for i in range(count):
        name = b"dir%03d/file%06d.txt" % (i // 1000, i)
        local = LOCAL.pack(b"PK\x03\x04", 20, 0, 0, TIME_2025, DATE_2025, crc, 2, 2, len(name), 0)
        local_parts.append(local + name + data)
        central_parts.append(
            CENTRAL.pack(b"PK\x01\x02", 20, 20, 0, 0, TIME_2025, DATE_2025, crc, 2, 2,
                         len(name), 0, 0, 0, 0, 0, offset) + name
        )  # fmt: skip
        offset += len(local) + len(name) + len(data)
    cd = b"".join(central_parts)
    tail = EOCD64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(cd), offset)
    tail += LOCATOR.pack(b"PK\x06\x07", 0, offset + len(cd), 1)
    tail += EOCD.pack(b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, MAX32, MAX32, 0)
    path = tmp_path / f"many{count}.zip"
    with path.open("wb") as out:
        out.writelines(local_parts)
        out.write(cd)
        out.write(tail)
    return path


def big_offset_zip(tmp_path: Path) -> Path | None:
    """A second entry past 4 GiB in a sparse file: a ZIP64 offset. None if not sparse."""
    path = tmp_path / "sparse64.zip"
    first = Member("first.txt", b"first")
    second = Member("second.txt", b"second entry " * 10, method=8)
    gap = 5 << 30
    with path.open("wb") as out:
        head = _local(first, b"first.txt", zlib.crc32(first.data), 5, 5) + first.data
        out.write(head)
        out.seek(gap)
        payload = deflate(second.data)
        out.write(
            _local(second, b"second.txt", zlib.crc32(second.data), len(second.data), len(payload))
        )
        out.write(payload)
        cd_offset = out.tell()
        cd = _central(first, b"first.txt", zlib.crc32(first.data), 5, 5, 0)
        cd += _central(
            second, b"second.txt", zlib.crc32(second.data), len(second.data), len(payload), gap
        )
        out.write(cd)
        eocd64 = out.tell()
        out.write(EOCD64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, 2, 2, len(cd), cd_offset))
        out.write(LOCATOR.pack(b"PK\x06\x07", 0, eocd64, 1))
        out.write(EOCD.pack(b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, MAX32, MAX32, 0))
    if os.stat(path).st_blocks * 512 > 64 << 20:  # the file system wrote the hole
        path.unlink()
        return None
    return path


# -- hostile archives ----------------------------------------------------------------------

BOMB_SIZE = 20 << 20


def full_overlap_bomb(tmp_path: Path, copies: int = 10) -> Path:
    """Many central records sharing one local header and one deflate kernel."""
    kernel = b"\0" * BOMB_SIZE
    members = [Member("0", kernel, method=8)]
    members += [Member("0", kernel, method=8, points_to=0) for _ in range(copies - 1)]
    return write(tmp_path / "overlap_full.zip", build_zip(members))


def quoted_overlap_bomb(tmp_path: Path) -> Path:
    """Fifield's construction in small: A's stored data quotes B's local header and data."""
    inner = Member("B", b"\0" * BOMB_SIZE, method=8)
    inner_payload = deflate(inner.data)
    inner_local = _local(inner, b"B", zlib.crc32(inner.data), BOMB_SIZE, len(inner_payload))
    quoted = inner_local + inner_payload
    outer = Member("A", quoted)
    outer_local = _local(outer, b"A", zlib.crc32(quoted), len(quoted), len(quoted))
    body = outer_local + quoted
    cd = _central(outer, b"A", zlib.crc32(quoted), len(quoted), len(quoted), 0)
    cd += _central(
        inner, b"B", zlib.crc32(inner.data), BOMB_SIZE, len(inner_payload), len(outer_local)
    )
    tail = EOCD.pack(b"PK\x05\x06", 0, 0, 2, 2, len(cd), len(body), 0)
    return write(tmp_path / "overlap_quoted.zip", body + cd + tail)


def ratio_zip(tmp_path: Path) -> Path:
    """A high-ratio entry (flagged, still readable) and one that lies about its size."""
    zeros = b"\0" * BOMB_SIZE
    members = [
        Member("zeros.bin", zeros, method=8),
        Member("liar.bin", zeros, method=8, size=1000, crc=zlib.crc32(zeros[:1000])),
        Member("short.bin", zeros[:1000], method=8, size=5000),
        Member("normal.txt", b"hello", method=8),
    ]
    return write(tmp_path / "ratio.zip", build_zip(members))


TRAVERSAL_NAMES = [
    "../evil.txt",
    "a/../../evil2.txt",
    "..\\evil3.txt",
    "/abs.txt",
    "C:\\win.txt",
    "C:/win2.txt",
    "d/./../../evil4.txt",
    "nul\0byte.txt",
]


def traversal_zip(tmp_path: Path) -> Path:
    members = [Member(name.encode(), b"owned") for name in TRAVERSAL_NAMES]
    members.append(Member("safe/ok.txt", b"fine"))
    members.append(Member("win\\sub\\back.txt", b"backslash separators"))
    return write(tmp_path / "traversal.zip", build_zip(members))


def symlink_zip(tmp_path: Path) -> Path:
    """A unix symlink entry to /etc, then a file written "through" it."""
    members = [
        Member("link", b"/etc", create_system=UNIX, external_attr=(S_IFLNK | 0o777) << 16),
        Member("link/passwd", b"owned", create_system=UNIX, external_attr=(S_IFREG | 0o644) << 16),
        Member("regular.txt", b"fine", create_system=UNIX, external_attr=(S_IFREG | 0o644) << 16),
    ]
    return write(tmp_path / "symlink.zip", build_zip(members))


def aes_extra(method: int = 8) -> bytes:
    return struct.pack("<HHH2sBH", 0x9901, 7, 2, b"AE", 3, method)


def encrypted_zip(tmp_path: Path) -> Path:
    """ZipCrypto (flag bit 0) and WinZip AES (method 99); the bytes are not real ciphertext."""
    members = [
        Member("zipcrypto.txt", b"secret", method=8, flags=1, payload=os.urandom(12) + b"x" * 20),
        Member("aes.txt", b"secret", method=99, payload=os.urandom(40), extra=aes_extra()),
        Member("open.txt", b"readable"),
    ]
    return write(tmp_path / "encrypted.zip", build_zip(members))


def unsupported_zip(tmp_path: Path) -> Path:
    members = [
        Member("deflate64.bin", b"x" * 100, method=9, payload=b"\x00" * 30),
        Member("ppmd.bin", b"y" * 100, method=98, payload=b"\x01" * 30),
        Member("ok.txt", b"ok"),
    ]
    return write(tmp_path / "unsupported.zip", build_zip(members))


def crc_mismatch_zip(tmp_path: Path) -> Path:
    members = [
        Member("bad_stored.txt", b"payload", crc=0xDEADBEEF),
        Member("bad_deflate.txt", b"payload " * 100, method=8, crc=1),
        Member("good.txt", b"fine"),
    ]
    return write(tmp_path / "crc.zip", build_zip(members))


def prefixed_zip(tmp_path: Path) -> Path:
    """Bytes before the archive (a self-extractor stub) with offsets not adjusted."""
    members = [Member("a.txt", b"after the stub", method=8), Member("b.txt", b"second")]
    return write(tmp_path / "prefixed.zip", build_zip(members, prefix=b"MZ" + b"\0" * 1000))


def truncated_copies(source: Path, tmp_path: Path) -> list[Path]:
    """The same archive cut at several points, as an interrupted download leaves it."""
    data = source.read_bytes()
    cuts = sorted({len(data) - 1, len(data) - 22, len(data) // 2, len(data) // 3, 100, 31, 4})
    paths = []
    for cut in cuts:
        paths.append(write(tmp_path / f"cut{cut}.zip", data[:cut]))
    return paths


def html_download(tmp_path: Path) -> Path:
    return write(
        tmp_path / "error_page.zip", b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"
    )
