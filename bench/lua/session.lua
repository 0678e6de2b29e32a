-- One play per fresh single-use token, as the player does it: GET the embed page (BENCH_PREFIX .. code; records the
-- load, spends nothing), read the start ticket from the page's data-config, POST it to the session start (spends the
-- token). A thread's connections share its queue of tickets, so each page load is followed by one start.
-- "counted" is how many requests had to reuse a code because the file ran out; "played" the starts that answered 201.
local codes = {}
local next_code = 0
local tickets = {}
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
  played = 0
end

function request()
  local ticket = table.remove(tickets)
  if ticket then
    return wrk.format("POST", ticket.start, { ["Content-Type"] = "application/json" }, '{"ticket":"' .. ticket.value .. '"}')
  end
  next_code = next_code + 1
  if next_code > #codes then
    next_code = 1
    counted = counted + 1
  end
  return wrk.format("GET", prefix .. codes[next_code])
end

function response(status, headers, body)
  if status == 201 then
    played = played + 1
  elseif status == 200 and body then
    -- data-config is attribute-encoded JSON: {&quot;start&quot;:&quot;/play/sessions&quot;,&quot;ticket&quot;:&quot;...&quot;}
    local start = body:match('&quot;start&quot;:&quot;([^&"]+)&quot;')
    local value = body:match('&quot;ticket&quot;:&quot;([^&"]+)&quot;')
    if start and value then
      table.insert(tickets, { start = start, value = value })
    end
  end
end
