"""What the fuzz targets feed their parsers: bytes flipped, dropped, inserted and repeated; text with
look-alike, invisible and wide characters; documents with a value of the wrong type or a key dropped."""
from __future__ import annotations

import json
import random

#: Characters that have broken parsers before: digit look-alikes, invisible ones, surrogate-ish, wide.
NASTY = ["²", "①", "٣", "５", "¹", "\u200b", "\ufeff", "\u202e", "\x00", "\n", "\ud7ff", "𠀀", "X", "x", "-",
         "０", "Ⅻ", "🙂", "\\", "\"", "'", "%", "{", "$", "长期", "\u3000"]
#: Values of the wrong type (or the right type and a wrong size) for any place in a document.
WRONG = [None, True, False, 0, -1, 2 ** 63, 2 ** 64, 1.5, float("inf"), "", "¹", "x" * 3000, [], [1, "a"], {},
         {"a": 1}, "\u200b", "２０２６"]


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        if op < 0.5 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op < 0.7 and b:
            del b[rng.randrange(len(b))]
        elif op < 0.85:
            b.insert(rng.randrange(len(b) + 1), rng.randrange(256))
        elif b:
            i = rng.randrange(len(b))
            b[i:i] = b[i:i + rng.randint(1, 16)]
    return bytes(b)


def nasty_text(rng: random.Random, base: str) -> str:
    chars = list(base)
    for _ in range(rng.randint(1, 4)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice(NASTY)
    return "".join(chars)


def mutate_doc(rng: random.Random, doc):
    """A copy of a TOML document with one value somewhere replaced by a wrong type (or a key dropped)."""
    doc = json.loads(json.dumps(doc))
    node, path = doc, []
    for _ in range(rng.randint(0, 4)):
        if isinstance(node, dict) and node:
            k = rng.choice(sorted(node))
        elif isinstance(node, list) and node:
            k = rng.randrange(len(node))
        else:
            break
        path.append((node, k))
        if not isinstance(node[k], (dict, list)):
            break
        node = node[k]
    if not path:
        return rng.choice(WRONG) if rng.random() < 0.1 else doc
    parent, k = path[-1]
    if isinstance(parent, dict) and rng.random() < 0.15:
        del parent[k]
    else:
        parent[k] = rng.choice(WRONG)
    return doc
