package org.frontdesk.reception.patient;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.Changes;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.SearchText;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Patient intake rules, the same for both faces: registration with the duplicate check,
 * updates under optimistic locking, search, and matching.
 */
@ApplicationScoped
public class PatientService {

    @Inject PatientRepository patients;
    @Inject DuplicatePolicy duplicates;
    @Inject PatientConfig config;
    @Inject Changes changes;
    @Inject MrnAllocator mrns;
    @Inject Consents consents;
    @Inject Actors actors;
    @Inject Clock clock;

    /**
     * Registers a patient at the desk. A likely duplicate refuses the registration with 409 and
     * the candidates, unless the desk has confirmed this is a different person.
     */
    @Transactional
    public Patient register(Patient draft, boolean confirmedDifferentPerson) {
        prepareNew(draft);
        if (!confirmedDifferentPerson) {
            List<DuplicatePolicy.Candidate> found = duplicates.likelyDuplicates(draft);
            if (!found.isEmpty()) {
                List<Map<String, Object>> candidates = new ArrayList<>();
                for (DuplicatePolicy.Candidate c : found) {
                    Patient p = patients.findById(c.patientId());
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("patientId", c.patientId());
                    one.put("mrn", p.mrn);
                    one.put("reasons", c.reasons().stream().map(r -> r.code).toList());
                    one.put("score", c.score());
                    candidates.add(one);
                }
                throw new ProblemException(Problem.of(409, "/problems/likely-duplicate", "Likely duplicate patient",
                                found.size() + " existing patient(s) look like the same person. Open them to check, or "
                                        + "register again with confirmedNotDuplicate=true if this is a different person.")
                        .with("candidates", candidates));
            }
        }
        patients.persist(draft);
        recordConsents(draft, "desk");
        announce(draft, Changes.PATIENT_REGISTERED);
        return draft;
    }

    /** Records the channels a new patient consented to, as consent records (the one source). */
    private void recordConsents(Patient p, String source) {
        if (p.smsConsent || p.emailConsent) {
            patients.flush();
            consents.recordChannels(p.id, false, p.smsConsent, false, p.emailConsent, source);
        }
    }

    /**
     * Creates a patient sent by an EHR. EHRs run their own matching, so a likely duplicate does
     * not block the create; it is flagged for the front desk instead.
     */
    @Transactional
    public Patient createFromEhr(Patient draft) {
        prepareNew(draft);
        // Look before persisting: queries then find nothing of ours to flush first.
        List<DuplicatePolicy.Candidate> found = duplicates.likelyDuplicates(draft);
        patients.persist(draft);
        Instant now = clock.instant();
        for (DuplicatePolicy.Candidate c : found) {
            PatientDuplicateFlag flag = new PatientDuplicateFlag();
            flag.patientId = draft.id;
            flag.candidateId = c.patientId();
            flag.reason = c.reasons().get(0).code;
            flag.score = c.score();
            flag.raisedAt = now;
            flag.persist();
        }
        recordConsents(draft, "ehr");
        announce(draft, Changes.PATIENT_REGISTERED);
        return draft;
    }

    public java.util.Optional<Patient> find(UUID id) {
        return java.util.Optional.ofNullable(id == null ? null : patients.findById(id));
    }

    /** Patients by id, with their names, in one round trip per hundred. */
    public java.util.Map<UUID, Patient> byIds(java.util.Collection<UUID> ids) {
        java.util.Map<UUID, Patient> found = new java.util.HashMap<>();
        for (Patient p : patients.loadInOrder(List.copyOf(ids))) {
            found.put(p.id, p);
        }
        return found;
    }

    public Patient get(UUID id) {
        return ProblemException.orNotFound(patients.findById(id), "Patient", id);
    }

    /**
     * Applies a change to a patient if the caller read the current version.
     *
     * @param ifMatch         the caller's If-Match header
     * @param ifMatchRequired whether a write without If-Match is refused (428)
     */
    @Transactional
    public Patient update(UUID id, String ifMatch, boolean ifMatchRequired, Consumer<Patient> change) {
        return update(id, ifMatch, ifMatchRequired, "desk", change);
    }

    /**
     * An update whose changes to the SMS and e-mail consent flags are recorded as consent
     * records given through {@code consentSource} ({@code desk} or {@code ehr}).
     */
    @Transactional
    public Patient update(UUID id, String ifMatch, boolean ifMatchRequired, String consentSource,
                          Consumer<Patient> change) {
        Patient p = get(id);
        ETags.check(ifMatch, p.version, ifMatchRequired);
        String mrn = p.mrn;
        boolean sms = p.smsConsent;
        boolean email = p.emailConsent;
        change.accept(p);
        p.id = id;
        p.mrn = mrn;
        link(p);
        refreshSearchKeys(p);
        p.updatedAt = clock.instant();
        p.updatedBy = actors.current();
        patients.flush();
        if (sms != p.smsConsent || email != p.emailConsent) {
            consents.recordChannels(p.id, sms, p.smsConsent, email, p.emailConsent, consentSource);
            p.consentUpdatedAt = clock.instant();
        }
        announce(p, Changes.PATIENT_UPDATED);
        return p;
    }

