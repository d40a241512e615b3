#!/usr/bin/env bash
# Install the .deb on a clean Debian and check it as a clerk would meet it.
#
#   bash packaging/test_deb.sh [dist/openday_X_amd64.deb] [--host]
#
# Default (needs root and debootstrap): a minimal Debian bookworm (debootstrap --variant=minbase,
# no Python at all) is made once and cached in $OPENDAY_TEST_BASE
# (/var/cache/openday-packaging/bookworm-minbase); every run copies it to a fresh folder, installs
# the .deb there with apt (which must find every dependency the package declares) and, inside it:
#   - every bundled library and Qt plugin resolves (ldd: nothing "not found");
#   - as an ordinary user "clerk", with an EMPTY environment (env -i: no PATH, no PYTHONPATH, no
#     HOME) apart from QT_QPA_PLATFORM=offscreen, `/usr/bin/openday --smoke-test` opens the
#     window on the default database, and `openday-cli --db /tmp/x.db demo` and two exports run;
#   - the menu entry is installed, valid (desktop-file-validate), and its command and icon exist;
#   - `apt-get purge openday` removes the program and keeps the user's data byte for byte.
# --host: no chroot (when debootstrap cannot be used): the same checks with `apt-get install` on
# this machine, the data in a temporary folder; python3 may then exist on the machine, but the
# empty environment means the program cannot find it, and the bundle does not look for it.
# Needs network access to a Debian mirror ($OPENDAY_TEST_MIRROR) for the dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=chroot
deb=""
for arg in "$@"; do
  case "$arg" in
    --host) mode=host ;;
    *.deb) deb=$arg ;;
    *) echo "用法：bash packaging/test_deb.sh [安装包.deb] [--host]" >&2; exit 2 ;;
  esac
done
if [ -z "$deb" ]; then
  deb=$(ls -t dist/openday_*.deb 2>/dev/null | head -n 1 || true)
fi
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  echo "没有找到安装包：先运行 python packaging/build.py deb" >&2
  exit 1
fi
deb=$(readlink -f "$deb")
if [ "$(id -u)" != 0 ]; then
  echo "需要 root 权限（安装软件包、建立 chroot）。" >&2
  exit 1
fi

base=${OPENDAY_TEST_BASE:-/var/cache/openday-packaging/bookworm-minbase}
mirror=$(bash "$(dirname "$0")/apt_mirror.sh")
started=$(date +%s)
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }

