"""One unoserver for the engine, run as a script by a Python that can import LibreOffice's ``uno``
(Debian's python3-uno is for the system's python3; Windows and macOS LibreOffice bring their
own Python), which as a rule is not the engine's. It imports nothing of the engine.

    PYTHON unoserve.py UNOSERVER_DIR SOFFICE PROFILE_URL PORT UNO_PORT

``UNOSERVER_DIR`` holds the unoserver package (the engine's site-packages); it is put last on
the path, so that nothing there shadows this Python's own modules. LibreOffice is started
with its own profile, listening for UNO on ``UNO_PORT``; unoserver's XML-RPC server answers
on ``PORT`` the moment LibreOffice does (unoserver's own start waits a fixed seven seconds),
and loads each document hidden (:func:`_hidden`).
The script ends when LibreOffice does; the engine ends the whole process tree by its id.
Exit status 3: this Python cannot run unoserver.
"""

import socket
import subprocess
import sys
import threading
import time

CANNOT = 3


def main() -> int:
    folder, soffice, profile, port, uno_port = sys.argv[1:6]
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--nocrashreport", "--nodefault", "--nologo",
                               "--nofirststartwizard", "--norestore", "--nolockcheck",
                               f"-env:UserInstallation={profile}",
                               f"--accept=socket,host=127.0.0.1,port={uno_port},tcpNoDelay=1;urp;"
                               "StarOffice.ComponentContext"], stdin=subprocess.DEVNULL)
    sys.path.append(folder)
    try:  # while LibreOffice starts
        from unoserver import converter
        from unoserver.server import UnoServer
    except ImportError as exc:
        office.kill()
        print(f"cannot run unoserver here: {exc}", file=sys.stderr)
        return CANNOT
    converter.UnoConverter = _hidden(converter.UnoConverter)
    server = UnoServer("127.0.0.1", port, "127.0.0.1", uno_port, profile)
    server.libreoffice_process = office
    while office.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", int(uno_port)), timeout=1).close()
            break
        except OSError:
            time.sleep(0.02)
    threading.Thread(target=server.serve, daemon=True).start()
    return office.wait()


def _hidden(base):
    """unoserver's converter, loading each document hidden, as ``soffice --convert-to`` does:
    no view of it is laid out, which takes a fifth less CPU per form (0.25 s against 0.31 s)
    for the same PDF, byte for byte."""
    from com.sun.star.beans import PropertyValue

    class Desktop:
        def __init__(self, desktop):
            self.desktop = desktop

        def loadComponentFromURL(self, url, frame, flags, properties):  # noqa: N802 (UNO's name)
            return self.desktop.loadComponentFromURL(url, "_blank", flags,
                                                     (*properties, PropertyValue(Name="Hidden", Value=True)))

    class Hidden(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.desktop = Desktop(self.desktop)

    return Hidden


if __name__ == "__main__":
    sys.exit(main())
