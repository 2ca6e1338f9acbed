#!/usr/bin/env bash
# Copy the front-end files pinned in package-lock.json into the static folder.
# They are committed: provincial intranets are often offline, so nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
out=src/dtbd/static/vendor
rm -rf "$out" && mkdir -p "$out/bootstrap" "$out/bootstrap-icons/fonts" "$out/htmx" "$out/chartjs"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$out/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$out/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$out/bootstrap-icons/fonts/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/chart.js/dist/chart.umd.min.js "$out/chartjs/"
for p in bootstrap bootstrap-icons htmx.org chart.js; do
  node -e "const p=require('./node_modules/$p/package.json');console.log(p.name+' '+p.version+' '+p.license)"
done > "$out/VERSIONS.txt"
