"""The encrypted backup file: a gzipped tar cut into chunks, each sealed with Fernet.

Layout of a `.psb` file:

    b"PHUONGSO-BACKUP 1\n"
    one JSON line: {"format": 1, "key_id": "..."}     (which key sealed it; no secret in it)
    chunks: 4-byte big-endian length + a Fernet token

Each token holds 8 bytes of chunk number, 1 byte that marks the last chunk, then up to
CHUNK_SIZE bytes of the tar stream. Fernet authenticates each token (AES-128-CBC with
HMAC-SHA256); the numbers and the last-chunk mark make a reordered, repeated or truncated file
fail as surely as a changed byte. The archive is written and read as a stream: memory stays at
one chunk whatever the size of the uploads.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken

MAGIC = b"PHUONGSO-BACKUP 1\n"
CHUNK_SIZE = 4 * 2**20
_HEADER_LIMIT = 4096


class ArchiveError(Exception):
    """The file cannot be trusted; the message (Vietnamese) says why."""


class WrongKey(ArchiveError):
    pass


def new_key() -> str:
    return Fernet.generate_key().decode()


def key_id(key: str) -> str:
    """A fingerprint of the key, stored in clear so a wrong key is named as such."""
    return hashlib.sha256(b"phuongso-backup-key-id:" + key.encode()).hexdigest()[:16]


def fernet(key: str) -> Fernet:
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError):
        raise ArchiveError(
            "Khóa sao lưu không hợp lệ: cần 32 byte mã hóa base64 "
            "(tạo khóa mới bằng `manage.py backup --new-key`)."
        ) from None


class EncryptingWriter:
    """A write-only file object that seals what it is given, chunk by chunk, into `out`."""

    def __init__(self, out: BinaryIO, key: str) -> None:
        self._out = out
        self._fernet = fernet(key)
        self._buffer = bytearray()
        self._number = 0
        self._closed = False
        out.write(MAGIC)
        out.write(json.dumps({"format": 1, "key_id": key_id(key)}).encode() + b"\n")

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True
            self._out.flush()

    def _seal(self, data: bytes, *, last: bool) -> None:
        token = self._fernet.encrypt(struct.pack(">Q?", self._number, last) + data)
        self._out.write(struct.pack(">I", len(token)) + token)
        self._number += 1


TAMPERED = (
    "Tệp sao lưu đã bị thay đổi, bị cắt cụt hoặc hỏng (kiểm tra mã hóa không khớp): "
    "không khôi phục từ tệp này."
)


def read_header(source: BinaryIO) -> dict:
    if source.read(len(MAGIC)) != MAGIC:
        raise ArchiveError("Đây không phải tệp sao lưu của phường số (sai phần đầu tệp).")
    line = source.readline(_HEADER_LIMIT)
    try:
        header = json.loads(line)
    except ValueError:
        raise ArchiveError(TAMPERED) from None
    if not isinstance(header, dict) or header.get("format") != 1:
        raise ArchiveError("Phiên bản định dạng tệp sao lưu không được hỗ trợ.")
    return header


def decrypt(source: BinaryIO, key: str, out: BinaryIO) -> None:
    """Write the plain tar stream of `source` to `out`, or raise before trusting any of it.

    The caller must discard `out` on an error: chunks before a bad one were authentic, but
    the whole is not.
    """
    header = read_header(source)
    if header.get("key_id") != key_id(key):
        raise WrongKey(
            "Khóa sao lưu không đúng: tệp này được mã hóa bằng một khóa khác "
            f"(mã nhận dạng khóa {header.get('key_id')!s:.16})."
        )
    box = fernet(key)
    number = 0
    while True:
        size_bytes = source.read(4)
        if len(size_bytes) != 4:
            raise ArchiveError(TAMPERED)  # ended before the last chunk
        (size,) = struct.unpack(">I", size_bytes)
        if size > CHUNK_SIZE * 2 + 1024:
            raise ArchiveError(TAMPERED)
        token = source.read(size)
        try:
            plain = box.decrypt(token)
        except InvalidToken:
            raise ArchiveError(TAMPERED) from None
        found, last = struct.unpack(">Q?", plain[:9])
        if found != number:
            raise ArchiveError(TAMPERED)
        out.write(plain[9:])
        number += 1
        if last:
            break
    if source.read(1):
        raise ArchiveError(TAMPERED)  # bytes after the last chunk


def sha256_file(path, block: int = 2**20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def dev_key(secret_key: str) -> str:
    """A key derived from SECRET_KEY, for development machines (DEBUG) only."""
    raw = hashlib.sha256(b"phuongso-dev-backup:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(raw).decode()
