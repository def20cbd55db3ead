#!/usr/bin/env bash
# Offline proof that the Salesforce CLI reads the package source: converts force-app to Metadata API format
# and generates a package.xml manifest, in a temporary directory. No org needed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/tim-sf-convert.XXXXXX")
trap 'rm -rf "$out"' EXIT
bash "$here/sf.sh" project convert source --source-dir force-app --output-dir "$out/mdapi" --json >"$out/convert.json"
bash "$here/sf.sh" project generate manifest --source-dir force-app --output-dir "$out" --name package.xml --json >"$out/manifest.json"
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
