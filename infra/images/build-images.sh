#!/usr/bin/env bash
# Builds the farm's own images with Buildah and no network, and pushes them to the farm registry:
#   REGISTRY/kiln/base:latest        busybox-static, /etc/passwd, user 1001
#   REGISTRY/kiln/s2i-static:latest  S2I builder for static sites (busybox httpd)
#   REGISTRY/kiln/s2i-nodejs:latest  S2I builder for Node.js (the host's node binary and its libraries)
# Each image is labelled with a hash of its inputs; one already in the registry with the same hash
# is kept, so running this again is cheap and a changed script rebuilds only what it changes.
# Usage: build-images.sh REGISTRY_HOST [STORAGE_ROOT] [IMAGE...]
set -euo pipefail
registry="$1"
root="${2:-$(pwd)/.kiln/images}"
shift $(( $# >= 2 ? 2 : $# ))
wanted=("${@:-base s2i-static s2i-nodejs}")
wanted=(${wanted[*]})
here="$(cd "$(dirname "$0")" && pwd)"
store=(--root "$root/storage" --runroot "$root/run" --storage-driver vfs)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The hash of a directory's files plus extra inputs (the host binaries an image copies in).
inputs_hash() {
  local dir="$1"; shift
  { (cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum); for f in "$here/build-images.sh" "$@"; do sha256sum "$f"; done; } \
    | sha256sum | cut -c1-16
}

current_hash() {
  skopeo inspect --tls-verify=false "docker://$1" 2>/dev/null \
    | sed -n 's/.*"io.kiln.inputs": "\([0-9a-f]*\)".*/\1/p'
}

# build NAME CONTEXT HASH [buildah bud args...]
build() {
  local name="$1" ctx="$2" hash="$3"; shift 3
  local image="$registry/kiln/$name:latest"
  if [ "$(current_hash "$image")" = "$hash" ]; then
    echo "$image is up to date"
    return
  fi
  echo "building $image"
  buildah "${store[@]}" bud --isolation chroot --format oci -q --label "io.kiln.inputs=$hash" \
    --build-arg "BASE=$registry/kiln/base:latest" --tls-verify=false "$@" -t "$image" "$ctx" >/dev/null
  buildah "${store[@]}" push --tls-verify=false -q "$image" "docker://$image"
  echo "pushed $image"
}

# The shared libraries a binary needs, copied under rootfs/ at their own paths.
copy_with_libraries() {
  local binary="$1" rootfs="$2"
  mkdir -p "$rootfs$(dirname "$binary")"
  cp "$binary" "$rootfs$binary"
  ldd "$binary" | awk '/=>/ { print $3 } /^[ \t]*\/[^ ]+ \(/ { print $1 }' | while read -r lib; do
    [ -n "$lib" ] || continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}

for name in "${wanted[@]}"; do
  case "$name" in
    base)
      cp -R "$here/base" "$work/base"
      cp /bin/busybox "$work/base/busybox"
      build base "$work/base" "$(inputs_hash "$here/base" /bin/busybox)"
      ;;
    s2i-static)
      build s2i-static "$here/s2i-static" "$(inputs_hash "$here/s2i-static" /bin/busybox)"
      ;;
    s2i-nodejs)
      node_bin="$(readlink -f "$(command -v node)")"
      npm_dir="$(dirname "$node_bin")/../lib/node_modules/npm"
      cp -R "$here/s2i-nodejs" "$work/s2i-nodejs"
      rootfs="$work/s2i-nodejs/rootfs"
      copy_with_libraries "$node_bin" "$rootfs"
      if [ "$node_bin" != /usr/bin/node ]; then
        mkdir -p "$rootfs/usr/bin" && ln -sf "$node_bin" "$rootfs/usr/bin/node"
      fi
      mkdir -p "$rootfs/usr/lib/node_modules"
      cp -R "$(readlink -f "$npm_dir")" "$rootfs/usr/lib/node_modules/npm"
      build s2i-nodejs "$work/s2i-nodejs" \
        "$(inputs_hash "$here/s2i-nodejs" "$node_bin" "$npm_dir/package.json" /bin/busybox)"
      ;;
    *) echo "unknown image $name" >&2; exit 64 ;;
  esac
done
