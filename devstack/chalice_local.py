"""`chalice local`, with a listen backlog that takes a burst of connections as API Gateway would
(socketserver's default of 5 resets the sixth simultaneous connect)."""
import sys

from chalice import local
from chalice.cli import main

local.ThreadedHTTPServer.request_queue_size = 128

if __name__ == "__main__":
    sys.exit(main())
