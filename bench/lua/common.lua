-- Shared by every figure's script: numbers each thread and prints one machine-readable line at the end, with the
-- sums of the threads' "counted" and "played" (what each script says they mean).
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local counted, played = 0, 0
  for _, thread in ipairs(threads) do
    counted = counted + (thread:get("counted") or 0)
    played = played + (thread:get("played") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"counted":%d,"played":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, counted, played))
end
