#!/usr/bin/env python3
"""Rebuild the bundled text-to-SQL data from the shared real samples.

Usage: python3 build_bundled.py /work/shared/datasets
Writes spider/, bird/ and bird-minidev/ next to this script. Every record is real Spider or BIRD
data; this script only re-arranges files into the official layouts and merges/dedupes questions.
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, ensure_ascii=False)
        f.write("\n")


def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)
    os.chmod(dst, 0o644)


def spider_questions(shared):
    """spider/questions.json, then the mtir-sql rows not already present (same db_id + question)."""
    out, seen = [], set()
    for r in json.load(open(os.path.join(shared, "spider", "questions.json"), encoding="utf-8")):
        out.append({"db_id": r["db_id"], "question": r["question"], "query": r["query"],
                    "train_gold_line": r["train_gold_line"]})
        seen.add((r["db_id"], r["question"]))
    with open(os.path.join(shared, "mtir-sql", "spider_train_department_store.jsonl"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if (r["db_id"], r["question"]) in seen:
                continue
            seen.add((r["db_id"], r["question"]))
            out.append({"db_id": r["db_id"], "question": r["question"], "query": r["query"]})
    return out


def spider_tables(shared):
    tables = json.load(open(os.path.join(shared, "spider", "tables.json"), encoding="utf-8"))
    have = {t["db_id"] for t in tables}
    for t in json.load(open(os.path.join(shared, "mtir-sql", "tables_department_store.json"), encoding="utf-8")):
        if t["db_id"] not in have:
            tables.append(t)
    return tables


def main(shared):
    dbs = ["department_store", "customers_and_products_contacts"]
    questions = spider_questions(shared)
    tables = spider_tables(shared)

    # spider/: Spider's layout.
    sp = os.path.join(HERE, "spider")
    os.makedirs(sp, exist_ok=True)
    write_json(os.path.join(sp, "questions.json"), questions)
    write_json(os.path.join(sp, "tables.json"), tables)
    for db in dbs:
        copy(os.path.join(shared, "spider", "database", db, f"{db}.sqlite"),
             os.path.join(sp, "database", db, f"{db}.sqlite"))

    # bird/: the same Spider questions and databases in BIRD's layout (BIRD's databases are not
    # obtainable here). question_id = position; evidence = "" (Spider has none); difficulty unknown.
    bd = os.path.join(HERE, "bird")
    os.makedirs(bd, exist_ok=True)
    bird = [{"question_id": i, "db_id": q["db_id"], "question": q["question"], "evidence": "",
             "SQL": q["query"], "difficulty": "unknown"} for i, q in enumerate(questions)]
    write_json(os.path.join(bd, "dev.json"), bird)
    write_json(os.path.join(bd, "dev_tables.json"), tables)
    for db in dbs:
        copy(os.path.join(shared, "spider", "database", db, f"{db}.sqlite"),
             os.path.join(bd, "dev_databases", db, f"{db}.sqlite"))

    # bird-minidev/: real BIRD mini-dev questions, schema and column descriptions; no databases.
    md = os.path.join(HERE, "bird-minidev")
    os.makedirs(md, exist_ok=True)
    copy(os.path.join(shared, "bird", "questions.json"), os.path.join(md, "mini_dev_sqlite.json"))
    copy(os.path.join(shared, "bird", "dev_tables.json"), os.path.join(md, "dev_tables.json"))
    desc = os.path.join(shared, "bird", "database_description")
    for db in sorted(os.listdir(desc)):
        for name in sorted(os.listdir(os.path.join(desc, db))):
            copy(os.path.join(desc, db, name),
                 os.path.join(md, "dev_databases", db, "database_description", name))
    print(f"spider: {len(questions)} questions; bird: {len(bird)}; bird-minidev copied")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/datasets")
