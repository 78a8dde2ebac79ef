wrk.method = "GET"
local pace = tonumber(os.getenv("PHIGUARD_DELAY_MS") or "0")
if pace > 0 then
  function delay() return pace end
end
