"""`make run`: embedded DynamoDB (moto server), the WeChat stand-in, the demo seed, the scheduler loop, and
`chalice local --stage local` on 127.0.0.1:$PORT (8000 by default)."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from devstack import run_file

ROOT = Path(__file__).resolve().parent.parent


def local_environment(moto_url: str, wechat_url: str, sms_endpoint: str | None = None,
                      wecom_url: str | None = None, wechatpay_url: str | None = None,
                      api_url: str | None = None) -> dict[str, str]:
    """What the local stage needs beyond .chalice/config.json: endpoints of the stand-ins, dummy credentials."""
    return {
        **({"TENCENT_SMS_ENDPOINT": sms_endpoint, "TENCENT_SMS_SCHEME": "http"} if sms_endpoint else {}),
        "STAGE": "local",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": moto_url,
        "WECHAT_API_ROOT": wechat_url,
        **({"WECOM_API_ROOT": wecom_url} if wecom_url else {}),
        **({"WECHATPAY_GATEWAY": wechatpay_url, "WECHATPAY_NOTIFY_BASE": api_url or ""} if wechatpay_url else {}),
    }


def _python() -> str:
    """This interpreter as another shell in the repository would call it (`.venv/bin/python` after `make run`)."""
    try:
        return str(Path(sys.executable).relative_to(ROOT))
    except ValueError:
        return sys.executable


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto server access log
    port = int(os.environ.get("PORT", "8000"))
    from devstack.dynamodb import EmbeddedDynamo

    moto = EmbeddedDynamo().start()
    moto_url = moto.url

    from devstack.sms_standin import TencentSmsStandIn
    from devstack.wechat_standin import WeChatStandIn

    wechat = WeChatStandIn().start()
    from devstack.wecom_standin import WeComStandIn

    wecom = WeComStandIn().start()  # prints each message as it arrives
    from devstack.seed import demo_sms_templates

    sms = TencentSmsStandIn(strict=False).register(demo_sms_templates()).start()
    from devstack.wechatpay_standin import WeChatPayStandIn

    wechatpay = WeChatPayStandIn().start()  # deposits (decision 0062): notifications go to this run's API
    api_url = f"http://127.0.0.1:{port}"
    os.environ.update(local_environment(moto_url, wechat.url, sms.endpoint, wecom.url, wechatpay.url, api_url))

    import boto3

    from chalicelib import container
    from chalicelib.adapters.clock import SystemClock
    from chalicelib.adapters.dynamo import models
    from chalicelib.adapters.dynamo.stores import StoreRepository
    from chalicelib.config import Settings
    from devstack.scheduler import SchedulerLoop
    from devstack.seed import seed

    config = Settings.from_env()
    models.bind(config)
    models.create_tables()
    seeded = seed(StoreRepository(SystemClock()), boto3.client("ssm"))
    from devstack.wechatpay_seed import seed_merchant

    mchid = seed_merchant(StoreRepository(SystemClock()), boto3.client("ssm"), wechatpay, seeded["chain"])
    from infra.migrations import client_for, run_all

    run_all(client_for(config), config)  # the data migrations, as `make deploy` runs them
    SchedulerLoop(container.services).start()

    print(f"embedded DynamoDB (moto server): {moto_url}", flush=True)
    print(f"WeChat stand-in:                 {wechat.url}", flush=True)
    print(f"WeCom stand-in:                  {wecom.url}  (GET /__inbox?userid= lists what a member received)",
          flush=True)
    print(f"Tencent SMS stand-in:            http://{sms.endpoint}  (GET /local/outbox lists what both received)", flush=True)
    print(f"WeChat Pay stand-in:             {wechatpay.url}  (merchant {mchid}; POST /__pay "
          '{"mchid", "out_trade_no"} pays an order and posts the notification)', flush=True)
    print(f"demo chain '{seeded['chain']}' with stores {', '.join(seeded['stores'])}", flush=True)
    print(f"demo store plan:                 {'; '.join(seeded['plan'])}", flush=True)
    for user, password, role in seeded["staff_logins"]:
        print(f"staff login ({role}): {user} / {password}", flush=True)
    print(f"WeChat server push:              POST /wechat/{seeded['chain']}/oa and /mp, token {seeded['push_token']}, "
          f"safe-mode AES key {seeded['push_aes_key']}", flush=True)
    op_user, op_password, op_chain = seeded["operator_login"]
    print(f"platform operator login (chain '{op_chain}'): {op_user} / {op_password}", flush=True)
    os.environ.setdefault("LOCAL_TOKEN", "local-dev-token")
    settings_file = run_file.path()
    run_file.write(settings_file, {"B": f"http://127.0.0.1:{port}", "W": wechat.url, "K": seeded["push_aes_key"],
                                   "LOCAL_TOKEN": os.environ["LOCAL_TOKEN"],
                                   **local_environment(moto_url, wechat.url, sms.endpoint, wecom.url, wechatpay.url,
                                                       api_url)})
    print(f"this run's settings (B, W, K, …): {run_file.shown(settings_file)}  (`. {run_file.shown(settings_file)}` "
          "in another shell)", flush=True)
    print(f"onboard a chain from a file:     {_python()} -m devstack.onboard devstack/onboarding/demo.json --dry-run"
          + ("" if settings_file == run_file.DEFAULT else f"  (with LOCAL_RUN_FILE={settings_file})"), flush=True)
    print(f"local token (/local/*):          Authorization: Bearer {os.environ['LOCAL_TOKEN']}", flush=True)
    print(f"API: http://127.0.0.1:{port}  (GET /health)", flush=True)
    print(f"staff console: http://127.0.0.1:{port}/staff/console", flush=True)

    api: list[subprocess.Popen[bytes]] = []

    def stop(signum: int, frame: object) -> None:
        if not api:  # asked to stop before the API server started: nothing of ours outlives this process
            raise SystemExit(128 + signum)
        api[0].terminate()

    signal.signal(signal.SIGTERM, stop)  # before the API server starts, so that it is never left behind
    signal.signal(signal.SIGINT, stop)
    try:
        api.append(subprocess.Popen(
            [sys.executable, "-m", "devstack.chalice_local", "local", "--stage", "local", "--host", "127.0.0.1",
             "--port", str(port), "--no-autoreload"],
            cwd=ROOT,
            env=os.environ.copy(),
        ))
        return api[0].wait()
    finally:
        settings_file.unlink(missing_ok=True)
        wechat.stop()
        wecom.stop()
        wechatpay.stop()
        sms.stop()
        moto.stop()


if __name__ == "__main__":
    sys.exit(main())
