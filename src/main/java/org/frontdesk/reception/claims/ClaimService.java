package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coding.ClaimScrubber;
import org.frontdesk.reception.coding.CodeRow;
import org.frontdesk.reception.coding.CodeValidator;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.Location;
import org.frontdesk.reception.scheduling.Practitioner;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Claims from visit to queue: built from a fulfilled appointment (patient, primary coverage in
 * force that day, rendering practitioner, the practice as billing provider, charges from the fee
 * schedule), edited while a draft, scrubbed, and submitted, which writes the claim's move to
 * {@code queued} and its outbox row in one transaction. Every status change is recorded.
 */
@ApplicationScoped
public class ClaimService {

    /** A diagnosis of a claim, in order (1 is the principal). */
    public record Dx(int position, String code) {
    }

    /** A service line as stored. */
    public record Item(int position, String code, List<String> modifiers, int units, BigDecimal charge,
                       List<Integer> pointers, LocalDate serviceDate) {
    }

    /** A line as the desk enters it; charge and date default from the fee schedule and the visit. */
    public record LineInput(String code, List<String> modifiers, int units, List<Integer> pointers, BigDecimal charge,
                            LocalDate serviceDate) {
    }

    private final EntityManager em;
    private final AppointmentService appointments;
    private final CoverageService coverages;
    private final PayerService payers;
    private final PatientService patients;
    private final ClaimScrubber scrubber;
    private final ClaimFhirMapper fhir;
    private final ClaimsConfig config;
    private final Actors actors;
    private final Clock clock;

    public ClaimService(EntityManager em, AppointmentService appointments, CoverageService coverages,
                        PayerService payers, PatientService patients, ClaimScrubber scrubber, ClaimFhirMapper fhir,
                        ClaimsConfig config, Actors actors, Clock clock) {
        this.em = em;
        this.appointments = appointments;
        this.coverages = coverages;
        this.payers = payers;
        this.patients = patients;
        this.scrubber = scrubber;
        this.fhir = fhir;
        this.config = config;
        this.actors = actors;
        this.clock = clock;
    }

