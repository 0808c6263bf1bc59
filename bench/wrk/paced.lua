-- Runs the request script named by RULER_SCRIPT, with each connection pausing DELAY_MS between
-- requests: 16 connections then offer about 16,000 / (DELAY_MS + latency) requests a second.
dofile(os.getenv("RULER_SCRIPT"))
local pause = tonumber(os.getenv("DELAY_MS") or "0")
function delay()
  return pause
end
