#!/usr/bin/env bash
# Unpack a prebuilt IPADIC dictionary for lindera into .lindera-cache/, so that the build
# never needs lindera's download site. .cargo/config.toml points the build there.
#
# Usage: scripts/offline-dictionary.sh [ARCHIVE]
#   ARCHIVE defaults to ../shared/lindera/ipadic-cache.tar.zst (see its README.md).
# Does nothing if the cache is already unpacked, or if there is no archive (then a build
# with a network downloads the dictionary source itself).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
archive=${1:-"$top/../shared/lindera/ipadic-cache.tar.zst"}
cache="$top/.lindera-cache"
if [ -f "$cache/6.2.0-fmt2/lindera-ipadic/dict.words" ]; then
  exit 0
fi
if [ ! -f "$archive" ]; then
  echo "offline-dictionary: no archive at $archive; the build will download IPADIC instead" >&2
  exit 0
fi
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar --zstd -xf "$archive" -C "$tmp"
# Move into place only once fully unpacked, so an interrupted run never leaves half a cache.
for d in "$tmp"/*; do
  name=$(basename "$d")
  rm -rf "${cache:?}/$name"
  mv "$d" "$cache/$name"
done
echo "offline-dictionary: unpacked $(basename "$archive") into .lindera-cache/" >&2
