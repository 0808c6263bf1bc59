-- Books a different five-minute slot each request: thread t takes every nth slot from OFFSET.
-- PRACTITIONERS is a comma-separated list; consecutive requests go to the next practitioner.
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local practitioners = {}
function init(args)
  math.randomseed(os.time() + tid)
  for id in string.gmatch(os.getenv("PRACTITIONERS"), "[^,]+") do
    practitioners[#practitioners + 1] = id
  end
end
local function iso(day_index, slot)
  -- FIRST_DAY + day_index days, at slot * 5 minutes (UTC)
  local y, m, d = os.getenv("FIRST_DAY"):match("(%d+)-(%d+)-(%d+)")
  local t = os.time({year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12}) + day_index * 86400
  return os.date("!%Y-%m-%d", t) .. string.format("T%02d:%02d:00Z", math.floor(slot * 5 / 60), (slot * 5) % 60)
end
request = function()
  local n = #practitioners
  local i = counter * 2 + tid
  local k = tonumber(os.getenv("OFFSET")) + math.floor(i / n)
  local practitioner = practitioners[(i % n) + 1]
  counter = counter + 1
  local body = string.format('{"patientId":"%s","practitionerId":"%s","locationId":"%s","visitTypeId":"%s","start":"%s"}',
    os.getenv("PATIENT"), practitioner, os.getenv("LOCATION"), os.getenv("TYPE"),
    iso(math.floor(k / 287), k % 287))
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
    ["Idempotency-Key"] = string.format("%d-%d-%d-%d", tid, counter, os.time(), math.random(1, 1e9))}
  return wrk.format("POST", nil, headers, body)
end
