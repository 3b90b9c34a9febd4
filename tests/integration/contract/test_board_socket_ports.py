"""The lobby boards' connections (decision 0040), on the fakes and on DynamoDB alike: one store's connections
are read together, apart from any other store's, and gone ones are removed."""
from __future__ import annotations

from datetime import timedelta


def test_a_stores_connections_are_read_together_and_removed_by_id(ports, chain_id):
    until = ports.clock.now() + timedelta(hours=2)
    for n in range(3):  # more than a page of the embedded server's queries
        ports.board_sockets.add(chain_id, "pudong", f"conn-{n}", until + timedelta(minutes=n))
    ports.board_sockets.add(chain_id, "xuhui", "other-store", until)
    assert ports.board_sockets.of_store(chain_id, "pudong") == {
        f"conn-{n}": until + timedelta(minutes=n) for n in range(3)}
    ports.board_sockets.remove(chain_id, "pudong", ["conn-0", "conn-2", "never-there"])
    assert ports.board_sockets.of_store(chain_id, "pudong") == {"conn-1": until + timedelta(minutes=1)}
    assert list(ports.board_sockets.of_store(chain_id, "xuhui")) == ["other-store"]
