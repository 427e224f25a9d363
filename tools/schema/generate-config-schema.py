#!/usr/bin/env python3
"""Derive PcHpc's config rule tables (cluster, and with --schema image the build-image config) from the official
AWS ParallelCluster schema.

Reads (never imports or executes) the official sources with the `ast` module:
  <src>/pcluster/schemas/cluster_schema.py, common_schema.py   marshmallow schemas (fields, validators, groups)
  <src>/pcluster/constants.py, config/common.py, config/cluster_config.py   constants and enums
and writes a JSON table: every schema with its fields (YAML key, type, list/scalar, nested schema, required,
allowed values, pattern, range, length), its @validates_schema / @validates rules (exclusive groups from
fields_coexist, plus the string lists the other methods test), every field path reachable from ClusterSchema,
and the constants the rule validators use.

--schema image reads common_schema.py + imagebuilder_schema.py instead (root ImageBuilderSchema) and writes
src/PcHpc.Core/Config/Schema/image-schema.json.

The reading is in schema_reader.py, the per-table file and constant lists in schema_targets.py.

Python 3.11 standard library only.  Usage:
  generate-config-schema.py [--src ../shared/parallelcluster/src] [--out src/PcHpc.Core/Config/Schema/cluster-schema.json]
  generate-config-schema.py --schema image [--out src/PcHpc.Core/Config/Schema/image-schema.json]
  generate-config-schema.py [--schema image] --check   (exit 1 when the committed table differs)
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_SRC = os.path.normpath(os.path.join(REPO, "..", "shared", "parallelcluster", "src"))

sys.dont_write_bytecode = True  # no __pycache__ beside the script
from schema_targets import (  # noqa: E402  (tables of files and constants, beside this script)
    CONSTANT_FILES, ENUM_FILES, EXTERNAL_CONSTANTS, TARGETS,
)
from schema_reader import Evaluator, SchemaReader, custom_action_schema  # noqa: E402


def generate(src, target="cluster"):
    spec = TARGETS[target]
    ev = Evaluator()
    reader = SchemaReader(src, ev)
    for rel in ENUM_FILES:
        ev.load_enums(reader.read(rel))
    for rel in CONSTANT_FILES:
        ev.load_assignments(reader.read(rel))
    if target != "cluster":
        ev.names.update(EXTERNAL_CONSTANTS)
    for rel in spec["files"]:
        tree = reader.read(rel)
        ev.load_assignments(tree)
        reader.add_schema_file(rel, tree)

    schemas = {}
    order = []

    def visit(name):
        if name in schemas:
            return
        if name == "CustomActionScriptSchema":
            fields, rules = custom_action_schema(reader)
        else:
            fields, rules = reader.schema(name)
        origin = reader.classes[name] if name in reader.classes else reader.classes["OneOrManyCustomActionField"]
        schemas[name] = {"source": f"{os.path.basename(origin[0])}:{origin[1].lineno}",
                         "fields": fields, "rules": rules}
        order.append(name)
        for f in fields:
            if "schema" in f:
                visit(f["schema"])
            elif "schema" in f.get("item", {}):
                visit(f["item"]["schema"])

    root = spec["root"]
    visit(root)

    paths = []

    def walk(name, prefix, stack):
        for f in schemas[name]["fields"]:
            p = f"{prefix}{f['key']}" if not prefix else f"{prefix}.{f['key']}"
            suffix = "[]" if (f["type"] == "list" or f.get("many")) else ""
            row = {"path": p + suffix, "schema": name, "attr": f["attr"], "type": f["type"], "required": f["required"]}
            paths.append(row)
            inner = f.get("schema") or f.get("item", {}).get("schema")
            if inner and inner not in stack:
                walk(inner, p + suffix, stack + [inner])

    walk(root, "", [root])

    constants = {}
    for c in spec["constants"]:
        constants[c] = ev.names[c]
    constants["ALLOWED_VALUES"] = ev.names["ALLOWED_VALUES"]
    constants["SUPPORTED_IMDS_VERSIONS"] = ev.names["SUPPORTED_IMDS_VERSIONS"]

    return {
        "generator": "tools/schema/generate-config-schema.py" + ("" if target == "cluster" else " --schema " + target),
        "source": "aws-parallelcluster cli/src/pcluster (see ../shared/parallelcluster/README.md for the commit)",
        "root": root,
        "schemas": {n: schemas[n] for n in order},
        "paths": paths,
        "constants": constants,
    }


def render(table):
    return json.dumps(table, indent=1, sort_keys=False, ensure_ascii=True) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=DEFAULT_SRC)
    ap.add_argument("--schema", choices=sorted(TARGETS), default="cluster", help="which official schema (default cluster)")
    ap.add_argument("--out", default=None, help="default: the committed table of --schema")
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    ap.add_argument("--stdout", action="store_true", help="print the table instead of writing it")
    args = ap.parse_args()
    args.out = args.out or TARGETS[args.schema]["out"]
    text = render(generate(args.src, args.schema))
    if args.stdout:
        sys.stdout.write(text)
        return 0
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            current = f.read()
        if current != text:
            sys.stderr.write(f"{args.out} is out of date; run {sys.argv[0]}\n")
            return 1
        return 0
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
