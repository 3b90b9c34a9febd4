"""The whole-service cost model (bench/cost_model.py): the shape bench/scale.py reads, totals that are the sum
of their lines, prices with sources, fixed costs shared by more stores, the board as built (pushed) priced
below the polling it replaced, and the route figures it prices measured for every route of the simulated store-day."""
from __future__ import annotations

import pytest

from bench import api_day, cost_model, prices


@pytest.mark.parametrize("stage", ["prod", "prod-cn", "dev"])
def test_the_result_has_the_shape_the_scale_bench_reads(stage):
    result = cost_model.whole_service(100_000, stage)
    assert isinstance(result["usd_per_store_month_total"], float)
    assert isinstance(result["cny_per_store_month_total"], float)
    for name, line in result["components"].items():
        assert isinstance(line["usd"], float) and isinstance(line["cny"], float), name


def test_the_totals_are_the_sum_of_the_lines_in_them():
    result = cost_model.whole_service(10_000)
    lines = [c for c in result["components"].values() if c["in_total"]]
    assert result["usd_per_store_month_total"] == pytest.approx(sum(c["usd"] for c in lines), abs=1e-3)
    assert result["cny_per_store_month_total"] == pytest.approx(sum(c["cny"] for c in lines), abs=1e-3)
    expected = {"api_gateway_http", "lambda_api", "lambda_init", "dynamodb_api", "lambda_checks", "dynamodb_checks",
                "sqs", "dynamodb_storage", "pitr", "logs", "metrics", "alarms", "nat_gateway", "board_socket",
                "dynamodb_provisioned"}  # prod's tasks table (decision 0087)
    assert {name for name, c in result["components"].items() if c["in_total"]} == expected


def test_fixed_costs_are_shared_and_usage_is_not():
    small, large = cost_model.whole_service(1_000), cost_model.whole_service(100_000)
    assert small["components"]["nat_gateway"]["usd"] > 50 * large["components"]["nat_gateway"]["usd"]
    assert small["components"]["api_gateway_http"]["usd"] == large["components"]["api_gateway_http"]["usd"]


def test_the_api_as_built_is_an_http_api_and_rest_is_the_option_line():
    """Decision 0041, done: the total prices HTTP API calls; REST API's price is the line not in the total."""
    result = cost_model.whole_service(100_000)
    lines = result["components"]
    calls = sum(api_day.PER_STORE_DAY.values()) * cost_model.DAYS
    assert lines["api_gateway_http"]["usd"] == pytest.approx(calls / 1e6 * prices.SINGAPORE["http_api_per_million"].value,
                                                            abs=1e-4)
    rest = lines["rest_api instead of http_api (not in the total)"]
    assert not rest["in_total"]
    assert result["usd_per_store_month_with_rest_api"] == pytest.approx(
        result["usd_per_store_month_total"] - lines["api_gateway_http"]["usd"] + rest["usd"], abs=1e-3)


def test_the_board_as_built_is_pushed_and_costs_under_half_the_polling_it_replaced():
    lines = cost_model.whole_service(100_000)["components"]
    pushed = lines["board_socket"]["usd"] + lines["board_fetches (in the lines above)"]["usd"]
    # on REST calls a third; on HTTP API (decision 0041) the polling's calls are cheaper, the socket is not
    assert pushed < lines["board_polling instead (not in the total)"]["usd"] / 2
    # no polling: redraws, page loads, and a fetch when the lobby code rotates without a redraw
    assert api_day.PER_STORE_DAY[cost_model.BOARD] == api_day.BOARD_REDRAWS + api_day.BOARD_LOADS + api_day.BOARD_CODE_FETCHES
    assert api_day.BOARD_CODE_FETCHES < 12 * 60 / 5 / 3  # a busy board's redraws refresh the code most of the time


def test_every_price_has_a_source_or_says_why_it_is_assumed():
    for region, (currency, table) in prices.REGIONS.items():
        assert currency in ("USD", "CNY")
        for name, price in table.items():
            assert price.value > 0, (region, name)
            assert price.source.startswith(("https://", "assumed: ")), (region, name)
    assert not prices.NINGXIA["dynamodb_write_per_million"].assumed  # the China page's own figure
    assert set(prices.SINGAPORE) == set(prices.NINGXIA)


def test_every_route_of_the_store_day_has_measured_figures():
    assert set(api_day.PER_STORE_DAY) == set(cost_model.API)
    assert set(cost_model.CHECKS) == set(cost_model.TICKS_PER_DAY)


