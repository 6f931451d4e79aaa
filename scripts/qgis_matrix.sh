#!/usr/bin/env bash
# The whole suite under each QGIS of the matrix, one summary line per version.
#
#   scripts/qgis_matrix.sh [host|3.40|3.44 ...]   (default: host 3.40 3.44)
#
# "host" is `make test` with the host's own QGIS (3.22 on Debian 12); the others
# are `scripts/qgis_chroot.sh test VERSION` (a Debian chroot each). Every version
# runs even when an earlier one fails; the exit status is non-zero if any failed.
# Logs: build/matrix/<version>.log.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(host 3.40 3.44)
LOGS="$ROOT/build/matrix"
mkdir -p "$LOGS"

# "3.40.6" from the qgis package of the host or of a chroot.
qgis_version() {
  local version
  if [ "$1" = host ]; then
    version="$(dpkg-query -W -f='${Version}' qgis 2>/dev/null)"
  else
    local dir
    dir="${HENGYANG_CHROOT_CACHE:-/var/cache/hengyang-qgis-chroots}/$(scripts/qgis_chroot.sh codename "$1")"
    version="$(chroot "$dir" dpkg-query -W -f='${Version}' qgis 2>/dev/null)"
  fi
  version="${version#*:}"
  version="${version%%[+~-]*}"
  echo "${version:-$1}"
}

# Adds up pytest's closing lines ("== 12 passed, 3 skipped in 4.5s ==") of all sessions in a log.
counts() {
  grep -aE '^=+ .*\b(passed|failed|error|errors|skipped|no tests ran)\b.* in [0-9.]+s' "$1" |
    awk '{
      for (i = 1; i <= NF; i++) {
        word = $i; gsub(/[,=]/, "", word)
        if (word ~ /^(passed|failed|skipped|error|errors|xfailed|xpassed)$/) n[word == "errors" ? "error" : word] += $(i - 1)
      }
    }
    END {
      out = (n["passed"] + 0) " passed"
      if (n["failed"]) out = out ", " n["failed"] " failed"
      if (n["error"]) out = out ", " n["error"] " errors"
      out = out ", " (n["skipped"] + 0) " skipped"
      if (n["xfailed"]) out = out ", " n["xfailed"] " xfailed"
      print out
    }'
}

# A new machine builds the missing chroots side by side first (mostly download and unpack time).
builds=()
for version in "${versions[@]}"; do
  if [ "$version" != host ]; then
    scripts/qgis_chroot.sh build "$version" >"$LOGS/build-$version.log" 2>&1 &
    builds+=("$!")
  fi
done
for pid in "${builds[@]}"; do
  wait "$pid" || echo "matrix: a chroot build failed (logs: build/matrix/build-*.log); its run will retry it"
done

summary=()
overall=0
for version in "${versions[@]}"; do
  log="$LOGS/$version.log"
  echo "matrix: --- QGIS $version (log: ${log#"$ROOT"/}) ---"
  started=$SECONDS
  if [ "$version" = host ]; then
    make test 2>&1 | tee "$log"
  else
    scripts/qgis_chroot.sh test "$version" 2>&1 | tee "$log"
  fi
  status=${PIPESTATUS[0]}
  elapsed=$((SECONDS - started))
  label="$(qgis_version "$version")"
  if [ "$status" -eq 0 ]; then
    summary+=("matrix: QGIS $label passed ($(counts "$log"); ${elapsed} s)")
  else
    overall=1
    summary+=("matrix: QGIS $label failed ($(counts "$log"); exit $status; ${elapsed} s)")
  fi
done
printf '%s\n' "${summary[@]}"
exit "$overall"
