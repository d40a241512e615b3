#!/usr/bin/env bash
# Prints the Debian archive this machine's apt already uses (the first "URIs:" of a deb822
# .sources file, else the first "deb" line of sources.list), so the clean-root test installs
# from the same place apt does and no address is written into the project.
set -euo pipefail
if [ -n "${OPENDAY_TEST_MIRROR:-}" ]; then
  echo "$OPENDAY_TEST_MIRROR"
  exit 0
fi
uri=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
  [ -n "$uri" ] && break
done
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
  uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
fi
if [ -z "$uri" ]; then
  echo "apt 没有配置 Debian 软件源：请设置 OPENDAY_TEST_MIRROR。" >&2
  exit 1
fi
echo "$uri"
