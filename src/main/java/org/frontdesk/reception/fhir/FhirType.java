package org.frontdesk.reception.fhir;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.shared.PageResult;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * One resource type of the FHIR face, as its feature implements it: it maps FHIR to the
 * feature's services and back, and decides nothing itself. The engine ({@link FhirEngine}) does
 * what every type shares: roles and SMART scopes, the audit trail, transactions, idempotency,
 * conditional creates and updates, paging, includes, history and Bundles. A method of an
 * interaction the type does not declare is never called.
 */
public interface FhirType {

    /** What the type offers; the CapabilityStatement lists exactly this. */
    ResourceCapability capability();

    default String type() {
        return capability().type();
    }

    /** The roles that may use an interaction (scopes are checked on top, for EHR systems). */
    default Set<String> roles(Interaction interaction) {
        return Set.of(Roles.EHR_SYSTEM);
    }

    default Set<String> roles(ResourceCapability.Operation operation) {
        return Set.of(Roles.EHR_SYSTEM);
    }

    default FhirRecord read(String id) {
        throw FhirEngine.unsupported(type(), "read");
    }

    /** One page of a search; {@code q.count()} 0 asks only for the total. */
    default PageResult<FhirRecord> search(FhirQuery q) {
        throw FhirEngine.unsupported(type(), "search");
    }

    /** Creates from a body already checked to be of this type; the answer is the stored record. */
    default FhirRecord create(Resource body) {
        throw FhirEngine.unsupported(type(), "create");
    }

    /** Updates a record; {@code ifMatch} is the caller's If-Match (required where the type says so). */
    default FhirRecord update(String id, Resource body, String ifMatch) {
        throw FhirEngine.unsupported(type(), "update");
    }

    default void delete(String id, String ifMatch) {
        throw FhirEngine.unsupported(type(), "delete");
    }

    /**
     * Runs an operation the type declares; {@code id} is set for instance operations, {@code base}
     * is the FHIR base URL (for the full URLs of entries it answers with).
     */
    default Response operation(ResourceCapability.Operation operation, String id, Resource body,
                               MultivaluedMap<String, String> query, String base) {
        throw FhirEngine.unsupported(type(), "$" + operation.name());
    }

    /**
     * What each of the type's {@code _include} values points at: the referenced type and how to
     * read the references out of a resource of this type.
     */
    default Map<String, Include> includes() {
        return Map.of();
    }

    /** An include: the type referenced, and the references of one resource. */
    record Include(String target, Function<Resource, List<String>> references) {
    }

    /**
     * This type's resource for one of its feature's records as it stands, or null when the
     * entity is not of this type ({@link FhirRecord#NONE} when it is, but keeps no version):
     * what {@link FhirHistory} stores as a version.
     */
    default FhirRecord versionOf(Object entity) {
        return null;
    }

    /**
     * The table of this type's records, when a read may answer with the stored JSON of the
     * record's current version (its {@code id} uuid and {@code version} columns are matched with
     * the stored version, so a body that is not the current state is never served): only for a
     * type whose every change goes through its entity and whose records are never deleted.
     * Null (the default): reads render the record.
     */
    default String historyTable() {
        return null;
    }

    /** Whether reads may answer with the stored JSON of the current version ({@link #historyTable}). */
    default boolean readsFromHistory() {
        return historyTable() != null;
    }

    /**
     * Where the fields the feature's services name in their errors (JSON pointers of the /api
     * face, e.g. {@code /npi}) are in this type's resource (e.g. {@code Practitioner.identifier}).
     * A pointer not listed becomes {@code Type.field}.
     */
    default Map<String, String> elements() {
        return Map.of();
    }

    /** The patient a resource of this type is about (for the audit trail), when it has one. */
    default UUID patientOf(Resource resource) {
        return null;
    }
}
