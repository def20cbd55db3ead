#!/usr/bin/env bash
# The project's pinned Salesforce CLI (devDependency @salesforce/cli), with telemetry and auto-update off.
# usage: bash scripts/org/sf.sh <sf arguments>   e.g. bash scripts/org/sf.sh project deploy start --target-org my-org
set -euo pipefail
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
root=$(cd "$(dirname "$0")/../.." && pwd)
sf="$root/node_modules/.bin/sf"
[ -x "$sf" ] || { echo "sf.sh: $sf is missing: run npm ci first" >&2; exit 2; }
cd "$root"
exec "$sf" "$@"
