-- wrk script for bench/opinions.ts: POST one opinion per request, each with its own
-- Idempotency-Key (a counter behind a per-run prefix) and, for the rate limits, its own client
-- address in X-Forwarded-For (the server trusts one proxy hop in the bench), as a crowd of
-- citizens behind a reverse proxy would send them. Reads BENCH_CONSULTATION, BENCH_PIDS
-- (comma-separated) and BENCH_RUN from the environment; prints one JSON line of answer counts.
local consultation = os.getenv("BENCH_CONSULTATION")
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local pids = {}
for pid in string.gmatch(os.getenv("BENCH_PIDS") or "", "[^,]+") do
  pids[#pids + 1] = pid
end
local regions = { "崇川区", "通州区", "海门区", "海安市", "如皋市", "如东县", "启东市" }
local counter = 0
-- Global (not local): done() reads it from each thread with thread:get.
statuses = {}
local threads = {}
local prefix = ""

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init()
  prefix = run .. "-" .. tostring(id)
end

wrk.method = "POST"
wrk.path = "/api/v1/consultations/" .. consultation .. "/opinions"

function request()
  counter = counter + 1
  local body = string.format(
    '{"provisionPid":"%s","body":"建议第%d条进一步明确责任主体和时限（wrk 第%d条意见）。","author":{"name":"市民%d","region":"%s"}}',
    pids[counter % #pids + 1], counter % 3 + 1, counter, counter % 97, regions[counter % #regions + 1])
  -- 10.x.y.z from the counter: a new address per request, the limiter's worst case (one key each).
  local ip = string.format("10.%d.%d.%d", math.floor(counter / 65536) % 256,
    math.floor(counter / 256) % 256, counter % 256)
  return wrk.format(nil, nil, {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. counter,
    ["X-Forwarded-For"] = ip,
  }, body)
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    parts[#parts + 1] = string.format('"%d":%d', status, n)
  end
  io.write(string.format(
    'WRK-RESULT {"statuses":{%s},"requests":%d,"seconds":%.3f,"socketErrors":%d,"p50":%.3f,"p95":%.3f,"p99":%.3f}\n',
    table.concat(parts, ","), summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
