import os
import sys

INTERRUPTED = 130


def run() -> int:
    """The program, also as the ``slutrapport`` command: Ctrl-C while Python is still loading
    it (nothing was written yet) is the same clean exit 130 as later.

    Interrupted, it leaves at once once it has cleaned up (:func:`engine.build.run`): Python's
    own exit would first join the pools' threads, which a signal landing while a pool shut
    down can leave waiting for workers that are gone, keeping the stopped build alive."""
    try:
        from engine.cli import main
    except KeyboardInterrupt:
        print("slutrapport: interrupted; documents written before are intact, none is half-written", file=sys.stderr)
        return INTERRUPTED
    code = main()
    if code == INTERRUPTED:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    return code


if __name__ == "__main__":
    raise SystemExit(run())
