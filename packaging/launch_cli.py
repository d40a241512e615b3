"""Entry point of the bundled command line ``openday-cli`` (PyInstaller runs this as ``__main__``)."""

import sys

from openday_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
