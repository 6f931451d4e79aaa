#!/usr/bin/env bash
# The test suite under other QGIS releases, each in a Debian chroot.
#
#   scripts/qgis_chroot.sh build QGIS        build (or reuse) the chroot only
#   scripts/qgis_chroot.sh test  QGIS [ARGS] `make test ARGS` inside it
#   scripts/qgis_chroot.sh run   QGIS CMD... CMD in /work/src inside it, as the suite runs
#   scripts/qgis_chroot.sh shell QGIS        an interactive shell inside it
#   scripts/qgis_chroot.sh codename QGIS     print the Debian codename
#
# QGIS is 3.40 (Debian trixie) or 3.44 (Debian forky); a codename works too.
#
# The chroot is built once with debootstrap into $HENGYANG_CHROOT_CACHE
# (default /var/cache/hengyang-qgis-chroots/<codename>), outside the checkout,
# so every clone on the machine reuses it. It is built in a temporary folder
# and renamed into place only when complete, with a stamp holding the hash of
# its package list: a half-built or outdated chroot is never used.
#
# `test` copies the working tree (without .git, .venv, build, dist) into the
# chroot's /work/src, so nothing of the host's checkout is touched, and runs
# the same Makefile there, with a venv from that Debian's python3. The pip step
# runs with the network; the suite runs in a private network namespace with
# only loopback, so its PostGIS port and Xvfb displays never meet the host's.
# Requires root.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_ROOT="${HENGYANG_CHROOT_CACHE:-/var/cache/hengyang-qgis-chroots}"
# Bump to force every cached chroot to be rebuilt.
BUILD_REVISION=1

# What the suite needs (the host Makefile's APT_PACKAGES without the
# version-numbered PostgreSQL packages, which are resolved per release).
PACKAGES=(
  qgis python3-qgis qgis-providers python3-shapely python3-numpy python3-gdal
  xvfb xauth fonts-noto-cjk python3-venv python3-pip gdal-bin poppler-utils
  qttools5-dev-tools pyqt5-dev-tools imagemagick x11-utils zip qttranslations5-l10n
  python3-psycopg2 make ca-certificates procps libreoffice-writer-nogui
)
# PostGIS port inside the chroot (its own network namespace; still not the host's 55432).
declare -A PG_PORTS=([trixie]=55440 [forky]=55444)

die() { echo "qgis_chroot: $*" >&2; exit 1; }
log() { echo "qgis_chroot: $*" >&2; }

codename_for() {
  case "$1" in
    3.40 | 3.40.* | trixie) echo trixie ;;
    3.44 | 3.44.* | forky) echo forky ;;
    *) die "unknown QGIS version '$1' (known: 3.40 = trixie, 3.44 = forky)" ;;
  esac
}

# The Debian mirror the host's apt uses (first deb line / deb822 URIs ending in /debian).
host_mirror() {
  if [ -n "${HENGYANG_DEBIAN_MIRROR:-}" ]; then
    echo "$HENGYANG_DEBIAN_MIRROR"
    return
  fi
  local mirror
  mirror="$({
    grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E 's/\[[^]]*\]//' | awk '{print $2}'
    grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
      sed -E 's/^[[:space:]]*URIs:[[:space:]]*//' | tr ' ' '\n'
  } | grep -E '^https?://.*/debian/?$' | head -n 1 || true)"
  [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list*; set HENGYANG_DEBIAN_MIRROR"
  echo "${mirror%/}"
}

package_hash() {
  local codename="$1"
  printf '%s\n' "revision=$BUILD_REVISION" "codename=$codename" "${PACKAGES[@]}" | sha256sum | cut -c1-16
}

# Never delete or replace a folder that still has something mounted inside.
assert_no_mounts() {
  local dir
  dir="$(realpath -m "$1")"
  if findmnt -rn -o TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1 {found = 1} END {exit !found}'; then
    die "something is still mounted under $dir; refusing to touch it"
  fi
}

# A run killed without its EXIT trap (SIGKILL, a lost session) leaves its mounts behind;
# mounting sysfs again over them fails ("already mounted", exit 32). Called with the
# chroot's lock held, so no other run of ours can be using them.
unmount_stale() {
  local dir target pass
  dir="$(realpath -m "$1")"
  for pass in 1 2 3; do
    findmnt -rn -o TARGET | awk -v d="$dir" 'index($0, d "/") == 1' | sort -r | while read -r target; do
      umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
    done
  done
  if findmnt -rn -o TARGET | awk -v d="$dir" 'index($0, d "/") == 1 {found = 1} END {exit !found}'; then
    die "could not unmount what a previous run left mounted under $dir"
  fi
  return 0
}

MOUNTED=()
mount_system() {
  local dir="$1"
  unmount_stale "$dir"
  mount -t proc proc "$dir/proc" && MOUNTED+=("$dir/proc")
  mount --bind /dev "$dir/dev" && MOUNTED+=("$dir/dev")
  mount --bind /dev/pts "$dir/dev/pts" && MOUNTED+=("$dir/dev/pts")
  mkdir -p "$dir/dev/shm"
  mount -t tmpfs -o mode=1777,size=2g tmpfs "$dir/dev/shm" && MOUNTED+=("$dir/dev/shm")
  mount -t sysfs -o ro sysfs "$dir/sys" && MOUNTED+=("$dir/sys")
}

