"""The scale bench bills capacity the way DynamoDB does; its cost model stands on these rules."""
from bench.capacity import Index, Table, item_size, read_units

BOOKINGS = Table(("booking_id",), (
    Index("by_store_day", ("store_day", "start_key"), "ALL"),
    Index("by_customer", ("customer_key", "start_key"), "INCLUDE", ("store_id",)),
    Index("due", ("due_key", "next_at"), "KEYS_ONLY"),
))


def item(**values: str) -> dict[str, dict[str, str]]:
    return {k: {"S": v} for k, v in values.items()}


def test_sizes_are_names_and_values_not_json():
    assert item_size(item(id="abc")) == 2 + 3
    assert item_size({"n": {"N": "12345"}}) == 1 + 4  # three bytes of digits, one more
    assert item_size({"flag": {"BOOL": True}}) == 4 + 1
    assert item_size({"m": {"M": {"ab": {"S": "x"}}}}) == 1 + 3 + 1 + 2 + 1
    assert item_size({"l": {"L": [{"S": "x"}, {"S": "yz"}]}}) == 1 + 3 + (1 + 1) + (1 + 2)
    assert item_size(item(城市="上海")) == 6 + 6  # UTF-8 bytes


def test_a_write_is_billed_per_kilobyte_of_the_larger_image_and_twice_in_a_transaction():
    small, large = item(booking_id="b1"), item(booking_id="b1", note="x" * 1500)
    assert BOOKINGS.write(small, large, transactional=False, applied=True) == 2
    assert BOOKINGS.write(large, small, transactional=True, applied=True) == 4


def test_index_propagation_follows_projection_and_keys():
    keys = dict(booking_id="b1", store_day="s#d", start_key="t#b1", customer_key="c", due_key="r#1", next_at="t1")
    before = item(**keys, store_id="s", status="booked")
    # a change no index key moves: the ALL copy is rewritten, the INCLUDE and KEYS_ONLY ones are untouched
    assert BOOKINGS.index_writes(before, {**before, **item(status="arrived")}) == 1
    # the due step moves: its KEYS_ONLY entry is deleted and put again, one unit each
    moved = {**before, **item(next_at="t2")}
    assert BOOKINGS.index_writes(before, moved) == 1 + 2
    # an attribute an INCLUDE index holds changes: that entry is rewritten too
    assert BOOKINGS.index_writes(before, {**before, **item(store_id="s2")}) == 2
    # a sparse index: the entry goes when its key goes, and a write without any index keys costs nothing more
    gone = {k: v for k, v in before.items() if k != "due_key"}
    assert BOOKINGS.index_writes(before, gone) == 1 + 1  # the ALL copy changed as well
    assert Table(("id",), BOOKINGS.indexes).index_writes(item(id="x"), item(id="x", a="b")) == 0


def test_reads_are_billed_per_four_kilobytes_and_halved_when_eventually_consistent():
    rows = [item(booking_id=str(i), note="x" * 1000) for i in range(5)]  # ~5 KB together
    assert read_units(rows, consistent=False) == 1.0
    assert read_units(rows, consistent=True) == 2.0
    assert read_units(rows, consistent=True, per_item=True) == 5.0
    assert read_units([], consistent=False) == 0.5  # a read that finds nothing is still billed
