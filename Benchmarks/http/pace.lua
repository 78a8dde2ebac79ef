-- Pacing shared by the request scripts: with PHIGUARD_DELAY_MS set, each connection waits a think
-- time drawn uniformly from [0, 2 * delay] ms (mean: delay) before each request. A fixed think time
-- lets the connections fall into step: answered together by one group commit, they all come back at
-- once, and the server sees bursts of every connection instead of an even half load.
local pace = tonumber(os.getenv("PHIGUARD_DELAY_MS") or "0")
if pace > 0 then
  -- Each wrk thread has its own Lua state: seed each from its own table address, not the clock alone.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)
  function delay() return math.random(0, 2 * pace) end
end
