"""The first request of a freshly started server process: what a user meets after a restart.

    python bench/bench_first_request.py            # after bench_web.py seeded its database
    python bench/bench_first_request.py --src /path/to/other/checkout/src   # compare a version

Starts a new Python process as a gunicorn worker would (imports `netcare.config.wsgi`, timed),
then serves a chart through the WSGI application twice, in that process, and prints the time
of loading, of the first view and of the second. Uses the database `bench_web.py` seeded.
Records nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_web

SCRIPT = r"""
import io, sys, time
started = time.perf_counter()
from netcare.config.wsgi import application
loaded = time.perf_counter()
from django.contrib.auth import get_user_model
from django.test import Client
from netcare.patients.models import Patient
user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"role": "navigator"})
client = Client()
client.force_login(user)
cookie = "sessionid=" + client.cookies["sessionid"].value
path = f"/patients/{Patient.objects.order_by('id').values_list('id', flat=True).first()}/"

def view():
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8765", "HTTP_HOST": "127.0.0.1",
               "HTTP_COOKIE": cookie, "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
               "REMOTE_ADDR": "127.0.0.1", "wsgi.errors": sys.stderr,
               "SERVER_PROTOCOL": "HTTP/1.1"}
    status = []
    began = time.perf_counter()
    b"".join(application(environ, lambda s, h: status.append(s)))
    assert status[0].startswith("200"), status
    return time.perf_counter() - began

first, second = view(), view()
print(f"load {loaded - started:.2f} s, first chart view {first:.2f} s, second {second:.3f} s")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", default=str(bench_web.ROOT / "src"),
                        help="the netcare source tree to load (default: this checkout's)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", bench_web.DEFAULT_URL)
    env = {**bench_web._env(url), "PYTHONPATH": args.src}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    print(f"{args.src}: {result.stdout.strip()}")


if __name__ == "__main__":
    main()
