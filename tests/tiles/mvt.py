"""A small reader for Mapbox Vector Tiles (protobuf, spec 2.1), enough to check what a tile holds:
layers, features, their id, properties and point geometry. Written out here rather than taking a
dependency: the format is a handful of protobuf fields."""

from __future__ import annotations

import struct


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def _fields(buf: bytes):
    """Yield (field number, wire type, value) of a protobuf message."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i : i + 8], i + 8
        elif wire == 2:
            length, i = _varint(buf, i)
            value, i = buf[i : i + length], i + length
        elif wire == 5:
            value, i = buf[i : i + 4], i + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield number, wire, value


def _packed(buf: bytes) -> list[int]:
    out, i = [], 0
    while i < len(buf):
        v, i = _varint(buf, i)
        out.append(v)
    return out


def _zigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def _value(buf: bytes):
    for number, _, v in _fields(buf):
        if number == 1:
            return v.decode()
        if number == 2:
            return struct.unpack("<f", v)[0]
        if number == 3:
            return struct.unpack("<d", v)[0]
        if number in (4, 5):
            return v
        if number == 6:
            return _zigzag(v)
        if number == 7:
            return bool(v)
    return None


def _points(commands: list[int]) -> list[tuple[int, int]]:
    points, x, y, i = [], 0, 0, 0
    while i < len(commands):
        command, count = commands[i] & 7, commands[i] >> 3
        i += 1
        if command == 7:  # ClosePath
            continue
        for _ in range(count):
            x += _zigzag(commands[i])
            y += _zigzag(commands[i + 1])
            i += 2
            points.append((x, y))
    return points


def decode(tile: bytes) -> dict[str, dict]:
    """{layer name: {"version", "extent", "features": [{"id", "type", "properties", "points"}]}}"""
    layers = {}
    for number, _, layer_buf in _fields(tile):
        if number != 3:
            continue
        layer = {"version": None, "extent": 4096, "features": []}
        keys, values, raw_features = [], [], []
        for n, _, v in _fields(layer_buf):
            if n == 15:
                layer["version"] = v
            elif n == 1:
                layer["name"] = v.decode()
            elif n == 2:
                raw_features.append(v)
            elif n == 3:
                keys.append(v.decode())
            elif n == 4:
                values.append(_value(v))
            elif n == 5:
                layer["extent"] = v
        for raw in raw_features:
            feature = {"id": None, "type": None, "properties": {}, "points": []}
            for n, _, v in _fields(raw):
                if n == 1:
                    feature["id"] = v
                elif n == 2:
                    tags = _packed(v)
                    feature["properties"] = {keys[k]: values[val] for k, val in zip(tags[::2], tags[1::2], strict=True)}
                elif n == 3:
                    feature["type"] = v
                elif n == 4:
                    feature["points"] = _points(_packed(v))
            layer["features"].append(feature)
        layers[layer["name"]] = layer
    return layers