    @Transactional
    public Claim createFromAppointment(UUID appointmentId, List<String> diagnoses, List<LineInput> lines) {
        Appointment a = appointments.get(appointmentId);
        if (a.status() != AppointmentStatus.FULFILLED) {
            throw new ProblemException(Problem.of(409, "/problems/visit-not-finished", "Visit not finished",
                    "A claim is built from a fulfilled (checked-out) visit; this one is " + a.status + "."));
        }
        if (Claim.count("appointmentId = ?1 and frequency = '1' and status <> 'void'", appointmentId) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/claim-exists", "Claim exists",
                    "This visit already has a claim; edit it, or replace or void it once sent."));
        }
        Location location = Location.findById(a.locationId);
        LocalDate day = a.startsAt.atZone(location.zone()).toLocalDate();
        Coverage coverage = coverages.primaryOn(a.patientId, day).orElseThrow(() -> new ProblemException(Problem.of(409,
                "/problems/no-coverage", "No coverage to bill", "The patient has no active primary coverage on " + day
                        + "; capture the insurance card first.")));
        return draft(a.id, a.patientId, coverage, day, a.practitionerId, diagnoses, lines, "built from the visit");
    }

    /** Replaces a draft's diagnoses and lines; a claim scrubbed ready goes back to draft. */
    @Transactional
    public Claim edit(UUID id, String ifMatch, List<String> diagnoses, List<LineInput> lines) {
        Claim c = get(id);
        ETags.check(ifMatch, c.version, true);
        if (!ClaimStatusPolicy.EDITABLE.contains(c.status)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-not-editable", "Claim can't be changed",
                    "A " + c.status + " claim can't be edited; replace or void it instead."));
        }
        em.createNativeQuery("delete from claim_diagnosis where claim_id = ?1").setParameter(1, id).executeUpdate();
        em.createNativeQuery("delete from claim_line where claim_id = ?1").setParameter(1, id).executeUpdate();
        writeCodes(c, diagnoses, lines);
        if (!"draft".equals(c.status)) {
            move(c, "draft", "edited");
        }
        touch(c);
        em.flush();
        return c;
    }

    /** Runs the payer edits; a clean draft becomes ready, a ready claim with errors goes back to draft. */
    @Transactional
    public ClaimScrubber.Outcome scrub(UUID id) {
        Claim c = get(id);
        ClaimScrubber.Outcome outcome = scrubOf(c);
        if (outcome.clean() && "draft".equals(c.status)) {
            move(c, "ready", "scrub passed");
        } else if (!outcome.clean() && "ready".equals(c.status)) {
            move(c, "draft", "scrub found errors");
        }
        return outcome;
    }

    /**
     * Queues a ready claim (or one that needs attention) for its payer: the new submission's
     * payload and idempotency key go into the outbox in the same transaction as the status.
     */
    @Transactional
    public Claim submit(UUID id, String ifMatch) {
        Claim c = get(id);
        ETags.check(ifMatch, c.version, false);
        if (!"draft".equals(c.status) && !"ready".equals(c.status) && !"needs-attention".equals(c.status)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-not-ready", "Claim not ready",
                    "Only a draft, a claim that passed its scrub (ready) or one that needs attention can be submitted; "
                            + "this one is " + c.status + "."));
        }
        ClaimScrubber.Outcome outcome = scrubOf(c);
        if (!outcome.clean()) {
            throw scrubFailed(outcome);
        }
        if ("draft".equals(c.status)) {
            move(c, "ready", "scrub passed");
        }
        if ("needs-attention".equals(c.status)) {
            // unchanged since it failed (an edit would have made it a draft): the same submission
            // goes again under the same key, so an insurer that did get it sees no duplicate
            ClaimOutbox failed = ClaimOutbox.<ClaimOutbox>find("claimId = ?1 and submission = ?2", c.id, c.submission)
                    .firstResult();
            if (failed != null && "failed".equals(failed.state)) {
                failed.state = "pending";
                failed.attempts = 0;
                failed.nextAttemptAt = clock.instant();
                failed.claimedUntil = null;
                move(c, "queued", "resubmitted by the billing desk");
                return c;
            }
        }
        queue(c, "submitted by the billing desk");
        return c;
    }

    private static ProblemException scrubFailed(ClaimScrubber.Outcome outcome) {
        List<FieldError> errors = outcome.findings().stream().filter(f -> f.severity().equals("error"))
                .map(f -> new FieldError("/codes", f.message())).toList();
        return new ProblemException(Problem.of(422, "/problems/claim-scrub-failed", "The claim does not pass its edits",
                errors.get(0).detail()).withErrors(errors));
    }

    /**
     * Voids a claim: one never sent is simply void; one the payer has gets a void claim
     * (frequency 8) referencing the payer's claim number, queued at once.
     */
    @Transactional
    public Claim voidClaim(UUID id) {
        Claim c = locked(id);
        correctionAllowed(c, "8");
        if (c.payerClaimNumber == null) {
            if (!ClaimStatusPolicy.allowed(c.status, "void")) {
                throw new ProblemException(Problem.of(409, "/problems/claim-in-flight", "Claim in flight",
                        "This claim is on its way to the payer and has no payer claim number yet; wait for the answer."));
            }
            move(c, "void", "voided before submission");
            return c;
        }
        Claim v = correction(c, "8", "ready", "void of claim ");
        queue(v, "void sent to the payer");
        return v;
    }

    /** Starts a replacement (frequency 7) of a claim the payer has: a draft copy to correct and submit. */
    @Transactional
    public Claim replace(UUID id) {
        Claim c = locked(id);
        correctionAllowed(c, "7");
        if (c.payerClaimNumber == null) {
            throw new ProblemException(Problem.of(409, "/problems/no-payer-claim-number", "Nothing to replace",
                    "The payer has not numbered this claim; edit and resubmit it instead."));
        }
        return correction(c, "7", "draft", "replacement of claim ");
    }

    /** A void (8) or replacement (7) of a claim the payer numbered: a copy with its codes, in its first status. */
    private Claim correction(Claim c, String frequency, String status, String what) {
        Claim n = copy(c, frequency);
        n.status = status;
        n.persist();
        em.flush();
        copyCodes(c, n);
        record(n, null, status, what + c.payerClaimNumber);
        return n;
    }

    private Claim locked(UUID id) {
        get(id);
        return em.find(Claim.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    /** A void or replacement is made once per claim, and never of a void or of a void claim. */
    private void correctionAllowed(Claim c, String frequency) {
        if ("void".equals(c.status) || "8".equals(c.frequency)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-void", "Claim is void",
                    "This claim is void or is itself a void; there is nothing to correct."));
        }
        if (Claim.count("originalClaimId = ?1 and frequency = ?2 and status <> 'void'", c.id, frequency) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/correction-exists", "Correction exists",
                    "This claim already has a " + ("8".equals(frequency) ? "void" : "replacement") + " under way."));
        }
    }

    private void queue(Claim c, String reason) {
        c.submission++;
        String key = c.id + "-" + c.submission;
        Claim original = c.originalClaimId == null ? null : Claim.findById(c.originalClaimId);
        Payer payer = payers.get(c.payerId);
        ClaimOutbox o = new ClaimOutbox();
        o.id = UUID.randomUUID();
        o.claimId = c.id;
        o.submission = c.submission;
        o.idempotencyKey = key;
        o.payload = fhir.toJson(c, diagnoses(c.id), lines(c.id), patients.get(c.patientId), coverages.get(c.coverageId),
                payer, rendering(c), config.billingName(), key, original == null ? null : original.payerClaimNumber);
        o.state = "pending";
        o.nextAttemptAt = clock.instant();
        o.createdAt = clock.instant();
        o.persist();
        move(c, "queued", reason);
    }

    /**
     * An insurer reports on a claim after the submission (adjudication, payment, denial): only
     * on its own claims (the caller's client id is the claim's payer id; otherwise the claim is
     * not found, so nothing leaks). Recorded and applied with the claim locked.
     */
    @Transactional
    public ClaimResponseRecord reportFromInsurer(UUID claimId, String payload, String clientId) {
        Claim claim = em.find(Claim.class, claimId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        org.frontdesk.reception.coverage.Payer payer = claim == null ? null
                : org.frontdesk.reception.coverage.Payer.findById(claim.payerId);
        if (payer == null || !payer.payerCode.equals(clientId)) {
            throw ProblemException.notFound("Claim", claimId);
        }
        return recordAnswer(claim, payload, fhir.read(payload, claim.totalCharge), "callback");
    }

    /**
     * Keeps an insurer's answer to a (locked) claim and applies it, at submission ({@code sync})
     * or later ({@code callback}): payer claim number, amounts, and the status it leads to.
     */
    ClaimResponseRecord recordAnswer(Claim claim, String payload, ClaimFhirMapper.Reading r, String source) {
        ClaimResponseRecord response = new ClaimResponseRecord();
        response.id = UUID.randomUUID();
        response.claimId = claim.id;
        response.receivedAt = clock.instant();
        response.source = source;
        response.payload = payload;
        response.outcome = r.outcome();
        response.payerClaimNumber = r.payerClaimNumber();
        response.totalPaid = r.paid();
        response.patientResponsibility = r.patientPays();
        response.reasons = r.reasons().isEmpty() ? null : String.join("\n", r.reasons());
        response.persist();
        applyAnswer(claim, r, source);
        return response;
    }

    private void applyAnswer(Claim claim, ClaimFhirMapper.Reading r, String source) {
        if (r.payerClaimNumber() != null) {
            claim.payerClaimNumber = r.payerClaimNumber();
        }
        if (r.paid() != null) {
            claim.paidAmount = r.paid();
        }
        if (r.patientPays() != null) {
            claim.patientResponsibility = r.patientPays();
        }
        String reason = (source.equals("sync") ? "insurer answered: " : "insurer reported: ") + r.outcome()
                + (r.reasons().isEmpty() ? "" : " (" + String.join("; ", r.reasons()) + ")");
        if (!r.status().equals(claim.status) && ClaimStatusPolicy.allowed(claim.status, r.status())) {
            move(claim, r.status(), reason);
        }
        touch(claim);
    }

    /**
     * A claim an EHR built itself (no visit of ours behind it): for one of our patients and
     * coverages, as a draft to scrub and submit like any other.
     */
    @Transactional
    public Claim createFromEhr(UUID patientId, UUID coverageId, LocalDate dateOfService, List<String> diagnoses,
                               List<LineInput> lines) {
        patients.get(patientId);
        Coverage coverage = coverages.get(coverageId);
        if (!coverage.patientId.equals(patientId)) {
            throw ProblemException.badRequest("Claim.insurance.coverage", "The coverage belongs to another patient.");
        }
        return draft(null, patientId, coverage, dateOfService, null, diagnoses, lines, "received from an EHR");
    }

    /** A new draft claim with its codes: the practice as billing provider, the coverage's payer. */
    private Claim draft(UUID appointmentId, UUID patientId, Coverage coverage, LocalDate day, UUID renderingPractitionerId,
                        List<String> diagnoses, List<LineInput> lines, String why) {
        Claim c = new Claim();
        c.id = UUID.randomUUID();
        c.appointmentId = appointmentId;
        c.patientId = patientId;
        c.coverageId = coverage.id;
        c.payerId = coverage.payerId;
        c.renderingPractitionerId = renderingPractitionerId;
        c.billingNpi = config.billingNpi().orElseThrow(() -> new ProblemException(Problem.of(409,
                "/problems/billing-provider-missing", "Billing provider not set",
                "Set reception.claims.billing-npi (the practice's NPI) before building claims.")));
        c.billingTaxonomy = config.billingTaxonomy().orElseGet(() -> {
            Practitioner p = renderingPractitionerId == null ? null : Practitioner.findById(renderingPractitionerId);
            return p == null ? null : p.taxonomyCode;
        });
        c.placeOfService = config.placeOfService();
        c.dateOfService = day;
        c.status = "draft";
        c.createdAt = clock.instant();
        c.updatedAt = c.createdAt;
        c.createdBy = actors.current();
        c.updatedBy = c.createdBy;
        c.persist();
        em.flush();
        writeCodes(c, diagnoses, lines);
        record(c, null, "draft", why);
        return c;
    }

    /** The practitioner who saw the patient, when the claim came from one of our visits. */
    public Practitioner rendering(Claim c) {
        return c.renderingPractitionerId == null ? null : Practitioner.findById(c.renderingPractitionerId);
    }

    public Claim get(UUID id) {
        Claim c = Claim.findById(id);
        if (c == null) {
            throw ProblemException.notFound("Claim", id);
        }
        return c;
    }

    public List<Dx> diagnoses(UUID claimId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select position, code from claim_diagnosis where claim_id = ?1 "
                + "order by position").setParameter(1, claimId).getResultList();
        return rows.stream().map(r -> new Dx(((Number) r[0]).intValue(), (String) r[1])).toList();
    }

    public List<Item> lines(UUID claimId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select position, code, modifiers, units, charge, pointers, service_date
                        from claim_line where claim_id = ?1 order by position""")
                .setParameter(1, claimId).getResultList();
        return rows.stream().map(r -> new Item(((Number) r[0]).intValue(), (String) r[1],
                r[2] == null || ((String) r[2]).isEmpty() ? List.of() : List.of(((String) r[2]).split(",")),
                ((Number) r[3]).intValue(), (BigDecimal) r[4],
                Arrays.stream(((String) r[5]).split(",")).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                r[6] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[6])).toList();
    }

    /** The status history, oldest first. */
    public List<Object[]> history(UUID claimId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select from_status, to_status, reason, changed_at, changed_by from claim_status_change
                        where claim_id = ?1 order by id""").setParameter(1, claimId).getResultList();
        return rows;
    }

    /** Moves a claim along the status machine and records it; a refused move is a 409. */
    void move(Claim c, String to, String reason) {
        if (!ClaimStatusPolicy.allowed(c.status, to)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-status-transition", "Status change not allowed",
                    "A claim can't go from " + c.status + " to " + to + "."));
        }
        String from = c.status;
        c.status = to;
        c.statusReason = reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
        touch(c);
        record(c, from, to, reason);
    }

    private void record(Claim c, String from, String to, String reason) {
        em.createNativeQuery("""
                        insert into claim_status_change (claim_id, from_status, to_status, reason, changed_at, changed_by)
                        values (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, c.id).setParameter(2, from).setParameter(3, to)
                .setParameter(4, reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                .setParameter(5, clock.instant()).setParameter(6, actors.current()).executeUpdate();
    }

    private ClaimScrubber.Outcome scrubOf(Claim c) {
        Patient p = patients.get(c.patientId);
        List<Item> items = lines(c.id);
        return scrubber.scrub(new ClaimScrubber.Draft(c.dateOfService,
                new CodeValidator.Patient(p.birthDate, null, p.gender),
                diagnoses(c.id).stream().map(Dx::code).toList(),
                items.stream().map(i -> new ClaimScrubber.Line(i.code(), i.modifiers(), i.units(), i.pointers(),
                        i.serviceDate())).toList()));
    }

    private void writeCodes(Claim c, List<String> diagnoses, List<LineInput> lines) {
        List<String> dx = diagnoses == null ? List.of() : diagnoses;
        if (dx.size() > 12) {
            throw ProblemException.badRequest("/diagnoses", "A claim carries at most 12 diagnoses.");
        }
        for (int i = 0; i < dx.size(); i++) {
            if (!CodeRow.normalize(dx.get(i)).matches("[0-9A-Z]{1,10}")) {
                throw ProblemException.badRequest("/diagnoses/" + i, "A diagnosis code is 1 to 10 letters and digits "
                        + "(a dot allowed): '" + dx.get(i) + "' is not.");
            }
            em.createNativeQuery("insert into claim_diagnosis (claim_id, position, code) values (?1, ?2, ?3)")
                    .setParameter(1, c.id).setParameter(2, i + 1).setParameter(3, CodeRow.normalize(dx.get(i)))
                    .executeUpdate();
        }
        BigDecimal total = BigDecimal.ZERO;
        List<LineInput> ls = lines == null ? List.of() : lines;
        if (ls.size() > 50) {
            throw ProblemException.badRequest("/lines", "A claim carries at most 50 service lines.");
        }
        for (int i = 0; i < ls.size(); i++) {
            LineInput l = ls.get(i);
            String code = CodeRow.normalize(l.code());
            check(l, code, i);
            LocalDate day = l.serviceDate() == null ? c.dateOfService : l.serviceDate();
            BigDecimal charge = l.charge() != null ? l.charge() : fee(code, day, i + 1).multiply(BigDecimal.valueOf(l.units()));
            if (charge.compareTo(new BigDecimal("99999999.99")) > 0) {
                throw ProblemException.badRequest("/lines/" + i + "/charge", "The line's charge exceeds 99,999,999.99.");
            }
            em.createNativeQuery("""
                            insert into claim_line (claim_id, position, code, modifiers, units, charge, pointers, service_date)
                            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                    .setParameter(1, c.id).setParameter(2, i + 1).setParameter(3, code)
                    .setParameter(4, String.join(",", l.modifiers() == null ? List.of() : l.modifiers()))
                    .setParameter(5, l.units()).setParameter(6, charge)
                    .setParameter(7, String.join(",", (l.pointers() == null ? List.<Integer>of() : l.pointers())
                            .stream().map(String::valueOf).toList()))
                    .setParameter(8, day).executeUpdate();
            total = total.add(charge);
        }
        c.totalCharge = total;
    }

    /** What the tables hold, said as a 400 before the database would refuse it. */
    private static void check(LineInput l, String code, int i) {
        String at = "/lines/" + i;
        if (!code.matches("[0-9A-Z]{1,10}")) {
            throw ProblemException.badRequest(at + "/code", "A procedure code is 1 to 10 letters and digits: '"
                    + l.code() + "' is not.");
        }
        List<String> modifiers = l.modifiers() == null ? List.of() : l.modifiers();
        if (modifiers.size() > 4 || modifiers.stream().anyMatch(m -> m == null || !m.matches("[0-9A-Za-z]{2}"))) {
            throw ProblemException.badRequest(at + "/modifiers", "A line has at most 4 modifiers of 2 letters or digits.");
        }
        if (l.units() < 1 || l.units() > 9999) {
            throw ProblemException.badRequest(at + "/units", "Units must be between 1 and 9999.");
        }
        if (l.pointers() != null && (l.pointers().size() > 4 || l.pointers().stream().anyMatch(p -> p == null || p < 1
                || p > 12))) {
            throw ProblemException.badRequest(at + "/diagnosisPointers", "Diagnosis pointers are 1 to 12, at most 4 a line.");
        }
        if (l.charge() != null && (l.charge().signum() < 0 || l.charge().compareTo(new BigDecimal("99999999.99")) > 0)) {
            throw ProblemException.badRequest(at + "/charge", "A line's charge is between 0 and 99,999,999.99.");
        }
    }

    /** Sets the practice's charge for one unit of a HCPCS/CPT code from a day on; returns the code as stored. */
    @Transactional
    public String setFee(String code, LocalDate effectiveFrom, BigDecimal charge) {
        String normalized = CodeRow.normalize(code);
        if (!normalized.matches("[0-9A-Z]{5}")) {
            throw ProblemException.badRequest("/code", "A fee is for a 5-character HCPCS or CPT code.");
        }
        em.createNativeQuery("""
                        insert into fee_schedule (code, effective_from, charge) values (?1, ?2, ?3)
                        on conflict (code, effective_from) do update set charge = excluded.charge""")
                .setParameter(1, normalized).setParameter(2, effectiveFrom).setParameter(3, charge).executeUpdate();
        return normalized;
    }

    /** The practice's charge for one unit of a code on a day. */
    private BigDecimal fee(String code, LocalDate day, int line) {
        @SuppressWarnings("unchecked")
        List<BigDecimal> fees = em.createNativeQuery("""
                        select charge from fee_schedule where code = ?1 and effective_from <= ?2
                        order by effective_from desc limit 1""")
                .setParameter(1, code).setParameter(2, day).getResultList();
        if (fees.isEmpty()) {
            throw ProblemException.badRequest("/lines/" + (line - 1) + "/charge", "No fee for " + code + " on " + day
                    + " in the fee schedule; give the line's charge or add the fee.");
        }
        return fees.get(0);
    }

    private Claim copy(Claim c, String frequency) {
        Claim n = new Claim();
        n.id = UUID.randomUUID();
        n.appointmentId = c.appointmentId;
        n.patientId = c.patientId;
        n.coverageId = c.coverageId;
        n.payerId = c.payerId;
        n.renderingPractitionerId = c.renderingPractitionerId;
        n.billingNpi = c.billingNpi;
        n.billingTaxonomy = c.billingTaxonomy;
        n.placeOfService = c.placeOfService;
        n.dateOfService = c.dateOfService;
        n.frequency = frequency;
        n.originalClaimId = c.id;
        n.totalCharge = c.totalCharge;
        n.createdAt = clock.instant();
        n.updatedAt = n.createdAt;
        n.createdBy = actors.current();
        n.updatedBy = n.createdBy;
        return n;
    }

    private void copyCodes(Claim from, Claim to) {
        em.flush();
        em.createNativeQuery("insert into claim_diagnosis (claim_id, position, code) select ?1, position, code "
                + "from claim_diagnosis where claim_id = ?2").setParameter(1, to.id).setParameter(2, from.id).executeUpdate();
        em.createNativeQuery("""
                        insert into claim_line (claim_id, position, code, modifiers, units, charge, pointers, service_date)
                        select ?1, position, code, modifiers, units, charge, pointers, service_date
                        from claim_line where claim_id = ?2""").setParameter(1, to.id).setParameter(2, from.id)
                .executeUpdate();
    }

    private void touch(Claim c) {
        c.updatedAt = clock.instant();
        c.updatedBy = actors.current();
    }
}
