"""Prints the ingestion benchmark's tables (Markdown) from bench.sh's results.jsonl."""

from __future__ import annotations

import json
import statistics
import sys


def line(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def full_load(by: dict, t: str) -> list[str]:
    a, a2, b = by.get(("a_copy", t)), by.get(("a_copy_ordered", t)), by.get(("b_cli", t))
    c, d = by.get(("c_spark", t)), by.get(("d_pyiceberg", t))
    if not (a and b):
        return []
    n = b["rows"]
    a_rate, b_rate = a["rows"] / a["wall"], n / b["wall"]
    out = [f"### {t} ({n:,} rows)\n"]
    out.append(line("Method", "Wall time (s)", "Rows/s", "Peak RSS (MB)", "Notes"))
    out.append(line("---", "---:", "---:", "---:", "---"))
    out.append(
        line("(a) COPY TO /dev/null", f"{a['wall']:.2f}", f"{a_rate:,.0f}", a["rss_mb"], "floor")
    )
    if a2:
        rate = a2["rows"] / a2["wall"]
        out.append(
            line("(a') ORDER BY partition", f"{a2['wall']:.2f}", f"{rate:,.0f}", a2["rss_mb"], "-")
        )
    out.append(
        line(
            "(b) tasks CLI",
            f"{b['wall']:.2f}",
            f"{b_rate:,.0f}",
            b["rss_mb"],
            f"{b['files']} files",
        )
    )
    if c:
        cd = c["detail"]
        rss = f"{cd.get('jvm_peak_rss_mb', '?')} JVM + {c['rss_mb']} Py"
        start = f"start {cd['startup_seconds']:.1f} s"
        rate = cd["appended_rows"] / c["wall"]
        out.append(line("(c) Spark, process", f"{c['wall']:.2f}", f"{rate:,.0f}", rss, start))
        secs = cd["session_seconds"]
        rate = cd["appended_rows"] / secs
        out.append(line("(c) Spark, in session", f"{secs:.2f}", f"{rate:,.0f}", "-", "read+append"))
    if d:
        dd = d["detail"]
        rate = dd["appended_rows"] / d["wall"]
        notes = (
            f"copy {dd['copy_seconds']:.1f} + parse {dd['parse_seconds']:.1f}"
            f" + append {dd['append_seconds']:.1f} s"
        )
        out.append(line("(d) PyIceberg", f"{d['wall']:.2f}", f"{rate:,.0f}", d["rss_mb"], notes))
    out += ["", f"- (b)/(a) rows/s: {b_rate / a_rate:.1%}"]
    if c:
        session = c["detail"]["session_seconds"]
        out.append(
            f"- (c) time / (b) time: {c['wall'] / b['wall']:.2f} (process),"
            f" {session / b['wall']:.2f} (in session)"
        )
    if d:
        out.append(f"- (d) time / (b) time: {d['wall'] / b['wall']:.2f} (process)")
    return [*out, ""]


def increment(by: dict) -> list[str]:
    bi, ci = by.get(("b_cli_increment", "orders")), by.get(("c_spark_increment", "orders"))
    if not (bi and ci):
        return []
    cd = ci["detail"]
    jvm = f"{cd.get('jvm_peak_rss_mb', '?')} JVM + {ci['rss_mb']} Py"
    return [
        "### 10,000-row increment of orders\n",
        line("Method", "Rows", "Wall time (s)", "Peak RSS (MB)"),
        line("---", "---:", "---:", "---:"),
        line("(b) tasks CLI", f"{bi['rows']:,}", f"{bi['wall']:.2f}", bi["rss_mb"]),
        line("(c) Spark, process", f"{cd['appended_rows']:,}", f"{ci['wall']:.2f}", jvm),
        line(
            "(c) Spark, in session", f"{cd['appended_rows']:,}", f"{cd['session_seconds']:.2f}", "-"
        ),
        "",
        f"- (c)/(b): {ci['wall'] / bi['wall']:.1f}x (process),"
        f" {cd['session_seconds'] / bi['wall']:.1f}x (in session)",
        "",
    ]


def commits(rows: list[dict]) -> list[str]:
    inproc = [r["detail"]["commit_ms"] for r in rows if r["m"] == "commit_inprocess"]
    proc = [r["ms"] for r in rows if r["m"] == "commit_process"]
    if not inproc:
        return []
    out = ["### One-file commit (customers, one changed row per run)\n"]
    out.append(line("Measure", "Runs", "p50 (ms)", "min (ms)", "max (ms)"))
    out.append(line("---", "---:", "---:", "---:", "---:"))
    for name, xs in (("commitTable() in process", inproc), ("`cli.js commit` process", proc)):
        if xs:
            p50 = statistics.median(xs)
            out.append(line(name, len(xs), f"{p50:.0f}", f"{min(xs):.0f}", f"{max(xs):.0f}"))
    files = sorted({r["detail"].get("files") for r in rows if r["m"] == "commit_inprocess"})
    return [*out, f"\nfiles per commit: {files}"]


def main(path: str) -> None:
    with open(path) as f:
        rows = [json.loads(text) for text in f if text.strip()]
    by: dict = {}
    for r in rows:
        by.setdefault((r["m"], r.get("table")), r)
    out = full_load(by, "orders") + full_load(by, "customer_activity_log")
    print("\n".join(out + increment(by) + commits(rows)))


if __name__ == "__main__":
    main(sys.argv[1])
