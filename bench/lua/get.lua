-- A GET of the URL given on the command line, with the API key when BENCH_KEY is set.
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Token " .. key
end
