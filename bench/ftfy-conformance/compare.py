#!/usr/bin/env python3
"""Run ftfy and textpipe over the same texts and list every disagreement.

Usage: compare.py [--textpipe BIN] [--pipeline P.json] [--ftfy fix_encoding|fix_text]
                  [--out DIR] CORPUS...

A corpus is JSONL (optionally .gz) with "text" and, for repair cases, "expected" (and "set").
For each corpus, prints one JSON summary line and writes DIR/<name>.disagreements.jsonl with
every text where textpipe's output differs from ftfy's (after the scorer's normalization:
curly quotes to ASCII, NFC). With "expected", also counts passes per set for both tools.

ftfy is a development-only oracle, never a runtime dependency: `run` installs it in a venv.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})

# textpipe's clean stage with only the mojibake repair on (layout kept, nothing else).
MOJIBAKE_ONLY = {
    "name": "mojibake-only",
    "description": "clean stage with only fix_mojibake (for the ftfy conformance harness)",
    "stages": [{
        "stage": "clean", "keep_layout": True, "strip_html": False, "decode_entities": False,
        "normalization": "none", "remove_control": False, "normalize_spaces": False,
        "fix_ligatures": False, "fix_width": False, "collapse_whitespace": False,
    }],
}


def norm(s):
    return unicodedata.normalize("NFC", (s or "").translate(QUOTES))


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_textpipe(binary, pipeline, texts):
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "in.jsonl"), os.path.join(d, "out.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n")
        subprocess.run([binary, "run", "-p", pipeline, "-i", src, "-o", dst, "-j", "1"],
                       check=True, stdout=subprocess.DEVNULL)
        out = {}
        with open(dst, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                out[str(r.get("id"))] = r.get("text", "")
    return [out.get(str(i), "") for i in range(len(texts))]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--textpipe", default="target/release/textpipe")
    ap.add_argument("--pipeline", default=None, help="default: mojibake repair only")
    ap.add_argument("--ftfy", default="fix_encoding", choices=["fix_encoding", "fix_text"])
    ap.add_argument("--out", default="target/ftfy-conformance")
    ap.add_argument("corpus", nargs="+")
    a = ap.parse_args()
    import ftfy
    fixer = getattr(ftfy, a.ftfy)
    os.makedirs(a.out, exist_ok=True)
    pipeline = a.pipeline
    if pipeline is None:
        pipeline = os.path.join(a.out, "mojibake-only.json")
        with open(pipeline, "w", encoding="utf-8") as f:
            json.dump(MOJIBAKE_ONLY, f)
    for path in a.corpus:
        recs = load(path)
        texts = [r.get("text", "") for r in recs]
        tp = run_textpipe(a.textpipe, pipeline, texts)
        ft = [fixer(t) for t in texts]
        name = os.path.basename(path).split(".")[0]
        dis_path = os.path.join(a.out, f"{name}.disagreements.jsonl")
        summary = {"corpus": path, "texts": len(texts), "ftfy": a.ftfy,
                   "ftfy_changed": sum(norm(f) != norm(t) for f, t in zip(ft, texts)),
                   "textpipe_changed": sum(norm(p) != norm(t) for p, t in zip(tp, texts)),
                   "disagreements": 0}
        per_set = {}
        with open(dis_path, "w", encoding="utf-8") as out:
            for r, t, p, f in zip(recs, texts, tp, ft):
                exp = r.get("expected")
                if exp is not None:
                    s = per_set.setdefault(r.get("set", ""), {"cases": 0, "ftfy": 0, "textpipe": 0})
                    s["cases"] += 1
                    s["ftfy"] += norm(f) == norm(exp)
                    s["textpipe"] += norm(p) == norm(exp)
                if norm(p) != norm(f):
                    summary["disagreements"] += 1
                    row = {"id": r.get("id"), "set": r.get("set"), "text": t,
                           "textpipe": p, "ftfy": f}
                    if exp is not None:
                        row["expected"] = exp
                        row["winner"] = ("textpipe" if norm(p) == norm(exp) else
                                         "ftfy" if norm(f) == norm(exp) else "neither")
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        if per_set:
            tot = {"cases": 0, "ftfy": 0, "textpipe": 0}
            for v in per_set.values():
                for k in tot:
                    tot[k] += v[k]
            broken = {k: v for k, v in per_set.items() if k != "correct"}
            summary["broken_total"] = {k: sum(v[k] for v in broken.values()) for k in tot}
            summary["per_set"] = per_set
        summary["written"] = dis_path
        print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
