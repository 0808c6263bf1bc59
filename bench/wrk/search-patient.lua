-- Search by a two-letter family prefix and a given-name initial: a realistic desk lookup.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local letters = "abcdefghijklmnopqrstuvwxyz"
request = function()
  local a, b, c = math.random(1, 26), math.random(1, 26), math.random(1, 26)
  local path = "/fhir/Patient?family=" .. letters:sub(a, a) .. letters:sub(b, b) .. "&given=" .. letters:sub(c, c) .. "&_count=20"
  return wrk.format("GET", path)
end
