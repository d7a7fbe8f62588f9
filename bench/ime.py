"""Pinyin keyboard: time per key, taps to enter a full name, and the base model chosen by measurement."""
from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # `python bench/ime.py` as well as `python -m bench.ime`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.ime import Engine, PinyinSession
from kiosk.ime.lexicon import reading_of, shared

#: real words typed key by key for the latency figure: names, places, documents, everyday phrases
WORDS = ["zhangsan", "wangfang", "ouyangxiaoming", "meixianqu", "chengjiangzhen", "yanyangzhen",
         "gongjijin", "hukoubu", "yingyezhizhao", "shenfenzheng", "chushengyijianshi", "budongchandengji",
         "shebaoka", "minzhengju", "wodemingzi", "lianxidianhua", "yinhangzhanghao", "jiehunzheng",
         "zs", "mx", "cj", "zhangs", "liuxiaohong", "guangdongshengmeizhoushi"]
#: (pinyin, expected first word) for comparing base models: everyday words a user would type
MODEL_CHECKS = [("zhongguo", "中国"), ("shijian", "时间"), ("gongzuo", "工作"), ("xuesheng", "学生"),
                ("yiyuan", "医院"), ("dianhua", "电话"), ("dizhi", "地址"), ("shouji", "手机"),
                ("jiating", "家庭"), ("gongsi", "公司"), ("yinhang", "银行"), ("xingming", "姓名"),
                ("chusheng", "出生"), ("shenqing", "申请"), ("zhengming", "证明"), ("tuixiu", "退休"),
                ("jiehun", "结婚"), ("hukou", "户口"), ("shenti", "身体"), ("pengyou", "朋友"),
                ("xiansheng", "先生"), ("shangban", "上班"), ("qianming", "签名"), ("haoma", "号码")]
PAGE = 8
MAX_PAGES = 4


def latency(words: list[str]) -> list[float]:
    """ms for the first page of candidates after each key, a fresh session per word (no cache hits)."""
    out = []
    for w in words:
        s = PinyinSession(page_size=PAGE)
        for key in w:
            s.type(key)
            t0 = time.perf_counter()
            s.candidates(0)
            out.append((time.perf_counter() - t0) * 1000)
    return out


def names(count: int) -> list[tuple[str, tuple[str, ...]]]:
    """Deterministic 2-3 character full names from the common surnames and given-name characters."""
    lex = shared()
    sur = [(s, r) for s, r, _ in lex.surnames if len(s) == 1][:50]
    given = lex.given[:80]
    out = []
    for i in range(count):
        s, r = sur[(i * 7) % len(sur)]
        g = [given[(i * 11) % len(given)]]
        if i % 3:
            g.append(given[(i * 17 + 5) % len(given)])
        out.append((s + "".join(c for c, _, _ in g), tuple(r) + tuple(syl for _, syl, _ in g)))
    return out


def _spellings(syl: tuple[str, ...]) -> set[str]:
    """How a user might type these syllables: full, initials, full first syllable then initials."""
    ini = [s[:2] if s[:2] in ("zh", "ch", "sh") else s[0] for s in syl]
    return {"".join(syl), "".join(s[0] for s in syl), "".join(ini), syl[0] + "".join(s[0] for s in syl[1:])}


