"""What a screen reader needs from a PDF (PDF/UA): a structure tree, marked content, the
document's language and its title shown instead of the file name."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject


def structure_tags(data: bytes) -> set[str]:
    """The structure types (``/H1``, ``/Table``, ``/P`` …) in a tagged PDF's structure tree,
    after checking that the catalog declares the tree, marks the content and names the
    language and title."""
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"].get_object()
    assert isinstance(catalog, DictionaryObject)
    assert "/StructTreeRoot" in catalog, "no structure tree: the PDF is not tagged"
    mark_info: Any = catalog["/MarkInfo"]
    assert mark_info["/Marked"] == BooleanObject(True)
    assert str(catalog["/Lang"])
    preferences: Any = catalog["/ViewerPreferences"]
    assert preferences["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata is not None and reader.metadata.title
    tags: set[str] = set()

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                tags.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(catalog["/StructTreeRoot"])
    return tags
