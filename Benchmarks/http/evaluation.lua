-- One AuthZEN evaluation per request (an allowed read by a nurse with a role grant).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PHIGUARD_TOKEN")
wrk.body = os.getenv("PHIGUARD_BODY")
local pace = tonumber(os.getenv("PHIGUARD_DELAY_MS") or "0")
if pace > 0 then
  function delay() return pace end
end
