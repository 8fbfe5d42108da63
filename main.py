"""Haven: `python main.py` opens the default place; `python main.py --help` lists commands."""
import sys

from engine.app.cli import main

if __name__ == "__main__":
    sys.exit(main())
