package org.frontdesk.reception.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientAddress;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.patient.PatientTelecom;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Changes to a patient's record that a form's answers propose: a home address, a phone, a new
 * insurance card; and the card photos sent with the form's link. They are never applied on their own. The desk accepts one (it is then applied
 * through the patient or coverage service, with the same rules as a change typed at the desk,
 * member-id checks included) or rejects it; either way who, when and what changed is kept.
 */
@ApplicationScoped
class ProposedChanges {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject PatientService patients;
    @Inject CoverageService coverages;
    @Inject PayerService payers;
    @Inject ObjectMapper json;
    @Inject Actors actors;
    @Inject Clock clock;
    @Inject IntakeNews news;
    @Inject IntakeCards cards;

    /** The kind of change the card photos sent with a link are. */
    static final String PHOTOS = "card-photos";

    /**
     * Stages what a kept response proposes: its mapped answers (one change per kind, and none that
     * changes nothing) and the card photos sent with its link (one change for both sides).
     */
    void stage(IntakeResponse r, Map<String, List<String>> answers) {
        List<IntakeCardImage> photos = cards.ofLink(r.linkId);
        if (answers.isEmpty() && photos.isEmpty()) {
            return;
        }
        Patient p = patients.get(r.patientId);
        Map<String, Object> address = new LinkedHashMap<>();
        put(address, "line", answers.get(Definitions.ADDRESS_LINE));
        put(address, "city", first(answers, Definitions.ADDRESS_CITY));
        put(address, "state", first(answers, Definitions.ADDRESS_STATE));
        put(address, "postalCode", first(answers, Definitions.ADDRESS_POSTAL_CODE));
        if (!address.isEmpty()) {
            Map<String, Object> base = address(home(p));
            Map<String, Object> after = new LinkedHashMap<>(base);
            after.putAll(address);
            if (!after.equals(base)) {
                add(r, p, "address", address, base);
            }
        }
        String phone = first(answers, Definitions.PHONE);
        if (phone != null) {
            String use = Objects.requireNonNullElse(first(answers, Definitions.PHONE_USE), "mobile");
            Map<String, Object> proposed = new LinkedHashMap<>();
            proposed.put("value", phone);
            proposed.put("use", use);
            PatientTelecom current = phone(p, use);
            Map<String, Object> base = phone(current);
            if (current == null || !phone.equals(current.value)) {
                add(r, p, "phone", proposed, base);
            }
        }
        Map<String, Object> card = new LinkedHashMap<>();
        put(card, "memberId", first(answers, Definitions.SUBSCRIBER_ID));
        put(card, "payer", first(answers, Definitions.PAYOR));
        put(card, "groupNumber", first(answers, Definitions.GROUP_NUMBER));
        put(card, "relationship", first(answers, Definitions.RELATIONSHIP));
        put(card, "periodStart", first(answers, Definitions.PERIOD_START));
        if (card.containsKey("memberId") || card.containsKey("payer")) {
            add(r, p, "coverage", card, null);
        }
        if (!photos.isEmpty()) {
            Map<String, Object> sides = new LinkedHashMap<>();
            for (IntakeCardImage i : photos) {
                Map<String, Object> photo = new LinkedHashMap<>();
                photo.put("imageId", i.id.toString());
                photo.put("contentType", i.contentType);
                photo.put("size", i.sizeBytes);
                photo.put("sha256", i.sha256);
                sides.put(i.side, photo);
            }
            add(r, p, PHOTOS, sides, null);
        }
    }

