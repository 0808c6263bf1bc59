package org.frontdesk.reception.claims;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.coverage.Coverage;
import org.frontdesk.reception.coverage.CoverageService;
import org.frontdesk.reception.coverage.Payer;
import org.frontdesk.reception.coverage.PayerService;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientAddress;
import org.frontdesk.reception.patient.PatientName;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.scheduling.Practitioner;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.X12ControlNumbers;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.frontdesk.reception.shared.X12Writer.text;

/**
 * Our claims as 837Ps: the practice as billing provider, the coverage's subscriber (and the
 * patient when someone else holds the policy), the payer, diagnoses, rendering provider, service
 * lines, and for a secondary claim the earlier payer's adjudication (COB loops 2320/2430).
 */
@ApplicationScoped
class Claim837s {

    @Inject PatientService patients;
    @Inject CoverageService coverages;
    @Inject PayerService payers;
    @Inject ClaimService claims;
    @Inject ClaimsConfig config;
    @Inject org.frontdesk.reception.shared.X12Config x12Config;
    @Inject X12ControlNumbers numbers;
    @Inject ClaimAdjudications adjudications;
    @Inject Clock clock;
    @Inject jakarta.persistence.EntityManager em;

    /** The claim as an 837P claim. */
    Claim837 of(Claim c) {
        Patient patient = patients.get(c.patientId);
        Coverage coverage = coverages.get(c.coverageId);
        Payer payer = payers.get(c.payerId);
        PatientName name = patient.primaryName();
        Claim837.Address address = address(patient);
        String sex = sex(patient.gender);
        boolean self = coverage.relationship == null || "self".equals(coverage.relationship);
        String last = text(self ? family(name) : coverage.subscriberFamily, 60);
        String first = text(self ? given(name) : coverage.subscriberGiven, 35);
        String memberId = text(!self && coverage.subscriberMemberId != null ? coverage.subscriberMemberId
                : coverage.memberId, 80);
        Claim837.Subscriber subscriber = new Claim837.Subscriber(responsibility(coverage.priority), self,
                text(coverage.groupNumber, 50), filingCode(payer), last, first, memberId, self ? address : null,
                self ? patient.birthDate : null, self ? sex : null);
        Claim837.Person person = self ? null : new Claim837.Person(relationship(coverage.relationship),
                text(family(name), 60), text(given(name), 35), address, patient.birthDate, sex);
        Practitioner r = claims.rendering(c);
        Claim837.Rendering rendering = r == null ? null : new Claim837.Rendering(text(r.family, 60), text(r.given, 35),
                r.npi, r.taxonomyCode);
        ClaimAdjudications.Prior prior = c.priorClaimId == null ? null : adjudications.of(c.priorClaimId);
        List<Claim837.Line> lines = new ArrayList<>();
        for (ClaimLine l : c.lines) {
            List<Claim837.LineAdjudication> paid = prior == null ? List.of() : prior.line(l.position);
            lines.add(new Claim837.Line(l.code, l.modifiers, l.charge, l.units, l.pointers, l.serviceDate,
                    Integer.toString(l.position), paid));
        }
        return new Claim837(billing(), subscriber, person, new Claim837.Payer(text(payer.name, 60),
                text(payer.payerCode, 80)),
                Long.toString(c.controlNumber), c.totalCharge, c.placeOfService, c.frequency,
                "1".equals(c.frequency) ? null : claims.originalPayerClaimNumber(c), c.diagnoses, rendering,
                prior == null ? List.of() : List.of(prior.otherPayer()), lines);
    }

    /** The practice as the 837P's billing provider; without its NPI and tax id no claim can be written. */
    Claim837.Provider billing() {
        String npi = config.billingNpi().orElseThrow(() -> notConfigured("reception.claims.billing-npi"));
        String taxId = config.billingTaxId().orElseThrow(() -> notConfigured("reception.claims.billing-tax-id"));
        ClaimsConfig.Address a = config.billingAddress();
        return new Claim837.Provider(text(config.billingName(), 60), npi, config.billingTaxonomy().orElse(null), taxId,
                new Claim837.Address(text(a.line(), 55), null, text(a.city(), 30), a.state(), a.zip()));
    }

    /** An envelope with fresh control numbers of our sender id (taken in the caller's transaction). */
    Claim837Writer.Envelope envelope(String batch, java.time.Instant at) {
        org.frontdesk.reception.shared.X12Config x = x12Config;
        X12ControlNumbers.Numbers n = numbers.next(x.senderId());
        return new Claim837Writer.Envelope(x.senderId(), x.receiverId(), config.billingName(), x.contactName(),
                x.contactPhone(), x.receiverName(), n.interchange(), n.group(), x.test(),
                LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC), batch);
    }

    /**
     * One claim submission as its own 837P interchange (the clearinghouse channel), recorded as
     * sent in its group and transaction set so a 999 finds it.
     */
    String single(Claim c) {
        if (c.controlNumber == 0) {
            em.flush(); // a claim made in this transaction gets its control number from the database on insert
        }
        Claim837Writer.Envelope env = envelope("C" + c.controlNumber + "-" + c.submission, clock.instant());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Claim837Writer.write(out, env, List.of(of(c)).iterator());
        em.createNativeQuery("insert into x12_claim_sent (sender_id, group_number, transaction_number, claim_id, "
                        + "submission, sent_at) values (?1, ?2, '0001', ?3, ?4, ?5)").setParameter(1, env.senderId())
                .setParameter(2, env.group()).setParameter(3, c.id).setParameter(4, c.submission)
                .setParameter(5, clock.instant()).executeUpdate();
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static ProblemException notConfigured(String key) {
        return new ProblemException(Problem.of(409, "/problems/billing-not-configured", "Billing provider not configured",
                "An 837P needs the practice's " + key + "; set it in the configuration."));
    }

    private static String responsibility(int priority) {
        return switch (priority) {
            case 1 -> "P";
            case 2 -> "S";
            case 3 -> "T";
            default -> "U";
        };
    }

    /** SBR09, from the payer's type. */
    static String filingCode(Payer p) {
        return switch (p.type == null ? "" : p.type) {
            case "medicare" -> "MB";
            case "medicaid" -> "MC";
            case "commercial" -> "CI";
            default -> "ZZ";
        };
    }

    /** PAT01, from the coverage's relationship of patient to subscriber. */
    private static String relationship(String r) {
        return switch (r == null ? "" : r) {
            case "spouse" -> "01";
            case "child" -> "19";
            default -> "G8";
        };
    }

    private static String sex(String gender) {
        return switch (gender == null ? "" : gender) {
            case "male" -> "M";
            case "female" -> "F";
            default -> "U";
        };
    }

    private static String family(PatientName n) {
        return n == null || n.family == null ? "UNKNOWN" : n.family;
    }

    private static String given(PatientName n) {
        return n == null || n.given.isEmpty() ? null : n.given.get(0);
    }

    /** The patient's home (or first) postal address, when it has a street, city, state and ZIP. */
    private static Claim837.Address address(Patient p) {
        PatientAddress a = p.addresses.stream().filter(x -> "home".equals(x.use)).findFirst()
                .orElse(p.addresses.isEmpty() ? null : p.addresses.get(0));
        if (a == null || a.line.isEmpty() || a.city == null || a.state == null || a.postalCode == null
                || a.state.length() != 2) {
            return null;
        }
        String zip = a.postalCode.replace("-", "");
        return new Claim837.Address(text(a.line.get(0), 55), a.line.size() > 1 ? text(a.line.get(1), 55) : null,
                text(a.city, 30), a.state.toUpperCase(Locale.ROOT), zip);
    }
}
