#!/usr/bin/env bash
# Build GOV.UK Frontend assets for the CSE Concern Portal.
#
# - Downloads govuk-frontend (npm pack) and sass into assets-build/ (git-ignored)
# - Compiles GOV.UK Frontend Sass with an Arial font stack, no GDS Transport
#   @font-face, and asset URLs under /static/govuk/assets/
# - Copies the JS bundle and any non-crown/non-GOV.UK-branded images into static/govuk/
#
# Usage: scripts/build_assets.sh   (or: make assets)
set -euo pipefail

GOVUK_FRONTEND_VERSION="${GOVUK_FRONTEND_VERSION:-6.6.0}"
SASS_VERSION="${SASS_VERSION:-1.108.2}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/assets-build"
OUT="$ROOT/static/govuk"

mkdir -p "$BUILD"
cd "$BUILD"

# 1. Fetch and unpack govuk-frontend
rm -rf package "govuk-frontend-${GOVUK_FRONTEND_VERSION}.tgz"
npm pack --silent "govuk-frontend@${GOVUK_FRONTEND_VERSION}" >/dev/null
tar -xzf "govuk-frontend-${GOVUK_FRONTEND_VERSION}.tgz"
DIST="$BUILD/package/dist/govuk"

# 2. Install the Sass compiler (Dart Sass, pinned)
if [ ! -f package.json ]; then
  echo '{ "name": "cse-portal-assets-build", "private": true }' > package.json
fi
npm install --silent --no-audit --no-fund --save-exact "sass@${SASS_VERSION}"

# 3. Compile
# Image URL handler: GOV.UK crown/crest images are not shipped, so resolve them
# to `none` (avoids 404s and ManifestStaticFilesStorage collectstatic errors for
# the footer crest on .govuk-footer__copyright-logo, which we do not use).
cat > _app-image-url.scss <<'SCSS'
@use "sass:string";
@function image-url($filename) {
  @if string.index($filename, "crest") or string.index($filename, "crown") {
    @return none;
  }
  @return url("/static/govuk/assets/images/" + $filename);
}
SCSS

cat > govuk-entry.scss <<'SCSS'
@use "sass:meta";
@use "app-image-url";
@use "govuk" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "/static/govuk/assets/",
  $govuk-image-url-function: meta.get-function("image-url", $module: "app-image-url")
);
SCSS

mkdir -p "$OUT"
./node_modules/.bin/sass \
  --load-path="$BUILD/package/dist" \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  govuk-entry.scss "$OUT/govuk-frontend.min.css"

# 4. JavaScript (ES module bundle)
# Strip the sourceMappingURL comment: the .map is not shipped, and Django's
# ManifestStaticFilesStorage would fail collectstatic on the missing file.
sed -e '/^\/\/# sourceMappingURL=/d' -e 's|//# sourceMappingURL=[^ ]*$||' \
  "$DIST/govuk-frontend.min.js" > "$OUT/govuk-frontend.min.js"

# 5. Images: skip everything crown / GOV.UK-branded (favicons, app icons,
#    mask icon, royal-arms crest, opengraph logo). Fonts are never copied.
#    In govuk-frontend 6.6.0 every image is crown-based, so nothing is copied.
rm -rf "$OUT/assets"
mkdir -p "$OUT/assets/images"
for img in "$DIST"/assets/images/*; do
  name="$(basename "$img")"
  case "$name" in
    favicon*|govuk-icon*|govuk-crest*|govuk-opengraph*|*crown*|*logotype*) continue ;;
  esac
  cp "$img" "$OUT/assets/images/$name"
done

# 6. Sanity checks
if grep -q "GDS Transport" "$OUT/govuk-frontend.min.css"; then
  echo "ERROR: GDS Transport found in compiled CSS" >&2
  exit 1
fi
if grep -q "sourceMappingURL" "$OUT/govuk-frontend.min.js"; then
  echo "ERROR: sourceMappingURL left in govuk-frontend.min.js" >&2
  exit 1
fi
if grep -o 'url([^)]*)' "$OUT/govuk-frontend.min.css" | grep -v '/static/govuk/assets/' | grep -q .; then
  echo "ERROR: url() outside /static/govuk/assets/ in compiled CSS" >&2
  exit 1
fi

echo "Built $OUT/govuk-frontend.min.css ($(wc -c < "$OUT/govuk-frontend.min.css") bytes)"
echo "Copied $OUT/govuk-frontend.min.js"
echo "Images copied: $(find "$OUT/assets/images" -type f | wc -l)"
