package org.frontdesk.reception.fhir;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * {@code GET /fhir/metadata}: the CapabilityStatement, listing exactly the interactions,
 * parameters, includes and operations the engine lets through for each type, and how to get a
 * token (SMART on FHIR). Public, as FHIR clients read it before they authenticate.
 */
@Path("/fhir/metadata")
@PermitAll
public class CapabilityStatementResource {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    @Inject FhirEngine engine;
    @Inject FhirConfig config;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version;

    private final Date started = new Date();
    private volatile CapabilityStatement statement;

    /** Built once: what the features implement does not change while the app runs. */
    @GET
    @PermitAll
    @Produces({FhirMediaTypes.FHIR_JSON, FhirMediaTypes.FHIR_XML, MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
    public CapabilityStatement metadata() {
        CapabilityStatement cs = statement;
        if (cs == null) {
            cs = build();
            statement = cs;
        }
        return cs;
    }

    private CapabilityStatement build() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(PublicationStatus.ACTIVE);
        cs.setDate(started);
        cs.setKind(CapabilityStatementKind.INSTANCE);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.setName("FrontDeskFhirApi");
        cs.setTitle("Front-desk API, FHIR face");
        cs.getSoftware().setName("Front-desk API").setVersion(version);
        cs.getImplementation().setDescription("Reception, scheduling and billing front office");
        cs.setFormat(List.of(new CodeType("json"), new CodeType("xml"), new CodeType(FhirMediaTypes.FHIR_JSON),
                new CodeType(FhirMediaTypes.FHIR_XML)));
        cs.addPatchFormat("application/json-patch+json");
        var rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
        security(rest);
        rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION)
                .setDocumentation("All or nothing, at most " + config.bundleMaxEntries() + " entries; urn:uuid references resolved");
        rest.addInteraction().setCode(SystemRestfulInteraction.BATCH)
                .setDocumentation("Independent entries, at most " + config.bundleMaxEntries());
        rest.addSearchParam().setName("_count").setType(Enumerations.SearchParamType.NUMBER)
                .setDocumentation("Page size, " + FhirQuery.DEFAULT_COUNT + " by default, at most " + FhirQuery.MAX_COUNT);
        rest.addSearchParam().setName("_offset").setType(Enumerations.SearchParamType.NUMBER)
                .setDocumentation("How many matches to skip (the paging links carry it)");
        rest.addSearchParam().setName("_summary").setType(Enumerations.SearchParamType.TOKEN)
                .setDocumentation("count (the total only), true (summary elements), false, data or text");
        rest.addSearchParam().setName("_elements").setType(Enumerations.SearchParamType.SPECIAL)
                .setDocumentation("Comma-separated top-level elements to return");
        List<FhirType> types = engine.types().values().stream()
                .sorted(Comparator.comparing(FhirType::type)).toList();
        for (FhirType t : types) {
            ResourceCapability cap = t.capability();
            var r = rest.addResource().setType(cap.type());
            for (Interaction i : Interaction.values()) {
                if (cap.offers(i)) {
                    r.addInteraction().setCode(TypeRestfulInteraction.fromCode(i.code));
                }
            }
            r.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
            r.setReadHistory(cap.offers(Interaction.VREAD));
            r.setUpdateCreate(false);
            r.setConditionalCreate(cap.conditionalCreate());
            r.setConditionalUpdate(cap.conditionalUpdate());
            r.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
            r.setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED);
            cap.includes().forEach(r::addSearchInclude);
            cap.revIncludes().forEach(r::addSearchRevInclude);
            if (cap.common().contains("_id")) {
                r.addSearchParam().setName("_id").setType(Enumerations.SearchParamType.TOKEN)
                        .setDefinition("http://hl7.org/fhir/SearchParameter/Resource-id").setDocumentation("Ids, comma-separated");
            }
            if (cap.common().contains("_lastUpdated")) {
                r.addSearchParam().setName("_lastUpdated").setType(Enumerations.SearchParamType.DATE)
                        .setDefinition("http://hl7.org/fhir/SearchParameter/Resource-lastUpdated")
                        .setDocumentation("When it last changed: eq, ge, gt, le, lt with a date or dateTime");
            }
            if (!cap.sorts().isEmpty()) {
                r.addSearchParam().setName("_sort").setType(Enumerations.SearchParamType.SPECIAL)
                        .setDocumentation("By " + String.join(", ", cap.sorts()) + "; - for descending");
            }
            for (ResourceCapability.SearchParam p : cap.searchParams()) {
                r.addSearchParam().setName(p.name()).setType(Enumerations.SearchParamType.fromCode(p.type()))
                        .setDocumentation(p.documentation());
            }
            java.util.Set<String> named = new java.util.HashSet<>();
            for (ResourceCapability.Operation o : cap.operations()) {
                if (named.add(o.name())) { // on the type and its instances: one operation
                    r.addOperation().setName(o.name()).setDefinition(o.definition());
                }
            }
            cap.canonicals().forEach(c -> r.addExtension(c.getKey(), new org.hl7.fhir.r4.model.CanonicalType(c.getValue())));
        }
        return cs;
    }

    /** SMART on FHIR, with the identity provider's endpoints as configured (none invented). */
    private void security(CapabilityStatementRestComponent rest) {
        var security = rest.getSecurity().setCors(false)
                .setDescription("OAuth 2.0 bearer tokens (SMART Backend Services: client credentials with system/ scopes). "
                        + "See /fhir/.well-known/smart-configuration.");
        security.addService(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
        FhirConfig.Smart smart = config.smart();
        if (smart.tokenEndpoint().isPresent()) {
            Extension uris = security.addExtension().setUrl(OAUTH_URIS);
            uris.addExtension("token", new UriType(smart.tokenEndpoint().get()));
            smart.authorizationEndpoint().ifPresent(a -> uris.addExtension("authorize", new UriType(a)));
            smart.revocationEndpoint().ifPresent(a -> uris.addExtension("revoke", new UriType(a)));
        }
    }
}
