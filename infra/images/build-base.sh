#!/usr/bin/env bash
# Builds the farm's minimal base image from the host's busybox-static, with no network, and
# pushes it to the farm registry: REGISTRY/kiln/base:latest (busybox, /etc/passwd, user 1001).
# Usage: build-base.sh REGISTRY_HOST [STORAGE_ROOT]
set -euo pipefail
registry="$1"
root="${2:-$(pwd)/.kiln/buildah}"
image="$registry/kiln/base:latest"
# Idempotent: an image already in the registry is kept.
if skopeo inspect --tls-verify=false "docker://$image" >/dev/null 2>&1; then
  echo "$image already present"
  exit 0
fi
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp /bin/busybox "$ctx/busybox"
cat > "$ctx/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
default:x:1001:0:Default user:/opt/app-root/src:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
P
cat > "$ctx/group" <<'G'
root:x:0:
nobody:x:65534:
G
cat > "$ctx/Dockerfile" <<'D'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY passwd group /etc/
RUN mkdir -p /tmp /opt/app-root/src /usr/bin && chmod 1777 /tmp && ln -sf /bin/env /usr/bin/env && chown -R 1001:0 /opt/app-root
ENV PATH=/usr/local/bin:/usr/bin:/bin HOME=/opt/app-root/src
LABEL io.k8s.description="Kiln minimal base image (busybox)" io.kiln.image=base
CMD ["/bin/sh"]
D
store=(--root "$root/storage" --runroot "$root/run" --storage-driver vfs)
buildah "${store[@]}" bud --isolation chroot --format oci -q -t "$image" "$ctx" >/dev/null
buildah "${store[@]}" push --tls-verify=false -q "$image" "docker://$image"
echo "pushed $image"
