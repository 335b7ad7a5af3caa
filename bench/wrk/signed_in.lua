-- wrk script: every request is signed in as the next of many seeded users (round robin).
--
-- Environment:
--   BENCH_SESSIONS  file written by `django_tasks.py make_sessions`, one user per line:
--                   sessionid csrftoken item_id position relational people(comma list or -) day_path
--   BENCH_MODE      "today" (GET /), "journal" (GET /journal/), "day" (GET the user's day page),
--                   "edit" (POST an edit of an existing item, as htmx sends it), or a literal path
-- done() prints one JSON line prefixed "BENCH_JSON " for bench/run.py.

local users = {}
local counter = 0
local mode = os.getenv("BENCH_MODE") or "today"
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local function split_people(field)
  local ids = {}
  if field ~= "-" then
    for id in string.gmatch(field, "[^,]+") do ids[#ids + 1] = id end
  end
  return ids
end

function init(args)
  for line in io.lines(os.getenv("BENCH_SESSIONS")) do
    local sid, csrf, item, position, relational, people, day =
      line:match("^(%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$")
    if sid then
      users[#users + 1] = {
        sid = sid, csrf = csrf, item = item, position = position,
        relational = relational == "1", people = split_people(people), day = day,
      }
    end
  end
  -- Threads start at different users so they do not move in lockstep.
  counter = (thread_index or 0) * 997
end

local function edit_body(user)
  local prefix = "slot" .. user.position .. "-"
  local parts = {
    prefix .. "text=" .. "A+specific+good+thing%2C+rewritten+" .. counter,
  }
  if user.relational then parts[#parts + 1] = prefix .. "relational=on" end
  for _, id in ipairs(user.people) do parts[#parts + 1] = prefix .. "people=" .. id end
  return table.concat(parts, "&")
end

function request()
  counter = counter + 1
  local user = users[(counter % #users) + 1]
  local headers = { Cookie = "sessionid=" .. user.sid .. "; csrftoken=" .. user.csrf }
  if mode == "edit" then
    headers["X-CSRFToken"] = user.csrf
    headers["HX-Request"] = "true"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", "/journal/items/" .. user.item .. "/", headers, edit_body(user))
  end
  local path = mode
  if mode == "today" then path = "/"
  elseif mode == "journal" then path = "/journal/"
  elseif mode == "day" then path = user.day
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
