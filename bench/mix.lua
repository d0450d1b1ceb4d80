-- wrk script: cycle through the request paths listed in a file (one per line), named after
-- `--` on wrk's command line. Each thread starts at its own place in the list. Responses other
-- than 2xx are counted here (wrk itself counts only 4xx and 5xx); done() prints one line of
-- totals for bench/load.py to read.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  position = ((id or 1) - 1) * math.floor(#paths / 2)
  non2xx = 0
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d non2xx=%d " ..
    "p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, non2xx_total,
    latency:percentile(50), latency:percentile(99)))
end
