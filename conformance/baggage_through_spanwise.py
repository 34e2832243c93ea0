"""The W3C baggage suite's `baggage` module, with Spanwise doing the reading and the writing.

test_baggage.py imports Baggage and BaggageEntry from here. They are the suite's reference classes
(loaded from REFERENCE_BAGGAGE), except that every header goes through a service run with the Spanwise
agent (SERVICE_ENDPOINT, org.example.conformance.ConformanceService): `from_string(header)` sends the
header to the service, which calls back a local server with whatever baggage the agent propagates;
that header is what is read. `to_string()` sends the reference writer's header the same way and returns
what the agent wrote. So each case checks Spanwise's reader (what it kept and decoded) and its writer
(what it encoded and how) as a downstream service sees them.
"""
import http.client
import http.server
import importlib.util
import json
import os
import threading
import urllib.parse
import uuid

_spec = importlib.util.spec_from_file_location("reference_baggage", os.environ["REFERENCE_BAGGAGE"])
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

BaggageEntryProperty = reference.BaggageEntryProperty
_received = {}


class _Callback(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the service's HTTP client expects

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _received[self.path] = self.headers.get_all("baggage") or []
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Callback)
threading.Thread(target=_server.serve_forever, daemon=True).start()


def through_spanwise(header):
    """The baggage header the agent sends downstream when the service receives `header`."""
    path = "/callback/" + uuid.uuid4().hex
    body = json.dumps([{"url": "http://127.0.0.1:%d%s" % (_server.server_port, path), "arguments": []}])
    endpoint = urllib.parse.urlsplit(os.environ["SERVICE_ENDPOINT"])
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=30)
    connection.putrequest("POST", endpoint.path + ("?" + endpoint.query if endpoint.query else ""))
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(len(body)))
    connection.putheader("traceparent", "00-12345678901234567890123456789012-1234567890123456-01")
    connection.putheader("baggage", header)
    connection.endheaders(body.encode())
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise AssertionError("service answered %d" % response.status)
    return ",".join(_received.pop(path, []))


class BaggageEntry(reference.BaggageEntry):
    @classmethod
    def from_string(cls, value):
        entries = reference.Baggage.from_string(through_spanwise(value)).entries
        if len(entries) != 1:
            raise AssertionError("expected one member downstream, got %r" % [e.to_string() for e in entries])
        return cls(entries[0].key, entries[0].value, entries[0].properties)

    def to_string(self):
        return through_spanwise(reference.BaggageEntry.to_string(self))


class Baggage(reference.Baggage):
    @classmethod
    def from_string(cls, value):
        entries = reference.Baggage.from_string(through_spanwise(value)).entries
        return cls([BaggageEntry(e.key, e.value, e.properties) for e in entries])

    def to_string(self):
        # the reference writer's list, sent through Spanwise once
        return through_spanwise(",".join(reference.BaggageEntry.to_string(e) for e in self.entries))
