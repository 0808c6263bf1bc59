package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.patient.PatientService;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Where;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A patient's insurance, the same rules for both faces: the member id fits its payer, someone
 * else's policy names its subscriber, and no two active coverages share an order (the database
 * refuses it; this service says so precisely). Reordering is one step, checked at its end.
 */
@ApplicationScoped
public class CoverageService {

    /** PostgreSQL's SQLSTATE for an exclusion-constraint violation. */
    private static final String EXCLUSION_VIOLATION = "23P01";
    static final String[] ORDER_NAMES = {"primary", "secondary", "tertiary"};

    @Inject EntityManager em;
    @Inject PatientService patients;
    @Inject PayerService payers;
    @Inject Actors actors;
    @Inject Clock clock;
    @Inject org.frontdesk.reception.shared.Changes changes;
    @Inject org.frontdesk.reception.patient.DocumentService documents;
    @Inject org.frontdesk.reception.shared.ContentStore contents;

    /** Adds a coverage; an active one of the same order whose period has ended is closed first. */
    @Transactional
    public Coverage add(UUID patientId, Coverage draft) {
        patients.get(patientId);
        Coverage c = new Coverage();
        c.id = UUID.randomUUID();
        c.patientId = patientId;
        c.createdAt = clock.instant();
        c.createdBy = actors.current();
        copy(draft, c);
        if ("active".equals(c.status)) {
            closeLapsed(patientId, c.priority);
        }
        c.persist();
        flush(c);
        announce(c);
        return c;
    }

    @Transactional
    public Coverage update(UUID id, String ifMatch, Coverage draft) {
        return update(id, ifMatch, true, draft);
    }

    /** The same; FHIR's update takes If-Match when sent ({@code ifMatchRequired} false). */
    @Transactional
    public Coverage update(UUID id, String ifMatch, boolean ifMatchRequired, Coverage draft) {
        Coverage c = get(id);
        ETags.check(ifMatch, c.version, ifMatchRequired);
        copy(draft, c);
        flush(c);
        announce(c);
        return c;
    }

    /**
     * Keeps an image of one side of the insurance card as a document of the coverage's patient,
     * attached to the coverage, and makes it the coverage's card image of that side (the earlier
     * image stays in the patient's documents; a reference to an image kept elsewhere is cleared).
     * If-Match is honoured when sent; without it, uploads to the same coverage take turns.
     */
    @Transactional
    public Coverage attachCard(UUID id, String ifMatch, boolean front, org.frontdesk.reception.shared.Upload image) {
        org.frontdesk.reception.patient.DocumentService.requireCardImage(image.mediaType());
        return attachCard(id, ifMatch, front, contents.keep(image));
    }

    /**
     * The same, from an image already stored (one a patient sent with a form, which the desk
     * accepted for this coverage).
     */
    @Transactional
    public Coverage attachCard(UUID id, String ifMatch, boolean front, org.frontdesk.reception.shared.StoredFile image) {
        // the front and the back are often sent at once: they take turns on the row (for the
        // moment of the write; the bytes were stored before) instead of one failing with 412
        Coverage c = ProblemException.orNotFound(em.find(Coverage.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE),
                "Coverage", id);
        ETags.check(ifMatch, c.version, false);
        var d = documents.addCard(c.patientId, c.id, front, image);
        if (front) {
            c.cardFrontDocumentId = d.id;
            c.cardFrontRef = null;
        } else {
            c.cardBackDocumentId = d.id;
            c.cardBackRef = null;
        }
        touch(c);
        em.flush();
        announce(c);
        return c;
    }

    /**
     * Ends a coverage on a day: after that day it no longer pays. Ending it today or earlier
     * cancels it at once, freeing its order for another coverage.
     */
    @Transactional
    public Coverage end(UUID id, String ifMatch, LocalDate endDate) {
        Coverage c = get(id);
        ETags.check(ifMatch, c.version, false);
        LocalDate day = endDate == null ? today() : endDate;
        if (c.periodStart != null && day.isBefore(c.periodStart)) {
            throw ProblemException.badRequest("/endDate", "The end date is before the coverage's start ("
                    + c.periodStart + ").");
        }
        c.periodEnd = day;
        if (!day.isAfter(today())) {
            c.status = "cancelled";
        }
        touch(c);
        flush(c);
        announce(c);
        return c;
    }

