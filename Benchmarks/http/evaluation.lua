-- One AuthZEN evaluation per request (an allowed read by a nurse with a role grant).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PHIGUARD_TOKEN")
wrk.body = os.getenv("PHIGUARD_BODY")
local pace = tonumber(os.getenv("PHIGUARD_DELAY_MS") or "0")
if pace > 0 then
  -- Think times drawn uniformly from [0, 2 * pace] ms (mean: pace). A fixed think time lets the
  -- connections fall into step: answered together by one group commit, they all come back at once,
  -- and the server sees bursts of every connection instead of an even half load.
  -- Each wrk thread has its own Lua state: seed each from its own table address, not the clock alone.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)
  function delay() return math.random(0, 2 * pace) end
end
