package org.frontdesk.reception.fhir;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * {@code GET /fhir/metadata}: the CapabilityStatement, listing exactly the interactions the
 * features implement. Public, as FHIR clients read it before they authenticate.
 */
@Path("/fhir/metadata")
@PermitAll
public class CapabilityStatementResource {

    private final Instance<FhirCapabilitySource> sources;
    private final String version;
    private final Date started = new Date();

    public CapabilityStatementResource(Instance<FhirCapabilitySource> sources,
                                       @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.sources = sources;
        this.version = version;
    }

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
        var rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
        List<ResourceCapability> caps = StreamSupport.stream(sources.spliterator(), false)
                .map(FhirCapabilitySource::capability)
                .sorted(Comparator.comparing(ResourceCapability::type))
                .toList();
        for (ResourceCapability cap : caps) {
            var r = rest.addResource().setType(cap.type());
            if (cap.profile() != null) {
                r.setProfile(cap.profile());
            }
            for (String i : cap.interactions()) {
                r.addInteraction().setCode(TypeRestfulInteraction.fromCode(i));
            }
            r.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
            r.setReadHistory(cap.interactions().contains("vread"));
            r.setUpdateCreate(false);
            r.setConditionalCreate(cap.conditionalCreate());
            for (ResourceCapability.SearchParam p : cap.searchParams()) {
                r.addSearchParam().setName(p.name()).setType(Enumerations.SearchParamType.fromCode(p.type()))
                        .setDocumentation(p.documentation());
            }
            for (ResourceCapability.Operation o : cap.operations()) {
                r.addOperation().setName(o.name()).setDefinition(o.definition());
            }
        }
        return cs;
    }
}
