#!/usr/bin/env bash
# WeasyPrint (the written referral's PDF) needs Pango from the operating system; pip cannot
# install it. Install it from Debian's packages when it is missing and we are root; otherwise
# say how. Everything else in the portal works without it.
set -euo pipefail

python=${1:-.venv/bin/python}
if "$python" -c "import weasyprint" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "ensure_pango: installing Pango for WeasyPrint from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >&2
  exit 0
fi
echo "ensure_pango: WeasyPrint cannot load Pango, so written referrals cannot be drawn as PDFs." >&2
echo "ensure_pango: install it with: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" >&2
