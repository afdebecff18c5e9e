"""``python -m mathpath``."""

from mathpath.cli import main

if __name__ == "__main__":
    main()
