-- Every request tries to book the same slot: exactly one may win.
local counter = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
request = function()
  counter = counter + 1
  local body = string.format('{"patientId":"%s","practitionerId":"%s","locationId":"%s","visitTypeId":"%s","start":"%s"}',
    os.getenv("PATIENT"), os.getenv("PRACTITIONER"), os.getenv("LOCATION"), os.getenv("TYPE"), os.getenv("CONTESTED"))
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
    ["Idempotency-Key"] = string.format("c-%s-%d-%d-%d", os.getenv("KEY_PREFIX") or "", tid, counter, os.time())}
  return wrk.format("POST", nil, headers, body)
end

-- Count answers by kind, so a 500 can't hide among the expected 409s.
c201, c409, cother = 0, 0, 0
local all = {}
local setup_inner = setup
setup = function(thread)
  setup_inner(thread)
  table.insert(all, thread)
end
response = function(status, headers, body)
  if status == 201 then c201 = c201 + 1 elseif status == 409 then c409 = c409 + 1 else cother = cother + 1 end
end
done = function(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(all) do
    a = a + t:get("c201"); b = b + t:get("c409"); c = c + t:get("cother")
  end
  io.write(string.format("answers: 201=%d 409=%d other=%d\n", a, b, c))
end
