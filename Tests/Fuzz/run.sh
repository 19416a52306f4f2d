#!/usr/bin/env bash
# Builds the libFuzzer targets (address sanitizer, own scratch path) and runs each for a given
# time. Usage: [CCHC_FUZZ_JOBS=2] Tests/Fuzz/run.sh [SECONDS] [TARGET…]   (default 600 s, every
# target, one at a time; CCHC_FUZZ_JOBS runs that many at once, one core each)
# Seeds: sessions/data and, when present, ../shared/cases/real-inputs; the corpus grows in
# .build-fuzz/corpus/TARGET, crashes and hangs land in .build-fuzz/findings/TARGET.
# Replay a finding: SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=Tests/Fuzz/lsan.supp \
#   CCHC_FUZZ_TMP=/tmp .build-fuzz/debug/TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCSV FuzzCriteria FuzzTokenizer FuzzXLSX FuzzOverride FuzzImport)

mkdir -p .build-fuzz
for target in "${targets[@]}"; do
    # lld: gold cannot link libFuzzer's driver beside SwiftPM's renamed entry point.
    if ! CCHC_FUZZ=1 swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
        -Xswiftc -use-ld=lld --product "$target" >.build-fuzz/build.log 2>&1; then
        grep -A5 'error:' .build-fuzz/build.log | head -40
        exit 1
    fi
done

seed() { # target → seed files
    case $1 in
    FuzzCSV | FuzzImport) ls sessions/data/*.csv ../shared/cases/real-inputs/*.csv 2>/dev/null ;;
    FuzzCriteria) ls sessions/data/*.yaml Plugins/*/Resources/*.yaml ../shared/reference/*.yaml 2>/dev/null ;;
    FuzzXLSX) ls sessions/data/*.xlsx Tests/Fuzz/Regressions/*.xlsx 2>/dev/null ;;
    esac
}

mkdir -p .build-fuzz/tmp .build-fuzz/logs
run() { # target: seed the corpus, fuzz, keep the log
    local target=$1 corpus=.build-fuzz/corpus/$1 findings=.build-fuzz/findings/$1
    mkdir -p "$corpus" "$findings"
    case $target in
    FuzzTokenizer | FuzzOverride)
        # One command line per seed: the transcripts' input lines (for overrides, their
        # `set`, `exclude` and `amend` lines).
        local pattern='^> '
        [ "$target" = FuzzOverride ] && pattern='^> (set|exclude|amend) '
        grep -hE "$pattern" sessions/*.session | sed 's/^> //' | while IFS= read -r line; do
            printf '%s' "$line" >"$corpus/seed-$(printf '%s' "$line" | sha1sum | cut -c1-16)"
        done
        ;;
    *) for file in $(seed "$target"); do cp "$file" "$corpus/seed-$(basename "$file")"; done ;;
    esac
    echo "== $target: ${seconds} s, $(ls "$corpus" | wc -l) inputs to start" >.build-fuzz/logs/$target.log
    SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=$PWD/Tests/Fuzz/lsan.supp:print_suppressions=0 \
        CCHC_FUZZ_TMP=$PWD/.build-fuzz/tmp .build-fuzz/debug/"$target" "$corpus" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -artifact_prefix="$findings/" -print_final_stats=1 >>.build-fuzz/logs/$target.log 2>&1 || true
}

# CCHC_FUZZ_JOBS targets at once (each fuzzer uses one core).
jobs=${CCHC_FUZZ_JOBS:-1}
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run "$target" &
done
wait
for target in "${targets[@]}"; do
    head -1 .build-fuzz/logs/$target.log
    grep -E '^(stat::number_of_executed_units|stat::peak_rss|==[0-9]+==ERROR|SUMMARY|property broken|ALARM)' \
        .build-fuzz/logs/$target.log || true
    echo "findings: $(ls .build-fuzz/findings/$target | wc -l)"
done
