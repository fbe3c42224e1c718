"""The Korean edition's one command (run from the repository folder; see i18n/README.md).

    python -m i18n update 03      # merge i18n/ko/03_*.po with the English chapter, write notebooks/ko/03_*.ipynb
    python -m i18n check 03       # what still keeps chapter 3 from being complete and in sync (exit 1)
    python -m i18n status         # entries, translated, fuzzy and English words per catalog
    python -m i18n todo 03        # chapter 3's untranslated entries, and its fuzzy ones with the English change marked

Without a chapter, every English source in notebooks/ (the chapters and notation.md) is taken."""
import argparse
import sys
import time

from . import catalog, tasks


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m i18n", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("command", choices=["update", "check", "status", "todo"])
    parser.add_argument("chapters", nargs="*", help="chapter numbers or file stems, e.g. 01 03 notation")
    parser.add_argument("--drop-obsolete", action="store_true", help="update: delete the #~ entries")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bad = 0
    for source in catalog.sources(args.chapters):
        if args.command == "update":
            _, missing = tasks.update(source, args.drop_obsolete)
            print(f"{source.name}: {missing[0]} paragraphs and {missing[1]} code entries still English")
        elif args.command == "check":
            found = (tasks.sync_problems(source) + tasks.completeness_problems(source)
                     + tasks.translation_problems(source))
            for problem in found:
                print(problem)
            bad += len(found)
            if not found:
                print(f"{source.name}: complete and in sync")
        elif args.command == "todo":
            print(f"== {source.name}\n{tasks.todo(source)}\n")
        else:
            entries, done, fuzzy, words = tasks.status(source)
            print(f"{source.stem:40s} {entries:4d} entries  {done:4d} translated  {fuzzy:3d} fuzzy"
                  f"  {words:6d} English words")
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