unmount_system() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null ||
      log "warning: could not unmount ${MOUNTED[$i]}"
  done
  MOUNTED=()
}
trap unmount_system EXIT
trap 'exit 130' INT TERM

# A minimal, fixed environment inside the chroot (nothing of the host's PATH or venv).
CHROOT_ENV=()
chroot_argv() {
  local dir="$1"
  shift
  ARGV=(env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 LC_ALL=C.UTF-8
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    DEBIAN_FRONTEND=noninteractive CI="${CI:-}"
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=180 PIP_ROOT_USER_ACTION=ignore
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt
    "${CHROOT_ENV[@]}" chroot "$dir" "$@")
}
in_chroot() {
  chroot_argv "$@"
  "${ARGV[@]}"
}

LOCKED=
with_lock() {
  local codename="$1"
  [ "$LOCKED" = "$codename" ] && return 0
  mkdir -p "$CACHE_ROOT"
  exec 9>"$CACHE_ROOT/.$codename.lock"
  if ! flock -n 9; then
    log "waiting for another run on the $codename chroot"
    flock 9
  fi
  LOCKED="$codename"
}

is_current() {
  local dir="$1" codename="$2"
  [ -f "$dir/.hengyang-chroot-stamp" ] && [ "$(cat "$dir/.hengyang-chroot-stamp")" = "$(package_hash "$codename")" ]
}

# CI starts from a bare machine: the host tools this script uses are installed on first need.
need_host_tools() {
  local missing=() tool
  for tool in debootstrap rsync; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing host tools: ${missing[*]} (apt-get install them, or run as root)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  local codename="$1"
  local dir="$CACHE_ROOT/$codename"
  is_current "$dir" "$codename" && return 0
  [ "$(id -u)" = 0 ] || die "building a chroot needs root"
  need_host_tools
  local mirror script=() apt_update=(apt-get -qq update) started=$SECONDS
  mirror="$(host_mirror)"
  if [ ! -e "/usr/share/debootstrap/scripts/$codename" ]; then
    # bookworm's debootstrap does not know newer codenames; testing bootstraps like sid.
    script=(/usr/share/debootstrap/scripts/sid)
  fi
  if [ "$codename" = forky ]; then
    # The testing Release file can be past its Valid-Until date.
    apt_update=(apt-get -qq -o Acquire::Check-Valid-Until=false update)
  fi
  mkdir -p "$CACHE_ROOT"
  local tmp="$CACHE_ROOT/.$codename.building"
  if [ -e "$tmp" ]; then
    assert_no_mounts "$tmp"
    rm -rf "$tmp"
  fi
  log "building the $codename chroot in $tmp"
  debootstrap --variant=minbase "$codename" "$tmp" "$mirror" "${script[@]}" >"$CACHE_ROOT/.$codename.debootstrap.log" 2>&1 ||
    { tail -n 30 "$CACHE_ROOT/.$codename.debootstrap.log" >&2; die "debootstrap $codename failed"; }
  log "debootstrap done after $((SECONDS - started)) s"
  cat >"$tmp/etc/apt/sources.list" <<EOF
deb $mirror $codename main
EOF
  [ "$codename" = trixie ] && echo "deb $mirror $codename-updates main" >>"$tmp/etc/apt/sources.list"
  # No daemons start during the install, and PostgreSQL makes no default cluster.
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod +x "$tmp/usr/sbin/policy-rc.d"
  mkdir -p "$tmp/etc/postgresql-common"
  echo "create_main_cluster = false" >"$tmp/etc/postgresql-common/createcluster.conf"
  # No documentation, smaller and faster.
  cat >"$tmp/etc/dpkg/dpkg.cfg.d/01-hengyang-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
EOF
  cp -L /etc/resolv.conf "$tmp/etc/resolv.conf"
  mount_system "$tmp"
  in_chroot "$tmp" "${apt_update[@]}"
  # The release's own PostgreSQL major version (postgresql depends on postgresql-NN).
  local pg
  pg="$(in_chroot "$tmp" apt-cache depends postgresql | sed -nE 's/^ *Depends: postgresql-([0-9]+)$/\1/p' | head -n 1)"
  [ -n "$pg" ] || die "could not find the PostgreSQL version of $codename"
  in_chroot "$tmp" apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold \
    "${PACKAGES[@]}" "postgresql-$pg" "postgresql-$pg-postgis-3" >"$CACHE_ROOT/.$codename.apt.log" 2>&1 ||
    { tail -n 40 "$CACHE_ROOT/.$codename.apt.log" >&2; die "apt-get install in the $codename chroot failed"; }
  in_chroot "$tmp" apt-get clean
  echo "$pg" >"$tmp/etc/hengyang-postgresql-version"
  unmount_system
  package_hash "$codename" >"$tmp/.hengyang-chroot-stamp"
  if [ -e "$dir" ]; then
    assert_no_mounts "$dir"
    mv "$dir" "$dir.old"
    rm -rf "$dir.old"
  fi
  mv "$tmp" "$dir"
  log "the $codename chroot is ready ($dir, $(du -sh "$dir" | cut -f1), built in $((SECONDS - started)) s)"
}

