#!/usr/bin/env python3
"""Rebuild the bundled search-QA data from the project's shared real samples.

Usage: python3 build_bundled.py /work/shared/datasets
Writes hotpotqa/, 2wiki/, musique/, bamboogle/, nq/, triviaqa/, popqa/ and combined-corpus.jsonl next to this script.
Question files are copied byte for byte; corpora are converted to the Search-R1/FlashRAG wiki-18
line format {"id", "contents"} with contents = '"<Title>"\\n<text>' (title on the first line, in
quotes as wiki-18 has it). The per-folder README.md files are written by hand, not by this script.
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)
    os.chmod(dst, 0o644)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def contents(title, text):
    # Same shape as harness/retrieval/format.ts contentsFromTitleText.
    return '"' + title.replace("\r\n", " ").replace("\n", " ") + '"\n' + text


def write_corpus(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    os.chmod(path, 0o644)


def main(shared):
    # Questions, verbatim.
    copy(os.path.join(shared, "hotpotqa", "hotpot_dev_distractor_subset.json"), os.path.join(HERE, "hotpotqa", "hotpot_dev_distractor_subset.json"))
    copy(os.path.join(shared, "2wiki", "dev_subset.json"), os.path.join(HERE, "2wiki", "dev_subset.json"))
    copy(os.path.join(shared, "musique", "dev_subset.jsonl"), os.path.join(HERE, "musique", "dev_subset.jsonl"))
    copy(os.path.join(shared, "bamboogle", "test_subset.jsonl"), os.path.join(HERE, "bamboogle", "test_subset.jsonl"))
    copy(os.path.join(shared, "multihop-qa", "nq_test_verl_format.jsonl"), os.path.join(HERE, "nq", "nq_test_verl_format.jsonl"))
    for name in ("triviaqa", "popqa"):
        copy(os.path.join(shared, "multihop-qa", name + "_test_flashrag.jsonl"), os.path.join(HERE, name, "test_subset.jsonl"))
        copy(os.path.join(shared, "multihop-qa", name + "_test_searchr1_format.jsonl"), os.path.join(HERE, name, "test_searchr1_subset.jsonl"))

    # HotpotQA corpus: one passage per distinct context title of the bundled records.
    hotpot = [
        {"id": "hotpotqa-%d" % i, "contents": contents(d["title"], d["text"])}
        for i, d in enumerate(read_jsonl(os.path.join(shared, "hotpotqa", "corpus_context_paragraphs.jsonl")))
    ]
    write_corpus(os.path.join(HERE, "hotpotqa", "corpus.jsonl"), hotpot)

    # MuSiQue corpus: the supporting paragraphs, ids kept (prefixed so the combined corpus stays unique).
    musique = [
        {"id": "musique-" + d["doc_id"], "contents": contents(d["title"], d["text"])}
        for d in read_jsonl(os.path.join(shared, "musique", "corpus_supporting_paragraphs.jsonl"))
    ]
    write_corpus(os.path.join(HERE, "musique", "corpus.jsonl"), musique)

    # 2Wiki, Bamboogle and NQ ship no paragraphs: they search every bundled passage.
    seen, combined = set(), []
    for d in hotpot + musique:
        if d["id"] not in seen:
            seen.add(d["id"])
            combined.append(d)
    write_corpus(os.path.join(HERE, "combined-corpus.jsonl"), combined)
    print("hotpotqa corpus %d, musique corpus %d, combined %d passages" % (len(hotpot), len(musique), len(combined)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/datasets")
