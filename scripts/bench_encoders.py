"""Encoder load time, throughput and peak memory on UN text.

    python scripts/bench_encoders.py [--shared ../shared] [--n 1000]

For each route (`use-m3` through termalign's encoder layer, and the same model
through sentence-transformers as `SentenceTransformer(modules=[UseM3Module()])`)
a fresh subprocess loads the model, embeds N Chinese and N English sentences of
the UN Parallel Corpus dev set, and reports its own peak RSS. Also prints the
bitext retrieval P@1 (zh→en and en→zh) on those sentences as a sanity check.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROUTES = ("use-m3", "st-module")

CHILD = r"""
import json, resource, sys, time
route, zh_path, en_path, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
zh = [l.strip() for l in open(zh_path, encoding="utf-8")][:n]
en = [l.strip() for l in open(en_path, encoding="utf-8")][:n]
t0 = time.perf_counter()
if route == "use-m3":
    from termalign.models import load_encoder
    enc = load_encoder("use-m3", cache=False)
    encode = enc.encode
else:
    from sentence_transformers import SentenceTransformer
    from termalign.models.st_module import UseM3Module
    model = SentenceTransformer(modules=[UseM3Module()], device="cpu")
    encode = lambda texts: model.encode(texts, batch_size=128, show_progress_bar=False)
encode(["warm up"])
load = time.perf_counter() - t0
t1 = time.perf_counter(); vz = encode(zh); tz = time.perf_counter() - t1
t2 = time.perf_counter(); ve = encode(en); te = time.perf_counter() - t2
sim = vz @ ve.T
p1_zh_en = float((sim.argmax(1) == range(len(zh))).mean())
p1_en_zh = float((sim.argmax(0) == range(len(en))).mean())
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"route": route, "load_s": load, "zh_per_s": len(zh) / tz, "en_per_s": len(en) / te,
                  "peak_mb": peak_mb, "p1_zh_en": p1_zh_en, "p1_en_zh": p1_en_zh}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    data = args.shared / "data" / "unpc-v1.0-testsets"
    zh, en = data / "derived" / "UNv1.0.devset.zh.detok", data / "original" / "UNv1.0.devset.en"
    if not zh.exists():
        sys.exit(f"UN dev set not found under {data}")
    print(f"{'route':<10} {'load s':>7} {'zh sent/s':>10} {'en sent/s':>10} {'peak MB':>8} {'P@1 zh→en':>10} {'P@1 en→zh':>10}")
    for route in ROUTES:
        out = subprocess.run([sys.executable, "-c", CHILD, route, str(zh), str(en), str(args.n)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['route']:<10} {r['load_s']:>7.2f} {r['zh_per_s']:>10.0f} {r['en_per_s']:>10.0f} "
              f"{r['peak_mb']:>8.0f} {r['p1_zh_en']:>10.3f} {r['p1_en_zh']:>10.3f}")


if __name__ == "__main__":
    main()