def test_pitr_bills_the_backed_tables_data_and_storage_every_byte_by_table_class():
    """PITR is billed on a table's data and local indexes, not its global ones (the PITR page); the derived search
    table has none and is infrequent access in every stage (decision 0070)."""
    a = cost_model.Assumptions()
    stored = cost_model._stored_gb(a)
    q = cost_model.quantities(100_000, a, "prod")
    assert q["pitr"]["dynamodb_pitr_gb_month"] == pytest.approx(
        sum(data for table, (data, _) in stored.items() if table != "search"))
    assert q["dynamodb_storage"]["dynamodb_storage_ia_gb_month"] == pytest.approx(stored["search"][0])
    assert q["dynamodb_storage"]["dynamodb_storage_gb_month"] == pytest.approx(
        sum(data + indexes for table, (data, indexes) in stored.items() if table != "search"))
    # the search entries' writes are billed at the infrequent-access price, the rest of a booking's as before
    search_wcu = api_day.PER_STORE_DAY["POST /mp/bookings"] * cost_model.DAYS * a.search_entries_per_booking * 2 / 1e6
    assert q["dynamodb_api"]["dynamodb_ia_write_per_million"] == pytest.approx(search_wcu)


def test_the_checks_watermark_writes_come_per_tick_and_shard_and_are_shared_by_the_stores():
    """Measured per item at 2 stores they grew with the chain; they are the ticks' and the shards' (decision 0070)."""
    from infra.scale_settings import SCALE

    a = cost_model.Assumptions()
    writes = {n: cost_model.quantities(n, a, "prod")["dynamodb_checks"]["dynamodb_write_per_million"]
              for n in (1_000, 100_000)}
    per_deployment = (sum(cost_model.TICKS_PER_DAY[name] for name in cost_model.STATE_WCU_PER_ITEM)
                      * SCALE["prod"].due_shards * a.state_writes_per_tick_and_shard * cost_model.DAYS / 1e6)
    assert writes[1_000] - writes[100_000] == pytest.approx(per_deployment * (1 / 1_000 - 1 / 100_000))


def test_the_log_assumptions_are_what_the_stacks_formats_write():
    """Decision 0080: the access log line as the trimmed format fills it, no START/END/REPORT with the system log
    level WARN (they were 344 bytes an invocation in text), a check tick's metric records."""
    from bench import log_bytes
    from infra.api import ACCESS_LOG_FIELDS

    a = cost_model.Assumptions()
    assert a.access_log_bytes == round(log_bytes.mean_access_bytes(ACCESS_LOG_FIELDS))
    assert set(ACCESS_LOG_FIELDS) == {"requestId", "ip", "route", "path", "status", "latencyMs", "error",
                                      "integrationError"}
    assert a.log_bytes_per_call == 0 and a.log_bytes_per_item == 0
    assert log_bytes.platform_text_bytes() == 344
    assert a.emf_bytes_per_tick == 3 * log_bytes.emf_bytes()


@pytest.mark.parametrize("stage", ["prod", "prod-cn", "dev"])
def test_the_functions_gb_seconds_init_included_are_billed_at_their_architecture_s_price(stage):
    """Decision 0085: every function of every stage runs on the architecture infra/lambda_platform.py names
    (arm64: 0.8 x the x86 GB-second in both regions), and the model bills every GB-second at its price."""
    from infra.lambda_platform import ARCHITECTURE

    assert ARCHITECTURE == "arm64"
    for table in (prices.SINGAPORE, prices.NINGXIA):
        assert table[prices.GB_SECOND["arm64"]].value == pytest.approx(0.8 * table[prices.GB_SECOND["x86_64"]].value,
                                                                       rel=1e-4)
    q = cost_model.quantities(100_000, cost_model.Assumptions(), stage)
    lines = cost_model.whole_service(100_000, stage)["components"]
    gb_s = q["lambda_init"]["lambda_gb_second"]
    assert set(q["lambda_init"]) == {"lambda_gb_second"} and gb_s > 0
    assert lines["lambda_init"]["usd"] == pytest.approx(gb_s * prices.SINGAPORE["lambda_gb_second_arm"].value, abs=1e-5)
    assert lines["lambda_init"]["cny"] == pytest.approx(gb_s * prices.NINGXIA["lambda_gb_second_arm"].value, abs=1e-5)
    for component in ("lambda_api", "lambda_checks", "board_socket"):  # the invocations' price is the same on both
        units = q[component]
        expected = units["lambda_gb_second"] * prices.SINGAPORE["lambda_gb_second_arm"].value + sum(
            amount * prices.SINGAPORE[name].value for name, amount in units.items() if name != "lambda_gb_second")
        assert lines[component]["usd"] == pytest.approx(expected, abs=1e-5), component


def test_functions_on_x86_would_be_billed_at_the_x86_price():
    for table in (prices.SINGAPORE, prices.NINGXIA):
        assert prices.billed_as(table, "x86_64")["lambda_gb_second"] == table["lambda_gb_second"]
        assert prices.billed_as(table, "arm64")["lambda_gb_second"] == table["lambda_gb_second_arm"]
        assert prices.billed_as(table, "arm64")["lambda_request_per_million"] == table["lambda_request_per_million"]
