#!/usr/bin/env bash
# ./kiln demo, after `up`: stores the sample BuildConfig, starts a build, streams its log and
# runs the built image once.
set -euo pipefail
cd "$(dirname "$0")/../.."
api="http://127.0.0.1:${KILN_API_PORT:-8080}"
token=$(node apps/cli/dist/main.js whoami -t)
ns=default
base="$api/apis/build.openshift.io/v1/namespaces/$ns"
auth=(-H "Authorization: Bearer $token")
bc=examples/hello-docker/buildconfig.yaml

echo "==> storing $bc"
curl -fsS "${auth[@]}" -X DELETE "$base/buildconfigs/hello-docker" >/dev/null 2>&1 || true
curl -fsS "${auth[@]}" -H 'Content-Type: application/yaml' --data-binary "@$bc" "$base/buildconfigs" >/dev/null
echo "==> starting a build"
name=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d '{}' "$base/buildconfigs/hello-docker/instantiate" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).metadata.name))')
echo "==> build $name: log"
curl -fsS -N "${auth[@]}" "$base/builds/$name/log?follow=true"
status=$(curl -fsS "${auth[@]}" "$base/builds/$name")
phase=$(node -e 'const b=JSON.parse(process.argv[1]);console.log(b.status.phase)' "$status")
echo "==> $name: $phase"
node -e 'const b=JSON.parse(process.argv[1]);const s=b.status;console.log("    image  "+(s.outputDockerImageReference??"-"));console.log("    digest "+(s.output?.to?.imageDigest??"-"));if(s.reason)console.log("    reason "+s.reason+": "+s.message)' "$status"
[ "$phase" = Complete ] || exit 1
image=$(node -e 'console.log(JSON.parse(process.argv[1]).status.outputDockerImageReference)' "$status")
echo "==> running $image once"
store=(--root "${KILN_STATE_DIR:-.kiln}/images/storage" --runroot "${KILN_STATE_DIR:-.kiln}/images/run" --storage-driver vfs)
ctr=$(buildah "${store[@]}" from --tls-verify=false -q "docker://$image")
trap 'buildah "${store[@]}" rm "$ctr" >/dev/null' EXIT
buildah "${store[@]}" run --isolation chroot "$ctr" -- cat /message.txt
