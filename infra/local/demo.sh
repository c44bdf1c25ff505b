#!/usr/bin/env bash
# ./kiln demo, after `up`: shows the farm and runs the sample build as far as the pipeline goes.
set -euo pipefail
cd "$(dirname "$0")/../.."
node infra/local/dist/main.js status
