#!/usr/bin/env python3
"""Test peers for the database TLS checker, on 127.0.0.1 only (Python standard library).

    peer.py MODE [--cert PEM --key PEM] [--tls-min 1.0] [--seclevel0] [--ciphers OPENSSL-CIPHER-LIST]
            [--client-ca PEM]   (require a client certificate issued by PEM)

Prints the port it listens on, then serves connections until killed. Modes:
  tds       SQL Server: TDS 7.x PRELOGIN with the handshake wrapped in PRELOGIN packets (TLS <= 1.2),
            or TDS 8 strict when the first byte is a TLS ClientHello (ALPN tds/8.0).
  tds-nossl TDS PRELOGIN answering ENCRYPT_NOT_SUP; a TLS ClientHello (TDS 8) is dropped, as SQL Server
            without strict encryption does.
  tls       TLS from the first byte (like Redis or MongoDB), with the given certificate.
  inject    PostgreSQL: answers SSLRequest with "S" and then bytes before any TLS (a MITM injection).
  garbage   Answers anything with an HTTP error page and closes.
  stall     Accepts, reads, and never answers.
  flood     Answers with an endless stream of bytes.
"""
import argparse
import os
import socket
import ssl
import struct
import sys
import threading
import time


def tds_packet(kind, payload, packet_id=1):
    return struct.pack(">BBHHBB", kind, 0x01, len(payload) + 8, 0, packet_id, 0) + payload


def read_exact(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise ConnectionError("peer closed")
        data += chunk
    return data


def read_tds(conn):
    header = read_exact(conn, 8)
    length = struct.unpack(">H", header[2:4])[0]
    return header[0], read_exact(conn, length - 8)


def prelogin_response(encryption):
    # VERSION, ENCRYPTION, terminator; then the data.
    table = bytes([0x00, 0x00, 11, 0x00, 6, 0x01, 0x00, 17, 0x00, 1, 0xFF])
    return tds_packet(0x04, table + bytes([16, 0, 0x10, 0x00, 0, 0]) + bytes([encryption]))


def serve_tds(conn, context_12, context_strict, encryption):
    first = conn.recv(1, socket.MSG_PEEK)
    if first == b"\x16" and context_strict is None:
        read_exact(conn, 8)  # read as a TDS header of an unknown type, then hang up
        return
    if first == b"\x16":
        # TDS 8 strict: TLS first, then PRELOGIN inside it.
        tls = context_strict.wrap_socket(conn, server_side=True)
        tls.recv(4096)
        tls.close()
        return
    kind, _ = read_tds(conn)
    if kind != 0x12:
        return
    conn.sendall(prelogin_response(encryption))
    if encryption == 0x02:
        return
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context_12.wrap_bio(incoming, outgoing, server_side=True)
    packet_id = 1
    while True:
        try:
            tls.do_handshake()
            done = True
        except ssl.SSLWantReadError:
            done = False
        pending = outgoing.read()
        if pending:
            packet_id += 1
            conn.sendall(tds_packet(0x12, pending, packet_id))
        if done:
            break
        kind, payload = read_tds(conn)
        incoming.write(payload)
    time.sleep(0.2)


def make_context(args, maximum=None, alpn=None):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if args.ciphers:
        context.set_ciphers(args.ciphers)
    elif args.seclevel0:
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    context.load_cert_chain(args.cert, args.key)
    if args.tls_min == "1.0":
        context.minimum_version = ssl.TLSVersion.TLSv1
    if maximum:
        context.maximum_version = maximum
    if alpn:
        context.set_alpn_protocols([alpn])
    if args.client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(args.client_ca)
    return context


def handle(conn, args, contexts):
    try:
        conn.settimeout(30)
        if args.mode in ("tds", "tds-nossl"):
            serve_tds(conn, contexts.get("tds12"), contexts.get("strict"), 0x02 if args.mode == "tds-nossl" else 0x01)
        elif args.mode == "tls":
            tls = contexts["tls"].wrap_socket(conn, server_side=True)
            tls.recv(1)
            tls.close()
        elif args.mode == "inject":
            read_exact(conn, 8)
            conn.sendall(b"S" + b"\x52\x00\x00\x00\x08\x00\x00\x00\x00")
            time.sleep(1)
        elif args.mode == "garbage":
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        elif args.mode == "stall":
            conn.recv(4096)
            time.sleep(60)
        elif args.mode == "flood":
            block = b"\x16\x03\x03\x40\x00" + bytes(16384)
            for _ in range(1000):
                conn.sendall(block)
    except (OSError, ssl.SSLError, ConnectionError):
        pass
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--tls-min", default="1.2")
    parser.add_argument("--seclevel0", action="store_true")
    parser.add_argument("--ciphers")
    parser.add_argument("--client-ca")
    args = parser.parse_args()
    contexts = {}
    if args.cert:
        contexts["tls"] = make_context(args)
        contexts["tds12"] = make_context(args, maximum=ssl.TLSVersion.TLSv1_2)
        contexts["strict"] = make_context(args, alpn="tds/8.0")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(listener.getsockname()[1], flush=True)
    # Exit with the test process that started us, even if it is killed before it can stop us.
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn, args, contexts), daemon=True).start()


if __name__ == "__main__":
    main()
