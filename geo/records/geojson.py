"""GeoJSON reader for imports: a FeatureCollection read as a stream of events, in bounded memory.

A first pass over the parser's events (``ijson``) checks the structure, refuses nesting deeper
than ``Limits.max_depth`` and collects the property names, holding nothing but a stack as deep
as the nesting; the second pass yields one feature at a time. Every wrong JSON type gets a
one-line reason: for the document as an ``ImportFileError``, for one feature as a row error.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from geo.records.readers import ImportFileError, Row, RowStream, normalise_header
from geo.records.schema import Limits

_JSON_TYPE = {
    "start_map": "an object",
    "start_array": "an array",
    "string": "text",
    "number": "a number",
    "integer": "a number",
    "double": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return "text"


def _skip_bom(handle: BinaryIO) -> None:
    handle.seek(0)
    if handle.read(3) != codecs.BOM_UTF8:
        handle.seek(0)


def _json_error(file_name: str, err: Exception) -> ImportFileError:
    reason = str(err).strip().splitlines()[0][:160] if str(err).strip() else type(err).__name__
    return ImportFileError(f"{file_name}: not valid GeoJSON: {reason}")


def _scan_geojson(handle: BinaryIO, file_name: str, limits: Limits) -> list[str]:
    """First pass over the event stream: structure, depth limit and the property names.

    Holds nothing but a stack as deep as the nesting, so a deep or huge file is refused in
    bounded memory.
    """
    _skip_bom(handle)
    columns: list[str] = []
    seen: set[str] = set()
    keys: list[str | None] = []  # the current key at each open object
    depth = 0
    top = doc_type = None
    features_kind: str | None = None
    features = 0
    try:
        for event, value in ijson.basic_parse(handle, use_float=True):
            if top is None:
                top = event
                if event != "start_map":
                    raise ImportFileError(
                        f"{file_name}: not a table: expected a GeoJSON FeatureCollection (an "
                        f"object), not {_JSON_TYPE.get(event, event)}"
                    )
            if event in ("start_map", "start_array"):
                depth += 1
                if depth > limits.max_depth:
                    raise ImportFileError(
                        f"{file_name}: refused: nested deeper than {limits.max_depth} levels"
                    )
                if depth == 2 and keys[0] == "features":
                    features_kind = event
                elif depth == 3 and keys[0] == "features":
                    features += 1
                keys.append(None)
                continue
            if event in ("end_map", "end_array"):
                depth -= 1
                keys.pop()
                continue
            if event == "map_key":
                keys[-1] = value
                if depth == 4 and keys[0] == "features" and keys[2] == "properties":
                    name = normalise_header(value)
                    if name not in seen:
                        seen.add(name)
                        columns.append(name)
                continue
            # a scalar value
            if depth == 1 and keys[0] == "type":
                doc_type = value
            elif depth == 1 and keys[0] == "features":
                features_kind = event
            elif depth == 2 and keys[0] == "features":
                features += 1
    except ImportFileError:
        raise
    except UnicodeDecodeError as err:
        message = f"{file_name}: wrong encoding: the file is not UTF-8 ({err.reason})"
        raise ImportFileError(message) from None
    except Exception as err:  # ijson.JSONError, IncompleteJSONError and the backend's own
        raise _json_error(file_name, err) from None
    if top is None:
        raise ImportFileError(f"{file_name}: the file is empty")
    if doc_type != "FeatureCollection":
        raise ImportFileError(
            f"{file_name}: not a table: expected a GeoJSON FeatureCollection "
            f'(its "type" is {doc_type!r})'
        )
    if features_kind != "start_array":
        what = "missing" if features_kind is None else _JSON_TYPE.get(features_kind, "not a list")
        raise ImportFileError(f'{file_name}: "features" must be an array; it is {what}')
    if not features:
        raise ImportFileError(f"{file_name}: the FeatureCollection has no features")
    for name in ("lat", "lon"):
        if name not in seen:
            columns.append(name)
    return columns


def _feature_values(feature: Any) -> dict[str, Any]:
    """The row of one feature, or ``{"__error__": (column, reason)}`` saying what is wrong."""
    if not isinstance(feature, dict):
        return {"__error__": ("(feature)", f"not a GeoJSON Feature: {_json_kind(feature)}")}
    if feature.get("type") != "Feature":
        return {
            "__error__": ("type", f"not a GeoJSON Feature: its type is {feature.get('type')!r}")
        }
    props = feature.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        return {"__error__": ("properties", f"must be an object, not {_json_kind(props)}")}
    values: dict[str, Any] = {}
    for key, value in props.items():
        if isinstance(value, dict | list):
            return {
                "__error__": (str(key)[:80], f"must be text or a number, not {_json_kind(value)}")
            }
        values[normalise_header(key)] = "" if value is None else value
    geometry = feature.get("geometry")
    if geometry is None:
        return values
    if not isinstance(geometry, dict):
        return {"__error__": ("geometry", f"must be an object, not {_json_kind(geometry)}")}
    if geometry.get("type") != "Point":
        return {"__error__": ("geometry", "only Point geometries are accepted")}
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or len(coords) < 2:
        kind = "too few numbers" if isinstance(coords, list) else _json_kind(coords)
        return {"__error__": ("geometry", f"Point coordinates must be [lon, lat], not {kind}")}
    lon, lat = coords[0], coords[1]
    for number in (lon, lat):
        if isinstance(number, bool) or not isinstance(number, int | float):
            return {
                "__error__": ("geometry", f"a coordinate is {_json_kind(number)}, not a number")
            }
    values.setdefault("lon", lon)
    values.setdefault("lat", lat)
    return values


def geojson_rows(handle: BinaryIO, file_name: str, limits: Limits) -> RowStream:
    """The features of a GeoJSON FeatureCollection as rows, after a bounded first pass."""

    if handle.seek(0, io.SEEK_END) > limits.max_geojson_bytes:
        size = handle.tell()
        raise ImportFileError(
            f"{file_name}: file too large: {size / 1e6:.1f} MB; a GeoJSON file may have at most "
            f"{limits.max_geojson_bytes / 1e6:.0f} MB. Split it, or use CSV."
        )
    columns = _scan_geojson(handle, file_name, limits)

    def rows() -> Iterator[Row]:
        try:
            _skip_bom(handle)
            features = ijson.items(handle, "features.item", use_float=True)
            for number, feature in enumerate(features, start=1):
                yield number, _feature_values(feature)
        except Exception as err:  # the file changed since the first pass
            raise _json_error(file_name, err) from None
        finally:
            handle.close()

    return RowStream(columns, rows())
