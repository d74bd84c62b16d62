"""The `infoview` command, and `python -m infoview`."""

import os
import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:  # Ctrl-C while starting up: stop as quietly as later on
        sys.exit(130)
    except RuntimeError as exc:  # the same, cut short while a class was defined
        if not isinstance(exc.__cause__, KeyboardInterrupt):
            raise
        sys.exit(130)
    try:
        main(prog_name="infoview")
    except SystemExit as done:
        # The command has finished and said everything; what is left is the
        # interpreter freeing every object it made, one by one (ten thousand
        # records and their pages after a big build). The system takes the
        # memory back at once.
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if done.code is not None and not isinstance(done.code, int):
            print(done.code, file=sys.stderr)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise done from None  # let the interpreter report a closed or broken stream
        os._exit(code)


if __name__ == "__main__":
    run()
