#!/usr/bin/env python3
"""Build mojibake repair cases from correct text (standard library only).

Reads a file of correct paragraphs (one a line; `LANG<TAB>text`, '#' comments) and writes
JSONL records {"id", "set", "text", "expected"}: `set` "correct" for the text itself, else
the corruption applied. Corruptions are the ways real pipelines break UTF-8:

  <codec>        text.encode("utf-8").decode(codec), sloppy: undefined bytes become U+0080+b
  double         Windows-1252 twice; double-latin1: Latin-1, then Windows-1252
  nbsp-space     Windows-1252, then every U+00A0 replaced by a plain space
  replaced       Windows-1252 strict, undefined bytes replaced by U+FFFD
  line           one paragraph broken (Windows-1252) after a correct one, newline-joined
  word           only the first word with non-ASCII letters broken (Windows-1252)

Usage: make_cases.py CORRECT.txt OUT.jsonl
"""
import json
import sys

CODECS = ["latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "cp1255",
          "cp1256", "iso8859-2", "mac_roman", "cp437"]


def sloppy(data, codec):
    out = []
    for b in data:
        if b < 0x80:
            out.append(chr(b))
            continue
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def strict_replace(data, codec):
    return data.decode(codec, errors="replace")


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            lang, _, text = line.partition("\t")
            rows.append((lang, text))
    return rows


def main():
    src, dst = sys.argv[1], sys.argv[2]
    rows = read(src)
    out = []

    def add(i, lang, kind, broken, good):
        if broken != good:
            out.append({"id": f"{i}-{lang}-{kind}", "set": kind, "text": broken, "expected": good})

    for i, (lang, text) in enumerate(rows):
        out.append({"id": f"{i}-{lang}-correct", "set": "correct", "text": text, "expected": text})
        if text.isascii():
            continue
        data = text.encode("utf-8")
        for codec in CODECS:
            add(i, lang, codec, sloppy(data, codec), text)
        w1252 = sloppy(data, "cp1252")
        add(i, lang, "double", sloppy(w1252.encode("utf-8"), "cp1252"), text)
        add(i, lang, "double-latin1", sloppy(sloppy(data, "latin-1").encode("utf-8"), "cp1252"), text)
        add(i, lang, "nbsp-space", w1252.replace("\u00a0", " "), text)
        add(i, lang, "replaced", strict_replace(data, "cp1252"), text)
        prev = rows[i - 1][1] if i > 0 else "A line before."
        add(i, lang, "line", prev + "\n" + w1252, prev + "\n" + text)
        words = text.split(" ")
        for k, w in enumerate(words):
            if not w.isascii():
                broken = words[:k] + [sloppy(w.encode("utf-8"), "cp1252")] + words[k + 1:]
                add(i, lang, "word", " ".join(broken), text)
                break
    with open(dst, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(out)} records to {dst}", file=sys.stderr)


if __name__ == "__main__":
    main()
