#!/usr/bin/env bash
# Build the series as a static book: bash book/build.sh [OUTPUT_DIR]   (default book/_build)
#
# Every chapter in notebooks/ is executed afresh; the pages keep each figure, each printed output and
# the widgets' state, so sliders move in the page without a kernel. The site lands in OUTPUT_DIR/html.
# Nothing is loaded from a CDN: the widget manager, RequireJS and MathJax come from the npm registry
# (`npm pack`, checked against the SHA-256 below, cached in book/_vendor/) and are served by the site.
#
# Python: $BOOK_PYTHON if set (used as it is), else the repository's .venv, created and filled with
# requirements.txt and requirements-book.txt when it lacks Jupyter Book.
set -euo pipefail
BOOK="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BOOK")"
OUT="$(mkdir -p "${1:-$BOOK/_build}" && cd "${1:-$BOOK/_build}" && pwd)"
CACHE="${BOOK_VENDOR_CACHE:-$BOOK/_vendor}"

if [[ -n "${BOOK_PYTHON:-}" ]]; then
    PY="$BOOK_PYTHON"
else
    PY="$ROOT/.venv/bin/python"
    if [[ ! -x "$PY" ]] || ! "$PY" -c "import jupyter_book" 2>/dev/null; then
        [[ -x "$PY" ]] || python3 -m venv "$ROOT/.venv"
        "$PY" -m pip install -q -r "$ROOT/requirements.txt" -r "$ROOT/requirements-book.txt"
    fi
fi

# package@version  tarball  sha256
VENDOR=(
    "@jupyter-widgets/html-manager@1.0.15 jupyter-widgets-html-manager-1.0.15.tgz 2b9d65cb7913e1c7d671757a10008b32c9c2448d4429513371e55c07d6107638"
    "requirejs@2.3.8 requirejs-2.3.8.tgz 777158e89275e16bd51aec3ef714fbcb5dc45789e7078659933bc814916d7dec"
    "mathjax@3.2.2 mathjax-3.2.2.tgz 1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09"
)
mkdir -p "$CACHE"
for entry in "${VENDOR[@]}"; do
    read -r spec tarball sum <<<"$entry"
    if [[ ! -f "$CACHE/$tarball" ]]; then
        command -v npm >/dev/null || { echo "build.sh: npm is needed once to fetch $spec (Debian: apt-get install npm)" >&2; exit 1; }
        (cd "$CACHE" && npm pack --silent "$spec" >/dev/null)
    fi
    echo "$sum  $CACHE/$tarball" | sha256sum --check --quiet - \
        || { echo "build.sh: $CACHE/$tarball does not match its SHA-256; delete it and run again" >&2; exit 1; }
done

SRC="$OUT/source"
rm -rf "$SRC" "$OUT/html" "$OUT/jupyter_execute" "$OUT/.doctrees"
"$PY" "$BOOK/stage.py" "$SRC"

# Only what the pages load goes into _static/ (html_static_path = vendor) and the root (extra).
unpack() { mkdir -p "$2" && tar -xzf "$CACHE/$1" -C "$2" --strip-components=1 "${@:3}"; }
WIDGETS="$SRC/vendor/widgets"
unpack jupyter-widgets-html-manager-1.0.15.tgz "$WIDGETS/@jupyter-widgets/html-manager" package/dist
# The pages load embed-amd.js; its CSS asks for the icon fonts relative to the page, so those go to
# the site's root; the other bundles are not used.
DIST="$WIDGETS/@jupyter-widgets/html-manager/dist"
FONTS="$SRC/extra/@jupyter-widgets/html-manager/dist"
mkdir -p "$FONTS" && mv "$DIST/"*.{woff2,woff,ttf,eot,svg} "$FONTS/"
find "$DIST" -type f ! -name embed-amd.js ! -name "*LICENSE*" -delete
unpack requirejs-2.3.8.tgz "$WIDGETS" package/require.js
unpack mathjax-3.2.2.tgz "$SRC/vendor/mathjax" package/es5/tex-mml-chtml.js package/es5/input \
    package/es5/output/chtml package/es5/ui package/es5/a11y package/es5/adaptors
mv "$SRC/vendor/mathjax/es5/"* "$SRC/vendor/mathjax/" && rmdir "$SRC/vendor/mathjax/es5"

# The kernels import this checkout's mlp_core (and its bundled MNIST) wherever the source folder is.
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
start=$SECONDS
"$PY" -c "from jupyter_book.cli.main import main; main()" build "$SRC" --path-output "$OUT" --keep-going --quiet
[[ -f "$OUT/_build/html/index.html" ]] || { echo "build.sh: no index.html was built" >&2; exit 1; }
rm -rf "$OUT/html" && mv "$OUT/_build/html" "$OUT/html"
rm -rf "$OUT/_build"
echo "book built in $((SECONDS - start)) s: $OUT/html/index.html"
