"""The card's 256-byte UTF-16LE text block: the `Card` record, its four layouts, parser and encoder."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from . import codes
from .errors import InvalidCard

TEXT_LEN = 256
FLAG_OFFSET = 248
PAD = " "

RESIDENT = "resident"
HKMOTW = "hkmotw_permit"
FOREIGN = "foreign_permanent"
FOREIGN_2023 = "foreign_permanent_2023"
FLAGS = {RESIDENT: " ", HKMOTW: "J", FOREIGN: "I", FOREIGN_2023: "Y"}

# (attribute, byte offset, byte length, kind). Kinds say how raw card text becomes a display value.
_RESIDENT = (
    ("name", 0, 30, "text"), ("sex", 30, 2, "sex"), ("nation", 32, 4, "nation"), ("birth", 36, 16, "date"),
    ("address", 52, 70, "text"), ("id_number", 122, 36, "id18"), ("authority", 158, 30, "text"),
    ("valid_from", 188, 16, "date"), ("valid_to", 204, 16, "until"),
)
LAYOUTS = {
    RESIDENT: _RESIDENT,
    # The HK/Macau/Taiwan residence permit has no nation: the field is blank on the card.
    HKMOTW: tuple(f if f[0] != "nation" else ("nation", 32, 4, "text") for f in _RESIDENT) + (
        ("pass_number", 220, 18, "text"), ("issue_count", 238, 4, "text")),
    FOREIGN: (
        ("name_en", 0, 120, "text"), ("sex", 120, 2, "sex"), ("id_number", 122, 30, "text"),
        ("nationality", 152, 6, "text"), ("name", 158, 30, "text"), ("valid_from", 188, 16, "date"),
        ("valid_to", 204, 16, "until"), ("birth", 220, 16, "date"), ("version", 236, 4, "text"),
        ("authority_code", 240, 8, "text"),
    ),
    FOREIGN_2023: (
        ("name", 0, 30, "text"), ("sex", 30, 2, "sex"), ("renewal_count", 32, 4, "text"),
        ("birth", 36, 16, "date"), ("name_en", 52, 70, "en1"), ("id_number", 122, 36, "id18"),
        ("valid_from", 188, 16, "date"), ("valid_to", 204, 16, "until"), ("name_en", 220, 22, "en2"),
        ("nationality", 242, 6, "text"), ("old_permit_link", 250, 6, "text"),
    ),
}


@dataclass
class Card:
    """What one card says, in display form (YYYY-MM-DD dates, 男/女, nation names).

    Fields a layout lacks stay None. The WLT photo is kept as read; `photo_bmp` is filled only by a
    configured decoder plug-in, never invented.
    """

    card_type: str
    name: str
    sex: str
    birth: str
    id_number: str
    valid_from: str
    valid_to: str
    nation: str | None = None
    address: str | None = None
    authority: str | None = None
    name_en: str | None = None
    nationality: str | None = None
    pass_number: str | None = None
    issue_count: str | None = None
    renewal_count: str | None = None
    version: str | None = None
    authority_code: str | None = None
    old_permit_link: str | None = None
    photo_wlt: bytes = field(default=b"", repr=False)
    photo_bmp: bytes | None = field(default=None, repr=False, compare=False)

    def is_expired(self, on: date | None = None) -> bool:
        """Checked against a given day so tests and the kiosk clock agree on what 'today' is."""
        return codes.is_expired(self.valid_to, on or date.today())

    def to_dict(self, on: date | None = None) -> dict[str, Any]:
        """Plain JSON-ready values; the photo bytes stay out (see `photo_info`)."""
        d = asdict(self)
        d.pop("photo_wlt")
        d.pop("photo_bmp")
        head = {k: d.pop(k) for k in ("card_type", "name", "sex", "nation", "birth", "address", "id_number",
                                       "authority", "valid_from", "valid_to")}
        return {**head, "expired": self.is_expired(on), **d}

    def photo_info(self) -> dict[str, Any]:
        return {"format": "wlt", "bytes": len(self.photo_wlt), "decoded": self.photo_bmp is not None}


def _text(block: bytes, offset: int, length: int) -> str:
    try:
        return block[offset:offset + length].decode("utf-16-le")
    except UnicodeDecodeError:
        raise InvalidCard(f"bytes {offset}..{offset + length} are not UTF-16LE",
                          zh="证件文字信息无法解码", en="card text is not UTF-16LE") from None


def card_type_of(block: bytes) -> str:
    """The layout named by the flag at byte 248 (blank on a resident card)."""
    flag = _text(block, FLAG_OFFSET, 2)
    for card_type, value in FLAGS.items():
        if flag == value:
            return card_type
    if flag == "\x00":
        return RESIDENT
    raise InvalidCard(f"type flag {flag!r}", zh="无法识别的证件类型", en="unknown card type")


def _value(kind: str, raw: str, attr: str) -> str:
    value = raw.strip(" \x00")
    if kind == "sex":
        return codes.sex_name(value)
    if kind == "nation":
        return codes.nation_name(value)
    if kind == "date":
        return codes.iso_date(value, attr)
    if kind == "until":
        return codes.iso_date(value, attr, allow_long_term=True)
    if kind == "id18":
        return codes.verify_id_number(value)
    return value


def parse_text(block: bytes, photo_wlt: bytes = b"") -> Card:
    """Parse a text block; a wrong check digit or impossible date raises InvalidCard."""
    if len(block) != TEXT_LEN:
        raise InvalidCard(f"text block of {len(block)} bytes", zh="证件文字信息长度错误",
                          en="card text block is not 256 bytes")
    card_type = card_type_of(block)
    values: dict[str, Any] = {"card_type": card_type}
    en_parts: list[str] = []
    for attr, offset, length, kind in LAYOUTS[card_type]:
        raw = _text(block, offset, length)
        if kind in ("en1", "en2"):
            en_parts.append(raw)
            continue
        values[attr] = _value(kind, raw, attr)
    if en_parts:
        first, second = en_parts
        # A name that fills part 1 continues in part 2 mid-word; a padded part 1 ended at a word.
        if second.strip(" \x00") and first.endswith(PAD):
            values["name_en"] = f"{first.strip(' ')} {second.strip(' ')}"
        else:
            values["name_en"] = (first + second).strip(" \x00")
    return Card(photo_wlt=photo_wlt, **values)


def _raw(kind: str, value: str | None) -> str:
    if value is None:
        return ""
    if kind == "sex":
        return codes.sex_code(value)
    if kind == "nation":
        return codes.nation_code(value)
    if kind in ("date", "until"):
        return codes.card_date(value)
    return value


def encode_text(card: Card) -> bytes:
    """Build the 256-byte block a reader would return for `card` (simulator and fixtures)."""
    block = bytearray(PAD.encode("utf-16-le") * (TEXT_LEN // 2))
    en_split = 35  # characters in part 1 of the 2023 layout's English name
    for attr, offset, length, kind in LAYOUTS[card.card_type]:
        value = getattr(card, attr)
        if kind == "en1":
            value = (value or "")[:en_split]
        elif kind == "en2":
            value = (value or "")[en_split:]
        data = _raw(kind, value).encode("utf-16-le")
        if len(data) > length:
            raise ValueError(f"{attr} {value!r} does not fit in {length} bytes")
        block[offset:offset + len(data)] = data
    flag = FLAGS[card.card_type]
    if flag != PAD:
        block[FLAG_OFFSET:FLAG_OFFSET + 2] = flag.encode("utf-16-le")
    return bytes(block)
