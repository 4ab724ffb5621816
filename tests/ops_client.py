"""A citizen's side of the operations tests (tests/test_backup_restore.py, tests/test_deploy_nginx.py), run as a
separate process: apply, track, download a letter — through the public API.

    python tests/ops_client.py [--base-url URL [--cafile PEM] [--host NAME]] submit
    python tests/ops_client.py [...] track CODE SECRET [--wait-ready S]
    python tests/ops_client.py [...] download CODE SECRET DOCUMENT_ID

Without --base-url the requests go through Django's test client in this process (settings from the environment:
DATABASE_URL, SUNSHINE_MEDIA_ROOT …); with it, over HTTP(S) to a running server (nginx in front of `sunshine
serve`), the certificate checked against --cafile. Each command prints one JSON object: the status, the JSON body
or, for a download, the content type, size and SHA-256 of the bytes, and whether the .docx names the tracking code.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

APPLICATION = {
    "applicant_name": "李四", "applicant_type": "natural_person", "id_number": "11010519491231002X",
    "phone": "13912345678", "address": "随县厉山镇神农大道8号", "email": "",
    "description": "请公开2025年本县农村公路建设计划及资金安排", "form": "electronic", "delivery": "online",
}
API = "/api/v1/disclosure-requests/"


class Http:
    def __init__(self, base_url: str, cafile: str, host: str):
        self.base = base_url.rstrip("/")
        self.context = ssl.create_default_context(cafile=cafile) if cafile else None
        self.host = host

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={
            **({"Content-Type": "application/json"} if data else {}), **(headers or {}),
            **({"Host": self.host} if self.host else {})})
        try:
            with urllib.request.urlopen(req, context=self.context, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


class Local:
    def __init__(self):
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
        import django

        django.setup()
        from django.test import Client

        self.client = Client(HTTP_HOST="localhost", raise_request_exception=False)

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
        if method == "POST":
            response = self.client.post(path, data=json.dumps(body), content_type="application/json", **extra)
        else:
            response = self.client.get(path, **extra)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, dict(response.headers), content


def _json(status, headers, content) -> dict:
    answer = {"status": status, "content_type": headers.get("Content-Type", "")}
    try:
        answer["body"] = json.loads(content)
    except ValueError:
        answer["text"] = content[:300].decode(errors="replace")
    return answer


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="")
    parser.add_argument("--cafile", default="")
    parser.add_argument("--host", default="")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("submit")
    p = commands.add_parser("track")
    p.add_argument("code")
    p.add_argument("secret")
    p.add_argument("--wait-ready", type=float, default=0, help="poll until every letter is ready")
    p = commands.add_parser("download")
    p.add_argument("code")
    p.add_argument("secret")
    p.add_argument("document", type=int)
    args = parser.parse_args(argv)
    http = Http(args.base_url, args.cafile, args.host) if args.base_url else Local()

    if args.command == "submit":
        answer = _json(*http.request("POST", API, APPLICATION))
    elif args.command == "track":
        deadline = time.monotonic() + args.wait_ready
        while True:
            answer = _json(*http.request("GET", API + args.code, headers={"X-Verification-Secret": args.secret}))
            docs = answer.get("body", {}).get("documents", []) if answer["status"] == 200 else []
            if not args.wait_ready or (docs and all(d["ready"] for d in docs)) or time.monotonic() > deadline:
                break
            time.sleep(0.3)
    else:
        status, headers, content = http.request("GET", f"{API}{args.code}/documents/{args.document}",
                                                 headers={"X-Verification-Secret": args.secret})
        answer = {"status": status, "content_type": headers.get("Content-Type", ""), "size": len(content),
                  "sha256": hashlib.sha256(content).hexdigest(), "docx_has_tracking_code": False}
        if status == 200 and content[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                answer["docx_has_tracking_code"] = args.code in archive.read("word/document.xml").decode()
        else:
            answer.update({k: v for k, v in _json(status, headers, content).items() if k in ("body", "text")})
    print(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
