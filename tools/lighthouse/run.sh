#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile, its default) on Today for the demo user, with Debian's Chromium.
# Not part of `make test`: run it by hand against a server with production settings, e.g.
#   .venv/bin/python manage.py seed_demo --users 1 --days 400
#   tools/lighthouse/run.sh http://127.0.0.1:8000
# The scores go to stdout; the full reports to tools/lighthouse/report.{html,json} (not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${1:?usage: tools/lighthouse/run.sh BASE_URL}"
base="${base%/}"
[ -x "$here/node_modules/.bin/lighthouse" ] || (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
session="$("$here/../../.venv/bin/python" "$here/../screenshots.py" --session-only "$base")"
CHROME_PATH="${CHROMIUM:-$(command -v chromium)}" "$here/node_modules/.bin/lighthouse" "$base/" \
  --quiet \
  --only-categories=performance,accessibility,best-practices \
  --extra-headers="{\"Cookie\": \"sessionid=$session\"}" \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
  --output=json --output=html --output-path="$here/report"
node -e '
  const report = require(process.argv[1]);
  for (const [id, category] of Object.entries(report.categories)) {
    console.log(`${category.title}: ${Math.round(category.score * 100)}`);
  }
' "$here/report.report.json"
