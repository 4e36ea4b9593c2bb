"""Driving a page with wrk, from a separate process, and reading what it reports."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

# Real use: each request picks one of the signed-in sessions and, for that session, one of
# the page's pre-computed addresses (searches: the token addresses that session's searches
# redirected to) or one of its forms to POST (filings: a fresh submission token each time,
# since the same token twice files one concern, by design; the session's CSRF token).
SCRIPT = """
local sessions = {
__SESSIONS__
}
local paths = {
__PATHS__
}
local forms = {
__FORMS__
}
local post_at = [==[__POST_AT__]==]

local next_thread = 1
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  math.randomseed(os.time() * 100 + (thread_number or 0))
end

local function uuid4()
  return (("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"):gsub("[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

function request()
  local session = sessions[math.random(#sessions)]
  local headers = {["Cookie"] = session.cookie}
  local own_forms = session.forms or forms
  if #own_forms > 0 then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local body = own_forms[math.random(#own_forms)]
    body = body:gsub("__TOKEN__", uuid4()):gsub("__CSRF__", session.csrf)
    return wrk.format("POST", post_at, headers, body)
  end
  local own_paths = session.paths or paths
  return wrk.format("GET", own_paths[math.random(#own_paths)], headers)
end
"""
CSRF = "__CSRF__"


def _lua_string(text: str) -> str:
    if "]==]" in text:
        raise ValueError("A long bracket inside a Lua string")
    return f"[==[{text}]==]"


def _lua_list(items: list[str]) -> str:
    return "{" + ", ".join(_lua_string(item) for item in items) + "}"


@dataclass(frozen=True)
class Session:
    """One signed-in browser, and what it asks for when its own list differs from the page's."""

    cookie: str
    csrf: str = ""
    paths: tuple[str, ...] = ()
    forms: tuple[dict, ...] = ()


def real_use_script(
    path: Path, sessions: list[Session], paths=(), forms=(), post_at: str = ""
) -> Path:
    """A wrk script for one page: a session chosen at random per request, then an address
    or a form. Forms hold __TOKEN__ (a fresh submission token) and get the session's CSRF."""
    lines = []
    for session in sessions:
        fields = [f"cookie = {_lua_string(session.cookie)}", f"csrf = {_lua_string(session.csrf)}"]
        if session.paths:
            fields.append(f"paths = {_lua_list(list(session.paths))}")
        if session.forms:
            fields.append(f"forms = {_lua_list([_body(form) for form in session.forms])}")
        lines.append("  {" + ", ".join(fields) + "},")
    script = (
        SCRIPT.replace("__SESSIONS__", "\n".join(lines))
        .replace("__PATHS__", ",\n".join(_lua_string(p) for p in paths))
        .replace("__FORMS__", ",\n".join(_lua_string(_body(form)) for form in forms))
        .replace("__POST_AT__", post_at)
    )
    path.write_text(script)
    return path


def _body(form: dict) -> str:
    return urlencode({**form, "csrfmiddlewaretoken": CSRF})


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    median_ms: float
    p99_ms: float
    requests: int
    bad_responses: int  # non-2xx/3xx responses, plus socket errors
    raw: str


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
