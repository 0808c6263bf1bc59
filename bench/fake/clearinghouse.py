#!/usr/bin/env python3
"""A fake X12 clearinghouse for end-to-end runs, speaking the API the app's x12-clearinghouse
channel calls:

  POST   /claims              an 837P interchange (Idempotency-Key honoured): 202, and for it a 999
                              (every transaction set accepted), a 277CA (every claim accepted into
                              adjudication, with a payer claim number) and an 835 paying each claim
                              (80 % paid, 10 % CO-45, 10 % PR-2 coinsurance per line) wait for pickup
  GET    /responses           the files waiting: [{"id": ..., "type": "999" | "277CA" | "835"}]
  GET    /responses/{id}      one file
  DELETE /responses/{id}      taken: no longer listed
  POST   /eligibility         a 270, answered with a 271 (active, copay 25, deductible 1500 with 750
                              left, coinsurance 20 %) that echoes its trace
  POST   /claim-status        a 276, answered with a 277 (pending, in process)
  GET    /stats              counts: interchanges, claims, repeated keys, files served, taken

Usage: clearinghouse.py serve PORT
       clearinghouse.py remit FILE_837 [PAYER_ID] > FILE_835   (an 835 paying every claim of an 837)
This is a test double: it writes X12 by string formatting; the app reads and writes with StAEDI."""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
files = {}        # id -> (type, text)
pending = []      # ids not yet taken
keys = {}
stats = {"interchanges": 0, "claims": 0, "repeated_keys": 0, "served": 0, "taken": 0}
counter = [1000]


def segments(text):
    text = text.strip()
    element, component, terminator = text[3], text[104], text[105]
    for raw in text.split(terminator):
        raw = raw.strip()
        if raw:
            yield [e.split(component) for e in raw.split(element)]


def read_837(text):
    """The interchange's sender, group, transaction sets and claims (control, charge, payer, lines)."""
    out = {"sender": None, "group": None, "sets": [], "claims": []}
    claim = None
    payer = None
    for s in segments(text):
        tag = s[0][0]
        if tag == "ISA":
            out["sender"] = s[6][0].strip()
        elif tag == "GS":
            out["group"] = s[6][0]
        elif tag == "ST":
            out["sets"].append(s[2][0])
        elif tag == "NM1" and s[1][0] == "PR" and len(s) > 9:
            payer = s[9][0]
        elif tag == "CLM":
            claim = {"control": s[1][0], "charge": s[2][0], "payer": payer, "lines": []}
            out["claims"].append(claim)
        elif tag == "SV1" and claim is not None:
            claim["lines"].append({"procedure": ":".join(s[1]), "charge": s[2][0], "control": None})
        elif tag == "REF" and s[1][0] == "6R" and claim is not None and claim["lines"]:
            claim["lines"][-1]["control"] = s[2][0]
    return out


def cents(v):
    return round(float(v) * 100)


def money(c):
    s = "%.2f" % (c / 100)
    return s.rstrip("0").rstrip(".") if "." in s else s


def envelope(functional, version, receiver, st_type, body, number):
    st = ["ST*%s*0001*%s" % (st_type, version)] + body
    st.append("SE*%d*0001" % (len(st) + 1))
    return ("ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*%-15s*261130*0900*^*00501*%09d*0*T*:~\n"
            "GS*%s*CLEARINGHOUSE*%s*20261130*0900*%d*X*%s~\n%s~\nGE*1*%d~\nIEA*1*%09d~\n") % (
        receiver[:15], number, functional, receiver, number, version, "~\n".join(st), number, number)


def ack_999(i, number):
    body = ["AK1*HC*%s*005010X222A1" % i["group"]]
    for st in i["sets"]:
        body += ["AK2*837*%s*005010X222A1" % st, "IK5*A"]
    body.append("AK9*A*%d*%d*%d" % (len(i["sets"]), len(i["sets"]), len(i["sets"])))
    return envelope("FA", "005010X231A1", i["sender"], "999", body, number)


def ack_277ca(i, number):
    body = ["BHT*0085*08*%d*20261130*0900*TH" % number, "HL*1**20*1", "NM1*PR*2*PAYER*****PI*PAYER",
            "TRN*1*%d" % number, "DTP*050*D8*20261130", "HL*2*1*21*1", "NM1*41*2*SUBMITTER*****46*%s" % i["sender"],
            "TRN*2*%d" % number, "STC*A1:19*20261130*WQ", "HL*3*2*19*1", "NM1*85*2*PROVIDER*****XX*1234567893"]
    hl = 3
    for c in i["claims"]:
        hl += 1
        body += ["HL*%d*3*PT" % hl, "NM1*QC*1*PATIENT*ONE", "TRN*2*%s" % c["control"],
                 "STC*A2:20*20261130*WQ*%s" % c["charge"], "REF*1K*ICN%s" % c["control"]]
    return envelope("HN", "005010X214", i["sender"], "277", body, number)


