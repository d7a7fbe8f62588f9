"""Splitting typed pinyin into syllables, initials and a trailing partial syllable.

A touchscreen user types without spaces ("zhangsan"), abbreviates ("zs"), mixes the two ("zhangs") and
types ü as v. Each reading of the input is a list of tokens; a token stands for the set of syllables it may
be: a whole syllable for itself, an initial ("zh", "s") or a trailing partial ("zhon") for every syllable it
starts. Ambiguous input ("xian" or "xi'an") keeps a few readings; the engine ranks their words together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Standard Mandarin syllables, ü written v (lv, nv, lve, nve); jue/que/xue/yue keep their usual u.
# Interjection-only syllables (m, n, ng, hm, hng) are left out so that "m" and "n" stay initials.
SYLLABLES: frozenset[str] = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen
ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci
cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du
duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng
gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan
huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei
ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao
lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min
ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan
nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang
qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa
sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan
shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting
tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong
xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei
zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun
zhuo zi zong zou zu zuan zui zun zuo""".split())

#: Spellings people type for the same syllable.
ALIASES: dict[str, str] = {"lue": "lve", "nue": "nve", "jv": "ju", "qv": "qu", "xv": "xu", "yv": "yu",
                           "jve": "jue", "qve": "que", "xve": "xue", "yve": "yue"}

INITIALS: frozenset[str] = frozenset("b p m f d t n l g k h j q x zh ch sh r z c s y w".split())

_PREFIXES: frozenset[str] = frozenset(s[:i] for s in SYLLABLES | set(ALIASES) for i in range(1, len(s) + 1))
_SEPARATORS = re.compile(r"[' ]+")
_ALLOWED = re.compile(r"^[a-z' ]*$")
MAX_LEN = 40            # letters; beyond this the input is refused rather than slowly enumerated
BEAM = 6                # readings kept per position


class BadInput(ValueError):
    """The input holds something that is not pinyin (digits, punctuation, too long)."""


@dataclass(frozen=True)
class Token:
    text: str           # as typed (after ü -> v and alias folding)
    kind: str           # "full", "initial" or "partial"

    def matches(self, syllable: str) -> bool:
        return syllable == self.text if self.kind == "full" else syllable.startswith(self.text)


def normalise(raw: str) -> str:
    """Lower case, ü -> v, full-width apostrophe -> '; raise BadInput for anything that is not pinyin."""
    text = raw.lower().replace("ü", "v").replace("’", "'").replace("\u3000", " ")
    if not _ALLOWED.match(text):
        raise BadInput(f"not pinyin: {raw!r} (letters, spaces and ' only)")
    if len(text.replace(" ", "").replace("'", "")) > MAX_LEN:
        raise BadInput(f"too long: at most {MAX_LEN} letters")
    return text


def _token(piece: str, last: bool) -> Token | None:
    piece = ALIASES.get(piece, piece)
    if piece in SYLLABLES:
        return Token(piece, "full")
    if piece in INITIALS:
        return Token(piece, "initial")
    if last and piece in _PREFIXES:
        return Token(piece, "partial")
    return None


def _cost(reading: tuple[Token, ...]) -> tuple[int, int]:
    """Fewer abbreviated tokens first, then fewer tokens: "xian" before "xi'an", "zhangs" as zhang+s."""
    return sum(t.kind != "full" for t in reading), len(reading)


def _split_chunk(chunk: str) -> list[tuple[Token, ...]]:
    """Best readings of one separator-free chunk, by dynamic programming over end positions."""
    n = len(chunk)
    best: list[list[tuple[Token, ...]]] = [[] for _ in range(n + 1)]
    best[0] = [()]
    for end in range(1, n + 1):
        found = []
        for start in range(max(0, end - 6), end):
            if not best[start]:
                continue
            tok = _token(chunk[start:end], last=end == n)
            if tok is None:
                continue
            found.extend(r + (tok,) for r in best[start])
        found.sort(key=_cost)
        best[end] = found[:BEAM]
    return best[n]


@lru_cache(maxsize=2048)
def readings(raw: str) -> tuple[tuple[Token, ...], ...]:
    """Plausible readings of the input, best first; () if it cannot be read as pinyin at all.

    Only readings with the fewest abbreviated tokens are kept, so "zhangs" never turns into z+h+a+n+g+s,
    while the genuinely ambiguous "xian" keeps both xian and xi+an.
    """
    text = normalise(raw)
    chunks = [c for c in _SEPARATORS.split(text) if c]
    if not chunks:
        return ()
    result: list[tuple[Token, ...]] = [()]
    for i, chunk in enumerate(chunks):
        parts = _split_chunk(chunk)
        if not parts:
            return ()
        result = sorted((r + p for r in result for p in parts), key=_cost)[:BEAM]
    floor = _cost(result[0])[0]
    return tuple(r for r in result if _cost(r)[0] == floor)


def display(reading: tuple[Token, ...]) -> str:
    """The composition as shown above the candidates: syllables separated by apostrophes."""
    return "'".join(t.text for t in reading)
