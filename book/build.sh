#!/usr/bin/env bash
# Build the series as a static book: bash book/build.sh [OUTPUT_DIR]   (default book/_build)
#
# Every chapter in notebooks/ is executed afresh; the pages keep each figure, each printed output and
# the widgets' state; one slider of each control moves its figure in the page without a kernel. When
# notebooks/ko/ holds the Korean chapters, they are built too, into OUTPUT_DIR/html/ko/, and every page
# links to the same page in the other edition. The site lands in OUTPUT_DIR/html.
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

# One source folder per edition (book/stage.py), each built by Sphinx with the configuration Jupyter
# Book writes for it, into its own work folder (myst-nb keeps its executed copies next to the output).
rm -rf "$OUT/source" "$OUT/work" "$OUT/html" "$OUT/jupyter_execute" "$OUT/.doctrees" "$OUT/_build"
unpack() { mkdir -p "$2" && tar -xzf "$CACHE/$1" -C "$2" --strip-components=1 "${@:3}"; }
vendor() {   # only what the pages load goes into _static/ (html_static_path = vendor) and the root (extra)
    local src=$1 widgets="$1/vendor/widgets"
    unpack jupyter-widgets-html-manager-1.0.15.tgz "$widgets/@jupyter-widgets/html-manager" package/dist
    # The pages load embed-amd.js; its CSS asks for the icon fonts relative to the page, so those go to
    # the site's root; the other bundles are not used.
    local dist="$widgets/@jupyter-widgets/html-manager/dist" fonts="$src/extra/@jupyter-widgets/html-manager/dist"
    mkdir -p "$fonts" && mv "$dist/"*.{woff2,woff,ttf,eot,svg} "$fonts/"
    find "$dist" -type f ! -name embed-amd.js ! -name "*LICENSE*" -delete
    unpack requirejs-2.3.8.tgz "$widgets" package/require.js
    unpack mathjax-3.2.2.tgz "$src/vendor/mathjax" package/es5/tex-mml-chtml.js package/es5/input \
        package/es5/output/chtml package/es5/ui package/es5/a11y package/es5/adaptors
    mv "$src/vendor/mathjax/es5/"* "$src/vendor/mathjax/" && rmdir "$src/vendor/mathjax/es5"
}

# The kernels import this checkout's mlp_core (and its bundled MNIST) wherever the source folder is,
# and show each control with the pictures its page slider selects (mlp_core/controls/static.py).
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" MLP_STATIC_BOOK=1
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# ipykernel's start-up notice about local TCP sockets says nothing about the book
NOTICE="Kernel is running over TCP without encryption"

edition() {   # edition LANGUAGE: stage, configure and build it into $OUT/work/LANGUAGE/html
    local src="$OUT/source/$1" work="$OUT/work/$1"
    "$PY" "$BOOK/stage.py" "$src" --language "$1"
    vendor "$src"
    "$PY" -c "from jupyter_book.cli.main import main; main()" config sphinx "$src" >/dev/null
    printf '\nimport os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # offline.py, pages.py\n' >> "$src/conf.py"
    "$PY" -m sphinx -b html -q --keep-going -d "$work/.doctrees" "$src" "$work/html" 2> >(grep -v "$NOTICE" >&2)
    [[ -f "$work/html/index.html" ]] || { echo "build.sh: the $1 edition has no index.html" >&2; exit 1; }
}

start=$SECONDS
edition en
mv "$OUT/work/en/html" "$OUT/html"
built="English"
if compgen -G "$ROOT/notebooks/ko/[0-9][0-9]_*.ipynb" >/dev/null; then
    edition ko
    mv "$OUT/work/ko/html" "$OUT/html/ko"
    built="English and Korean"
fi
rm -rf "$OUT/work"
echo "book built in $((SECONDS - start)) s ($built): $OUT/html/index.html"
