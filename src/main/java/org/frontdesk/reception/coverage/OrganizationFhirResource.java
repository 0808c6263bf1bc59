package org.frontdesk.reception.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.shared.PageResult;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

import java.util.Map;

/**
 * Organization on the FHIR face: the payers. An EHR with the write scope may add and update a
 * payer under the rules of the payer directory (unique payer id); how we reach a payer
 * (endpoint and credentials) is never shown, nor taken from FHIR.
 */
@ApplicationScoped
class OrganizationFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("Organization")
            .interactions(Interaction.READ, Interaction.CREATE, Interaction.UPDATE, Interaction.SEARCH)
            .conditional(false)
            .common("_lastUpdated", "name")
            .param("name", "string", "Part of the payer's name")
            .param("identifier", "token", CoverageFhirMapper.PAYER_ID + "|<payer id>")
            .revInclude("Coverage:payor")
            .build();

    @Inject PayerService payers;
    @Inject CoverageFhirMapper mapper;

    @Override
    public Map<String, String> elements() {
        return Map.of("/payerCode", "Organization.identifier", "/type", "Organization.type");
    }

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(payers.get(FhirSearch.id(id, "Organization")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        return payers.search(FhirSearch.token(q.first("identifier"), CoverageFhirMapper.PAYER_ID), q.first("name"),
                q.criteria(), q.offset(), q.count()).map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        Payer p = new Payer();
        mapper.update((Organization) body, p);
        return record(payers.add(p));
    }

    @Override
    public FhirRecord update(String id, Resource body, String ifMatch) {
        Payer current = payers.get(FhirSearch.id(id, "Organization"));
        Payer changes = payers.copyOf(current);
        mapper.update((Organization) body, changes);
        return record(payers.update(current.id, ifMatch, changes));
    }

    private FhirRecord record(Payer p) {
        return new FhirRecord(mapper.toFhir(p), p.version, p.updatedAt, null);
    }
}
