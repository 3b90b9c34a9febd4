"""Loading the app (a Lambda function's init) declares the routes and schedules without wiring the
application: the adapters, pynamodb and the use cases are imported on the first request."""
from __future__ import annotations

import subprocess
import sys


def test_import_app_leaves_the_wiring_for_the_first_request():
    probe = ("import sys, app; print(sorted(m for m in ('chalicelib.wiring', 'pynamodb', 'chalicelib.adapters.dynamo',"
             " 'wechatpy', 'argon2') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin", "STAGE": "prod", "TABLE_PREFIX": "appt-prod",
                                 "AWS_DEFAULT_REGION": "cn-northwest-1"})
    assert result.stdout.strip() == "[]"
