#!/usr/bin/python3
"""Summarises bench/ablate.sh's output folder as the table of docs/reading-policy.md.

  /usr/bin/python3 bench/ablate_summary.py /tmp/ablate [base]

Per configuration: camera >= 14 px exact and Valid, camera exact text (all),
hard >= 14 px exact and Valid, wrong Valid (text wrong, misprints and
no-document frames reported Valid, summed over the sets read), median CPU ms per
1080p camera frame with an MRZ, and the camera/hard frames lost and gained
against the base configuration (exact and Valid)."""
import json, os, sys

out = sys.argv[1]
base = sys.argv[2] if len(sys.argv) > 2 else "base"


def load(cfg, s):
    p = os.path.join(out, f"{cfg}.{s}.json")
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        return None
    try:
        return json.loads(open(p).read().strip().splitlines()[-1])
    except Exception:
        return None


def exact_valid_files(cfg, s):
    p = os.path.join(out, f"{cfg}.{s}.jsonl")
    if not os.path.exists(p):
        return set()
    got = set()
    for line in open(p):
        try:
            d = json.loads(line)
        except ValueError:  # a run still writing
            continue
        if d["status"] == "valid" and d["exact"]:
            got.add(os.path.basename(d["file"]))
    return got


def wrong(j):
    if j is None:
        return 0
    return j["all"]["wrong_valid"] + j["invalid_truth"]["reported_valid"] + j["nodoc"]["reported_valid"]


cfgs = sorted({f.split(".")[0] for f in os.listdir(out) if f.endswith(".json")}, key=lambda c: (c != base, c))
print("| configuration | camera >=14 exact+Valid | camera exact text | hard >=14 exact+Valid | nodoc Valid | lowres wrong | wrong Valid | CPU ms 1080p median | seq done exact / wrong | lost vs base | gained |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for c in cfgs:
    if load(c, "camera") is None and load(c, "seq") is None and load(c, "lowres-6") is None:
        continue
    cam, hard, nodoc = load(c, "camera"), load(c, "hard"), load(c, "nodoc")
    seq = load(c, "seq")
    lowres = [load(c, f"lowres-{k}") for k in range(5, 13)]
    lw = sum(wrong(j) for j in lowres if j) if any(lowres) else None
    w = wrong(cam) + wrong(hard) + wrong(nodoc)
    f = lambda j, k: f'{j[k]["exact_valid"]}/{j[k]["n"]}' if j else "-"
    ms = f'{cam["cpu_ms_1080p_doc"]["median"]:.1f}' if cam else "-"
    lost, gained = [], []
    for s in ("camera", "hard"):
        a, b = exact_valid_files(base, s), exact_valid_files(c, s)
        lost += sorted(a - b)
        gained += sorted(b - a)
    sq = f'{seq["correct"]}/{seq["sequences"]} / {seq["wrong_done"]}' if seq else "-"
    nd = nodoc["nodoc"]["reported_valid"] if nodoc else "-"
    print(f'| {c} | {f(cam, "ge14")} | {cam["all"]["exact"] if cam else "-"} | {f(hard, "ge14")} | {nd} | '
          f'{"-" if lw is None else lw} | {w} | {ms} | {sq} | {len(lost)} {" ".join(x.split(".")[0] for x in lost[:6])} | '
          f'{len(gained)} {" ".join(x.split(".")[0] for x in gained[:6])} |')
