#!/usr/bin/env bash
# Whole-process speed of threatmap on synthetic API estates, and the same
# estates through OWASP pytm 1.4.0 when a pytm virtual environment exists.
#
#   benches/side-by-side.sh                 # all sizes, both tools
#   SIZES="1000 20000" benches/side-by-side.sh
#   PYTM_VENV=/path/to/venv benches/side-by-side.sh
#
# pytm is not part of threatmap; install it outside the project:
#   python3 -m venv /tmp/pytm-venv && /tmp/pytm-venv/bin/pip install pytm==1.4.0
#
# Every figure is the median of RUNS runs (3 by default): wall time from the
# shell's clock (EPOCHREALTIME, ms resolution), peak RSS from /usr/bin/time -v.
# The output is Markdown tables, ready for docs/performance.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/threatmap-side-by-side}
SIZES=${SIZES:-"1000 2000 5000 10000 20000"}
RUNS=${RUNS:-3}
PYTM_VENV=${PYTM_VENV:-/tmp/pytm-venv}
GEN_PY=${GEN_PY:-$ROOT/../shared/bench/pytm/gen.py}
# pytm's --report grows with findings x component size; it is stopped after
# this many seconds, or when it passes this much memory (KiB), so that it
# cannot take the machine down.
PYTM_REPORT_SECONDS=${PYTM_REPORT_SECONDS:-120}
PYTM_REPORT_MEMORY_KB=${PYTM_REPORT_MEMORY_KB:-8000000}

mkdir -p "$WORK"
echo "building threatmap (release)..." >&2
(cd "$ROOT" && cargo build --release --quiet --bin threatmap --example synthetic)
TM="$ROOT/target/release/threatmap"
SYNTHETIC="$ROOT/target/release/examples/synthetic"

# The median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# measure OUT CMD...: runs CMD RUNS times with its standard output in OUT and
# sets WALL (seconds) and RSS (MB) to the medians. Exit status 0 and 1 (a
# policy result, not a failure) are accepted.
measure() {
    local out=$1
    shift
    local walls=() rsses=() i start end status
    for ((i = 0; i < RUNS; i++)); do
        start=$EPOCHREALTIME
        status=0
        /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$out" 2>"$WORK/stderr.txt" || status=$?
        end=$EPOCHREALTIME
        if ((status > 1)); then
            echo "failed (exit $status): $*" >&2
            cat "$WORK/stderr.txt" >&2
            exit 1
        fi
        walls+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
        rsses+=("$(awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$WORK/time.txt")")
    done
    WALL=$(median "${walls[@]}")
    RSS=$(median "${rsses[@]}")
}

declare -A CHECK_WALL MD_WALL HTML_WALL

echo
echo "## threatmap, whole process (median of $RUNS)"
echo
echo "| N (target) | items | check --format json | report --format markdown | report --format html |"
echo "|---|---|---|---|---|"
for n in $SIZES; do
    model="$WORK/estate_$n.ron"
    "$SYNTHETIC" "$n" >"$model"
    measure "$WORK/check_$n.json" "$TM" check --format json "$model"
    CHECK_WALL[$n]=$WALL
    check="$WALL s, $RSS MB"
    measure "$WORK/report_$n.md" "$TM" report --format markdown "$model"
    MD_WALL[$n]=$WALL
    md="$WALL s, $RSS MB"
    measure "$WORK/report_$n.html" "$TM" report --format html "$model"
    HTML_WALL[$n]=$WALL
    html="$WALL s, $RSS MB"
    "$TM" report --format json "$model" >"$WORK/report_$n.json"
    items=$(jq '.model.counts | .boundaries + .elements + .flows' "$WORK/report_$n.json")
    echo "| $n | $items | $check | $md | $html |"
done