    /**
     * Puts a patient's active coverages in the order given (first = primary). The list must
     * name each active coverage exactly once.
     */
    @Transactional
    public List<Coverage> reorder(UUID patientId, List<UUID> order) {
        patients.get(patientId);
        List<Coverage> active = Coverage.list("patientId = ?1 and status = 'active'", patientId);
        Set<UUID> activeIds = new HashSet<>(active.stream().map(c -> c.id).toList());
        if (order.size() != activeIds.size() || !activeIds.equals(new HashSet<>(order))) {
            throw ProblemException.badRequest("List each of the patient's active coverages exactly once, primary first. "
                    + "Active now: " + activeIds + ".", List.of(new FieldError("/coverageIds",
                    "must be the patient's " + activeIds.size() + " active coverage(s), each once")));
        }
        if (order.size() > ORDER_NAMES.length) {
            throw ProblemException.badRequest("/coverageIds", "At most three coverages can be active at once.");
        }
        // a swap passes through a moment with two primaries: check the rule once, at the end
        em.createNativeQuery("set constraints coverage_one_per_order deferred").executeUpdate();
        for (int i = 0; i < order.size(); i++) {
            UUID id = order.get(i);
            Coverage c = active.stream().filter(x -> x.id.equals(id)).findFirst().orElseThrow();
            if (c.priority != i + 1) {
                c.priority = i + 1;
                touch(c);
                announce(c);
            }
        }
        em.flush();
        em.createNativeQuery("set constraints coverage_one_per_order immediate").executeUpdate();
        return forPatient(patientId);
    }

    public Coverage get(UUID id) {
        return ProblemException.orNotFound(Coverage.findById(id), "Coverage", id);
    }

    /** Coverages of a patient and/or a payer, in some statuses; by patient, order, age. One page. */
    public PageResult<Coverage> search(UUID patientId, UUID payerId, List<String> statuses, int offset, int count) {
        return search(patientId, payerId, statuses, Criteria.NONE, offset, count);
    }

    public PageResult<Coverage> search(UUID patientId, UUID payerId, List<String> statuses, Criteria c, int offset,
                                       int count) {
        Where w = c.applyTo(new Where(), "updatedAt").and("patientId = ?", patientId).and("payerId = ?", payerId)
                .andIn("status in ?", statuses);
        return PageResult.of(Coverage.find(w.query() + c.orderBy(java.util.Map.of("_lastUpdated", "updatedAt"),
                "patientId, priority, createdAt, id"), w.args()), offset, count);
    }

    /** A patient's coverages: active ones in order, then the rest, newest first. */
    public List<Coverage> forPatient(UUID patientId) {
        patients.get(patientId);
        return Coverage.list("patientId = ?1 order by case when status = 'active' then 0 else 1 end, priority, "
                + "createdAt desc", patientId);
    }

    /** The first order (1 primary, 2, 3) none of the patient's active coverages holds; 400 when all are taken. */
    public int nextFreeOrder(UUID patientId) {
        Set<Integer> taken = new HashSet<>(Coverage.<Coverage>list("patientId = ?1 and status = 'active'", patientId)
                .stream().map(c -> c.priority).toList());
        for (int order = 1; order <= ORDER_NAMES.length; order++) {
            if (!taken.contains(order)) {
                return order;
            }
        }
        throw ProblemException.badRequest("/order", "The patient already has primary, secondary and tertiary coverage.");
    }

    /**
     * The patient's primary coverage in force on a day, if any: an active one, or (for a past day)
     * one that has since ended but whose period covered it (the database function
     * {@code coverage_in_force}, which the day list and the desk report use too).
     */
    public java.util.Optional<Coverage> primaryOn(UUID patientId, LocalDate day) {
        @SuppressWarnings("unchecked")
        List<Coverage> found = Coverage.getEntityManager().createNativeQuery("""
                        select * from coverage where patient_id = ?1
                          and coverage_in_force(status, period_start, period_end, ?2)
                        order by case when status = 'active' then 0 else 1 end, priority limit 1""", Coverage.class)
                .setParameter(1, patientId).setParameter(2, day).getResultList();
        return found.stream().findFirst();
    }

    /**
     * Why a member id can't be kept for this payer (what {@link #add} would refuse: its length, the
     * payer's format), or null when it can. The payer may be null: then only the length is checked.
     * For forms that take a card before the desk adds it.
     */
    public String memberIdProblem(Payer payer, String memberId) {
        if (payer == null) {
            return memberId != null && memberId.length() > MAX_MEMBER_ID
                    ? "A member id has at most " + MAX_MEMBER_ID + " characters." : null;
        }
        try {
            MemberIdRule.check(payer, memberId, "/memberId");
            return null;
        } catch (ProblemException e) {
            return e.problem().detail();
        }
    }

    /** The longest member id a coverage keeps. */
    public static final int MAX_MEMBER_ID = 50;

