#!/usr/bin/env bash
# Offline proof that the Salesforce CLI reads the source: converts the package (force-app) and the per-org,
# deploy-once directory (force-app-org) to Metadata API format and generates a package.xml manifest, in a temporary
# directory; then runs org:deploy's per-org step dry (the integration user filled into the subscriber config).
# No org needed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/tim-sf-convert.XXXXXX")
trap 'rm -rf "$out"' EXIT
bash "$here/sf.sh" project convert source --source-dir force-app --source-dir force-app-org --output-dir "$out/mdapi" --json >"$out/convert.json"
bash "$here/sf.sh" project generate manifest --source-dir force-app --source-dir force-app-org --output-dir "$out" --name package.xml --json >"$out/manifest.json"
node - "$out" <<'JS'
const fs = require('fs');
const path = require('path');
const out = process.argv[2];
const types = (file) => {
  const xml = fs.readFileSync(file, 'utf8');
  const found = {};
  for (const m of xml.matchAll(/<types>([\s\S]*?)<\/types>/g)) {
    const name = /<name>([^<]+)<\/name>/.exec(m[1])[1];
    found[name] = (m[1].match(/<members>/g) || []).length;
  }
  return found;
};
const converted = types(path.join(out, 'mdapi', 'package.xml'));
const manifest = types(path.join(out, 'package.xml'));
const total = (t) => Object.values(t).reduce((a, b) => a + b, 0);
if (!total(converted) || JSON.stringify(converted) !== JSON.stringify(manifest)) {
  console.error('convert and manifest disagree', { converted, manifest });
  process.exit(1);
}
console.log(`sf project convert source: OK (${total(converted)} components, ${Object.keys(converted).length} types)`);
for (const [name, n] of Object.entries(converted)) console.log(`  ${name}: ${n}`);
JS
dry=$(TIM_INTEGRATION_USERNAME=ci.check@example.invalid bash "$here/deploy.sh" --dry-run | sed -n 's/.*: //p')
trap 'rm -rf "$out" "$dry"' EXIT
config=$(find "$dry" -name '*.platformEventSubscriberConfig')
grep -q '<user>ci.check@example.invalid</user>' "$config" || { echo "org:deploy did not fill in the integration user" >&2; exit 1; }
grep -q '<platformEventConsumer>TimCaseChanged</platformEventConsumer>' "$config" || { echo "subscriber config does not name the TimCaseChanged trigger" >&2; exit 1; }
echo "org:deploy --dry-run: per-org directory converted, integration user filled into $(basename "$config")"
