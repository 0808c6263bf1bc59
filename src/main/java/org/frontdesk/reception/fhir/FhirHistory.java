package org.frontdesk.reception.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.shared.ProblemException;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.UUID;
import java.util.Map;

/**
 * The versions of the records FHIR keeps history for, stored as they were rendered when each
 * version committed: vread and {@code _history} read them back. Versions are written by the
 * records themselves, whichever face changed them: an entity listed with
 * {@code @EntityListeners(FhirHistory.Listener.class)} hands every insert and update to this
 * class, which renders the record's final state through its {@link FhirType#versionOf} just
 * before the transaction commits and stores it in the same transaction.
 */
@ApplicationScoped
public class FhirHistory {

    private static final Object KEY = new Object();

    @Inject TransactionSynchronizationRegistry registry;
    @Inject EntityManager em;
    @Inject FhirContext fhir;
    @Inject FhirEngine engine;

    /** The JPA listener a versioned entity names; it only passes the entity on. */
    public static class Listener {

        @PostPersist
        @PostUpdate
        void changed(Object entity) {
            Arc.container().instance(FhirHistory.class).get().changed(entity);
        }
    }

    @SuppressWarnings("unchecked")
    void changed(Object entity) {
        Map<Object, Object> pending = (Map<Object, Object>) registry.getResource(KEY);
        if (pending == null) {
            pending = new IdentityHashMap<>();
            registry.putResource(KEY, pending);
            Map<Object, Object> changed = pending;
            em.unwrap(SessionImplementor.class).getTransactionCompletionCallbacks()
                    .registerCallback((TransactionCompletionCallbacks.BeforeCompletionCallback) session ->
                            store(new ArrayList<>(changed.keySet()), session));
        }
        pending.put(entity, entity);
    }

