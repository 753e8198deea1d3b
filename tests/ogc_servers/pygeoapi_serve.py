"""Runs pygeoapi's Flask application on 127.0.0.1 for the tests.

Usage: pygeoapi_serve.py PORT, with PYGEOAPI_CONFIG and PYGEOAPI_OPENAPI set. The server stops
when its standard input closes, so it never outlives the test process that started it.
"""

import logging
import os
import sys
import threading

from werkzeug.serving import make_server


def stop_when_parent_leaves():
    sys.stdin.read()
    os._exit(0)


def main():
    from pygeoapi.flask_app import APP

    server = make_server("127.0.0.1", int(sys.argv[1]), APP, threaded=True)
    threading.Thread(target=stop_when_parent_leaves, daemon=True).start()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    print("ready", flush=True)
    # Nobody reads standard output after this line: send what follows to /dev/null.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    server.serve_forever()


if __name__ == "__main__":
    main()