def remit_835(i, number, payer=None):
    claims = []
    total = 0
    for c in i["claims"]:
        lines = []
        paid_claim = 0
        patient_claim = 0
        for n, l in enumerate(c["lines"], 1):
            charge = cents(l["charge"])
            contractual = charge // 10
            patient = charge // 10
            paid = charge - contractual - patient
            paid_claim += paid
            patient_claim += patient
            lines += ["SVC*%s*%s*%s**1" % (l["procedure"], money(charge), money(paid)),
                      "CAS*CO*45*%s" % money(contractual), "CAS*PR*2*%s" % money(patient),
                      "REF*6R*%s" % (l["control"] or n)]
        total += paid_claim
        claims += ["CLP*%s*1*%s*%s*%s*12*ICN%s*11*1" % (c["control"], c["charge"], money(paid_claim),
                                                        money(patient_claim), c["control"])] + lines
    payer = payer or (i["claims"][0]["payer"] if i["claims"] else "PAYER")
    body = ["BPR*I*%s*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261130" % money(total),
            "TRN*1*EFT%d*1512345678" % number, "DTM*405*20261130", "N1*PR*PAYER*XV*%s" % payer,
            "N1*PE*PROVIDER*XX*1234567893", "LX*1"] + claims
    return envelope("HP", "005010X221A1", i["sender"], "835", body, number)


def first_trn(text):
    """TRN02 of an inquiry (the trace a 271 echoes, the control number a 277 answers for)."""
    for s in segments(text):
        if s[0][0] == "TRN":
            return s[2][0]
    return "0"


def answer_271(text):
    trace = first_trn(text)
    body = ["BHT*0022*11*R1*20261130*0900", "HL*1**20*1", "NM1*PR*2*PAYER*****PI*PAYER", "HL*2*1*21*1",
            "NM1*1P*2*PRACTICE*****XX*1234567893", "HL*3*2*22*0", "TRN*2*%s*9FAKECLEAR" % trace,
            "NM1*IL*1*PATIENT*ONE****MI*M1", "DTP*346*D8*20260101", "EB*1**30**GOLD PPO",
            "EB*B*IND*98***27*25*****Y", "EB*C*IND*30***23*1500*****Y", "EB*C*IND*30***29*750*****Y",
            "EB*A*IND*30*****.2****Y"]
    return envelope("HB", "005010X279A1", "FRONTDESK", "271", body, 1)


def answer_277(text):
    control = first_trn(text)
    body = ["BHT*0010*08*R1*20261130*0900", "HL*1**20*1", "NM1*PR*2*PAYER*****PI*PAYER", "HL*2*1*21*1",
            "NM1*41*2*SUBMITTER*****46*FRONTDESK", "HL*3*2*19*1", "NM1*1P*2*PROVIDER*****XX*1234567893",
            "HL*4*3*22*0", "NM1*IL*1*PATIENT*ONE****MI*M1", "TRN*2*%s" % control, "STC*P1:20*20261130"]
    return envelope("HN", "005010X212", "FRONTDESK", "277", body, 1)


def queue(kind, text):
    with lock:
        counter[0] += 1
        fid = "%s-%d" % (kind, counter[0])
        files[fid] = (kind, text)
        pending.append(fid)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", ctype="application/json"):
        if isinstance(body, str):
            body = body.encode("ascii")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("ascii", "replace")

    def do_POST(self):
        text = self.body()
        if self.path == "/claims":
            key = self.headers.get("Idempotency-Key", "")
            with lock:
                seen = key in keys
                keys[key] = keys.get(key, 0) + 1
                if seen:
                    stats["repeated_keys"] += 1
            if not seen:
                i = read_837(text)
                with lock:
                    stats["interchanges"] += 1
                    stats["claims"] += len(i["claims"])
                    counter[0] += 1
                    number = counter[0]
                queue("999", ack_999(i, number))
                queue("277CA", ack_277ca(i, number))
                queue("835", remit_835(i, number))
            self.send(202, json.dumps({"id": key}))
        elif self.path == "/eligibility":
            self.send(200, answer_271(text), "application/edi-x12")
        elif self.path == "/claim-status":
            self.send(200, answer_277(text), "application/edi-x12")
        else:
            self.send(404)

    def do_GET(self):
        if self.path == "/responses":
            with lock:
                listed = [{"id": f, "type": files[f][0]} for f in pending]
            self.send(200, json.dumps(listed))
        elif self.path.startswith("/responses/"):
            fid = self.path[len("/responses/"):]
            with lock:
                found = files.get(fid)
                if found:
                    stats["served"] += 1
            self.send(200, found[1], "application/edi-x12") if found else self.send(404)
        elif self.path == "/stats":
            with lock:
                self.send(200, json.dumps(dict(stats, pending=len(pending))))
        else:
            self.send(404)

    def do_DELETE(self):
        fid = self.path[len("/responses/"):]
        with lock:
            if fid in pending:
                pending.remove(fid)
                stats["taken"] += 1
        self.send(204)


if __name__ == "__main__":
    if sys.argv[1] == "remit":
        with open(sys.argv[2], encoding="ascii") as f:
            sys.stdout.write(remit_835(read_837(f.read()), 424242, sys.argv[3] if len(sys.argv) > 3 else None))
    else:
        ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler).serve_forever()
