"""Code tables and checks printed on Chinese ID cards: sex, nation (GB 3304), dates, GB 11643 check digit."""
from __future__ import annotations

from datetime import date

from .errors import InvalidCard

SEX = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

# GB 3304-1991 民族名称的罗马字母拼写法和代码: the card prints the name without the 族 suffix.
_NATIONS = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 "
    "裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
NATIONS = {f"{i:02d}": name for i, name in enumerate(_NATIONS, start=1)}
NATIONS["97"] = "其他"
NATIONS["98"] = "外国血统中国籍人士"

LONG_TERM = "长期"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def masked(number: str) -> str:
    """An ID number as an error message may show it (screen, log): first 4 and last 4 only."""
    n = str(number)
    return n[:4] + "*" * (len(n) - 8) + n[-4:] if len(n) >= 12 else "*" * len(n)


def check_char(first17: str) -> str:
    """GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    # ASCII digits only: "²" and "①" are digits to str.isdigit() but not to int().
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise InvalidCard(f"{masked(first17)!r} is not 17 digits", zh="证件号码格式错误", en="malformed ID number")
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def verify_id_number(number: str) -> str:
    """Return the number if its check character is right; a wrong one means a misread or a forgery."""
    if len(number) != 18:
        raise InvalidCard(f"{masked(number)!r} has {len(number)} characters, not 18",
                          zh="证件号码长度错误", en="ID number is not 18 characters")
    expected = check_char(number[:17])
    if number[17].upper() != expected:
        raise InvalidCard(f"{masked(number)}: wrong check character",
                          zh="证件号码校验位错误", en="wrong ID number check digit")
    return number[:17] + expected


def sex_name(code: str) -> str:
    try:
        return SEX[code]
    except KeyError:
        raise InvalidCard(f"sex code {code!r}", zh="性别代码无效", en="unknown sex code") from None


def sex_code(name: str) -> str:
    for code, value in SEX.items():
        if value == name:
            return code
    raise ValueError(f"unknown sex {name!r}")


def nation_name(code: str) -> str:
    try:
        return NATIONS[code]
    except KeyError:
        raise InvalidCard(f"nation code {code!r}", zh="民族代码无效", en="unknown nation code") from None


def nation_code(name: str) -> str:
    for code, value in NATIONS.items():
        if value == name:
            return code
    raise ValueError(f"unknown nation {name!r}")


def iso_date(raw: str, field: str, allow_long_term: bool = False) -> str:
    """YYYYMMDD → YYYY-MM-DD, refusing impossible dates so a garbled block never looks valid."""
    if allow_long_term and raw == LONG_TERM:
        return LONG_TERM
    try:
        if len(raw) != 8 or not (raw.isascii() and raw.isdigit()):
            raise ValueError(raw)
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:])).isoformat()
    except ValueError:
        raise InvalidCard(f"{field} {raw!r}", zh="证件日期无效", en=f"invalid {field} date") from None


def card_date(iso: str) -> str:
    """YYYY-MM-DD (or 长期) → the YYYYMMDD text the card stores."""
    return iso if iso == LONG_TERM else iso.replace("-", "")


def is_expired(valid_to: str, on: date) -> bool:
    """A card is valid through its last day; 长期 never expires."""
    return valid_to != LONG_TERM and date.fromisoformat(valid_to) < on