    private void store(List<Object> entities, SharedSessionContractImplementor session) {
        List<FhirRecord> records = new ArrayList<>();
        for (Object e : entities) {
            for (FhirType t : engine.types().values()) {
                FhirRecord r = t.versionOf(e);
                if (r != null) {
                    if (r != FhirRecord.NONE) {
                        records.add(r);
                    }
                    break;
                }
            }
        }
        if (records.isEmpty()) {
            return;
        }
        var json = fhir.newJsonParser();
        session.doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into resource_version (resource_type, resource_id, version, last_updated, body)
                    values (?, ?, ?, ?, ?) on conflict (resource_type, resource_id, version) do update
                    set last_updated = excluded.last_updated, body = excluded.body""")) {
                for (FhirRecord r : records) {
                    ps.setString(1, r.resource().fhirType());
                    ps.setString(2, r.id());
                    ps.setLong(3, r.version());
                    ps.setTimestamp(4, Timestamp.from(r.lastUpdated() == null ? Instant.now() : r.lastUpdated()));
                    ps.setString(5, json.encodeResourceToString(r.stamped()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** The stored JSON of a version. */
    record Stored(String body, long version, Instant lastUpdated) {
    }

    /**
     * The stored JSON of a record's current version (the version its row has now), or null when
     * none is kept for it (records from before history was kept) or the id is no record's.
     */
    Stored latest(FhirType t, String id) {
        UUID uuid = FhirSearch.uuidOrNull(id);
        return uuid == null ? null : current(t, List.of(uuid)).get(uuid.toString());
    }

    /**
     * The current stored version of each record named, parsed, by id, in one query: how a type
     * that {@link FhirType#readsFromHistory reads from its history} loads a page of a search.
     * Records with no version kept are left out (their caller loads them itself).
     */
    public Map<String, FhirRecord> latest(FhirType t, List<String> ids) {
        List<UUID> uuids = ids.stream().map(FhirSearch::uuidOrNull).filter(java.util.Objects::nonNull).toList();
        if (uuids.isEmpty()) {
            return Map.of();
        }
        var parser = fhir.newJsonParser();
        Map<String, FhirRecord> out = new java.util.HashMap<>();
        current(t, uuids).forEach((id, stored) -> {
            Resource r = (Resource) parser.parseResource(stored.body());
            out.put(id, new FhirRecord(r, stored.version(), stored.lastUpdated(), t.patientOf(r)));
        });
        return out;
    }

    /**
     * The stored bodies of the records' current versions, by id: from each record's row its
     * version, and that version's JSON. A body that is not the record's current state (the row
     * changed without its version being stored) is never returned.
     */
    private Map<String, Stored> current(FhirType t, List<UUID> ids) {
        String table = t.historyTable();
        if (table == null || !table.matches("[a-z_]{1,63}")) {
            return Map.of();
        }
        List<?> rows = em.createNativeQuery("select rv.resource_id, rv.body, rv.version, rv.last_updated from " + table
                        + " r join resource_version rv on rv.resource_type = :type and rv.resource_id = cast(r.id as text)"
                        + " and rv.version = r.version where r.id in (:ids)")
                .setParameter("type", t.type()).setParameter("ids", ids).getResultList();
        Map<String, Stored> out = new java.util.HashMap<>();
        for (Object o : rows) {
            Object[] row = (Object[]) o;
            out.put((String) row[0], new Stored((String) row[1], ((Number) row[2]).longValue(), instant(row[3])));
        }
        return out;
    }

    /** One stored version; the current one falls back to the record itself (versions kept before history was). */
    FhirRecord version(FhirType t, String id, String vid) {
        long v;
        try {
            v = Long.parseLong(vid);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound(t.type() + " version", vid);
        }
        List<?> rows = em.createNativeQuery("""
                        select body, last_updated from resource_version
                        where resource_type = ?1 and resource_id = ?2 and version = ?3""")
                .setParameter(1, t.type()).setParameter(2, id).setParameter(3, v).getResultList();
        if (rows.isEmpty()) {
            FhirRecord current = t.read(id);
            if (current.version() == v) {
                return current;
            }
            throw ProblemException.notFound(t.type() + "/" + id + " version", vid);
        }
        Object[] row = (Object[]) rows.get(0);
        Resource r = (Resource) fhir.newJsonParser().parseResource((String) row[0]);
        return new FhirRecord(r, v, instant(row[1]), t.patientOf(r));
    }

    /**
     * The history of one record ({@code id} set) or of the type, newest first, from {@code _since}
     * on, one page at a time.
     */
    Bundle history(FhirType t, String id, UriInfo uri, Instant since, int offset, int count) {
        if (id != null) {
            t.read(id); // a record we don't have (or may not see) is a 404, not an empty history
        }
        String where = " where resource_type = :type" + (id != null ? " and resource_id = :id" : "")
                + (since != null ? " and last_updated >= :since" : "");
        var total = em.createNativeQuery("select count(*) from resource_version" + where);
        var page = em.createNativeQuery("select body, last_updated, version, resource_id from resource_version" + where
                + " order by last_updated desc, resource_id, version desc offset :off limit :lim");
        for (var q : List.of(total, page)) {
            q.setParameter("type", t.type());
            if (id != null) {
                q.setParameter("id", id);
            }
            if (since != null) {
                q.setParameter("since", Timestamp.from(since));
            }
        }
        page.setParameter("off", offset).setParameter("lim", count);
        long n = ((Number) total.getSingleResult()).longValue();
        List<?> rows = count == 0 ? List.of() : page.getResultList();
        Bundle b = new Bundle().setType(Bundle.BundleType.HISTORY);
        b.setTotal((int) Math.min(Integer.MAX_VALUE, n));
        b.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
        if ((long) offset + count < n && count > 0) {
            b.addLink().setRelation("next").setUrl(uri.getRequestUriBuilder().replaceQueryParam("_offset", offset + count)
                    .replaceQueryParam("_count", count).build().toString());
        }
        String base = uri.getBaseUriBuilder().path("fhir").build().toString();
        var parser = fhir.newJsonParser();
        for (Object o : rows) {
            Object[] row = (Object[]) o;
            Resource r = (Resource) parser.parseResource((String) row[0]);
            long v = ((Number) row[2]).longValue();
            String rid = (String) row[3];
            var e = b.addEntry().setFullUrl(base + "/" + t.type() + "/" + rid).setResource(r);
            e.getRequest().setMethod(v == 0 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(v == 0 ? t.type() : t.type() + "/" + rid);
            e.getResponse().setStatus(v == 0 ? "201 Created" : "200 OK").setEtag("W/\"" + v + "\"")
                    .setLastModified(Date.from(instant(row[1])));
        }
        return b;
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return Instant.parse(o.toString());
    }
}
