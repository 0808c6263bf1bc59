-- GET one patient again and again, with the run's token.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
