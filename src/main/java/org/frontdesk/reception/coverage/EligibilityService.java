package org.frontdesk.reception.coverage;

import org.frontdesk.reception.shared.Changes;

import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.LeasedRow;
import org.frontdesk.reception.shared.LeasedWorker;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Eligibility checks: the question is written (pending) and committed before the insurer is
 * called, the call happens outside any transaction, and the answer (or the reason there is
 * none) is written after. A crash in between leaves a pending row that {@link #sendQueued}
 * sends again, so no check is lost and none is answered by guesswork.
 */
@ApplicationScoped
public class EligibilityService {

    static final String COMPLETE = "complete";

    @Inject EntityManager em;
    @Inject CoverageService coverages;
    @Inject PatientService patients;
    @Inject EligibilityFhirMapper fhir;
    @Inject InsurerGateway insurers;
    @Inject PayerService payers;
    @Inject CoverageConfig config;
    @Inject LeasedWorker worker;
    @Inject Actors actors;
    @Inject Clock clock;
    @Inject org.frontdesk.reception.shared.X12Config x12;
    @Inject org.frontdesk.reception.shared.X12ControlNumbers numbers;
    @Inject Changes changes;
    @Inject jakarta.enterprise.event.Event<EligibilityAnswered> answers;
    @Inject PayerRates rates;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EligibilityService.class);

    /**
     * Writes a pending check for a coverage, in the caller's transaction. The benefit category
     * defaults to {@code reception.coverage.default-benefit-category}, the date to today.
     */
    public EligibilityCheck start(UUID coverageId, String benefitCategory, LocalDate serviceDate) {
        Coverage c = coverages.get(coverageId);
        if (!"active".equals(c.status)) {
            throw new ProblemException(Problem.of(409, "/problems/coverage-not-active", "Coverage not active",
                    "This coverage is " + c.status + "; only an active coverage can be checked."));
        }
        EligibilityCheck check = question(c, Payer.findById(c.payerId), benefitCategory,
                serviceDate == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : serviceDate);
        check.requestedBy = actors.current();
        // the asking instance holds the first attempt's lease; if it stops, the job takes the check over
        check.claimedUntil = check.requestedAt.plus(config.insurer().pendingTakeover());
        check.leaseToken = UUID.randomUUID();
        check.attempts = 1;
        check.persist();
        return check;
    }

    /**
     * A pending question about an active coverage, not yet stored, with its request as it will
     * be sent: the FHIR CoverageEligibilityRequest, or the X12 270 for a payer reached through a
     * clearinghouse (under our control numbers, taken in the caller's transaction).
     */
    private EligibilityCheck question(Coverage c, Payer payer, String benefitCategory, LocalDate serviceDate) {
        EligibilityCheck check = new EligibilityCheck();
        check.id = UUID.randomUUID();
        check.coverageId = c.id;
        check.benefitCategory = benefitCategory == null || benefitCategory.isBlank()
                ? config.defaultBenefitCategory() : benefitCategory.trim();
        if (!check.benefitCategory.matches("[A-Z0-9]{1,3}")) {
            throw ProblemException.badRequest("/benefitCategory", "The benefit category must be a code such as 98 "
                    + "(X12 service type); '" + check.benefitCategory + "' is not.");
        }
        check.serviceDate = serviceDate;
        check.state = LeasedRow.PENDING;
        check.requestedAt = clock.instant();
        check.nextAttemptAt = check.requestedAt;
        if (X12_CHANNEL.equals(payer.channel)) {
            // through the payer's clearinghouse: the request is the 270 (under our control numbers)
            check.requestJson = Eligibility271.inquiry(new Eligibility271.Inquiry(trace(check), check.serviceDate,
                    check.benefitCategory, payer, c, patients.get(c.patientId),
                    config.providerName().orElse("PRACTICE"), config.providerNpi().orElseThrow(() -> new ProblemException(
                            Problem.of(409, "/problems/provider-not-configured", "Provider not configured",
                                    "A 270 needs the practice's NPI (reception.coverage.provider-npi).")))),
                    x12, numbers.next(x12.senderId()), java.time.LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        } else {
            check.requestJson = fhir.request(check, c, payer, patients.get(c.patientId), config.providerNpi(),
                    config.providerName());
        }
        return check;
    }

    /**
     * Queues the day-before questions of a visit day, in the caller's transaction: for each
     * coverage (with the benefit category of the patient's visit), a pending check the leased
     * worker sends ({@link #sendQueued}). A coverage that is no longer active, already has
     * its day-before question for that day, or is being asked about right now is skipped; the
     * database keeps it to one question per coverage and day even when several instances queue
     * the same day at once ({@code on conflict do nothing}).
     *
     * @return how many questions were queued
     */
    @SuppressWarnings("unchecked")
    public int queueDayBefore(Map<UUID, String> benefitCategoryByCoverage, LocalDate serviceDate) {
        if (benefitCategoryByCoverage.isEmpty()) {
            return 0;
        }
        List<UUID> open = em.createNativeQuery("""
                        select c.id from coverage c
                        where c.id = any(?1) and c.status = 'active'
                          and not exists (select 1 from eligibility_check e where e.coverage_id = c.id
                                          and e.origin = 'day-before' and e.service_date = ?2)
                          and not exists (select 1 from eligibility_check e where e.coverage_id = c.id
                                          and e.state = 'pending')
                        order by c.id""")
                .setParameter(1, benefitCategoryByCoverage.keySet().toArray(UUID[]::new)).setParameter(2, serviceDate)
                .getResultList();
        // in coverage order, so two instances queuing the same day at once take the unique key's
        // entries in the same order: the second waits for the first and adds nothing, no deadlock
        List<EligibilityCheck> questions = new java.util.ArrayList<>();
        for (UUID coverageId : open) {
            Coverage c = coverages.get(coverageId);
            try {
                EligibilityCheck q = question(c, payers.get(c.payerId), benefitCategoryByCoverage.get(coverageId),
                        serviceDate);
                q.origin = EligibilityCheck.DAY_BEFORE;
                q.requestedBy = org.frontdesk.reception.security.Actors.SYSTEM;
                questions.add(q);
            } catch (ProblemException e) {
                // e.g. a clearinghouse payer without the practice's NPI: the desk sees the visit unchecked
                LOG.warnf("Day-before eligibility question for coverage %s not queued: %s", coverageId,
                        e.problem().title());
            } catch (jakarta.persistence.PersistenceException e) {
                throw e; // the transaction is spoilt: the whole sweep of this location is tried again
            } catch (RuntimeException e) {
                // one coverage whose question can't be written (a 270 the writer refuses) must not stop
                // the rest of the location's; never the message: it may quote patient data
                LOG.warnf("Day-before eligibility question for coverage %s not queued: %s", coverageId,
                        e.getClass().getSimpleName());
            }
        }
        if (questions.isEmpty()) {
            return 0;
        }
        int[] queued = new int[1];
        em.unwrap(org.hibernate.Session.class).doWork(conn -> {
            try (var insert = conn.prepareStatement("""
                    insert into eligibility_check (id, coverage_id, benefit_category, request_json, service_date, state,
                                                   attempts, requested_at, next_attempt_at, requested_by, origin)
                    select q.id, q.coverage_id, q.benefit_category, q.request_json, ?, 'pending', 0, ?, ?, ?, 'day-before'
                    from unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::text[])
                         as q (id, coverage_id, benefit_category, request_json)
                    on conflict (coverage_id, service_date) where origin = 'day-before' do nothing""")) {
                Instant now = questions.get(0).requestedAt;
                insert.setObject(1, serviceDate);
                insert.setObject(2, java.time.OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.setObject(3, java.time.OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.setString(4, org.frontdesk.reception.security.Actors.SYSTEM);
                insert.setArray(5, conn.createArrayOf("uuid", questions.stream().map(q -> q.id).toArray()));
                insert.setArray(6, conn.createArrayOf("uuid", questions.stream().map(q -> q.coverageId).toArray()));
                insert.setArray(7, conn.createArrayOf("varchar", questions.stream().map(q -> q.benefitCategory).toArray()));
                insert.setArray(8, conn.createArrayOf("text", questions.stream().map(q -> q.requestJson).toArray()));
                queued[0] = insert.executeUpdate();
            }
        });
        return queued[0];
    }

    /**
     * Calls the insurer for a pending check and records what came of it, while the caller holds
     * the check's lease ({@code token}: the asker's from {@link #start}, or the job's); a caller
     * that lost it (the job took over a slow asker) asks nothing and records nothing. Must run
     * outside a transaction.
     */
    public EligibilityCheck run(UUID checkId, UUID token) {
        return run(checkId, token, false);
    }

    /**
     * As {@link #run(UUID, UUID)}; a {@code queued} check (the worker's: the day-before job's, or
     * one an asker left) goes only when its payer's rate has a place left and its circuit is
     * closed, and otherwise waits for them without using an attempt. The desk's own call is not
     * held back: someone is waiting for it.
     */
    private EligibilityCheck run(UUID checkId, UUID token, boolean queued) {
        record Work(EligibilityCheck check, Payer payer) {
        }
        Work work = QuarkusTransaction.requiringNew().call(() -> {
            EligibilityCheck check = em.find(EligibilityCheck.class, checkId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (!check.heldBy(token)) {
                return new Work(check, null);
            }
            Instant now = clock.instant();
            Payer payer = payers.get(coverages.get(check.coverageId).payerId);
            if (queued && EligibilityCheck.DAY_BEFORE.equals(check.origin)
                    && now.isAfter(check.serviceDate.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant())) {
                // past the visit day in every zone: an answer would help no one
                check.finish(COMPLETE);
                check.result = "unknown";
                check.reason = "not asked: the payer could not be reached before the visit day ended";
                check.completedAt = now;
                answered(check);
                return new Work(check, null);
            }
            if (queued) {
                Optional<Instant> nextWindow = rates.take(payer, now);
                if (nextWindow.isPresent()) {
                    check.waitUntil(nextWindow.get()); // the payer's rate is used up: the next window
                    return new Work(check, null);
                }
            }
            check.claimedUntil = now.plus(config.insurer().pendingTakeover()); // the whole lease for this ask
            return new Work(check, payer);
        });
        if (work.payer() == null) {
            return work.check();
        }
        InsurerGateway.Delivery d = X12_CHANNEL.equals(work.payer().channel)
                ? insurers.eligibility270(work.payer(), work.check().requestJson)
                : insurers.submitEligibility(work.payer(), work.check().requestJson);
        return QuarkusTransaction.requiringNew().call(() -> complete(checkId, token, d, queued ? work.payer() : null));
    }

    /** Records what came of the call; a queued check that an open circuit held ({@code payer} set) waits for it. */
    private EligibilityCheck complete(UUID checkId, UUID token, InsurerGateway.Delivery d, Payer queuedFor) {
        EligibilityCheck check = em.find(EligibilityCheck.class, checkId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (!check.heldBy(token)) {
            return check; // another runner took it over and records its own answer
        }
        if (queuedFor != null && d.notSent()) {
            // nothing left us (the payer's circuit is open): not an attempt; tried again when it may close
            check.waitUntil(clock.instant().plus(insurers.circuitDelay(queuedFor)));
            return check;
        }
        record(check, d);
        answered(check);
        return check;
    }

    /**
     * Tells the EHR subscriptions and the desk (through {@link EligibilityAnswered}, which
     * scheduling turns into day list rows) that a check has its answer, in the answer's transaction.
     */
    private void answered(EligibilityCheck check) {
        UUID patientId = coverages.get(check.coverageId).patientId;
        changes.record(Changes.Change.of("CoverageEligibilityResponse", check.id, Changes.ELIGIBILITY_ANSWERED,
                patientId, check.result));
        answers.fire(new EligibilityAnswered(check.id, check.coverageId, patientId, check.serviceDate, check.result));
    }

    /** Records the insurer's answer (or why there is none) on a check this runner holds. */
    private void record(EligibilityCheck check, InsurerGateway.Delivery d) {
        check.httpStatus = d.httpStatus();
        check.responseJson = d.body() == null ? null : truncate(d.body(), EligibilityFhirMapper.MAX_ANSWER_CHARS);
        check.finish(COMPLETE);
        check.completedAt = clock.instant();
        if (!d.answered()) {
            check.result = "unknown";
            check.reason = truncate(d.failure(), 1000);
            return;
        }
        try {
            boolean x12Answer = check.requestJson != null && check.requestJson.startsWith("ISA");
            EligibilityFhirMapper.Reading r = x12Answer
                    ? Eligibility271.read(d.httpStatus() >= 400 ? null : d.body(), trace(check), check.benefitCategory)
                    : fhir.read(d.body());
            check.result = r.result();
            String reason = r.reason();
            if (d.httpStatus() >= 400) {
                check.result = "unknown";
                reason = "the insurer answered HTTP " + d.httpStatus() + (reason == null ? "" : ": " + reason);
            }
            check.reason = reason == null ? null : truncate(reason, 1000);
            check.planStart = r.planStart();
            check.planEnd = r.planEnd();
            check.copay = storable(r.copay(), "99999999.99");
            check.deductible = storable(r.deductible(), "9999999999.99");
            check.deductibleRemaining = storable(r.deductibleRemaining(), "9999999999.99");
            check.coinsurance = r.coinsurance();
            check.payerErrors = r.payerErrors().isEmpty() ? null : String.join("\n", r.payerErrors());
        } catch (IllegalArgumentException e) {
            check.result = "unknown";
            check.reason = truncate("the insurer's answer (HTTP " + d.httpStatus() + ") could not be read: "
                    + e.getMessage(), 1000);
        }
    }

    /**
     * Sends every queued check that is due (the day-before job's, and those left pending past their
     * lease because the instance that asked stopped), batch after batch through the shared
     * {@link LeasedWorker}, so several instances share the work, until a batch comes back short:
     * what waits for its payer's rate or circuit is not due until then. A check that has used its
     * attempts is closed as unknown.
     */
    public void sendQueued(int batch) {
        worker.drain(queue(), batch, clock::instant, work());
    }

    private LeasedWorker.Queue queue() {
        return new LeasedWorker.Queue("eligibility_check", config.insurer().pendingTakeover(),
                config.insurer().maxAttempts(), config.insurer().parallelism());
    }

    private LeasedWorker.Work work() {
        return new LeasedWorker.Work() {
            @Override
            public void perform(UUID id, UUID token) {
                run(id, token, true);
            }

            @Override
            public void exhausted(UUID id) {
                EligibilityCheck c = EligibilityCheck.findById(id);
                c.finish(COMPLETE);
                c.result = "unknown";
                c.reason = "no answer after " + c.attempts + " attempts; check again";
                c.completedAt = clock.instant();
                answered(c);
            }
        };
    }

    /** The payer channel that takes X12 through a clearinghouse. */
    static final String X12_CHANNEL = "x12-clearinghouse";

    /** A check's trace number in its 270 (TRN02), echoed by the 271. */
    static String trace(EligibilityCheck check) {
        return check.id.toString().replace("-", "");
    }

    public EligibilityCheck get(UUID id) {
        return ProblemException.orNotFound(EligibilityCheck.findById(id), "Eligibility check", id);
    }

    public List<EligibilityCheck> forCoverage(UUID coverageId) {
        coverages.get(coverageId);
        return EligibilityCheck.list("coverageId = ?1 order by requestedAt desc", coverageId);
    }

    /** What the desk needs to know about a patient's eligibility for a visit (the reason of an unknown or inactive answer). */
    public record Freshness(UUID coverageId, String result, Instant checkedAt, boolean stale, String reason) {

        /** An answer the desk must act on: the insurer said inactive, or there was no usable answer. */
        public boolean failed() {
            return "inactive".equals(result) || "unknown".equals(result);
        }

        /** Whether to ask again: stale, or an answer that was no answer (unknown: the insurer down, a 5xx). */
        public boolean needsAsking() {
            return stale || "unknown".equals(result);
        }
    }

    /**
     * For each patient, the latest completed check of their primary coverage in force on the
     * visit day, and whether it is stale: none, or completed before midnight (the location's)
     * {@code eligibility-fresh-days} before the visit day. The desk report counts "checked
     * before the visit" by the same rule.
     */
    public Map<UUID, Freshness> freshness(Collection<UUID> patientIds, LocalDate visitDay, java.time.ZoneId zone) {
        if (patientIds.isEmpty()) {
            return Map.of();
        }
        Instant freshFrom = visitDay.minusDays(config.eligibilityFreshDays()).atStartOfDay(zone).toInstant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select distinct on (c.patient_id) c.patient_id, c.id, e.result, e.completed_at, e.reason
                        from coverage c
                        left join lateral (select result, completed_at, reason from eligibility_check
                                           where coverage_id = c.id and state = 'complete'
                                           order by completed_at desc limit 1) e on true
                        where c.patient_id in (?1) and coverage_in_force(c.status, c.period_start, c.period_end, ?2)
                        order by c.patient_id, case when c.status = 'active' then 0 else 1 end, c.priority""")
                .setParameter(1, patientIds).setParameter(2, visitDay).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> {
            Instant at = r[3] == null ? null : toInstant(r[3]);
            boolean stale = at == null || at.isBefore(freshFrom);
            return new Freshness((UUID) r[1], (String) r[2], at, stale, (String) r[4]);
        }));
    }

    public Optional<EligibilityCheck> latest(UUID coverageId) {
        return EligibilityCheck.<EligibilityCheck>find("coverageId = ?1 and state = 'complete' order by completedAt desc",
                coverageId).firstResultOptional();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }

    /** An insurer's amount when it fits the column, else none (the verbatim answer keeps it). */
    private static java.math.BigDecimal storable(java.math.BigDecimal v, String max) {
        return v == null || v.abs().compareTo(new java.math.BigDecimal(max)) > 0 ? null : v;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
