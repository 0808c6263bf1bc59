package org.frontdesk.reception.patient;

import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.fhir.FhirReferences;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Documents as FHIR R4 DocumentReference: the kind as {@code type} (a local code system), the
 * patient as {@code subject}, a card image's coverage in {@code context.related}, and one
 * {@code content.attachment} pointing at the bytes ({@code url}) with their type, size and SHA-1
 * ({@code hash}, base64, as R4 defines it). An EHR creates one with the bytes in
 * {@code attachment.data}; the answer never carries them.
 */
@ApplicationScoped
class DocumentReferenceFhirMapper {

    /** Our document kinds ({@link DocumentKind}). */
    static final String KIND_SYSTEM = "urn:frontdesk:document-kind";

    DocumentReference toFhir(Document d) {
        DocumentReference r = new DocumentReference();
        r.setId(d.id.toString());
        r.setMeta(new Meta().setVersionId(Long.toString(d.version)));
        r.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        DocumentKind kind = DocumentKind.of(d.kind, "/kind");
        r.setType(new CodeableConcept(new Coding(KIND_SYSTEM, kind.code(), kind.display)));
        r.setSubject(new Reference("Patient/" + d.patientId));
        r.setDate(java.util.Date.from(d.createdAt));
        r.setDescription(d.title);
        if (d.coverageId != null) {
            r.getContext().addRelated(new Reference("Coverage/" + d.coverageId));
        }
        Attachment a = new Attachment();
        a.setContentType(d.contentType);
        a.setUrl(d.contentPath());
        a.setSize(Math.toIntExact(d.sizeBytes));
        a.setHash(HexFormat.of().parseHex(d.sha1));
        a.setTitle(d.title);
        a.setCreationElement(new org.hl7.fhir.r4.model.DateTimeType(java.util.Date.from(d.createdAt)));
        r.addContent().setAttachment(a);
        return r;
    }

    /** What an EHR's new DocumentReference asks to keep. */
    record Draft(UUID patientId, String kind, String title, String contentType, byte[] data) {
    }

    /**
     * Reads a DocumentReference to create: a subject that is one of our patients, one content
     * whose attachment carries the bytes ({@code data}) and their {@code contentType}; a
     * {@code size} or {@code hash} sent must be those of the bytes.
     */
    Draft toDraft(DocumentReference r) {
        List<FieldError> errors = new ArrayList<>();
        UUID patientId = FhirReferences.localId(r.getSubject().getReference(), "Patient");
        if (patientId == null) {
            errors.add(new FieldError("DocumentReference.subject", "must reference one of our patients (Patient/<id>)"));
        }
        if (r.hasStatus() && r.getStatus() != Enumerations.DocumentReferenceStatus.CURRENT) {
            errors.add(new FieldError("DocumentReference.status", "a new document is current"));
        }
        if (r.getContent().size() != 1) {
            errors.add(new FieldError("DocumentReference.content", "exactly one content (one file) is taken"));
            throw ProblemException.badRequest(errors.get(0).detail(), errors);
        }
        Attachment a = r.getContentFirstRep().getAttachment();
        String at = "DocumentReference.content[0].attachment";
        byte[] data = a.hasData() ? a.getData() : null;
        if (data == null || data.length == 0) {
            errors.add(new FieldError(at + ".data", "the file's bytes are required (base64); a url to fetch is not taken"));
        }
        if (!a.hasContentType()) {
            errors.add(new FieldError(at + ".contentType", "is required with data"));
        }
        if (data != null && a.hasSize() && a.getSize() != data.length) {
            errors.add(new FieldError(at + ".size", "is " + a.getSize() + " but data has " + data.length + " bytes"));
        }
        if (data != null && a.hasHash() && !Arrays.equals(a.getHash(), sha1(data))) {
            errors.add(new FieldError(at + ".hash", "is not the SHA-1 of data"));
        }
        String kind = null; // other, unless a type of ours says
        for (Coding c : r.getType().getCoding()) {
            if (KIND_SYSTEM.equals(c.getSystem())) {
                kind = c.getCode();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).detail(), errors);
        }
        String title = a.hasTitle() ? a.getTitle() : r.getDescription();
        return new Draft(patientId, kind, title, a.getContentType(), data);
    }

    /** The patient a DocumentReference is about. */
    UUID patientOf(DocumentReference r) {
        return FhirReferences.localId(r.getSubject().getReference(), "Patient");
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
