#!/usr/bin/env python3
"""Prints every failed test found in the .trx result files under a folder, last, so that the tail of a long
`make test` log (all that CI shows) names what failed and why.

    scripts/test-summary.py out/test-results
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def failures(trx: pathlib.Path):
    root = ET.parse(trx).getroot()
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        yield result.get("testName", "?"), message


def main() -> int:
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "out/test-results")
    files = sorted(folder.rglob("*.trx"))
    failed = [(trx, name, message) for trx in files for name, message in failures(trx)]
    print(f"== test summary: {len(files)} result file(s) in {folder}, {len(failed)} failed test(s)")
    for trx, name, message in failed:
        first_lines = "\n      ".join(message.splitlines()[:6])
        print(f"  FAILED {name}  ({trx.name})\n      {first_lines}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
