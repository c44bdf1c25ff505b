#!/usr/bin/env bash
# ./kiln demo, after `up`: publishes the example apps to the farm's git daemon, applies their
# BuildConfigs with the kiln CLI, runs each build with its log streaming, prints the image and
# digest, and runs every built image once.
set -euo pipefail
cd "$(dirname "$0")/../.."
state="${KILN_STATE_DIR:-$PWD/.kiln}"
kiln() { node apps/cli/dist/main.js "$@"; }
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Each examples/<name>/app becomes the repository git://127.0.0.1:<git port>/<name>.
publish() {
  local name="$1" repo="$state/git/repos/$1"
  rm -rf "$repo" && mkdir -p "$repo"
  cp -R "examples/$name/app/." "$repo/"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  GIT_AUTHOR_NAME="Kiln Demo" GIT_AUTHOR_EMAIL=demo@kiln.invalid \
    GIT_COMMITTER_NAME="Kiln Demo" GIT_COMMITTER_EMAIL=demo@kiln.invalid \
    git -C "$repo" commit -q -m "$name: demo import"
}

store=(--root "$state/images/storage" --runroot "$state/images/run" --storage-driver vfs)
# Runs a command in a fresh container of the image, as `podman run` would, and removes it.
run_image() {
  local image="$1"; shift
  local ctr
  ctr=$(buildah "${store[@]}" from --pull-always --tls-verify=false -q "docker://$image")
  buildah "${store[@]}" run --isolation chroot "$ctr" -- "$@" || true
  buildah "${store[@]}" rm "$ctr" >/dev/null
}

# Starts a build, follows its log, prints image and digest, then runs the image once.
build_and_run() {
  local bc="$1"; shift
  local -a start=("$@")
  local run_cmd=()
  while [ "${start[0]:-}" != "--" ] && [ ${#start[@]} -gt 0 ]; do run_cmd+=("${start[0]}"); start=("${start[@]:1}"); done
  start=("${start[@]:1}")
  step "build of $bc (log follows)"
  if ! kiln start-build "$bc" --follow "${start[@]}"; then
    kiln describe bc "$bc" | tail -20
    echo "the $bc build did not complete" >&2
    return 1
  fi
  local build
  build=$(kiln get builds -l "buildconfig=$bc" -o name | tail -1)
  kiln get "$build" -o json | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const b = JSON.parse(s);
      console.log(`    build   ${b.metadata.name}: ${b.status.phase} in ${Math.round((b.status.duration ?? 0) / 1e6) / 1000 || "?"} s`);
      console.log(`    image   ${b.status.outputDockerImageReference ?? "-"}`);
      console.log(`    digest  ${b.status.output?.to?.imageDigest ?? "-"}`);
    });'
  step "running $bc's image once: ${run_cmd[*]}"
  run_image "$(kiln get "$build" -o json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).status.outputDockerImageReference))')" "${run_cmd[@]}"
}

step "publishing the example apps to the farm's git daemon"
for name in docker-multistage nodejs-s2i; do publish "$name"; echo "    git://127.0.0.1:${KILN_GIT_PORT:-9418}/$name"; done

step "applying the example BuildConfigs"
kiln project default -q >/dev/null 2>&1 || true
for bc in examples/*/buildconfig.yaml; do kiln apply -f "$bc"; done
kiln get bc

build_and_run hello-docker cat /message.txt --
build_and_run docker-multistage cat /opt/app-root/report.txt --
build_and_run nodejs-s2i node /opt/app-root/src/server.js --once --
build_and_run static-site sh -c 'cat /opt/app-root/src/stamp.txt; ls /opt/app-root/src' -- --from-dir examples/static-assemble-override/app

step "all builds"
kiln get builds
