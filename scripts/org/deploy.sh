#!/usr/bin/env bash
# Deploys the package source (force-app) and then the per-org, deploy-once items (force-app-org: the relay URL of
# the Named Credential, the Default settings record, the wide COS CSP site, the event subscriber config), with the
# relay's integration user filled into the PlatformEventSubscriberConfig.
# usage: TIM_INTEGRATION_USERNAME=relay@acme.example bash scripts/org/deploy.sh [--package-only] [--dry-run] [sf args]
#   --package-only  deploy force-app only (keeps the org's edited per-org items; use after the first deploy)
#   --dry-run       convert and fill in the per-org directory, print where it is, deploy nothing (no org needed)
# Extra arguments go to `sf project deploy start`, e.g. --target-org my-org.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
package_only=false dry_run=false args=()
for a in "$@"; do
  case "$a" in
    --package-only) package_only=true ;;
    --dry-run) dry_run=true ;;
    *) args+=("$a") ;;
  esac
done
if ! $dry_run; then
  bash "$here/sf.sh" project deploy start --source-dir force-app --wait 30 "${args[@]}"
fi
$package_only && exit 0
user=${TIM_INTEGRATION_USERNAME:-}
user_re='^[^[:space:]@<>&|]+@[^[:space:]@<>&|]+$'
if ! [[ "$user" =~ $user_re ]]; then
  echo "deploy.sh: set TIM_INTEGRATION_USERNAME to the relay integration user's username (it runs the chat event subscriber)" >&2
  exit 2
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/tim-org-deploy.XXXXXX")
$dry_run || trap 'rm -rf "$out"' EXIT
bash "$here/sf.sh" project convert source --source-dir force-app-org --output-dir "$out/mdapi" --json >"$out/convert.json"
configs=$(find "$out/mdapi" -name '*.platformEventSubscriberConfig' | wc -l)
[ "$configs" -ge 1 ] || { echo "deploy.sh: no PlatformEventSubscriberConfig in force-app-org" >&2; exit 1; }
find "$out/mdapi" -name '*.platformEventSubscriberConfig' -exec sed -i "s|__TIM_INTEGRATION_USERNAME__|$user|g" {} +
if grep -rq "__TIM_INTEGRATION_USERNAME__" "$out/mdapi"; then
  echo "deploy.sh: the integration user was not filled in" >&2
  exit 1
fi
if $dry_run; then
  echo "per-org directory converted with user $user: $out/mdapi"
  exit 0
fi
bash "$here/sf.sh" project deploy start --metadata-dir "$out/mdapi" --wait 30 "${args[@]}"
