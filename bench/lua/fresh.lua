-- Each request loads the embed page with a token never used before (BENCH_TOKENS, one code a line), split
-- between the threads. "counted" is how many requests had to reuse a code because the file ran out.
local codes = {}
local next_code = 0
local prefix = os.getenv("BENCH_PREFIX")

function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  local line_number = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if line_number % threads == id - 1 then
      codes[#codes + 1] = line
    end
    line_number = line_number + 1
  end
  counted = 0
end

function request()
  next_code = next_code + 1
  if next_code > #codes then
    next_code = 1
    counted = counted + 1
  end
  return wrk.format("GET", prefix .. codes[next_code])
end