root=""
cleanup() {
  if [ -n "$root" ]; then
    umount -l "$root/proc" 2>/dev/null || true
    umount -R -l "$root/dev" 2>/dev/null || true
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT

if [ "$mode" = chroot ]; then
  mkdir -p "$(dirname "$base")"
  # One debootstrap at a time (several CI runs may share this machine); the others wait for it.
  exec 9>"$base.lock"
  flock 9
  if [ ! -d "$base" ]; then
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
    echo "== debootstrap minbase bookworm -> $base (once; a few minutes)"
    rm -rf "$base.partial"
    debootstrap --variant=minbase bookworm "$base.partial" "$mirror" >/dev/null
    mv "$base.partial" "$base"
  fi
  flock -u 9
  root=$(mktemp -d /tmp/openday-root.XXXXXX)
  cp -a "$base/." "$root/"
  mount --rbind /dev "$root/dev"
  mount -t proc proc "$root/proc"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  run() { chroot "$root" "$@"; }
  as_clerk() { chroot --userspec=clerk:clerk "$root" "$@"; }
  if run sh -c 'command -v python3 || ls /usr/bin/python*' >/dev/null 2>&1; then
    fail "the clean root has a Python"
  fi
  ok "clean Debian bookworm root without Python: $root"
  run useradd -m clerk
  home=/home/clerk
  data=/tmp
  cp "$deb" "$root/tmp/openday.deb"
  pkg=/tmp/openday.deb
else
  run() { "$@"; }
  as_clerk() { "$@"; }
  work=$(mktemp -d /tmp/openday-host.XXXXXX)
  home=$work
  data=$work
  pkg=$deb
fi

echo "== apt-get install $(basename "$deb") ($mode)"
export DEBIAN_FRONTEND=noninteractive
run apt-get update -q >/dev/null
# desktop-file-utils: update-desktop-database (run by postinst) and desktop-file-validate.
run apt-get install -y -q --no-install-recommends desktop-file-utils >/dev/null
run apt-get install -y -q --no-install-recommends "$pkg" >/dev/null
installed=$(($(date +%s) - started))
ok "installed with its declared dependencies (no recommends) after ${installed} s"

# Every ELF file in the bundle resolves with the bundled folder first, as the program runs.
missing=$(run sh -c 'cd /opt/openday/_internal && find . -type f -name "*.so*" | while read -r f; do
  LD_LIBRARY_PATH=/opt/openday/_internal ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' || true)
[ -z "$missing" ] || fail "unresolved libraries:\n$missing"
ok "all bundled libraries and Qt plugins resolve"

desktop=/usr/share/applications/openday.desktop
run test -f "$desktop" || fail "no menu entry $desktop"
run desktop-file-validate "$desktop" || fail "menu entry does not validate"
exec_cmd=$(run sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
run test -x "$exec_cmd" || fail "menu entry runs $exec_cmd, which is not installed"
run test -f /usr/share/icons/hicolor/256x256/apps/openday.png || fail "no icon"
run test -f /usr/share/icons/hicolor/scalable/apps/openday.svg || fail "no scalable icon"
run grep -q '^Name\[zh_CN\]=政府开放日助手' "$desktop" || fail "menu entry has no Chinese name"
ok "menu entry $desktop (Exec=$exec_cmd, icon openday)"

echo "== run from the installed path with an empty environment"
if [ "$mode" = chroot ]; then
  smoke_db=""
  default_db=$home/.local/share/openday/openday.db
else
  smoke_db="--db $data/default.db"
  default_db=$data/default.db
fi
# shellcheck disable=SC2086
as_clerk env -i QT_QPA_PLATFORM=offscreen /usr/bin/openday $smoke_db --smoke-test \
  || fail "openday --smoke-test failed"
run test -s "$default_db" || fail "the smoke test left no database at $default_db"
ok "env -i QT_QPA_PLATFORM=offscreen /usr/bin/openday --smoke-test (database $default_db)"
as_clerk env -i /usr/bin/openday-cli --db "$data/x.db" demo || fail "openday-cli demo failed"
as_clerk env -i /usr/bin/openday-cli --db "$data/x.db" check >/dev/null || fail "openday-cli check failed"
as_clerk env -i /usr/bin/openday-cli --db "$data/x.db" export plan --event 3 -o "$data/实施方案.docx" \
  || fail "Word export failed"
as_clerk env -i /usr/bin/openday-cli --db "$data/x.db" export signin --event 2 -o "$data/签到表.pdf" \
  || fail "PDF export failed"
run test -s "$data/实施方案.docx" || fail "no Word file"
run test -s "$data/签到表.pdf" || fail "no PDF file"
as_clerk env -i QT_QPA_PLATFORM=offscreen /usr/bin/openday --db "$data/x.db" --smoke-test \
  || fail "openday --smoke-test on the demo database failed"
ok "env -i openday-cli --db $data/x.db demo, check, export plan (.docx), export signin (.pdf)"

echo "== uninstall keeps the user's data"
sums=$(run sha256sum "$default_db" "$data/x.db")
run apt-get purge -y -q openday >/dev/null
for gone in /opt/openday /usr/bin/openday /usr/bin/openday-cli "$desktop"; do
  if run test -e "$gone"; then fail "$gone is still there after purge"; fi
done
echo "$sums" | run sha256sum -c --quiet - || fail "user data changed by the uninstall"
ok "apt-get purge openday: program, wrappers and menu entry gone; databases unchanged"

echo "== deb test passed in $(($(date +%s) - started)) s ($mode)"
if [ "$mode" = host ]; then rm -rf "$work"; fi
