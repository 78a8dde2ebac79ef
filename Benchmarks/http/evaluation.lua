-- One AuthZEN evaluation per request (an allowed read by a nurse with a role grant).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PHIGUARD_TOKEN")
wrk.body = os.getenv("PHIGUARD_BODY")
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "pace.lua")
