import sys


def run() -> int:
    """The program, also as the ``slutrapport`` command: Ctrl-C while Python is still loading
    it (nothing was written yet) is the same clean exit 130 as later."""
    try:
        from engine.cli import main
    except KeyboardInterrupt:
        print("slutrapport: interrupted; documents written before are intact, none is half-written", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    raise SystemExit(run())