    /** Copies what a caller may set, after the rules that need the payer. */
    private void copy(Coverage from, Coverage to) {
        Payer payer = Payer.findById(from.payerId);
        if (payer == null) {
            throw ProblemException.badRequest("/payerId", "No payer " + from.payerId + " in the directory.");
        }
        List<FieldError> errors = new ArrayList<>();
        length(errors, "/memberId", from.memberId, MAX_MEMBER_ID);
        length(errors, "/subscriber/memberId", from.subscriberMemberId, 50);
        length(errors, "/groupNumber", from.groupNumber, 50);
        length(errors, "/planName", from.planName, 200);
        length(errors, "/subscriber/family", from.subscriberFamily, 200);
        length(errors, "/subscriber/given", from.subscriberGiven, 200);
        length(errors, "/cardFrontRef", from.cardFrontRef, 500);
        length(errors, "/cardBackRef", from.cardBackRef, 500);
        if (from.copay != null && (from.copay.signum() < 0 || from.copay.compareTo(new java.math.BigDecimal("99999999.99")) > 0)) {
            errors.add(new FieldError("/copay", "must be between 0 and 99,999,999.99"));
        }
        if (from.priority < 1 || from.priority > ORDER_NAMES.length) {
            errors.add(new FieldError("/order", "must be primary, secondary or tertiary"));
        }
        String relationship = from.relationship == null ? "self" : from.relationship;
        if (!relationship.equals("self") && (from.subscriberFamily == null || from.subscriberBirthDate == null)) {
            errors.add(new FieldError("/subscriber", "when the patient is not the subscriber (relationship "
                    + relationship + "), the subscriber's family name and birth date are required"));
        }
        if (from.periodStart != null && from.periodEnd != null && from.periodEnd.isBefore(from.periodStart)) {
            errors.add(new FieldError("/periodEnd", "must not be before periodStart"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).detail(), errors);
        }
        if (!payer.active && (to.payerId == null || !to.payerId.equals(payer.id))) {
            throw ProblemException.badRequest("/payerId", payer.name + " is no longer active in the directory.");
        }
        to.payerId = payer.id;
        to.memberId = MemberIdRule.check(payer, from.memberId, "/memberId");
        to.planName = from.planName;
        to.groupNumber = from.groupNumber;
        to.priority = from.priority;
        to.status = from.status == null ? "active" : from.status;
        to.relationship = relationship;
        to.subscriberFamily = from.subscriberFamily;
        to.subscriberGiven = from.subscriberGiven;
        to.subscriberBirthDate = from.subscriberBirthDate;
        to.subscriberMemberId = from.subscriberMemberId;
        to.periodStart = from.periodStart;
        to.periodEnd = from.periodEnd;
        to.copay = from.copay;
        to.cardFrontRef = from.cardFrontRef;
        to.cardBackRef = from.cardBackRef;
        touch(to);
    }

    private static void length(List<FieldError> errors, String pointer, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(pointer, "must be at most " + max + " characters"));
        }
    }

    /** An active coverage whose period ended before today no longer holds its order. */
    private void closeLapsed(UUID patientId, int priority) {
        List<Coverage> lapsed = Coverage.list("patientId = ?1 and priority = ?2 and status = 'active' and periodEnd < ?3",
                patientId, priority, today());
        for (Coverage old : lapsed) {
            old.status = "cancelled";
            touch(old);
            announce(old);
        }
        if (!lapsed.isEmpty()) {
            em.flush();
        }
    }

    /** Tells the EHR subscriptions the coverage changed (in this transaction: only if it commits). */
    private void announce(Coverage c) {
        changes.record(org.frontdesk.reception.shared.Changes.Change.of("Coverage", c.id,
                org.frontdesk.reception.shared.Changes.COVERAGE_CHANGED, c.patientId, c.status));
    }

    private void touch(Coverage c) {
        c.updatedAt = clock.instant();
        c.updatedBy = actors.current();
    }

    /**
     * Writes the change. The order is checked first to name the coverage holding it; the
     * database's constraint still decides a race, with a plainer message.
     */
    private void flush(Coverage c) {
        if ("active".equals(c.status)) {
            // without flushing first: the pending change is what we are checking
            Coverage holder = em.createQuery("from Coverage where patientId = ?1 and priority = ?2 "
                            + "and status = 'active' and id <> ?3", Coverage.class)
                    .setParameter(1, c.patientId).setParameter(2, c.priority).setParameter(3, c.id)
                    .setFlushMode(jakarta.persistence.FlushModeType.COMMIT).setMaxResults(1)
                    .getResultStream().findFirst().orElse(null);
            if (holder != null) {
                throw orderTaken(c, payers.get(holder.payerId).name + " (member " + holder.memberId + ")");
            }
        }
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isOrderTaken(e)) {
                throw orderTaken(c, "another coverage saved a moment ago");
            }
            throw e;
        }
    }

    private static ProblemException orderTaken(Coverage c, String who) {
        return new ProblemException(Problem.of(409, "/problems/coverage-order-taken", "Coverage order taken",
                "The patient already has an active " + ORDER_NAMES[c.priority - 1] + " coverage: " + who
                        + ". End it, or reorder the coverages, first.")
                .withErrors(List.of(new FieldError("/order", ORDER_NAMES[c.priority - 1] + " is taken"))));
    }

    static boolean isOrderTaken(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && EXCLUSION_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
