"""A Pwned Passwords range API for tests, on 127.0.0.1: prints its port. For GET /range/PREFIX it
answers every given SHA1:COUNT whose hash starts with PREFIX, plus padding lines with count 0."""
import http.server, random, sys

known = dict(arg.split(":") for arg in sys.argv[1:])

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        prefix = self.path.rsplit("/", 1)[-1].upper()
        lines = [f"{h[5:]}:{c}" for h, c in known.items() if h.startswith(prefix)]
        padded = self.headers.get("Add-Padding") == "true"
        lines += ["".join(random.choice("0123456789ABCDEF") for _ in range(35)) + ":0" for _ in range(800 if padded else 3)]
        body = "\r\n".join(lines).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
