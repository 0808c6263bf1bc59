package org.frontdesk.reception.claims;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.coding.CodeRow;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.scheduling.Appointment;
import org.frontdesk.reception.scheduling.AppointmentService;
import org.frontdesk.reception.scheduling.AppointmentStatus;
import org.frontdesk.reception.scheduling.Practitioner;
import org.frontdesk.reception.scheduling.SchedulingSetupService;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Claims as the billing desk writes them: built from a fulfilled visit (patient, primary
 * coverage in force that day, rendering practitioner, the practice as billing provider) or
 * received from an EHR, and their codes edited while a draft. Lines without a charge take the
 * fee schedule's; every code is checked before the database would refuse it.
 */
@ApplicationScoped
class ClaimDrafts {

    private static final BigDecimal MAX_CHARGE = new BigDecimal("99999999.99");

    @Inject ClaimService claims;
    @Inject AppointmentService appointments;
    @Inject SchedulingSetupService scheduling;
    @Inject CoverageService coverages;
    @Inject PatientService patients;
    @Inject FeeSchedule fees;
    @Inject ClaimsConfig config;

    /** The one original claim of a checked-out visit. */
    @Transactional
    public Claim createFromAppointment(UUID appointmentId, List<String> diagnoses, List<ClaimLine> lines) {
        Appointment a = appointments.get(appointmentId);
        if (a.status() != AppointmentStatus.FULFILLED) {
            throw new ProblemException(Problem.of(409, "/problems/visit-not-finished", "Visit not finished",
                    "A claim is built from a fulfilled (checked-out) visit; this one is " + a.status + "."));
        }
        if (Claim.count("appointmentId = ?1 and frequency = '1' and status <> ?2 and priorClaimId is null", appointmentId,
                ClaimStatus.VOID) > 0) {
            throw new ProblemException(Problem.of(409, "/problems/claim-exists", "Claim exists",
                    "This visit already has a claim; edit it, or replace or void it once sent."));
        }
        LocalDate day = a.startsAt.atZone(scheduling.location(a.locationId).zone()).toLocalDate();
        Coverage coverage = coverages.primaryOn(a.patientId, day).orElseThrow(() -> new ProblemException(Problem.of(409,
                "/problems/no-coverage", "No coverage to bill", "The patient has no active primary coverage on " + day
                        + "; capture the insurance card first.")));
        return draft(a.id, a.patientId, coverage, day, a.practitionerId, diagnoses, lines, "built from the visit");
    }

    /**
     * A claim an EHR built itself (no visit of ours behind it): for one of our patients and
     * coverages, as a draft to scrub and submit like any other.
     */
    @Transactional
    public Claim createFromEhr(UUID patientId, UUID coverageId, LocalDate dateOfService, List<String> diagnoses,
                               List<ClaimLine> lines) {
        return createFromEhr(patientId, coverageId, dateOfService, diagnoses, lines, null, null);
    }

    /**
     * The same, keeping the identifier the sending client gave the claim: one claim per client
     * and identifier (the database refuses a second one).
     */
    @Transactional
    public Claim createFromEhr(UUID patientId, UUID coverageId, LocalDate dateOfService, List<String> diagnoses,
                               List<ClaimLine> lines, String clientId, String clientIdentifier) {
        patients.get(patientId);
        Coverage coverage = coverages.get(coverageId);
        if (!coverage.patientId.equals(patientId)) {
            throw ProblemException.badRequest("Claim.insurance.coverage", "The coverage belongs to another patient.");
        }
        Claim c = draft(null, patientId, coverage, dateOfService, null, diagnoses, lines, "received from an EHR",
                clientId, clientIdentifier);
        return c;
    }

    /**
     * The claim a client already sent under this identifier, if any. Callers that create on
     * absence hold the identifier's lock until their transaction ends, so two can't both create.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<Claim> sentBefore(String clientId, String clientIdentifier) {
        Claim.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 11))")
                .setParameter(1, clientId + "\n" + clientIdentifier).getSingleResult();
        return Claim.<Claim>find("clientId = ?1 and clientIdentifier = ?2", clientId, clientIdentifier)
                .firstResultOptional();
    }

    /** Replaces a claim's diagnoses and lines; a claim past its draft goes back to draft. */
    @Transactional
    public Claim edit(UUID id, String ifMatch, List<String> diagnoses, List<ClaimLine> lines) {
        Claim c = claims.get(id);
        ETags.check(ifMatch, c.version, true);
        if (!ClaimStatusPolicy.EDITABLE.contains(c.status)) {
            throw new ProblemException(Problem.of(409, "/problems/claim-not-editable", "Claim can't be changed",
                    "A " + c.status + " claim can't be edited; replace or void it instead."));
        }
        writeCodes(c, diagnoses, lines);
        if (c.status != ClaimStatus.DRAFT) {
            claims.move(c, ClaimStatus.DRAFT, "edited");
        }
        claims.touch(c);
        Claim.flush();
        return c;
    }

