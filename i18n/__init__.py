"""Tools of the Korean edition: gettext catalogs beside the English chapters, and the generated
Korean notebooks (`python -m i18n update|check|status`, see i18n/README.md)."""
