package org.frontdesk.reception.patient;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import org.frontdesk.reception.shared.SearchText;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.frontdesk.reception.shared.Criteria;
import java.util.UUID;

/** Reads and writes patients; searches are native SQL over the search-key columns and their indexes. */
@ApplicationScoped
class PatientRepository implements PanacheRepositoryBase<Patient, UUID> {

    private final String mrnSystem;

    /** What {@code _sort} may name, and its column. */
    private static final Map<String, String> SORTS = Map.of("_lastUpdated", "p.updated_at", "birthdate", "p.birth_date",
            "family", "p.sort_name");

    public PatientRepository(PatientConfig config) {
        this.mrnSystem = config.mrnSystem();
    }

    /** Ids of one page of matches in the stable order (sort name, birth date, id), and the total. */
    public Page search(PatientQuery q, Criteria common, int offset, int limit) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
        if (!common.ids().isEmpty()) {
            where.append(" and p.id in (:ids)");
            params.put("ids", common.ids());
        }
        if (common.changedFrom() != null) {
            where.append(" and p.updated_at >= :changedFrom");
            params.put("changedFrom", common.changedFrom());
        }
        if (common.changedBefore() != null) {
            where.append(" and p.updated_at < :changedBefore");
            params.put("changedBefore", common.changedBefore());
        }
        int i = 0;
        for (String w : q.nameWords().stream().flatMap(word -> SearchText.words(word).stream()).toList()) {
            String p = "w" + i++;
            where.append(" and exists (select 1 from patient_name n where n.patient_id = p.id and n.words_norm like :")
                    .append(p).append(")");
            params.put(p, "% " + SearchText.likePrefix(w));
        }
        if (q.family() != null && SearchText.name(q.family()) != null) {
            where.append(" and exists (select 1 from patient_name n where n.patient_id = p.id and n.family_norm like :family)");
            params.put("family", SearchText.likePrefix(SearchText.name(q.family())));
        }
        if (q.given() != null && SearchText.name(q.given()) != null) {
            where.append(" and exists (select 1 from patient_name n where n.patient_id = p.id and (' ' || n.given_norm) like :given)");
            params.put("given", "% " + SearchText.likePrefix(SearchText.name(q.given())));
        }
        for (PatientQuery.DateCondition d : q.birthDates()) {
            String f = "df" + i;
            String t = "dt" + i++;
            switch (d.comparator()) {
                case EQ -> where.append(" and p.birth_date between :").append(f).append(" and :").append(t);
                case NE -> where.append(" and not (p.birth_date between :").append(f).append(" and :").append(t).append(")");
                case GT -> where.append(" and p.birth_date > :").append(t);
                case GE -> where.append(" and p.birth_date >= :").append(f);
                case LT -> where.append(" and p.birth_date < :").append(f);
                case LE -> where.append(" and p.birth_date <= :").append(t);
            }
            if (d.comparator() != PatientQuery.Comparator.GT && d.comparator() != PatientQuery.Comparator.LE) {
                params.put(f, d.from());
            }
            if (d.comparator() != PatientQuery.Comparator.LT && d.comparator() != PatientQuery.Comparator.GE) {
                params.put(t, d.to());
            }
        }
        if (!q.identifiers().isEmpty()) {
            List<String> any = new ArrayList<>();
            for (PatientQuery.IdentifierCondition c : q.identifiers()) {
                List<String> parts = new ArrayList<>();
                if (c.system() != null) {
                    String s = "is" + i;
                    parts.add("x.system = :" + s);
                    params.put(s, c.system());
                }
                if (c.value() != null) {
                    String v = "iv" + i;
                    parts.add("x.value = :" + v);
                    params.put(v, c.value());
                }
                i++;
                any.add(parts.isEmpty() ? "true" : String.join(" and ", parts));
            }
            where.append(" and (exists (select 1 from patient_identifier x where x.patient_id = p.id and ((")
                    .append(String.join(") or (", any)).append(")))");
            // our own MRN answers identifier searches too
            List<String> mrnAny = new ArrayList<>();
            for (PatientQuery.IdentifierCondition c : q.identifiers()) {
                if (c.value() != null && (c.system() == null || c.system().equals(mrnSystem))) {
                    String v = "im" + i++;
                    mrnAny.add("p.mrn = :" + v);
                    params.put(v, c.value());
                }
            }
            if (!mrnAny.isEmpty()) {
                where.append(" or ").append(String.join(" or ", mrnAny));
            }
            where.append(")");
        }
        telecom(where, params, "phone", q.phone() == null ? null : SearchText.phone(q.phone()), "('phone','sms','fax')");
        telecom(where, params, "email", q.email() == null ? null : SearchText.email(q.email()), "('email')");
        if (q.telecom() != null) {
            String v = q.telecom().contains("@") ? SearchText.email(q.telecom()) : SearchText.phone(q.telecom());
            telecom(where, params, "telecom", v, null);
        }
        if (q.gender() != null) {
            where.append(" and p.gender = :gender");
            params.put("gender", q.gender());
        }
        if (q.mrn() != null) {
            where.append(" and p.mrn = :mrn");
            params.put("mrn", q.mrn().trim());
        }
        // the page and the size of the whole result in one statement; a separate count only for a
        // page past the end (or a page of none asked), where the window has no row to ride on
        Query page = getEntityManager().createNativeQuery("select p.id, count(*) over () from patient p" + where
                + common.orderBy(SORTS, "p.sort_name, p.birth_date nulls last, p.id") + " offset :off limit :lim");
        params.forEach(page::setParameter);
        page.setParameter("off", offset).setParameter("lim", Math.max(limit, 1));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = page.getResultList();
        long total;
        if (!rows.isEmpty()) {
            total = ((Number) rows.get(0)[1]).longValue();
        } else if (offset == 0) {
            total = 0;
        } else {
            Query count = getEntityManager().createNativeQuery("select count(*) from patient p" + where);
            params.forEach(count::setParameter);
            total = ((Number) count.getSingleResult()).longValue();
        }
        List<UUID> ids = limit == 0 ? List.of() : rows.stream().map(r -> (UUID) r[0]).toList();
        return new Page(ids, total);
    }

    private static void telecom(StringBuilder where, Map<String, Object> params, String name, String value, String systems) {
        if (value == null) {
            return;
        }
        where.append(" and exists (select 1 from patient_telecom t where t.patient_id = p.id and t.value_norm = :")
                .append(name);
        if (systems != null) {
            where.append(" and t.system in ").append(systems);
        }
        where.append(")");
        params.put(name, value);
    }

    /** Loads patients with their child rows, in the order of the ids given. */
    public List<Patient> loadInOrder(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Patient> byId = new HashMap<>();
        for (Patient p : list("id in ?1", ids)) {
            byId.put(p.id, p);
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** An existing patient and the duplicate rule ({@link DuplicatePolicy.Reason} name) it meets. */
    public record DuplicateHit(UUID patientId, String reason) {
    }

    /**
     * Every existing patient (other than {@code exclude}) that shares an identifier, a name and
     * birth date, a family name and birth date, or a phone/e-mail and birth date with a probe,
     * in one round trip. Each rule reports at most 20 patients.
     *
     * @param identifiers {system, value} pairs
     * @param names       {normalised family, normalised first given (may be null)} pairs
     * @param contacts    normalised phones and e-mails
     */
    @SuppressWarnings("unchecked")
    public List<DuplicateHit> duplicateHits(List<String[]> identifiers, List<String[]> names, Collection<String> contacts,
                                            LocalDate birthDate, UUID exclude) {
        List<String> parts = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        params.put("exclude", exclude);
        int i = 0;
        if (!identifiers.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            for (String[] id : identifiers) {
                pairs.add("(x.system = :s" + i + " and x.value = :v" + i + ")");
                params.put("s" + i, id[0]);
                params.put("v" + i, id[1]);
                i++;
            }
            parts.add("(select distinct x.patient_id, 'SAME_IDENTIFIER' from patient_identifier x where ("
                    + String.join(" or ", pairs) + ") and x.patient_id <> :exclude limit 20)");
        }
        if (birthDate != null) {
            params.put("bd", birthDate);
            List<String> families = new ArrayList<>();
            List<String> fullNames = new ArrayList<>();
            for (String[] n : names) {
                families.add("n.family_norm = :f" + i);
                params.put("f" + i, n[0]);
                if (n[1] != null) {
                    fullNames.add("(n.family_norm = :f" + i + " and (' ' || n.given_norm || ' ') like :g" + i + ")");
                    params.put("g" + i, "% " + SearchText.likePrefix(n[1]).replaceAll("%$", "") + " %");
                }
                i++;
            }
            // each rule an index range of its blocking key: (family_norm, birth_date) or (value_norm, birth_date), V18
            String byName = "(select distinct n.patient_id, '%s' from patient_name n"
                    + " where n.birth_date = :bd and (%s) and n.patient_id <> :exclude limit 20)";
            if (!fullNames.isEmpty()) {
                parts.add(byName.formatted("SAME_NAME_AND_BIRTH_DATE", String.join(" or ", fullNames)));
            }
            if (!families.isEmpty()) {
                parts.add(byName.formatted("SAME_FAMILY_AND_BIRTH_DATE", String.join(" or ", families)));
            }
            if (!contacts.isEmpty()) {
                parts.add("(select distinct t.patient_id, 'SAME_CONTACT_AND_BIRTH_DATE' from patient_telecom t"
                        + " where t.birth_date = :bd and t.value_norm in (:contacts) and t.patient_id <> :exclude limit 20)");
                params.put("contacts", contacts);
            }
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        Query q = getEntityManager().createNativeQuery(String.join(" union all ", parts));
        params.forEach((k, v) -> {
            if (q.getParameters().stream().anyMatch(p -> k.equals(p.getName()))) {
                q.setParameter(k, v);
            }
        });
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> new DuplicateHit((UUID) r[0], (String) r[1])).toList();
    }

    /** A page of ids and the size of the whole result. */
    public record Page(List<UUID> ids, long total) {
    }
}