# The working tree, without the host's generated folders, into the chroot.
sync_source() {
  local dir="$1"
  need_host_tools
  mkdir -p "$dir/work/src"
  rsync -a --delete \
    --exclude='/.git' --exclude='/.venv*' --exclude='/build' --exclude='/build-*' --exclude='/dist' \
    --exclude='/.qgis-profile' --exclude='__pycache__' --exclude='.pytest_cache' \
    "$ROOT/" "$dir/work/src/"
}

# The host's local CAs (a TLS-inspecting proxy, say) so pip in the chroot trusts what the host's does.
sync_host_cas() {
  local dir="$1"
  [ -d /usr/local/share/ca-certificates ] || return 0
  local target="$dir/usr/local/share/ca-certificates/host"
  mkdir -p "$target"
  if ! diff -rq /usr/local/share/ca-certificates "$target" >/dev/null 2>&1 ||
    [ ! -e "$dir/etc/ssl/certs/.hengyang-host-cas" ]; then
    rsync -a --delete --exclude=/host /usr/local/share/ca-certificates/ "$target/"
    in_chroot "$dir" update-ca-certificates --fresh >/dev/null 2>&1 || log "warning: update-ca-certificates failed"
    touch "$dir/etc/ssl/certs/.hengyang-host-cas"
  fi
}

requirements_for() {
  local codename="$1"
  local file="requirements/testing-$codename.txt"
  [ -f "$ROOT/$file" ] || die "$file is missing"
  echo "$file"
}

# The make variables of a run in the chroot: that release's PostgreSQL packages,
# the chroot's own PostGIS port, the per-release test requirements.
set_make_vars() {
  local codename="$1" dir="$CACHE_ROOT/$1"
  local pg port
  pg="$(cat "$dir/etc/hengyang-postgresql-version")"
  port="${PG_PORTS[$codename]}"
  MAKE_VARS=("POSTGIS_APT_PACKAGES=postgresql-$pg postgresql-$pg-postgis-3 python3-psycopg2"
    "POSTGIS_PORT=$port" "TEST_REQUIREMENTS=$(requirements_for "$codename")")
  CHROOT_ENV=(PGPORT="$port" PGBIN="/usr/lib/postgresql/$pg/bin" PGDATA_DIR=/var/tmp/hengyang-pgdata)
}

# Sets up the chroot (source, CAs, venv, a fresh PostGIS data folder, mounts) and
# runs COMMAND... in its /work/src, in a network namespace of its own.
in_prepared_chroot() {
  local codename="$1"
  shift
  [ "$(id -u)" = 0 ] || die "running the suite in a chroot needs root"
  with_lock "$codename"
  build "$codename"
  local dir="$CACHE_ROOT/$codename" started=$SECONDS
  set_make_vars "$codename"
  sync_source "$dir"
  sync_host_cas "$dir"
  # A fresh PostGIS cluster each run, on the chroot's own disk.
  rm -rf "$dir/var/tmp/hengyang-pgdata"
  mount_system "$dir"
  # With the network: the Debian packages check and the venv.
  in_chroot "$dir" bash -c 'cd /work/src && exec make -s venv "$@"' make "${MAKE_VARS[@]}"
  log "venv ready after $((SECONDS - started)) s"
  local status=0
  chroot_argv "$dir" bash -c 'cd /work/src && exec "$@"' bash "$@"
  if unshare -n true 2>/dev/null; then
    unshare -n bash -c 'ip link set lo up && exec "$@"' unshare "${ARGV[@]}" || status=$?
  else
    log "warning: no network namespace; the suite shares the host's network"
    "${ARGV[@]}" || status=$?
  fi
  unmount_system
  log "$codename: finished with status $status after $((SECONDS - started)) s"
  return "$status"
}

# `make test` in the chroot; "$@" are extra make arguments (PYTEST_ARGS=...).
run_tests() {
  local codename="$1"
  shift
  with_lock "$codename"
  build "$codename"
  set_make_vars "$codename"
  in_prepared_chroot "$codename" make test "${MAKE_VARS[@]}" "$@"
}

shell() {
  local codename="$1"
  with_lock "$codename"
  build "$codename"
  local dir="$CACHE_ROOT/$codename"
  sync_source "$dir"
  mount_system "$dir"
  in_chroot "$dir" bash -c 'cd /work/src && exec bash -i' || true
  unmount_system
}

[ $# -ge 2 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
command="$1"
codename="$(codename_for "$2")"
shift 2
case "$command" in
  build) with_lock "$codename"; build "$codename" ;;
  test) run_tests "$codename" "$@" ;;
  run) in_prepared_chroot "$codename" "$@" ;;
  shell) shell "$codename" ;;
  codename) echo "$codename" ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
