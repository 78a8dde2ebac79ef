wrk.method = "GET"
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "pace.lua")
