"""Entry point of the bundled window program (PyInstaller runs this file as ``__main__``)."""

import sys

from openday_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
