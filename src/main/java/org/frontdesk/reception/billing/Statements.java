package org.frontdesk.reception.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.frontdesk.reception.billing.BillingJson.Statement;
import org.frontdesk.reception.billing.BillingJson.StatementAccount;
import org.frontdesk.reception.billing.BillingJson.StatementRun;
import org.frontdesk.reception.billing.BillingJson.StatementSummary;
import org.frontdesk.reception.billing.BillingJson.StatementVisit;
import org.frontdesk.reception.claims.ClaimLedger;
import org.frontdesk.reception.patient.Patient;
import org.frontdesk.reception.patient.PatientAddress;
import org.frontdesk.reception.patient.PatientContact;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.payments.PatientAccounts;
import org.frontdesk.reception.payments.PaymentsConfig;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.TextPdf;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Patient statements, one per guarantor (a patient's guarantor contact, else the patient) for
 * all the patients they answer for: each open visit with its charges, what insurers paid and
 * adjusted, what the patient owes and paid, credits, and the total due. A run issues a statement
 * to every guarantor who owes something and whose last statement is a cycle old; a statement
 * that still shows an amount billed on the last one goes one dunning level up (reminder, second
 * notice, final notice). What was issued is kept as it was, with when and how it was sent.
 */
@ApplicationScoped
class Statements {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
    static final List<String> NOTICES = List.of("",
            "REMINDER: part of this balance was billed on your last statement and is past due.",
            "SECOND NOTICE: this balance is past due. Please pay now or call us to arrange a payment plan.",
            "FINAL NOTICE: please pay this past-due balance or contact us before it is referred for collection.");

    @Inject PatientAccounts accounts;
    @Inject ClaimLedger ledger;
    @Inject PatientService patients;
    @Inject PaymentsConfig payments;
    @Inject BillingConfig config;
    @Inject ObjectMapper json;
    @Inject Actors actors;
    @Inject Clock clock;

    /** Who a statement goes to: a name, an address, and the key that tells guarantors apart. */
    private record Guarantor(String key, String name, List<String> address) {
    }

    @Transactional
    public StatementRun run(LocalDate statementDate) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate date = statementDate != null ? statementDate : today;
        if (date.isBefore(today.minusYears(5)) || date.isAfter(today.plusYears(5))) {
            throw ProblemException.badRequest("/statementDate", "the statement date must be within five years of today");
        }
        // one run at a time: two would both find no last statement for a guarantor
        PatientStatement.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('statement run'))")
                .getSingleResult();
        List<PatientAccounts.VisitBalance> open = accounts.openVisits(null);
        Map<UUID, List<PatientAccounts.VisitBalance>> byPatient = new LinkedHashMap<>();
        open.forEach(v -> byPatient.computeIfAbsent(v.patientId(), k -> new ArrayList<>()).add(v));
        Map<UUID, Patient> people = patients.byIds(byPatient.keySet());
        Map<UUID, ClaimLedger.VisitClaims> claims = new HashMap<>();
        ledger.forVisits(open.stream().map(PatientAccounts.VisitBalance::appointmentId).toList())
                .forEach(c -> claims.put(c.appointmentId(), c));
        Map<String, Guarantor> guarantors = new LinkedHashMap<>();
        Map<String, List<StatementAccount>> accountsOf = new LinkedHashMap<>();
        byPatient.forEach((patientId, visits) -> {
            Patient p = people.get(patientId);
            Guarantor g = guarantor(p);
            guarantors.putIfAbsent(g.key(), g);
            accountsOf.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(account(p, visits, claims));
        });
        int created = 0;
        int skipped = 0;
        List<StatementSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<StatementAccount>> e : accountsOf.entrySet()) {
            BigDecimal total = e.getValue().stream().map(StatementAccount::balance).reduce(ZERO, BigDecimal::add);
            if (total.signum() <= 0) {
                continue;
            }
            PatientStatement last = PatientStatement.find("guarantorKey = ?1 order by statementDate desc", e.getKey())
                    .firstResult();
            if (last != null && ChronoUnit.DAYS.between(last.statementDate, date) < config.statementCycleDays()) {
                skipped++;
                continue;
            }
            int level = last == null ? 0 : stillOpen(last, e.getValue()) ? Math.min(last.dunningLevel + 1, 3) : 0;
            Guarantor g = guarantors.get(e.getKey());
            PatientStatement s = new PatientStatement();
            s.id = UUID.randomUUID();
            s.guarantorKey = g.key();
            s.guarantorName = g.name();
            s.patientIds = e.getValue().stream().map(StatementAccount::patientId).toArray(UUID[]::new);
            s.statementDate = date;
            s.dueDate = date.plusDays(config.statementDueDays());
            s.totalDue = total;
            s.dunningLevel = level;
            s.createdAt = clock.instant();
            s.createdBy = actors.current();
            Statement content = new Statement(s.id, payments.practiceName(), payments.practiceAddress().orElse(List.of()),
                    g.name(), g.address(), date, s.dueDate, level, NOTICES.get(level), e.getValue(), total,
                    config.statementFooter(), null, null, null);
            try {
                s.content = json.writeValueAsString(content);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
            s.persist();
            created++;
            out.add(summary(s));
        }
        return new StatementRun(date, created, skipped, out);
    }

    public List<StatementSummary> list(UUID patientId, int limit) {
        List<PatientStatement> found = patientId == null
                ? PatientStatement.find("order by statementDate desc, guarantorName").page(0, limit).list()
                : statementsOf(patientId, limit);
        return found.stream().map(Statements::summary).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<PatientStatement> statementsOf(UUID patientId, int limit) {
        return PatientStatement.getEntityManager().createNativeQuery("select * from patient_statement where ?1 = any "
                        + "(patient_ids) order by statement_date desc limit ?2", PatientStatement.class)
                .setParameter(1, patientId).setParameter(2, limit).getResultList();
    }

    public Statement get(UUID id) {
        PatientStatement s = ProblemException.orNotFound(PatientStatement.findById(id), "Statement", id);
        try {
            Statement issued = json.readValue(s.content, Statement.class);
            return new Statement(issued.id(), issued.practiceName(), issued.practiceAddress(), issued.guarantorName(),
                    issued.guarantorAddress(), issued.statementDate(), issued.dueDate(), issued.dunningLevel(),
                    issued.notice(), issued.accounts(), issued.totalDue(), issued.footer(), s.sentAt, s.sentVia, s.sentBy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statement " + id + " content unreadable", e);
        }
    }

    @Transactional
    public StatementSummary sent(UUID id, String via) {
        PatientStatement s = ProblemException.orNotFound(PatientStatement.findById(id), "Statement", id);
        if (s.sentAt == null) { // sent once: a second report of it changes nothing
            s.sentAt = clock.instant();
            s.sentVia = via;
            s.sentBy = actors.current();
        }
        return summary(s);
    }

    /** The statement as printed, line by line (also what the PDF holds). */
    public List<String> lines(Statement s) {
        List<String> lines = new ArrayList<>();
        lines.add(s.practiceName());
        lines.addAll(s.practiceAddress());
        lines.add("");
        lines.add("PATIENT STATEMENT");
        lines.add("Statement date: " + s.statementDate() + "    Payment due: " + s.dueDate());
        lines.add("");
        lines.add(s.guarantorName());
        lines.addAll(s.guarantorAddress());
        if (!s.notice().isEmpty()) {
            lines.add("");
            lines.add(s.notice());
        }
        for (StatementAccount a : s.accounts()) {
            lines.add("");
            lines.add("Patient: " + a.patientName() + (a.mrn() == null ? "" : " (" + a.mrn() + ")"));
            for (StatementVisit v : a.visits()) {
                lines.add(v.visitDay() + "  " + v.description());
                lines.add("    charges " + v.charges() + "   insurance paid " + v.insurancePaid() + "   adjustments "
                        + v.adjustments() + "   your share " + v.patientResponsibility() + "   you paid "
                        + v.patientPaid() + "   balance " + v.balance());
            }
            if (a.credits().signum() != 0) {
                lines.add("    payments on account " + a.credits());
            }
            lines.add("    Account balance: " + a.balance());
        }
        lines.add("");
        lines.add("TOTAL DUE: " + s.totalDue() + " " + payments.currency() + " by " + s.dueDate());
        lines.add("");
        lines.add(s.footer());
        return lines;
    }

    public byte[] pdf(UUID id) {
        Statement s = get(id);
        return TextPdf.render(lines(s), "Statement " + s.statementDate() + " " + s.guarantorName(), s.practiceName(),
                PDRectangle.LETTER, line -> line.startsWith("PATIENT STATEMENT") || line.startsWith("TOTAL DUE")
                        || NOTICES.contains(line) && !line.isEmpty());
    }

    /** Whether an amount the last statement billed is still open (a visit on both with a balance). */
    private boolean stillOpen(PatientStatement last, List<StatementAccount> now) {
        Set<UUID> before = new HashSet<>();
        try {
            json.readValue(last.content, Statement.class).accounts()
                    .forEach(a -> a.visits().forEach(v -> before.add(v.appointmentId())));
        } catch (JsonProcessingException e) {
            return false;
        }
        return now.stream().flatMap(a -> a.visits().stream())
                .anyMatch(v -> v.balance().signum() > 0 && before.contains(v.appointmentId()));
    }

    private StatementAccount account(Patient p, List<PatientAccounts.VisitBalance> visits,
                                     Map<UUID, ClaimLedger.VisitClaims> claims) {
        List<StatementVisit> lines = new ArrayList<>();
        BigDecimal balance = ZERO;
        for (PatientAccounts.VisitBalance v : visits) {
            ClaimLedger.VisitClaims c = claims.get(v.appointmentId());
            BigDecimal charges = c == null ? v.owed() : c.charge();
            BigDecimal insurance = c == null ? ZERO : c.insurersPaid();
            BigDecimal adjustments = c != null && c.answered() && v.adjudicated()
                    ? charges.subtract(insurance).subtract(v.owed()).max(ZERO) : ZERO;
            String description = "Office visit" + (c == null ? ("self-pay".equals(v.kind()) ? " (self-pay)" : " (copay)")
                    : " billed to " + String.join(", ", c.payers()) + (c.answered() ? "" : " (insurance pending)"));
            lines.add(new StatementVisit(v.appointmentId(), v.visitDay(), description, charges, insurance, adjustments,
                    v.owed(), v.paid(), v.balance()));
            balance = balance.add(v.balance());
        }
        BigDecimal credits = accounts.unapplied(p.id);
        return new StatementAccount(p.id, p.displayName(), p.mrn, lines, credits, balance.subtract(credits));
    }

    /** The patient's guarantor contact, else the patient, with a postal address. */
    private static Guarantor guarantor(Patient p) {
        for (PatientContact c : p.contacts) {
            if (c.roles.contains("guarantor")) {
                String name = c.nameText != null ? c.nameText : c.organizationName != null ? c.organizationName
                        : (String.join(" ", c.given) + " " + (c.family == null ? "" : c.family)).trim();
                List<String> address = new ArrayList<>(c.line);
                address.add(String.join(" ", nonNull(c.city, c.state, c.postalCode)));
                String key = ("guarantor:" + name + "|" + (c.line.isEmpty() ? "" : c.line.get(0)) + "|"
                        + (c.postalCode == null ? "" : c.postalCode)).toLowerCase(Locale.ROOT);
                return new Guarantor(key.length() > 400 ? key.substring(0, 400) : key, name, address);
            }
        }
        List<String> address = new ArrayList<>();
        PatientAddress a = p.addresses.stream().filter(x -> "home".equals(x.use)).findFirst()
                .orElse(p.addresses.isEmpty() ? null : p.addresses.get(0));
        if (a != null) {
            address.addAll(a.line);
            address.add(String.join(" ", nonNull(a.city, a.state, a.postalCode)));
        }
        return new Guarantor("patient:" + p.id, p.displayName(), address);
    }

    private static List<String> nonNull(String... parts) {
        List<String> out = new ArrayList<>();
        for (String s : parts) {
            if (s != null && !s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    private static StatementSummary summary(PatientStatement s) {
        return new StatementSummary(s.id, s.guarantorName, List.of(s.patientIds), s.statementDate, s.dueDate, s.totalDue,
                s.dunningLevel, s.sentAt, s.sentVia);
    }
}
