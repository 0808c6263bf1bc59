-- POST a new FHIR Patient with a random name, birth date and phone each time.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local letters = "abcdefghijklmnopqrstuvwxyz"
local function word(n)
  local t = {}
  for i = 1, n do
    local k = math.random(1, 26)
    t[i] = letters:sub(k, k)
  end
  return t[1]:upper() .. table.concat(t, "", 2)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
request = function()
  local body = string.format(
    '{"resourceType":"Patient","identifier":[{"system":"http://bench.example/id","value":"%d%d"}],' ..
    '"name":[{"use":"official","family":"%s","given":["%s"]}],"gender":"%s","birthDate":"19%02d-%02d-%02d",' ..
    '"telecom":[{"system":"phone","value":"555-%03d-%04d","use":"mobile"}],' ..
    '"address":[{"line":["%d Main St"],"city":"Springfield","state":"IL","postalCode":"62701"}]}',
    math.random(1, 1e9), math.random(1, 1e9), word(8), word(5),
    (math.random(2) == 1) and "female" or "male",
    math.random(30, 99), math.random(1, 12), math.random(1, 28),
    math.random(0, 999), math.random(0, 9999), math.random(1, 9999))
  return wrk.format(nil, nil, nil, body)
end
