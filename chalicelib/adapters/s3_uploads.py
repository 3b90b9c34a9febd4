"""The stage's upload bucket (S3; the moto server locally): a presigned PUT for the client, a GET for the worker.
Deployed stages get the bucket from the data stack; the local stack and tests make it (decision 0036)."""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from ..domain.errors import NotFound

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class S3Uploads:
    def __init__(self, client: Callable[[], Any], bucket: str, *, create: bool = False) -> None:
        self._client, self._bucket, self._create = client, bucket, create
        self._made = False

    def _s3(self) -> Any:
        s3 = self._client()
        if self._create and not self._made:
            with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
                s3.create_bucket(Bucket=self._bucket)
            self._made = True
        return s3

    def upload_url(self, key: str, expires_seconds: int) -> str:
        return str(self._s3().generate_presigned_url("put_object", Params={"Bucket": self._bucket, "Key": key},
                                                     ExpiresIn=expires_seconds))

    def read(self, key: str) -> bytes:
        s3 = self._s3()
        try:
            found = s3.get_object(Bucket=self._bucket, Key=key)
        except s3.exceptions.NoSuchKey:
            raise NotFound("nothing was uploaded for this import yet", field="file", code="not_uploaded") from None
        if int(found.get("ContentLength", 0)) > MAX_UPLOAD_BYTES:
            raise NotFound("the file is over 20 MB: split it", field="file", code="not_uploaded")
        return bytes(found["Body"].read())
