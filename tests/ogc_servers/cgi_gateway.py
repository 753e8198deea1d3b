"""Serves MapServer's CGI program (mapserv) over HTTP on 127.0.0.1 for the tests.

Usage: cgi_gateway.py PORT. MAPSERVER_CONFIG_FILE names the map file (MS_MAPFILE). The gateway
stops when its standard input closes, so it never outlives the test process that started it.
"""

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Gateway(BaseHTTPRequestHandler):
    def do_GET(self):
        self.run_cgi(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.run_cgi(self.rfile.read(length))

    def run_cgi(self, body):
        path, _, query = self.path.partition("?")
        env = dict(os.environ)
        env.update(
            REQUEST_METHOD=self.command,
            QUERY_STRING=query,
            SCRIPT_NAME="",
            PATH_INFO=path,
            SERVER_NAME="127.0.0.1",
            SERVER_PORT=str(self.server.server_port),
            SERVER_PROTOCOL="HTTP/1.1",
            CONTENT_LENGTH=str(len(body)),
            CONTENT_TYPE=self.headers.get("Content-Type", ""),
        )
        out = subprocess.run(
            ["mapserv"], input=body, env=env, capture_output=True, check=False
        ).stdout
        split = out.find(b"\r\n\r\n")
        gap = 4
        lf = out.find(b"\n\n")
        if split < 0 or (0 <= lf < split):
            split, gap = lf, 2
        if split < 0:
            self.send_error(502, "no CGI header")
            return
        status = 200
        headers = []
        for line in out[:split].decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name.strip(), value.strip()))
        payload = out[split + gap :]
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


def stop_when_parent_leaves(server):
    sys.stdin.read()
    os._exit(0)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Gateway)
    threading.Thread(target=stop_when_parent_leaves, args=(server,), daemon=True).start()
    print("ready", flush=True)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    server.serve_forever()


if __name__ == "__main__":
    main()
