package org.frontdesk.reception.fhir;

import org.frontdesk.reception.security.AuditAction;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one feature implements for one FHIR resource type: exactly what the CapabilityStatement
 * declares and what the engine lets through (anything else is a 405 or a 400).
 *
 * @param type              resource type, e.g. {@code Patient}
 * @param interactions      the RESTful interactions offered
 * @param conditionalCreate whether If-None-Exist is honoured on create
 * @param conditionalUpdate whether {@code PUT /Type?criteria} is honoured
 * @param searchParams      the type's own search parameters
 * @param common            the common search parameters it honours: {@code _id}, {@code _lastUpdated}
 * @param sorts             what {@code _sort} may name
 * @param includes          {@code _include} values, e.g. {@code Appointment:patient}
 * @param revIncludes       {@code _revinclude} values, e.g. {@code Encounter:appointment}
 * @param operations        the operations offered
 * @param canonicals        extensions on the type's CapabilityStatement entry with a canonical value
 *                          (url, value), e.g. the subscription topics offered
 */
public record ResourceCapability(String type, Set<Interaction> interactions, boolean conditionalCreate,
                                 boolean conditionalUpdate, List<SearchParam> searchParams, Set<String> common,
                                 List<String> sorts, List<String> includes, List<String> revIncludes,
                                 List<Operation> operations, List<Map.Entry<String, String>> canonicals) {

    /** A search parameter: name, FHIR search type (string, token, date, reference...), and what it matches. */
    public record SearchParam(String name, String type, String documentation) {
    }

    /**
     * An operation: its name (without {@code $}), its definition, whether it is called on the type
     * or an instance, the SMART permission it needs, how it is audited, whether it changes
     * anything (then it runs in one transaction and honours Idempotency-Key), and whether GET is
     * allowed besides POST.
     */
    public record Operation(String name, String definition, boolean instance, char scope, AuditAction audit,
                            boolean changes, boolean get) {
    }

    public static Builder of(String type) {
        return new Builder(type);
    }

    public boolean offers(Interaction i) {
        return interactions.contains(i);
    }

    /** The operation of that name on the type ({@code instance} false) or on its instances. */
    public java.util.Optional<Operation> operation(String name, boolean instance) {
        return operations.stream().filter(o -> o.name().equals(name) && o.instance() == instance).findFirst();
    }

    public java.util.Optional<SearchParam> searchParam(String name) {
        return searchParams.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Builds a capability declaration. */
    public static final class Builder {
        private final String type;
        private final Set<Interaction> interactions = EnumSet.noneOf(Interaction.class);
        private boolean conditionalCreate;
        private boolean conditionalUpdate;
        private final List<SearchParam> params = new ArrayList<>();
        private final Set<String> common = new java.util.TreeSet<>();
        private final List<String> sorts = new ArrayList<>();
        private final List<String> includes = new ArrayList<>();
        private final List<String> revIncludes = new ArrayList<>();
        private final List<Operation> operations = new ArrayList<>();
        private final List<Map.Entry<String, String>> canonicals = new ArrayList<>();

        private Builder(String type) {
            this.type = type;
        }

        public Builder interactions(Interaction... i) {
            interactions.addAll(List.of(i));
            return this;
        }

        /** Honours If-None-Exist (creates) and, when {@code update}, {@code PUT /Type?criteria}. */
        public Builder conditional(boolean update) {
            conditionalCreate = true;
            conditionalUpdate = update;
            return this;
        }

        public Builder param(String name, String type, String documentation) {
            params.add(new SearchParam(name, type, documentation));
            return this;
        }

        /** {@code _id} and {@code _lastUpdated}, and {@code _sort} by these keys (e.g. {@code _lastUpdated}, {@code date}). */
        public Builder common(String... sortKeys) {
            common.add("_id");
            common.add("_lastUpdated");
            sorts.addAll(List.of(sortKeys));
            return this;
        }

        public Builder commonIdOnly(String... sortKeys) {
            common.add("_id");
            sorts.addAll(List.of(sortKeys));
            return this;
        }

        public Builder include(String... values) {
            includes.addAll(List.of(values));
            return this;
        }

        public Builder revInclude(String... values) {
            revIncludes.addAll(List.of(values));
            return this;
        }

        /** A type-level operation that only reads (search scope) or, with {@code changes}, writes. */
        public Builder operation(String name, String definition, char scope, AuditAction audit, boolean changes,
                                 boolean get) {
            operations.add(new Operation(name, definition, false, scope, audit, changes, get));
            return this;
        }

        public Builder instanceOperation(String name, String definition, char scope, AuditAction audit, boolean changes,
                                         boolean get) {
            operations.add(new Operation(name, definition, true, scope, audit, changes, get));
            return this;
        }

        /** An extension with a canonical value on the type's entry in the CapabilityStatement. */
        public Builder canonical(String url, String value) {
            canonicals.add(Map.entry(url, value));
            return this;
        }

        public ResourceCapability build() {
            return new ResourceCapability(type, Set.copyOf(interactions), conditionalCreate, conditionalUpdate,
                    List.copyOf(params), Set.copyOf(common), List.copyOf(sorts), List.copyOf(includes),
                    List.copyOf(revIncludes), List.copyOf(operations), List.copyOf(canonicals));
        }
    }
}
