-- API login, each key given back with a logout on the same connection's next turn, so the organization's
-- key cap is never reached. "counted" is the number of successful logins.
local body = os.getenv("BENCH_BODY")
local keys = {}

function init(args)
  counted = 0
end

function request()
  local key = table.remove(keys)
  if key then
    return wrk.format("POST", "/api/auth/logout/", { ["Authorization"] = "Token " .. key }, "")
  end
  return wrk.format("POST", "/api/auth/login/", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, response_body)
  local key = response_body and response_body:match('"token"%s*:%s*"(%x+)"')
  if key then
    counted = counted + 1
    table.insert(keys, key)
  end
end
