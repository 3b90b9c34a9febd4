"""`chalice local`, with a listen backlog that takes a burst of connections as API Gateway would
(socketserver's default of 5 resets the sixth simultaneous connect)."""
import sys

from chalice import local
from chalice.cli import main

local.ThreadedHTTPServer.request_queue_size = 128
# what the HTTP server itself refuses (a request line over 64 KB, a malformed request) in the API's error shape
local.ChaliceRequestHandler.error_content_type = "application/json"
local.ChaliceRequestHandler.error_message_format = (
    '{"error": {"code": "http_%(code)d", "message": "%(message)s", "field": null}}'
)

if __name__ == "__main__":
    sys.exit(main())