    /**
     * A new card's answers checked when the response comes, as the coverage will be when the desk
     * accepts it: an insurer of ours, still active; a member id its payer takes; the patient as the
     * subscriber (a dependent's card needs the subscriber's name and birth date, which the form
     * doesn't ask: it is captured at the desk). A 422 naming the item; accepting checks all again.
     */
    void checkCard(Map<String, List<String>> answers, Map<String, IntakeFhirValidator.Place> places) {
        String memberId = first(answers, Definitions.SUBSCRIBER_ID);
        String payer = first(answers, Definitions.PAYOR);
        if (memberId == null && payer == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> items = new ArrayList<>();
        String rel = first(answers, Definitions.RELATIONSHIP);
        if (rel != null && !rel.equals("self")) {
            refuse(errors, items, places.get(Definitions.RELATIONSHIP), "the card is for someone else's coverage ("
                    + rel + "): a dependent's card is captured at the desk, with the subscriber's name and birth date");
        }
        Payer found = null;
        if (payer != null) {
            found = payer(payer);
            if (found == null) {
                refuse(errors, items, places.get(Definitions.PAYOR), "'" + shorten(payer) + "' is not an insurer of ours");
            } else if (!found.active) {
                refuse(errors, items, places.get(Definitions.PAYOR), found.name + " is no longer an insurer of ours");
                found = null;
            }
        }
        if (memberId != null) {
            String problem = coverages.memberIdProblem(found, memberId);
            if (problem != null) {
                refuse(errors, items, places.get(Definitions.SUBSCRIBER_ID), problem);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(422, "/problems/invalid-answers", "The answers don't fit the form",
                    errors.get(0).detail()).withErrors(errors).with("linkIds", items));
        }
    }

    private static void refuse(List<FieldError> errors, List<String> items, IntakeFhirValidator.Place at, String why) {
        errors.add(new FieldError(at == null ? "/item" : at.pointer(), (at == null ? "" : "item '" + at.linkId() + "': ")
                + why));
        if (at != null) {
            items.add(at.linkId());
        }
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /** The payer an answer names: Organization/<id> or a payer code; null when none of ours. */
    private Payer payer(String answer) {
        if (answer.startsWith("Organization/")) {
            return payers.find(org.frontdesk.reception.fhir.FhirReferences.localId(answer, "Organization"));
        }
        return payers.byCode(answer).orElse(null);
    }

    private void add(IntakeResponse r, Patient p, String kind, Map<String, Object> proposed, Map<String, Object> base) {
        ProposedChange c = new ProposedChange();
        c.id = UUID.randomUUID();
        c.patientId = r.patientId;
        c.responseId = r.id;
        c.appointmentId = r.appointmentId;
        c.kind = kind;
        c.proposed = write(proposed);
        c.baseVersion = p.version;
        c.base = base == null ? null : write(base);
        c.status = "pending";
        Instant now = clock.instant();
        c.created(actors.current(), now);
        c.persist();
    }

    /**
     * Applies a pending change. A change whose part of the record (the address, the phone) is no
     * longer what it was when proposed is a 409: the desk looks again. {@code ifMatch}, when sent,
     * is the patient's version the desk saw (412 when stale). Card photos go to a coverage
     * ({@code coverageId}, else as {@link #cardCoverage} finds it) as its card images.
     */
    @Transactional
    ProposedChange accept(UUID patientId, UUID changeId, String ifMatch, UUID coverageId) {
        ProposedChange c = pending(patientId, changeId);
        if (coverageId != null && !c.kind.equals(PHOTOS)) {
            throw ProblemException.badRequest("/coverageId", "names the coverage card photos go to; this change is "
                    + "a " + c.kind);
        }
        Map<String, Object> proposed = read(c.proposed);
        Map<String, Object> applied = new LinkedHashMap<>();
        switch (c.kind) {
            case "address" -> {
                Map<String, Object> before = address(home(patients.get(patientId)));
                changedSince(c, before);
                Patient p = patients.update(patientId, ifMatch, false, pp -> {
                    PatientAddress a = home(pp);
                    if (a == null) {
                        a = new PatientAddress();
                        a.use = "home";
                        pp.addresses.add(0, a);
                    }
                    apply(a, proposed);
                });
                applied.put("before", before);
                applied.put("after", address(home(p)));
                applied.put("patientVersion", p.version);
            }
            case "phone" -> {
                String use = (String) proposed.get("use");
                Map<String, Object> before = phone(phone(patients.get(patientId), use));
                changedSince(c, before);
                Patient p = patients.update(patientId, ifMatch, false, pp -> {
                    PatientTelecom t = phone(pp, use);
                    if (t == null) {
                        t = new PatientTelecom();
                        t.system = "phone";
                        t.use = use;
                        pp.telecoms.add(t);
                    }
                    t.value = (String) proposed.get("value");
                });
                applied.put("before", before);
                applied.put("after", phone(phone(p, use)));
                applied.put("patientVersion", p.version);
            }
            case PHOTOS -> {
                org.frontdesk.reception.shared.ETags.check(ifMatch, patients.get(patientId).version, false);
                Coverage to = cardCoverage(c, coverageId);
                for (String side : IntakeCards.SIDES) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> photo = (Map<String, Object>) proposed.get(side);
                    if (photo == null) {
                        continue;
                    }
                    IntakeCardImage image = IntakeCardImage.findById(UUID.fromString((String) photo.get("imageId")));
                    to = coverages.attachCard(to.id, null, side.equals("front"), image.file());
                    image.documentId = side.equals("front") ? to.cardFrontDocumentId : to.cardBackDocumentId;
                    applied.put(side + "DocumentId", image.documentId.toString());
                }
                c.coverageId = to.id;
                applied.put("coverageId", to.id.toString());
            }
            default -> {
                Coverage added = coverages.add(patientId, coverage(patientId, proposed));
                c.coverageId = added.id;
                applied.put("coverageId", added.id.toString());
                applied.put("payerId", added.payerId.toString());
                applied.put("memberId", added.memberId);
                applied.put("order", added.priority);
            }
        }
        c.applied = write(applied);
        return decide(c, "accepted", null);
    }

    /**
     * The coverage a card's photos go to: the one the desk names (the patient's own), else the
     * coverage the same form's new card became, else the patient's primary coverage today. A new
     * card from the same form still pending is decided first (409), so photos don't land on the old one.
     */
    private Coverage cardCoverage(ProposedChange c, UUID named) {
        if (named != null) {
            Coverage to;
            try {
                to = coverages.get(named);
            } catch (ProblemException e) {
                to = null;
            }
            if (to == null || !to.patientId.equals(c.patientId) || !"active".equals(to.status)) {
                throw new ProblemException(Problem.of(422, "/problems/not-the-patients-coverage", "Not this patient's "
                        + "coverage", "Card photos go to one of this patient's active coverages.")
                        .withErrors(List.of(new FieldError("/coverageId", "must be one of the patient's active coverages"))));
            }
            return to;
        }
        ProposedChange card = ProposedChange.find("responseId = ?1 and kind = 'coverage'", c.responseId).firstResult();
        if (card != null && card.status.equals("accepted")) {
            return coverages.get(card.coverageId);
        }
        if (card != null) {
            // pending: its coverage doesn't exist yet; rejected: these are photos of a card the desk refused,
            // which must not become the card images of the coverage on file
            throw new ProblemException(Problem.of(409, "/problems/card-details-" + card.status, card.status.equals("pending")
                    ? "The card's details come first" : "The card's details were rejected",
                    "The same form proposes a new card (change " + card.id + ")" + (card.status.equals("pending")
                            ? "; accept or reject it first, or name the coverage these photos go to (coverageId)."
                            : ", which was rejected; name the coverage these photos go to (coverageId), or reject them."))
                    .with("changeId", card.id));
        }
        return coverages.primaryOn(c.patientId, LocalDate.now(clock)).orElseThrow(() -> new ProblemException(
                Problem.of(409, "/problems/no-coverage", "No coverage for the card", "The patient has no coverage in "
                        + "force to put these photos on; add the coverage first, or name one (coverageId).")));
    }

    /** A card photo of a pending or decided change, for the desk to look at. */
    IntakeCardImage cardPhoto(UUID patientId, UUID changeId, String side) {
        ProposedChange c = ProposedChange.findById(changeId);
        if (c == null || !c.patientId.equals(patientId) || !c.kind.equals(PHOTOS)) {
            throw ProblemException.notFound("Proposed card photos", changeId);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> photo = (Map<String, Object>) read(c.proposed).get(side);
        IntakeCardImage image = photo == null ? null : IntakeCardImage.findById(UUID.fromString((String) photo.get("imageId")));
        if (image == null || image.contentId == null) {
            // none of that side, or the bytes of a rejected proposal, deleted when it was rejected
            throw ProblemException.notFound("Card photo (" + side + ")", changeId);
        }
        return image;
    }

    @Transactional
    ProposedChange reject(UUID patientId, UUID changeId, String reason) {
        ProposedChange c = pending(patientId, changeId);
        if (reason != null && reason.length() > 500) {
            throw ProblemException.badRequest("/reason", "must be at most 500 characters");
        }
        if (c.kind.equals(PHOTOS)) {
            cards.forget(read(c.proposed).values().stream().map(v -> UUID.fromString((String) ((Map<?, ?>) v).get("imageId")))
                    .toList());
        }
        return decide(c, "rejected", reason);
    }

    private ProposedChange decide(ProposedChange c, String status, String reason) {
        Instant now = clock.instant();
        c.status = status;
        c.reason = reason;
        c.decidedAt = now;
        c.decidedBy = actors.current();
        c.updatedAt = now;
        c.updatedBy = c.decidedBy;
        ProposedChange.getEntityManager().flush();
        news.visitChanged(c.appointmentId, status);
        return c;
    }

    private ProposedChange pending(UUID patientId, UUID changeId) {
        ProposedChange c = ProposedChange.findById(changeId);
        if (c == null || !c.patientId.equals(patientId)) {
            throw ProblemException.notFound("Proposed change", changeId);
        }
        ProposedChange.getEntityManager().lock(c, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        ProposedChange.getEntityManager().refresh(c);
        if (!c.status.equals("pending")) {
            throw new ProblemException(Problem.of(409, "/problems/change-decided", "Already decided",
                    "This change was " + c.status + " by " + c.decidedBy + " at " + c.decidedAt + "."));
        }
        return c;
    }

    /**
     * Whether the part of the record a change replaces is still what it was when proposed. The
     * patient's whole version ({@code baseVersion}) is deliberately not compared: any edit (an
     * e-mail, a consent) bumps it, and a home address proposed on a form stays right after the
     * desk fixed the patient's e-mail. It is kept and shown so the desk sees how old the proposal
     * is; the desk's own view of the patient is checked by {@code If-Match}.
     */
    private void changedSince(ProposedChange c, Map<String, Object> now) {
        Map<String, Object> base = c.base == null ? null : read(c.base);
        if (!Objects.equals(base == null ? Map.of() : base, now == null ? Map.of() : now)) {
            throw new ProblemException(Problem.of(409, "/problems/patient-changed", "The patient changed since",
                    "The patient's " + c.kind + " changed after the form was answered (it was " + base + ", it is " + now
                            + "); look at both and accept or reject again.").with("base", base == null ? Map.of() : base)
                    .with("current", now == null ? Map.of() : now));
        }
    }

    private Coverage coverage(UUID patientId, Map<String, Object> proposed) {
        Coverage d = new Coverage();
        String payer = (String) proposed.get("payer");
        if (payer == null) {
            throw ProblemException.badRequest("/proposed/payer", "The card names no insurer; reject it, or add the "
                    + "coverage at the desk.");
        }
        Payer found = payer(payer);
        if (found == null) {
            throw new ProblemException(Problem.of(422, "/problems/unknown-payer", "Unknown insurer",
                    "No payer " + payer + " in the directory.").withErrors(List.of(new FieldError("/proposed/payer",
                    "is not a payer of ours"))));
        }
        d.payerId = found.id;
        d.memberId = (String) proposed.get("memberId");
        d.groupNumber = (String) proposed.get("groupNumber");
        String rel = (String) proposed.get("relationship");
        d.relationship = rel == null ? "self" : switch (rel) {
            case "self" -> "self";
            case "spouse", "common" -> "spouse";
            case "child" -> "child";
            default -> "other";
        };
        String start = (String) proposed.get("periodStart");
        if (start != null) {
            try {
                d.periodStart = LocalDate.parse(start);
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("/proposed/periodStart", "must be a full date");
            }
        }
        d.status = "active";
        d.priority = coverages.nextFreeOrder(patientId);
        return d;
    }

    List<ProposedChange> ofPatient(UUID patientId, String status) {
        patients.get(patientId);
        return status == null
                ? ProposedChange.list("patientId = ?1 order by createdAt desc, kind", patientId)
                : ProposedChange.list("patientId = ?1 and status = ?2 order by createdAt desc, kind", patientId, status);
    }

    List<ProposedChange> pendingForVisits(Collection<UUID> appointmentIds) {
        return appointmentIds.isEmpty() ? List.of()
                : ProposedChange.list("appointmentId in ?1 and status = 'pending' order by createdAt, kind",
                List.copyOf(appointmentIds));
    }

    // ------------------------------------------------------------------ the parts of a patient changes touch

    private static PatientAddress home(Patient p) {
        return p.addresses.stream().filter(a -> "home".equals(a.use)).findFirst()
                .orElse(p.addresses.stream().filter(a -> a.use == null).findFirst().orElse(null));
    }

    private static PatientTelecom phone(Patient p, String use) {
        return p.telecoms.stream().filter(t -> "phone".equals(t.system) && Objects.equals(use, t.use)).findFirst()
                .orElse(null);
    }

    private static void apply(PatientAddress a, Map<String, Object> proposed) {
        if (proposed.containsKey("line")) {
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) proposed.get("line");
            a.line = new ArrayList<>(lines);
        }
        if (proposed.containsKey("city")) {
            a.city = (String) proposed.get("city");
        }
        if (proposed.containsKey("state")) {
            a.state = (String) proposed.get("state");
        }
        if (proposed.containsKey("postalCode")) {
            a.postalCode = (String) proposed.get("postalCode");
        }
        a.text = null;
    }

    private static Map<String, Object> address(PatientAddress a) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a != null) {
            put(m, "line", a.line == null || a.line.isEmpty() ? null : List.copyOf(a.line));
            put(m, "city", a.city);
            put(m, "state", a.state);
            put(m, "postalCode", a.postalCode);
        }
        return m;
    }

    private static Map<String, Object> phone(PatientTelecom t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (t != null) {
            put(m, "value", t.value);
            put(m, "use", t.use);
        }
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String first(Map<String, List<String>> answers, String definition) {
        List<String> v = answers.get(definition);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> read(String value) {
        try {
            return value == null ? null : json.readValue(value, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