    /**
     * A change to the patient made elsewhere in this package (a consent decision): a new version,
     * by whom and when, announced like any update.
     */
    void touched(Patient p) {
        p.updatedAt = clock.instant();
        p.updatedBy = actors.current();
        patients.flush();
        announce(p, Changes.PATIENT_UPDATED);
    }

    /** Tells the EHR subscriptions of the patient (in this transaction: only if it commits). */
    private void announce(Patient p, String topic) {
        changes.record(Changes.Change.of("Patient", p.id, topic, p.id, p.active ? "active" : "inactive"));
    }

    public PageResult<Patient> search(PatientQuery query, int offset, Integer limit) {
        return search(query, Criteria.NONE, offset, limit);
    }

    /** A search with the common criteria too: ids, when they last changed, and the order. */
    public PageResult<Patient> search(PatientQuery query, Criteria criteria, int offset, Integer limit) {
        PageResult<UUID> ids = searchIds(query, criteria, offset, limit);
        return new PageResult<>(patients.loadInOrder(ids.items()), ids.offset(), ids.limit(), ids.total());
    }

    /** The ids of a page of a search, in order, with the size of the whole result: the caller loads them its own way. */
    public PageResult<UUID> searchIds(PatientQuery query, Criteria criteria, int offset, Integer limit) {
        int size = limit == null ? config.defaultPageSize() : Math.min(Math.max(limit, 0), config.maxPageSize());
        PatientRepository.Page page = patients.search(query, criteria, Math.max(offset, 0), size);
        return new PageResult<>(page.ids(), Math.max(offset, 0), size, page.total());
    }

    /** Patients by id, in the order given; ids not found are left out. */
    public List<Patient> load(List<UUID> ids) {
        return patients.loadInOrder(ids);
    }

    /** Existing patients that may be the person described by {@code probe}, best first. */
    public List<Match> match(Patient probe, int count, boolean onlyCertain) {
        link(probe);
        refreshSearchKeys(probe);
        return duplicates.candidates(probe).stream()
                .filter(c -> !onlyCertain || c.grade() == DuplicatePolicy.Grade.CERTAIN)
                .limit(Math.max(count, 0))
                .map(c -> new Match(patients.findById(c.patientId()), c))
                .filter(m -> m.patient() != null)
                .toList();
    }

    /** Open likely-duplicate flags raised for this patient. */
    public List<PatientDuplicateFlag> openDuplicateFlags(UUID patientId) {
        return PatientDuplicateFlag.list("patientId = ?1 and resolvedAt is null order by score desc, id", patientId);
    }

    /** A patient found by {@link #match} with how sure the match is. */
    public record Match(Patient patient, DuplicatePolicy.Candidate candidate) {
    }

    private void prepareNew(Patient p) {
        p.id = UUID.randomUUID();
        p.mrn = mrns.next();
        Instant now = clock.instant();
        p.created(actors.current(), now);
        if (p.smsConsent || p.emailConsent) {
            p.consentUpdatedAt = now;
        }
        link(p);
        refreshSearchKeys(p);
    }

    /** Points every child row at its patient and numbers it in list order. */
    static void link(Patient p) {
        for (List<? extends PatientPart> parts : List.of(p.names, p.identifiers, p.telecoms, p.addresses, p.contacts)) {
            for (int i = 0; i < parts.size(); i++) {
                parts.get(i).patient = p;
                parts.get(i).position = i;
            }
        }
    }

    /** Recomputes every search key from the data; the only place they are written. */
    static void refreshSearchKeys(Patient p) {
        for (PatientName n : p.names) {
            n.familyNorm = SearchText.name(n.family);
            n.givenNorm = n.given == null || n.given.isEmpty() ? null
                    : SearchText.name(String.join(" ", n.given));
            List<String> words = new ArrayList<>();
            if (n.prefix != null) {
                n.prefix.forEach(words::add);
            }
            if (n.given != null) {
                n.given.forEach(words::add);
            }
            words.add(n.family);
            if (n.suffix != null) {
                n.suffix.forEach(words::add);
            }
            words.add(n.text);
            List<String> all = SearchText.words(String.join(" ", words.stream().filter(Objects::nonNull).toList()));
            n.wordsNorm = all.isEmpty() ? "" : " " + String.join(" ", all);
        }
        for (PatientTelecom t : p.telecoms) {
            t.valueNorm = "email".equals(t.system) ? SearchText.email(t.value)
                    : ("phone".equals(t.system) || "sms".equals(t.system) || "fax".equals(t.system))
                    ? SearchText.phone(t.value) : null;
        }
        PatientName primary = p.primaryName();
        String sort = primary == null ? null
                : SearchText.name(Objects.toString(primary.family, "") + " "
                + (primary.given == null ? "" : String.join(" ", primary.given)) + " "
                + Objects.toString(primary.text, ""));
        p.sortName = sort == null ? "" : sort;
    }
}