if [[ -n ${CHECK_WALL[2000]:-} && -n ${CHECK_WALL[20000]:-} ]]; then
    echo
    echo "## Growth from N = 2,000 to N = 20,000 (time ratio)"
    echo
    echo "| command | N = 2,000 | N = 20,000 | ratio |"
    echo "|---|---|---|---|"
    for cmd in check markdown html; do
        case $cmd in
        check) a=${CHECK_WALL[2000]} b=${CHECK_WALL[20000]} label="check --format json" ;;
        markdown) a=${MD_WALL[2000]} b=${MD_WALL[20000]} label="report --format markdown" ;;
        html) a=${HTML_WALL[2000]} b=${HTML_WALL[20000]} label="report --format html" ;;
        esac
        ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", b / a }')
        echo "| $label | $a s | $b s | ${ratio}× |"
    done
fi

echo
echo "## threatmap findings per item"
echo
echo "| N (target) | items (boundaries + elements + flows) | findings | open | findings / item | open / item |"
echo "|---|---|---|---|---|---|"
for n in $SIZES; do
    jq -r '[(.model.counts | .boundaries + .elements + .flows), .summary.total, .summary.open] | @tsv' "$WORK/report_$n.json" |
        awk -F'\t' -v n="$n" '{ printf "| %s | %d | %d | %d | %.2f | %.2f |\n", n, $1, $2, $3, $2 / $1, $3 / $1 }'
done

if [[ ! -x "$PYTM_VENV/bin/python" ]]; then
    echo
    echo "(no pytm virtual environment at $PYTM_VENV: the pytm side-by-side is skipped)"
    exit 0
fi

echo
echo "## OWASP pytm 1.4.0 on gen.py estates of the same N (median of $RUNS)"
echo
echo "| N (target) | items (boundaries + elements + flows) | findings | findings / item | --json: wall, peak RSS |"
echo "|---|---|---|---|---|"
for n in $SIZES; do
    python3 "$GEN_PY" "$n" -o "$WORK/model_$n.py" >/dev/null
    # pytm writes the JSON itself; standard output is its chatter.
    (cd "$WORK" && measure "$WORK/pytm_$n.stdout" "$PYTM_VENV/bin/python" "model_$n.py" --json "$WORK/pytm_$n.json"
        counts=$("$PYTM_VENV/bin/python" - "$WORK/pytm_$n.json" <<'PY'
import json, sys
tm = json.load(open(sys.argv[1]))
items = sum(len(tm.get(k, [])) for k in ("boundaries", "elements", "flows"))
print(items, len(tm.get("findings", [])))
PY
        )
        read -r items findings <<<"$counts"
        awk -v n="$n" -v i="$items" -v f="$findings" -v w="$WALL" -v r="$RSS" \
            'BEGIN { printf "| %s | %d | %d | %.2f | %s s, %s MB |\n", n, i, f, f / i, w, r }')
done

echo
echo "## OWASP pytm 1.4.0 --report at N = 1,000 (one run, stopped after ${PYTM_REPORT_SECONDS} s or $((PYTM_REPORT_MEMORY_KB / 1000000)) GB)"
echo
template="$WORK/pytm-template.md"
cat >"$template" <<'EOF'
# {tm.name}

{tm.description}

## Findings

{findings:repeat:- {{item.threat_id}} on {{item.target}}: {{item.description}}
}
EOF
python3 "$GEN_PY" 1000 -o "$WORK/model_1000.py" >/dev/null
start=$EPOCHREALTIME
status=0
(
    cd "$WORK"
    ulimit -v "$PYTM_REPORT_MEMORY_KB"
    /usr/bin/time -v -o "$WORK/time.txt" timeout "$PYTM_REPORT_SECONDS" \
        "$PYTM_VENV/bin/python" model_1000.py --report "$template" >"$WORK/pytm_1000_report.md" 2>"$WORK/stderr.txt"
) || status=$?
end=$EPOCHREALTIME
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
rss=$(awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$WORK/time.txt")
case $status in
0) echo "finished in $wall s, peak RSS $rss MB" ;;
124) echo "killed after ${PYTM_REPORT_SECONDS} s (peak RSS $rss MB)" ;;
*) echo "failed with exit $status after $wall s (peak RSS $rss MB; memory cap $((PYTM_REPORT_MEMORY_KB / 1000)) MB): $(tail -n 1 "$WORK/stderr.txt")" ;;
esac
