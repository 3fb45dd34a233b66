"""TensorBoard event files written by hand: TFRecord framing around Event protocol buffers.

Writing needs neither TensorFlow nor TensorBoard (the ``tensorboard`` extra is only for reading
them back). The few messages used, from tensorflow/core/util/event.proto and summary.proto::

    Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
    Summary { repeated Value value = 1; }
    Value   { string tag = 1; float simple_value = 2; Image image = 4; }
    Image   { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }

A TFRecord is ``uint64 length, uint32 masked_crc32c(length), data, uint32 masked_crc32c(data)``,
little-endian; the CRC is CRC-32C (Castagnoli), computed here in Python from a table.
"""

from __future__ import annotations

import os
import socket
import struct
import time

_CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)
_CRC_TABLE = tuple(_CRC_TABLE)


def crc32c(data: bytes) -> int:
    """CRC-32C of ``data`` (``crc32c(b"123456789") == 0xE3069283``)."""
    table = _CRC_TABLE
    crc = 0xFFFFFFFF
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data: bytes) -> bytes:
    """One TFRecord holding ``data``."""
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked_crc32c(length)) + data + struct.pack("<I", masked_crc32c(data))


# ------------------------------------------------------------------ protocol buffer encoding

def _varint(value: int) -> bytes:
    value &= 0xFFFFFFFFFFFFFFFF  # negative int64s are ten-byte two's complement varints
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _int_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def scalar_value(tag: str, value: float) -> bytes:
    """A Summary.Value with ``simple_value`` (a float32, as TensorBoard stores scalars)."""
    return _bytes_field(1, tag.encode()) + b"\x15" + struct.pack("<f", value)


def image_value(tag: str, height: int, width: int, channels: int, png: bytes) -> bytes:
    """A Summary.Value with an encoded image (colorspace: 1 grey, 3 RGB, 4 RGBA)."""
    image = (_int_field(1, height) + _int_field(2, width) + _int_field(3, channels)
             + _bytes_field(4, png))
    return _bytes_field(1, tag.encode()) + _bytes_field(4, image)


def event(wall_time: float, step: int, values: list[bytes] | None = None,
          file_version: str | None = None) -> bytes:
    """An Event record (framed, ready to append to the file) with a summary of ``values``."""
    body = b"\x09" + struct.pack("<d", wall_time) + _int_field(2, step)
    if file_version is not None:
        body += _bytes_field(3, file_version.encode())
    if values:
        body += _bytes_field(5, b"".join(_bytes_field(1, v) for v in values))
    return record(body)


def first_event(wall_time: float | None = None) -> bytes:
    """The record every event file starts with: the file version."""
    return event(time.time() if wall_time is None else wall_time, 0, file_version="brain.Event:2")


def file_name(wall_time: float | None = None) -> str:
    """``events.out.tfevents.<time>.<host>.<pid>.ganstudio``: TensorBoard finds files by "tfevents"."""
    seconds = int(time.time() if wall_time is None else wall_time)
    return f"events.out.tfevents.{seconds}.{socket.gethostname()}.{os.getpid()}.ganstudio"
