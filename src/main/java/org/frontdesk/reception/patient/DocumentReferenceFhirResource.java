package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.fhir.FhirQuery;
import org.frontdesk.reception.fhir.FhirRecord;
import org.frontdesk.reception.fhir.FhirSearch;
import org.frontdesk.reception.fhir.FhirType;
import org.frontdesk.reception.fhir.Interaction;
import org.frontdesk.reception.fhir.ResourceCapability;
import org.frontdesk.reception.shared.PageResult;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Resource;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DocumentReference on the FHIR face: read, search by patient, related coverage or kind, and
 * create with the file in {@code content.attachment.data} (the same service, checks and limit as
 * an upload). The bytes are served at the attachment's {@code url}.
 */
@ApplicationScoped
class DocumentReferenceFhirResource implements FhirType {

    private static final ResourceCapability CAPABILITY = ResourceCapability.of("DocumentReference")
            .interactions(Interaction.READ, Interaction.SEARCH, Interaction.CREATE)
            .common("_lastUpdated", "date")
            .param("patient", "reference", "Patient/<id>")
            .param("subject", "reference", "Patient/<id>")
            .param("related", "reference", "Coverage/<id>: a coverage's card images")
            .param("type", "token", DocumentReferenceFhirMapper.KIND_SYSTEM + "|<kind>: insurance-card-front, "
                    + "insurance-card-back, photo-id, referral, consent, medical-record, other")
            .build();

    @Inject DocumentService documents;
    @Inject DocumentReferenceFhirMapper mapper;

    @Override
    public ResourceCapability capability() {
        return CAPABILITY;
    }

    @Override
    public FhirRecord read(String id) {
        return record(documents.get(FhirSearch.id(id, "DocumentReference")));
    }

    @Override
    public PageResult<FhirRecord> search(FhirQuery q) {
        UUID who = q.patientOrSubject();
        UUID coverage = q.reference("related", "Coverage");
        List<String> kinds = null;
        if (q.first("type") != null) {
            kinds = new ArrayList<>();
            for (FhirSearch.TokenParam t : FhirSearch.tokens(q.first("type"))) {
                boolean ours = t.system() == null || t.system().equals(DocumentReferenceFhirMapper.KIND_SYSTEM);
                if (ours && t.value() != null && Arrays.stream(DocumentKind.values()).anyMatch(k -> k.code().equals(t.value()))) {
                    kinds.add(t.value());
                }
            }
        }
        return documents.search(who, coverage, kinds, q.criteria(), q.offset(), q.count()).map(this::record);
    }

    @Override
    public FhirRecord create(Resource body) {
        DocumentReferenceFhirMapper.Draft draft = mapper.toDraft((DocumentReference) body);
        return record(documents.add(draft.patientId(), draft.kind(), draft.title(), draft.contentType(),
                new ByteArrayInputStream(draft.data())));
    }

    @Override
    public Map<String, String> elements() {
        return Map.of("/kind", "DocumentReference.type", "/title", "DocumentReference.description");
    }

    @Override
    public UUID patientOf(Resource resource) {
        return mapper.patientOf((DocumentReference) resource);
    }

    private FhirRecord record(Document d) {
        return new FhirRecord(mapper.toFhir(d), d.version, d.updatedAt, d.patientId);
    }
}
