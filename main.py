"""Start the OpenDay Desktop window: ``python main.py [--db PATH]``."""

from openday_desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
