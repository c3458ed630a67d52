#!/usr/bin/env python3
"""Full sign-ins against a running AuthBridge in zero-config mode (the development provider at /dev-idp).

  python3 bench/signin.py BASE_URL SECONDS WORKERS

Each worker keeps one keep-alive connection and its own cookie jar and loops: GET /api/auth/csrf, POST
/api/auth/signin/dev, POST /dev-idp/authorize (the provider's form, as a person would submit it), GET the callback
(code exchange with the provider, userinfo, Hasura upsert when configured, session cookie), GET /api/auth/session
(must show the user). Prints one line:
  SIGNIN signins=N failed=F seconds=S rate=R p50_ms=.. p99_ms=.. step_p50_ms=csrf:..,signin:..,authorize:..,callback:..,session:..
"""
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse

STEPS = ("csrf", "signin", "authorize", "callback", "session")


class Worker(threading.Thread):
    def __init__(self, base, deadline, index):
        super().__init__(daemon=True)
        url = urllib.parse.urlsplit(base)
        self.host, self.port, self.base = url.hostname, url.port, base
        self.deadline, self.index = deadline, index
        self.totals, self.steps, self.failed = [], {s: [] for s in STEPS}, []

    def connect(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def run(self):
        conn = self.connect()
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            try:
                self.sign_in(conn, n)
            except Exception as ex:  # one failed sign-in is counted, the loop goes on with a fresh connection
                self.failed.append(f"{type(ex).__name__}: {ex}"[:200])
                conn.close()
                conn = self.connect()

    def request(self, conn, step, method, target, jar, body=None, times=None):
        headers = {}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        t0 = time.perf_counter()
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        times[step] = time.perf_counter() - t0
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "max-age=0" in value.lower():
                    jar.pop(name, None)
                else:
                    jar[name] = cookie_value
        return response.status, response.getheader("Location"), data

    def sign_in(self, conn, n):
        jar, times = {}, {}
        status, _, data = self.request(conn, "csrf", "GET", "/api/auth/csrf", jar, times=times)
        token = json.loads(data)["csrfToken"]
        form = urllib.parse.urlencode({"csrfToken": token, "callbackUrl": self.base + "/"})
        status, location, _ = self.request(conn, "signin", "POST", "/api/auth/signin/dev", jar, form, times)
        if status != 302 or "/dev-idp/authorize?" not in (location or ""):
            raise RuntimeError(f"signin answered {status} {location}")
        query = urllib.parse.urlsplit(location).query
        person = urllib.parse.urlencode({"name": f"Bench {self.index}-{n}",
                                         "email": f"bench-{self.index}-{n % 50}@example.test", "decision": "signin"})
        status, callback, _ = self.request(conn, "authorize", "POST", "/dev-idp/authorize", {}, query + "&" + person,
                                           times)
        if status != 302 or "/api/auth/callback/dev?" not in (callback or ""):
            raise RuntimeError(f"authorize answered {status} {callback}")
        target = urllib.parse.urlsplit(callback)
        status, landed, _ = self.request(conn, "callback", "GET", target.path + "?" + target.query, jar, times=times)
        if status != 302 or landed != self.base + "/":
            raise RuntimeError(f"callback answered {status} {landed}")
        status, _, data = self.request(conn, "session", "GET", "/api/auth/session", jar, times=times)
        if b'"user":{' not in data:
            raise RuntimeError("session shows no user")
        self.totals.append(sum(times.values()))
        for step, seconds in times.items():
            self.steps[step].append(seconds)


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    base, seconds, workers = sys.argv[1].rstrip("/"), float(sys.argv[2]), int(sys.argv[3])
    start = time.monotonic()
    pool = [Worker(base, start + seconds, i) for i in range(workers)]
    for w in pool:
        w.start()
    for w in pool:
        w.join(seconds + 30)
    elapsed = time.monotonic() - start
    totals = [t for w in pool for t in w.totals]
    failed = [f for w in pool for f in w.failed]
    steps = {s: [t for w in pool for t in w.steps[s]] for s in STEPS}
    step_p50 = ",".join(f"{s}:{percentile(steps[s], 50) * 1000:.2f}" for s in STEPS)
    print(f"SIGNIN signins={len(totals)} failed={len(failed)} seconds={elapsed:.1f} rate={len(totals) / elapsed:.1f} "
          f"p50_ms={percentile(totals, 50) * 1000:.2f} p99_ms={percentile(totals, 99) * 1000:.2f} "
          f"step_p50_ms={step_p50}" + (f" first_failure={failed[0]!r}" if failed else ""))


if __name__ == "__main__":
    main()
