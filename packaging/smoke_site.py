"""A tiny HTTPS site for packaging/smoke_test.sh (standard library only, run by the system python3).

Usage: python3 smoke_site.py CHAIN.pem KEY.pem PORT_FILE
Serves / (a page with a heading and an inline PNG) on 127.0.0.1 at a free port, writes the
port to PORT_FILE once listening, and runs until killed. The certificate comes from the smoke
test's own CA (made with openssl), which `evidencekit capture --site-ca` is told to trust.
"""

import base64
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A 1x1 red PNG: the capture must keep a sub-resource too, not only the page.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMB"
                         "AQDJ/pLvAAAAAElFTkSuQmCC")
PAGE = (b"<!doctype html><html><head><title>Smoke capture</title></head><body>"
        b"<h1>Frozen capture works</h1><p>synthetic page</p>"
        b"<img src='/red.png' width=40 height=30></body></html>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):  # noqa: N802 - the base class's name
        body, ctype = (PIXEL, "image/png") if self.path == "/red.png" else (PAGE, "text/html")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    chain, key, port_file = sys.argv[1:4]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