def piece_cost(engine: Engine, text: str, syl: tuple[str, ...], best: float) -> float:
    """Fewest taps to commit `text` alone: letters typed until it shows, paging taps, one tap to choose."""
    for spelling in sorted(_spellings(syl), key=len):
        for k in range(1, len(spelling) + 1):
            if k + 1 >= best:
                break
            found = [c.text for c in engine.candidates(spelling[:k]).candidates[:PAGE * MAX_PAGES]]
            if text in found:
                best = min(best, k + found.index(text) // PAGE + 1)
    return best


def name_taps(engine: Engine, text: str, syl: tuple[str, ...]) -> float:
    """Cheapest way to enter a name: whole, or split into pieces committed one after another."""
    n = len(text)
    cost = [0.0] + [math.inf] * n
    for j in range(1, n + 1):
        for i in range(j):
            if cost[i] < math.inf:
                cost[j] = min(cost[j], cost[i] + piece_cost(engine, text[i:j], syl[i:j], cost[j] - cost[i]))
    return cost[n]


def base_models(checks: list[tuple[str, str]]) -> tuple[int, int]:
    """Top-1 hits of pinyin2hanzi's phrase frequencies vs pypinyin's phrase list ranked by char frequency."""
    import json

    import Pinyin2Hanzi
    from pypinyin.phrases_dict import phrases_dict

    data = Path(Pinyin2Hanzi.__file__).parent / "data"
    p2h = json.loads((data / "dag_phrase.json").read_text(encoding="utf-8"))
    chars = json.loads((data / "dag_char.json").read_text(encoding="utf-8"))
    freq = {c: sc - 0.1 for items in chars.values() for c, sc in items}
    wanted = {p for p, _ in checks}
    by_py: dict[str, list[str]] = {}
    for word in phrases_dict:
        key = "".join(reading_of(word))
        if key in wanted:
            by_py.setdefault(key, []).append(word)
    hits_p2h = hits_pyp = 0
    for py, word in checks:
        syl = ",".join(s.replace("xue", "xve") for s in reading_of(word))
        ranked = sorted(p2h.get(syl, []), key=lambda x: -x[1])
        hits_p2h += bool(ranked) and ranked[0][0] == word
        cands = sorted(by_py.get(py, []), key=lambda w: -sum(math.log(max(freq.get(c, 0), 1e-7)) for c in w))
        hits_pyp += bool(cands) and cands[0] == word
    return hits_p2h, hits_pyp


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(quick: bool = False) -> str:
    t0 = time.perf_counter()
    engine = Engine()
    load_s = time.perf_counter() - t0
    lat = latency(WORDS[:8] if quick else WORDS)
    people = names(40 if quick else 200)
    taps = [name_taps(engine, t, s) for t, s in people]
    lengths = [len(t) for t, _ in people]
    first = sum(engine.candidates(py).candidates[0].text == w for py, w in MODEL_CHECKS)
    p2h, pyp = base_models(MODEL_CHECKS)
    worst = sorted(zip(taps, (t for t, _ in people)), reverse=True)[:5]
    lines = [
        "## Pinyin keyboard",
        "",
        "`kiosk/ime` (pinyin2hanzi frequencies + domain lexicon), page size "
        f"{PAGE}; model built once per process in {load_s:.1f} s.",
        "",
        "| measure | result | goal |",
        "|---|---:|---:|",
        f"| candidate list after each key, median ({len(lat)} keys over {len(WORDS[:8] if quick else WORDS)} "
        f"real words) | {statistics.median(lat):.2f} ms | ≤ 50 ms |",
        f"| same, p95 | {_pct(lat, 0.95):.2f} ms | |",
        f"| same, max | {max(lat):.2f} ms | |",
        f"| taps to enter a full name, median over {len(people)} common names "
        f"({lengths.count(2)} of 2 and {lengths.count(3)} of 3 characters) | {statistics.median(taps):.0f} | ≤ 12 |",
        f"| same, mean / p95 / max | {statistics.mean(taps):.1f} / {_pct(taps, 0.95):.0f} / {max(taps):.0f} | |",
        f"| everyday words first for their full pinyin ({len(MODEL_CHECKS)} checks) | "
        f"{first}/{len(MODEL_CHECKS)} | |",
        "",
        f"Base model by measurement, same {len(MODEL_CHECKS)} everyday words, first candidate right: "
        f"pinyin2hanzi's phrase frequencies {p2h}/{len(MODEL_CHECKS)}, pypinyin's phrase list ranked by "
        f"character frequency {pyp}/{len(MODEL_CHECKS)}.",
        "",
        "Taps count every letter key, every paging tap and the candidate tap, with the cheapest strategy "
        "(full pinyin, initials, or full surname + initials; whole name or piece by piece), choosing as soon "
        f"as the target shows within {MAX_PAGES} pages. The names are drawn from the same surname and "
        "given-name lists the engine boosts, so this is the case the lists cover; a rarer given character "
        "costs more taps. Costliest names: "
        + ", ".join(f"{t} ({c:.0f})" for c, t in worst) + ".",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
