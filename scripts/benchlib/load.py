"""Driving a page with wrk, from a separate process, and reading what it reports."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

# Each request files a new concern: a fresh submission token (the same token twice files one
# concern, by design) and a different child. The thread number keeps the threads apart.
POST_SCRIPT = """
local next_thread = 1
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local counter = 0
function init(args)
  math.randomseed(os.time() * 100 + (thread_number or 0))
end

local function uuid4()
  return (("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"):gsub("[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = [[__COOKIE__]],
}
local template = [[__BODY__]]

function request()
  counter = counter + 1
  local name = "Wrk" .. (thread_number or 0) .. "n" .. counter
  local body = template:gsub("__TOKEN__", uuid4()):gsub("__NAME__", name)
  return wrk.format("POST", "__PATH__", headers, body)
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    median_ms: float
    p99_ms: float
    requests: int
    bad_responses: int  # non-2xx/3xx responses, plus socket errors
    raw: str


def post_script(path: Path, url_path: str, cookie: str, form: dict) -> Path:
    """A wrk script that POSTs `form`, with __TOKEN__ and __NAME__ replaced per request."""
    script = (
        POST_SCRIPT.replace("__COOKIE__", cookie)
        .replace("__BODY__", urlencode(form))
        .replace("__PATH__", url_path)
    )
    path.write_text(script)
    return path


def run_wrk(
    url: str,
    *,
    cookie: str = "",
    script: Path | None = None,
    duration: int,
    threads: int,
    connections: int,
) -> LoadResult:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "30s"]
    if cookie and script is None:
        command += ["-H", f"Cookie: {cookie}"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return parse(out)


def parse(out: str) -> LoadResult:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return LoadResult(rate, _percentile(out, "50"), _percentile(out, "99"), requests, bad, out)


def _percentile(out: str, which: str) -> float:
    match = re.search(rf"^\s+{which}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    return float(match.group(1)) * UNITS[match.group(2)]
