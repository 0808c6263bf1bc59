package org.frontdesk.reception.patient;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Decides which existing patients are likely the same person as a new or probed record.
 *
 * <ul>
 *   <li>same external identifier (system and value): certain</li>
 *   <li>same normalised family and first given name, and birth date: probable</li>
 *   <li>same phone or e-mail, and birth date: probable</li>
 *   <li>both of the two above: certain</li>
 *   <li>same family name and birth date only: possible (reported by {@code $match}, not blocking)</li>
 * </ul>
 */
@ApplicationScoped
class DuplicatePolicy {

    @Inject PatientRepository patients;

    public enum Grade { CERTAIN, PROBABLE, POSSIBLE }

    /** Why a candidate looks like the same person, as shown to the desk. */
    public enum Reason {
        SAME_IDENTIFIER("same-identifier"),
        SAME_NAME_AND_BIRTH_DATE("same-name-and-birth-date"),
        SAME_CONTACT_AND_BIRTH_DATE("same-contact-and-birth-date"),
        SAME_FAMILY_AND_BIRTH_DATE("same-family-and-birth-date");

        public final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    /** An existing patient that may be the same person. */
    public record Candidate(UUID patientId, List<Reason> reasons, BigDecimal score, Grade grade) {
    }

    /** Candidates that block a registration on {@code /api} unless the desk confirms a different person. */
    public List<Candidate> likelyDuplicates(Patient probe) {
        return candidates(probe).stream().filter(c -> c.grade() != Grade.POSSIBLE).toList();
    }

    /** All candidates with a score, best first, for {@code Patient/$match}. */
    public List<Candidate> candidates(Patient probe) {
        UUID self = probe.id == null ? new UUID(0, 0) : probe.id;
        List<String[]> identifiers = probe.identifiers.stream().filter(i -> i.system != null && i.value != null)
                .map(i -> new String[]{i.system, i.value}).toList();
        List<String[]> names = probe.names.stream().filter(n -> n.familyNorm != null)
                .map(n -> new String[]{n.familyNorm, n.givenNorm == null ? null : n.givenNorm.split(" ")[0]})
                .toList();
        Set<String> contacts = probe.telecoms.stream().map(t -> t.valueNorm).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<UUID, Set<Reason>> found = new LinkedHashMap<>();
        for (PatientRepository.DuplicateHit hit : patients.duplicateHits(identifiers, names, contacts, probe.birthDate, self)) {
            add(found, hit.patientId(), Reason.valueOf(hit.reason()));
        }
        List<Candidate> out = new ArrayList<>();
        found.forEach((id, reasons) -> out.add(grade(id, reasons)));
        out.sort(Comparator.comparing(Candidate::score).reversed().thenComparing(Candidate::patientId));
        return out;
    }

    private static void add(Map<UUID, Set<Reason>> found, UUID id, Reason reason) {
        found.computeIfAbsent(id, k -> new java.util.TreeSet<>()).add(reason);
    }

    private static Candidate grade(UUID id, Set<Reason> reasons) {
        boolean identifier = reasons.contains(Reason.SAME_IDENTIFIER);
        boolean name = reasons.contains(Reason.SAME_NAME_AND_BIRTH_DATE);
        boolean contact = reasons.contains(Reason.SAME_CONTACT_AND_BIRTH_DATE);
        List<Reason> shown = new ArrayList<>(reasons);
        if (name) {
            // implied by the stronger rule; not worth a second line on the desk's screen
            shown.remove(Reason.SAME_FAMILY_AND_BIRTH_DATE);
        }
        if (identifier) {
            return new Candidate(id, shown, new BigDecimal("0.990"), Grade.CERTAIN);
        }
        if (name && contact) {
            return new Candidate(id, shown, new BigDecimal("0.970"), Grade.CERTAIN);
        }
        if (name) {
            return new Candidate(id, shown, new BigDecimal("0.900"), Grade.PROBABLE);
        }
        if (contact) {
            return new Candidate(id, shown, new BigDecimal("0.800"), Grade.PROBABLE);
        }
        return new Candidate(id, shown, new BigDecimal("0.500"), Grade.POSSIBLE);
    }
}
