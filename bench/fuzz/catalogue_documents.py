"""Fuzz target: catalogue documents (theme, matter, material, field, registries) with a wrong type somewhere,
through the validator, and now and then through the whole loader and builder."""
from __future__ import annotations

import json
import random

from .mutate import mutate_doc
from .outcome import Outcome


def catalogue(cases: int, seed: int) -> Outcome:
    """One document at a time (theme, matter, material, field, registries) with a wrong type somewhere,
    validated alone; every 250th case the mutated document inside a small complete catalogue, validated
    and, if it passes, built. Refusal is a list of errors (ContentInvalid), never an exception."""
    from content import ContentInvalid, load_documents, read_folder
    from content.source import Documents
    from content.validate import validate

    out = Outcome("catalogue documents with wrong types", cases, seed)
    rng = random.Random(seed)
    docs = read_folder()
    keep = _small_catalogue(docs.docs)
    names = sorted(keep)
    with out.timed():
        for i in range(cases):
            name = rng.choice(names)
            mutated = mutate_doc(rng, keep[name])
            try:
                if i % 250 == 0:
                    load_documents(Documents(docs={**keep, name: mutated}))
                    out.accepted += 1
                else:
                    errors = validate(Documents(docs={name: mutated}))
                    out.refused += bool(errors)
                    out.accepted += not errors
            except ContentInvalid:
                out.refused += 1
            except Exception as exc:  # noqa: BLE001
                out.finding(f"{type(exc).__name__}: {name} case {i}")
    return out


def _small_catalogue(docs: dict) -> dict:
    """The top-level documents (catalogue, departments, locations, roles), theme 5 (birth) and the matters,
    materials and fields it names: a whole catalogue, small enough to build every 250th case."""
    keep = {k: v for k, v in docs.items() if "/" not in k or k == "themes/birth.toml"}
    blob = json.dumps(keep["themes/birth.toml"])
    keep.update({k: v for k, v in docs.items() if k.startswith("matters/") and v.get("id") in blob})
    blob = json.dumps(list(keep.values()), ensure_ascii=False)
    keep.update({k: v for k, v in docs.items()
                 if k.startswith(("materials/", "fields/")) and v.get("id") in blob})
    return keep
