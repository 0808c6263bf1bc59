package org.frontdesk.reception.fhir;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A FHIR search as the engine hands it to a type: the type's own parameters (checked against what
 * it declares), and the common ones parsed once: {@code _id}, {@code _lastUpdated}, {@code _sort},
 * paging, {@code _summary}, {@code _elements}, {@code _include} and {@code _revinclude}.
 */
public record FhirQuery(MultivaluedMap<String, String> params, List<String> ids, FhirSearch.InstantRange lastUpdated,
                        List<Criteria.Sort> sort, int offset, int count, String summary, List<String> include,
                        List<String> revInclude) {

    /** Parameters every search accepts; {@code _id} and {@code _lastUpdated} only where the type declares them. */
    static final Set<String> ALWAYS = Set.of("_count", "_offset", "_format", "_pretty", "_summary", "_elements",
            "_sort", "_include", "_revinclude", "_total");
    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;
    /** Distinct {@code _include} and {@code _revinclude} values one search may ask for. */
    static final int MAX_INCLUDES = 8;

    /** Parses a search for a type; unknown parameters, modifiers, includes and sort keys are refused (400). */
    public static FhirQuery parse(ResourceCapability cap, MultivaluedMap<String, String> raw) {
        Set<String> unknown = new TreeSet<>();
        MultivaluedMap<String, String> own = new MultivaluedHashMap<>();
        for (var e : raw.entrySet()) {
            String name = e.getKey();
            if (name.contains(":") || !(ALWAYS.contains(name) || cap.common().contains(name)
                    || cap.searchParam(name).isPresent())) {
                unknown.add(name);
            } else if (!name.startsWith("_")) {
                own.put(name, e.getValue());
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>(cap.searchParams().stream().map(ResourceCapability.SearchParam::name).toList());
            known.addAll(cap.common());
            throw ProblemException.badRequest("Unknown search parameter(s) or modifier(s): " + String.join(", ", unknown)
                    + ". " + cap.type() + " supports: " + String.join(", ", new TreeSet<>(known)) + ".", List.of());
        }
        List<String> ids = new ArrayList<>();
        for (String v : raw.getOrDefault("_id", List.of())) {
            for (String id : v.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        }
        List<Criteria.Sort> sort = new ArrayList<>();
        for (String v : raw.getOrDefault("_sort", List.of())) {
            for (String key : v.split(",")) {
                String k = key.trim();
                boolean desc = k.startsWith("-");
                String name = desc ? k.substring(1) : k;
                if (!cap.sorts().contains(name)) {
                    throw ProblemException.badRequest("_sort", "_sort on " + cap.type() + " can be "
                            + (cap.sorts().isEmpty() ? "nothing" : String.join(", ", cap.sorts()))
                            + " (- for descending); not " + k + ".");
                }
                sort.add(new Criteria.Sort(name, desc));
            }
        }
        String summary = raw.getFirst("_summary");
        if (summary != null && !Set.of("true", "false", "count", "data", "text").contains(summary)) {
            throw ProblemException.badRequest("_summary", "_summary must be true, false, count, data or text.");
        }
        List<String> include = checked("_include", raw.getOrDefault("_include", List.of()), cap.includes(), cap.type());
        List<String> revInclude = checked("_revinclude", raw.getOrDefault("_revinclude", List.of()), cap.revIncludes(),
                cap.type());
        if (include.size() + revInclude.size() > MAX_INCLUDES) {
            throw ProblemException.badRequest("At most " + MAX_INCLUDES + " _include and _revinclude values in one search.",
                    List.of(new FieldError("_include", "too many")));
        }
        List<String> ids0 = raw.getOrDefault("_id", List.of());
        if (ids0.stream().mapToInt(v -> v.split(",").length).sum() > MAX_COUNT) {
            throw ProblemException.badRequest("At most " + MAX_COUNT + " _id values in one search.",
                    List.of(new FieldError("_id", "too many")));
        }
        int count = FhirSearch.count(raw.getFirst("_count"), DEFAULT_COUNT, MAX_COUNT);
        return new FhirQuery(own, ids, FhirSearch.instants("_lastUpdated", raw.get("_lastUpdated")), sort,
                FhirSearch.offset(raw.getFirst("_offset")), "count".equals(summary) ? 0 : count, summary, include,
                revInclude);
    }

    private static List<String> checked(String name, List<String> values, List<String> declared, String type) {
        for (String v : values) {
            if (!declared.contains(v)) {
                throw ProblemException.badRequest("Unknown " + name + " " + v + " on " + type + "; supported: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ".",
                        List.of(new FieldError(name, "is not supported")));
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(values)); // a repeated value is asked once
    }

    /** The common criteria for a service, with {@code _id} as our UUIDs (an id that is none of ours matches nothing). */
    public Criteria criteria() {
        return new Criteria(ids.stream().map(FhirSearch::uuidOrNone).toList(),
                lastUpdated == null ? null : lastUpdated.from(), lastUpdated == null ? null : lastUpdated.to(), sort);
    }

    /** The same criteria, another page (includes and summaries dropped): for conditional matches and includes. */
    FhirQuery page(int offset, int count) {
        return new FhirQuery(params, ids, lastUpdated, sort, offset, count, null, List.of(), List.of());
    }

    public String first(String name) {
        return params.getFirst(name);
    }

    public List<String> all(String name) {
        return params.getOrDefault(name, List.of());
    }

    /**
     * The patient a search is about, from {@code patient} and {@code subject} (both Patient
     * references): either one, or both when they agree; null when neither is given; a UUID no
     * patient has when they disagree (so nothing matches).
     */
    public UUID patientOrSubject() {
        UUID patient = reference("patient", "Patient");
        UUID subject = reference("subject", "Patient");
        return patient == null || subject == null || patient.equals(subject)
                ? (patient != null ? patient : subject) : new UUID(0, 0);
    }

    /** The UUID a reference parameter names ({@code Type/<id>} or {@code <id>}), or null when absent. */
    public UUID reference(String name, String type) {
        return FhirSearch.referenced(first(name), type);
    }
}
