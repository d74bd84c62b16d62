"""The `infoview` command, and `python -m infoview`."""

import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:  # Ctrl-C while starting up: stop as quietly as later on
        sys.exit(130)
    main(prog_name="infoview")


if __name__ == "__main__":
    run()
