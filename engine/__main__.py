import sys

try:
    from engine.cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still loading the program: nothing was written yet
    print("slutrapport: interrupted; documents written before are intact, none is half-written", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
