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
import java.util.UUID;

/** Reads and writes patients; searches are native SQL over the search-key columns and their indexes. */
@ApplicationScoped
public class PatientRepository implements PanacheRepositoryBase<Patient, UUID> {

    private final String mrnSystem;

    public PatientRepository(PatientConfig config) {
        this.mrnSystem = config.mrnSystem();
    }

    /** Ids of one page of matches in the stable order (sort name, birth date, id), and the total. */
    public Page search(PatientQuery q, int offset, int limit) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
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
        Query count = getEntityManager().createNativeQuery("select count(*) from patient p" + where);
        Query page = getEntityManager().createNativeQuery("select p.id from patient p" + where
                + " order by p.sort_name, p.birth_date nulls last, p.id offset :off limit :lim");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            page.setParameter(k, v);
        });
        page.setParameter("off", offset).setParameter("lim", limit);
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<UUID> ids = total == 0 ? List.of() : page.getResultList();
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

    /** Patients, other than {@code exclude}, with a name of this family and first given name born on this date. */
    @SuppressWarnings("unchecked")
    public List<UUID> sameNameAndBirthDate(String familyNorm, String firstGivenNorm, LocalDate birthDate, UUID exclude) {
        return getEntityManager().createNativeQuery("""
                        select distinct p.id from patient p join patient_name n on n.patient_id = p.id
                        where p.birth_date = :bd and n.family_norm = :family
                          and (' ' || n.given_norm || ' ') like :given and p.id <> :exclude limit 20""")
                .setParameter("bd", birthDate).setParameter("family", familyNorm)
                .setParameter("given", "% " + SearchText.likePrefix(firstGivenNorm).replaceAll("%$", "") + " %")
                .setParameter("exclude", exclude).getResultList();
    }

    @SuppressWarnings("unchecked")
    public List<UUID> sameFamilyAndBirthDate(String familyNorm, LocalDate birthDate, UUID exclude) {
        return getEntityManager().createNativeQuery("""
                        select distinct p.id from patient p join patient_name n on n.patient_id = p.id
                        where p.birth_date = :bd and n.family_norm = :family and p.id <> :exclude limit 20""")
                .setParameter("bd", birthDate).setParameter("family", familyNorm)
                .setParameter("exclude", exclude).getResultList();
    }

    @SuppressWarnings("unchecked")
    public List<UUID> sameTelecomAndBirthDate(Collection<String> valuesNorm, LocalDate birthDate, UUID exclude) {
        if (valuesNorm.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createNativeQuery("""
                        select distinct p.id from patient p join patient_telecom t on t.patient_id = p.id
                        where p.birth_date = :bd and t.value_norm in (:values) and p.id <> :exclude limit 20""")
                .setParameter("bd", birthDate).setParameter("values", valuesNorm)
                .setParameter("exclude", exclude).getResultList();
    }

    @SuppressWarnings("unchecked")
    public List<UUID> sameIdentifier(String system, String value, UUID exclude) {
        return getEntityManager().createNativeQuery("""
                        select distinct x.patient_id from patient_identifier x
                        where x.system = :system and x.value = :value and x.patient_id <> :exclude limit 20""")
                .setParameter("system", system).setParameter("value", value)
                .setParameter("exclude", exclude).getResultList();
    }

    public long nextMrnNumber() {
        return ((Number) getEntityManager().createNativeQuery("select nextval('patient_mrn_seq')").getSingleResult())
                .longValue();
    }

    /** A page of ids and the size of the whole result. */
    public record Page(List<UUID> ids, long total) {
    }
}
