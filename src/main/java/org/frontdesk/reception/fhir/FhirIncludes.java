package org.frontdesk.reception.fhir;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code _include} and {@code _revinclude} of a search: the resources the matches point at (read
 * through the referenced type, each once) and the resources that point at the matches (searched
 * through the referring type's own reference parameter), added with search mode {@code include}.
 * What the caller may not read is left out, never an error.
 */
@ApplicationScoped
class FhirIncludes {

    /** At most this many resources are added to one page by includes. */
    static final int MAX_INCLUDED = 500;

    @Inject FhirEngine engine;

    void add(Bundle bundle, FhirType type, FhirQuery q, List<FhirRecord> matches, String base) {
        if (matches.isEmpty() || (q.include().isEmpty() && q.revInclude().isEmpty())) {
            return;
        }
        Map<String, Resource> added = new LinkedHashMap<>();
        Set<String> present = new LinkedHashSet<>();
        matches.forEach(m -> present.add(type.type() + "/" + m.id()));
        for (String include : q.include()) {
            FhirType.Include inc = type.includes().get(include.substring(include.indexOf(':') + 1));
            FhirType target = engine.types().get(inc.target());
            if (target == null || !readable(target, Interaction.READ)) {
                continue;
            }
            for (FhirRecord m : matches) {
                if (added.size() >= MAX_INCLUDED) {
                    break;
                }
                for (String ref : inc.references().apply(m.resource())) {
                    if (ref == null || !ref.startsWith(inc.target() + "/") || present.contains(ref)
                            || added.containsKey(ref) || added.size() >= MAX_INCLUDED) {
                        continue;
                    }
                    try {
                        added.put(ref, target.read(ref.substring(inc.target().length() + 1)).stamped());
                    } catch (ProblemException e) {
                        // a reference to something gone or not ours is left out
                    }
                }
            }
        }
        for (String rev : q.revInclude()) {
            String[] parts = rev.split(":");
            FhirType referrer = engine.types().get(parts[0]);
            if (referrer == null || !readable(referrer, Interaction.SEARCH)) {
                continue;
            }
            for (FhirRecord m : matches) {
                if (added.size() >= MAX_INCLUDED) {
                    break;
                }
                MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
                params.add(parts[1], type.type() + "/" + m.id());
                FhirQuery query = FhirQuery.parse(referrer.capability(), params);
                PageResult<FhirRecord> found = referrer.search(query.page(0, FhirQuery.MAX_COUNT));
                for (FhirRecord r : found.items()) {
                    String ref = referrer.type() + "/" + r.id();
                    if (!present.contains(ref) && added.size() < MAX_INCLUDED) {
                        added.putIfAbsent(ref, r.stamped());
                    }
                }
            }
        }
        for (var e : added.entrySet()) {
            bundle.addEntry().setFullUrl(base + "/" + e.getKey()).setResource(e.getValue()).getSearch()
                    .setMode(Bundle.SearchEntryMode.INCLUDE);
        }
    }

    private boolean readable(FhirType t, Interaction i) {
        try {
            engine.allow(t, i);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
