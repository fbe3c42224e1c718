"""A Hangul font for matplotlib, for `set_language("ko")`.

The font is NanumGothic (SIL Open Font License) from the `koreanize-matplotlib` wheel that
`requirements.txt` installs; its files are read without importing that package (its import fails on
Python 3.12). The Hangul font comes *first* in `font.family`, DejaVu Sans second: matplotlib takes a
glyph missing from the first family from the second in plain text, but a label that mixes text and
maths (`"픽셀 값 $x$"`) and the log axes' `10^{-2}` take every non-maths glyph from the first family
alone. NanumGothic has no minus sign (U+2212), which those labels need, so the kit writes, once, a
copy of it that maps U+2212 to its en dash, under its own family name (`HANGUL_FAMILY`), into
matplotlib's cache folder. Without the wheel, a Korean system font is used (Noto Sans CJK, Nanum,
Malgun Gothic, Apple SD Gothic Neo); with neither, DataError says what to install."""
import importlib.util
import os
import tempfile
from pathlib import Path

HANGUL_FAMILY = "NanumGothic MLP"
SYSTEM_HANGUL_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK JP", "NanumGothic",
                       "NanumBarunGothic", "Malgun Gothic", "Apple SD Gothic Neo", "AppleGothic")
INSTALL = 'pip install "koreanize-matplotlib==0.1.1"   (or: pip install -r requirements.txt)'
MINUS, EN_DASH = 0x2212, 0x2013


def bundled_font_file():
    """NanumGothic.ttf inside the installed koreanize-matplotlib wheel, or None (not imported)."""
    try:
        spec = importlib.util.find_spec("koreanize_matplotlib")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "fonts" / "NanumGothic.ttf"
        if path.is_file():
            return path
    return None


def with_minus_sign(source, folder):
    """A copy of the TrueType font `source` in `folder` with U+2212 mapped to its en dash and the
    family renamed HANGUL_FAMILY (written once, atomically; reused afterwards)."""
    from fontTools.ttLib import TTFont
    bold = "bold" in Path(source).stem.lower()
    target = (Path(folder)
              / f"{HANGUL_FAMILY.replace(' ', '')}{'-Bold' if bold else ''}-{Path(source).stat().st_size}-1.ttf")
    if target.is_file():
        return target
    font = TTFont(str(source))
    for table in font["cmap"].tables:
        if table.isUnicode() and EN_DASH in table.cmap:
            table.cmap[MINUS] = table.cmap[EN_DASH]
    style = "Bold" if bold else "Regular"
    font["OS/2"].usWeightClass = 700 if bold else 400
    names = {1: HANGUL_FAMILY, 2: style, 4: f"{HANGUL_FAMILY} {style}",
             6: f"{HANGUL_FAMILY.replace(' ', '')}-{style}", 16: HANGUL_FAMILY, 17: style}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    Path(folder).mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(suffix=".ttf", dir=folder)
    os.close(fd)
    font.save(temporary)
    os.replace(temporary, target)
    return target


def cache_folder():
    import matplotlib
    try:
        folder = Path(matplotlib.get_cachedir()) / "mlp_core_fonts"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return Path(tempfile.gettempdir()) / "mlp_core_fonts"


def hangul_font_name(font_file=None):
    """The family name of a Hangul font registered with matplotlib: the copy of `font_file` (by
    default the wheel's NanumGothic, and its bold face beside it), or a Korean system font."""
    from matplotlib import font_manager
    path = bundled_font_file() if font_file is None else Path(font_file)
    if path is not None and Path(path).is_file():
        faces = [path] + [p for p in [Path(path).with_name("NanumGothicBold.ttf")] if p.is_file() and p != Path(path)]
        for face in faces:
            font_manager.fontManager.addfont(str(with_minus_sign(face, cache_folder())))
        return HANGUL_FAMILY
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in SYSTEM_HANGUL_FONTS:
        if name in installed:
            return name
    from .errors import DataError
    raise DataError(f"set_language('ko'): no Hangul font found for matplotlib (looked for the NanumGothic "
                    f"file of the koreanize-matplotlib package and for {', '.join(SYSTEM_HANGUL_FONTS)}); "
                    f"without one every Korean label is drawn as empty boxes. Install it with\n    {INSTALL}\n"
                    f"then restart the kernel.")
