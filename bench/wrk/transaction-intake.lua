-- POST a transaction Bundle: a new Patient (conditional on its identifier) and their Coverage,
-- linked by urn:uuid. PAYER names the payer the coverages are with.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local payer = os.getenv("PAYER") or ""
local letters = "abcdefghijklmnopqrstuvwxyz"
local function word(n)
  local t = {}
  for i = 1, n do
    local k = math.random(1, 26)
    t[i] = letters:sub(k, k)
  end
  return t[1]:upper() .. table.concat(t, "", 2)
end
request = function()
  local id = string.format("%d%d", math.random(1, 1e9), math.random(1, 1e9))
  local body = string.format(
    '{"resourceType":"Bundle","type":"transaction","entry":[' ..
    '{"fullUrl":"urn:uuid:p-%s","resource":{"resourceType":"Patient",' ..
    '"identifier":[{"system":"http://bench.example/mrn","value":"%s"}],' ..
    '"name":[{"use":"official","family":"%s","given":["%s"]}],"gender":"female","birthDate":"19%02d-%02d-%02d"},' ..
    '"request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=http://bench.example/mrn|%s"}},' ..
    '{"resource":{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"urn:uuid:p-%s"},' ..
    '"payor":[{"reference":"Organization/%s"}],"subscriberId":"M%s","period":{"start":"2026-01-01"}},' ..
    '"request":{"method":"POST","url":"Coverage"}}]}',
    id, id, word(8), word(5), math.random(30, 99), math.random(1, 12), math.random(1, 28), id, id, payer, id)
  return wrk.format(nil, nil, nil, body)
end
