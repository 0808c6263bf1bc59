-- GET one appointment with its patient and practitioner included, again and again.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