    /** A new draft claim with its codes: the practice as billing provider, the coverage's payer. */
    private Claim draft(UUID appointmentId, UUID patientId, Coverage coverage, LocalDate day, UUID renderingPractitionerId,
                        List<String> diagnoses, List<ClaimLine> lines, String why) {
        return draft(appointmentId, patientId, coverage, day, renderingPractitionerId, diagnoses, lines, why, null, null);
    }

    private Claim draft(UUID appointmentId, UUID patientId, Coverage coverage, LocalDate day, UUID renderingPractitionerId,
                        List<String> diagnoses, List<ClaimLine> lines, String why, String clientId,
                        String clientIdentifier) {
        Claim c = claims.stamped(new Claim());
        c.clientId = clientIdentifier == null ? null : clientId;
        c.clientIdentifier = clientIdentifier;
        c.appointmentId = appointmentId;
        c.patientId = patientId;
        c.coverageId = coverage.id;
        c.payerId = coverage.payerId;
        c.renderingPractitionerId = renderingPractitionerId;
        c.billingNpi = config.billingNpi().orElseThrow(() -> new ProblemException(Problem.of(409,
                "/problems/billing-provider-missing", "Billing provider not set",
                "Set reception.claims.billing-npi (the practice's NPI) before building claims.")));
        c.billingTaxonomy = config.billingTaxonomy().orElseGet(() -> {
            Practitioner p = renderingPractitionerId == null ? null : scheduling.practitioner(renderingPractitionerId);
            return p == null ? null : p.taxonomyCode;
        });
        c.placeOfService = config.placeOfService();
        c.dateOfService = day;
        c.status = ClaimStatus.DRAFT;
        writeCodes(c, diagnoses, lines);
        c.persist();
        claims.record(c, null, ClaimStatus.DRAFT, why);
        return c;
    }

    /** Checks and sets a claim's diagnoses and lines (charges from the fee schedule where none is given), and its total. */
    private void writeCodes(Claim c, List<String> diagnoses, List<ClaimLine> lines) {
        List<String> dx = diagnoses == null ? List.of() : diagnoses;
        if (dx.size() > 12) {
            throw ProblemException.badRequest("/diagnoses", "A claim carries at most 12 diagnoses.");
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < dx.size(); i++) {
            String code = CodeRow.normalize(dx.get(i));
            if (!code.matches("[0-9A-Z]{1,10}")) {
                throw ProblemException.badRequest("/diagnoses/" + i, "A diagnosis code is 1 to 10 letters and digits "
                        + "(a dot allowed): '" + dx.get(i) + "' is not.");
            }
            codes.add(code);
        }
        List<ClaimLine> ls = lines == null ? List.of() : lines;
        if (ls.size() > 50) {
            throw ProblemException.badRequest("/lines", "A claim carries at most 50 service lines.");
        }
        List<ClaimLine> written = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < ls.size(); i++) {
            ClaimLine l = ls.get(i);
            String typed = l.code;
            l.code = CodeRow.normalize(l.code);
            check(l, typed, i);
            l.position = i + 1;
            l.serviceDate = l.serviceDate == null ? c.dateOfService : l.serviceDate;
            if (l.charge == null) {
                l.charge = fees.fee(l.code, l.serviceDate, i).multiply(BigDecimal.valueOf(l.units));
                if (l.charge.compareTo(MAX_CHARGE) > 0) {
                    throw ProblemException.badRequest("/lines/" + i + "/charge", "The line's charge exceeds 99,999,999.99.");
                }
            }
            written.add(l);
            total = total.add(l.charge);
        }
        c.diagnoses.clear();
        c.diagnoses.addAll(codes);
        c.lines.clear();
        c.lines.addAll(written);
        c.totalCharge = total;
    }

    /** What the tables hold, said as a 400 before the database would refuse it. */
    private static void check(ClaimLine l, String typed, int i) {
        String at = "/lines/" + i;
        if (!l.code.matches("[0-9A-Z]{1,10}")) {
            throw ProblemException.badRequest(at + "/code", "A procedure code is 1 to 10 letters and digits: '"
                    + typed + "' is not.");
        }
        if (l.modifiers.size() > 4 || l.modifiers.stream().anyMatch(m -> m == null || !m.matches("[0-9A-Za-z]{2}"))) {
            throw ProblemException.badRequest(at + "/modifiers", "A line has at most 4 modifiers of 2 letters or digits.");
        }
        if (l.units < 1 || l.units > 9999) {
            throw ProblemException.badRequest(at + "/units", "Units must be between 1 and 9999.");
        }
        if (l.pointers.size() > 4 || l.pointers.stream().anyMatch(p -> p == null || p < 1 || p > 12)) {
            throw ProblemException.badRequest(at + "/diagnosisPointers", "Diagnosis pointers are 1 to 12, at most 4 a line.");
        }
        if (l.charge != null && (l.charge.signum() < 0 || l.charge.compareTo(MAX_CHARGE) > 0)) {
            throw ProblemException.badRequest(at + "/charge", "A line's charge is between 0 and 99,999,999.99.");
        }
    }
}
