"""Build a synthetic termbase of N concepts (default 50,000) through the public API.

Deterministic for a given --seed, so speed benchmarks (lookup, export) compare
like with like. Three versions are written, the way a real base grows:

  v1  import: N concepts, each with 1–2 zh and 1–2 en terms, pair evidence and
      one or two example beads; statuses mixed (mostly preferred or candidate)
  v2  mine:   a tenth of the concepts seen again with new counts, and new
      zh variants for some of them
  v3  status: a few hundred decisions (deprecations, approvals) in one version

Prints the time of each step and of the main reads, which docs/BENCHMARKS.md records.

  .venv/bin/python scripts/make_termbase.py /tmp/tb50k.db
  .venv/bin/python scripts/make_termbase.py /tmp/tb1k.db --concepts 1000 --seed 7
  .venv/bin/python scripts/make_termbase.py /tmp/tb500k-unpc.db --concepts 500000 --vocabulary unpc

By default names combine 60 building blocks per language, so every key shares its words (and
trigrams) with tens of thousands of others: far from a real termbase, whose names draw on thousands
of words. --vocabulary unpc draws them instead from the words of the UN Parallel Corpus dev set in
../shared/data (about 8,000 English and 8,000 Chinese words, each as often as it occurs there).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from termalign.glossary.concepts import Concept, Example, PairEvidence, Term  # noqa: E402
from termalign.glossary.termbase import Termbase  # noqa: E402

# Building blocks that combine into distinct, plausible-looking names.
ZH_PARTS = (
    "可持续", "发展", "国际", "区域", "合作", "委员会", "方案", "基金", "机构", "信息", "通信", "技术",
    "社会", "经济", "环境", "人权", "儿童", "妇女", "难民", "粮食", "安全", "卫生", "教育", "贸易",
    "金融", "气候", "海洋", "能源", "城市", "农村", "治理", "论坛", "峰会", "会议", "公约", "议定书",
    "战略", "框架", "行动", "计划", "中心", "网络", "伙伴关系", "倡议", "小组", "特别", "常设", "高级别",
    "政府间", "多边", "全球", "国家", "数据", "统计", "减灾", "移民", "和平", "建设", "维持", "裁军",
)
EN_PARTS = (
    "Sustainable", "Development", "International", "Regional", "Cooperation", "Commission", "Programme",
    "Fund", "Agency", "Information", "Communications", "Technology", "Social", "Economic", "Environment",
    "Human Rights", "Children", "Women", "Refugees", "Food", "Security", "Health", "Education", "Trade",
    "Finance", "Climate", "Ocean", "Energy", "Urban", "Rural", "Governance", "Forum", "Summit", "Conference",
    "Convention", "Protocol", "Strategy", "Framework", "Action", "Plan", "Centre", "Network", "Partnership",
    "Initiative", "Group", "Special", "Standing", "High-level", "Intergovernmental", "Multilateral", "Global",
    "National", "Data", "Statistics", "Disaster Reduction", "Migration", "Peace", "Building", "Keeping",
    "Disarmament",
)
STATUS_MIX = ("preferred",) * 4 + ("admitted",) + ("candidate",) * 4 + ("deprecated",)


# The UN Parallel Corpus dev set (see its PROVENANCE.md): English untokenised, Chinese segmented by jieba.
UNPC = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "unpc-v1.0-testsets" / "original"
# Function words left out of the English vocabulary: drawn by their frequency they would be in most names.
EN_STOP = frozenset("the and for that with its from are all this has have was were which their been not also "
                    "who will shall such these those other into our they she his her any may can than".split())


def unpc_vocabulary() -> tuple[list[str], list[int], list[str], list[int]]:
    """English and Chinese words of the UNPC dev set with their counts: (zh words, zh counts, en, en counts)."""
    if not UNPC.is_dir():
        sys.exit(f"make_termbase.py: error: {UNPC} not found; --vocabulary unpc reads ../shared/data")
    zh = Counter(word for line in (UNPC / "UNv1.0.devset.zh.jieba").open(encoding="utf-8")
                 for word in line.split() if re.fullmatch(r"[\u4e00-\u9fff]{2,}", word))
    en = Counter(word.lower() for line in (UNPC / "UNv1.0.devset.en").open(encoding="utf-8")
                 for word in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", line) if len(word) >= 3)
    for word in EN_STOP:
        en.pop(word, None)
    zh_words, en_words = sorted(zh), sorted(en)       # sorted: the same draw for a seed whatever the hash seed
    return zh_words, [zh[w] for w in zh_words], [w.capitalize() for w in en_words], [en[w] for w in en_words]


class Names:
    """Distinct random names of 2–4 parts; with COUNTS, parts are drawn as often as they were counted."""

    def __init__(self, rng: random.Random, parts: tuple[str, ...] | list[str], joiner: str,
                 counts: list[int] | None = None):
        self.rng, self.parts, self.joiner = rng, parts, joiner
        self.cumulative = list(accumulate(counts)) if counts else None
        self.seen: set[str] = set()

    def new(self) -> str:
        while True:
            size = self.rng.randint(2, 4)
            if self.cumulative is None:
                chosen = self.rng.sample(self.parts, size)
            else:
                chosen = self.rng.choices(self.parts, cum_weights=self.cumulative, k=size)
            name = self.joiner.join(chosen)
            if len(set(chosen)) == size and name.casefold() not in self.seen:
                self.seen.add(name.casefold())
                return name


def build_concepts(n: int, rng: random.Random, vocabulary: str = "synthetic") -> list[Concept]:
    if vocabulary == "unpc":
        zh_words, zh_counts, en_words, en_counts = unpc_vocabulary()
        zh_names, en_names = Names(rng, zh_words, "", zh_counts), Names(rng, en_words, " ", en_counts)
    else:
        zh_names, en_names = Names(rng, ZH_PARTS, ""), Names(rng, EN_PARTS, " ")
    concepts = []
    for i in range(n):
        status = rng.choice(STATUS_MIX)
        zh_terms = [zh_names.new() for _ in range(rng.choice((1, 1, 1, 2)))]
        en_terms = [en_names.new() for _ in range(rng.choice((1, 1, 1, 2)))]
        terms = [Term("zh", text, status=status if j == 0 else "admitted", frequency=rng.randint(3, 200),
                      documents=rng.randint(1, 40)) for j, text in enumerate(zh_terms)]
        terms += [Term("en", text, status=status if j == 0 else "admitted", frequency=rng.randint(3, 200),
                       documents=rng.randint(1, 40)) for j, text in enumerate(en_terms)]
        pairs = []
        for zh in zh_terms:
            en = en_terms[0]
            examples = [Example(doc=f"A/RES/{rng.randint(60, 79)}/{rng.randint(1, 300)}", bead=f"b{i}-{k}",
                                zh_paragraph=f"p{k + 3}", en_paragraph=f"p{k + 3}",
                                zh=f"大会重申{zh}的作用，并请各会员国予以支持。",
                                en=f"The General Assembly reaffirms the role of the {en} and invites "
                                   f"Member States to support it.")
                        for k in range(rng.randint(1, 2))]
            pairs.append(PairEvidence(zh, en, frequency=rng.randint(3, 150), documents=rng.randint(1, 40),
                                      association=round(rng.uniform(10, 900), 2),
                                      consistency=round(rng.uniform(0.5, 1.0), 3),
                                      similarity=round(rng.uniform(0.4, 0.95), 3), examples=examples))
        concepts.append(Concept(id=None, terms=terms, pairs=pairs))
    return concepts


def remined(concepts: list[Concept], rng: random.Random) -> list[Concept]:
    """A tenth of the concepts seen again by a mining run, some with a new zh variant."""
    zh_variants = Names(rng, ZH_PARTS, "")
    out = []
    for concept in rng.sample(concepts, len(concepts) // 10):
        terms = [Term(t.lang, t.text, frequency=t.frequency + rng.randint(1, 20), documents=t.documents + 1)
                 for t in concept.terms]
        if rng.random() < 0.3:
            terms.append(Term("zh", zh_variants.new(), frequency=rng.randint(1, 9), documents=1))
        out.append(Concept(id=None, terms=terms, pairs=concept.pairs[:1]))
    return out


def timed(label: str, function):
    """Run FUNCTION, printing its wall time and this process's CPU time (less affected by other jobs)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    print(f"{label:<50} wall {time.perf_counter() - wall:8.3f} s   cpu {time.process_time() - cpu:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="termbase file to create (must not exist)")
    parser.add_argument("--concepts", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=("synthetic", "unpc"), default="synthetic",
                        help="words of the names: 60 per language (default), or the UNPC dev set's")
    args = parser.parse_args()
    if os.path.exists(args.path):
        parser.error(f"{args.path} exists; give a new path")

    # The dev machine is shared: a fixed pure-Python workload shows how loaded it was during the run.
    timed("load probe: sum of 10^7 squares in Python", lambda: sum(i * i for i in range(10**7)))
    rng = random.Random(args.seed)
    concepts = build_concepts(args.concepts, rng, args.vocabulary)
    with Termbase.open(args.path, create=True) as tb:
        timed(f"v1 import of {len(concepts):,} concepts", lambda: tb.commit_import(concepts, note="synthetic"))
        again = remined(concepts, rng)
        timed(f"v2 mining run touching {len(again):,} concepts",
              lambda: tb.commit_mining(again, note="synthetic re-mining"))
        rows = tb.term_rows()
        decisions = [(row.concept_id, row.lang, row.text, rng.choice(("deprecated", "preferred")))
                     for row in rng.sample(rows, min(300, len(rows)))]
        timed(f"v3 {len(decisions)} status decisions", lambda: tb.apply_status_changes(decisions, note="synthetic",
                                                                                       kind="status"))
        rows = timed("term_rows() at the latest version", tb.term_rows)
        timed("term_rows() at version 1", lambda: tb.term_rows(version=1))
        timed("term_rows(statuses=preferred,admitted)", lambda: tb.term_rows(statuses=("preferred", "admitted")))
        probe = rows[len(rows) // 2]
        timed("find() one term, latest", lambda: tb.find(probe.text, probe.lang))
        timed("find() one term, version 1", lambda: tb.find(probe.text, probe.lang, version=1))
        timed("concept() one concept, version 2", lambda: tb.concept(probe.concept_id, version=2))
        timed("concepts() all, latest (with evidence)", tb.concepts)
        timed("diff(1, 3)", lambda: tb.diff(1, 3))
        summary = f"{len(rows):,} terms in {len({r.concept_id for r in rows}):,} concepts, " \
                  f"{tb.latest_version()} versions"
    # Closing the last connection folds the write-ahead log into the file.
    print(f"{summary}, file {os.path.getsize(args.path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
