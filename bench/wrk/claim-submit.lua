-- Posts the same EHR claim to /fhir/Claim/$submit: each request creates, scrubs and queues a new claim.
request = function()
  local headers = {["Content-Type"] = "application/fhir+json", ["Authorization"] = "Bearer " .. os.getenv("TOKEN")}
  return wrk.format("POST", nil, headers, os.getenv("CLAIM"))
end
