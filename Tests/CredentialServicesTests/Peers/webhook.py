"""A webhook receiver for tests, on 127.0.0.1: prints its port, appends each accepted JSON body
to RECORD (one per line). Modes: `ok`; `flaky N` (the first N requests get 503); `down` (always 500)."""
import http.server, json, sys

mode, record = sys.argv[1], sys.argv[2]
failures_left = int(sys.argv[3]) if mode == "flaky" else 0

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global failures_left
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if mode == "down" or failures_left > 0:
            failures_left -= 1
            self.send_response(503 if mode == "flaky" else 500)
            self.end_headers()
            return
        json.loads(body)
        with open(record, "a") as out:
            out.write(body.decode() + "\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
