package org.frontdesk.reception.patient;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.shared.TestFiles.jpeg;
import static org.frontdesk.reception.shared.TestFiles.pdf;
import static org.frontdesk.reception.shared.TestFiles.png;
import static org.frontdesk.reception.shared.TestFiles.sha256;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Documents and insurance card images: taken only when the content is a PDF, JPEG, PNG or HEIC
 * and what its Content-Type says, up to the size limit (1M in tests); kept as bytea below the
 * large-object threshold (256K in tests) and as a large object above it; served back byte for
 * byte, audited; and the same on the FHIR face as DocumentReference.
 */
@QuarkusTest
class DocumentsTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final int LIMIT = 1024 * 1024;

    @Inject DocumentService documents;
    @Inject EntityManager em;

    private static <T> T tx(java.util.concurrent.Callable<T> work) {
        return QuarkusTransaction.requiringNew().call(work);
    }

    private long count(String sql, Object param) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, param).getSingleResult()).longValue();
    }

    private static Response upload(String patient, String type, byte[] body, String kind) {
        return given().contentType(type).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .queryParam("kind", kind).queryParam("title", "Scan")
                .when().post("/api/v1/patients/" + patient + "/documents");
    }

    private static long documentCount(String patient) {
        return given().when().get("/api/v1/patients/" + patient + "/documents").then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    private static String coverage(String patient) {
        return Coverages.added(patient, Coverages.coverage(Coverages.payer("commercial"), "M" + System.nanoTime(),
                "primary"));
    }

    @Test
    void anUploadThatSaysPdfButIsHtmlIsRefused() {
        String patient = Coverages.patient();
        byte[] html = "<html><body><script>alert(1)</script>%PDF-1.7</body></html>".getBytes(StandardCharsets.UTF_8);
        upload(patient, "application/pdf", html, "referral").then().statusCode(415)
                .contentType(containsString("problem+json"))
                .body("detail", containsString("none of the types taken"));
        assertEquals(0, documentCount(patient), "nothing kept");
    }

    @Test
    void aWrongContentTypeIsRefused() {
        String patient = Coverages.patient();
        upload(patient, "image/jpeg", png(5000, 1), "other").then().statusCode(415)
                .body("detail", equalTo("The Content-Type says image/jpeg but the file is image/png."));
        upload(patient, "text/html", pdf(5000, 2), "other").then().statusCode(415);
        upload(patient, "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "other").then().statusCode(415);
        // AVIF shares HEIF's container and lists mif1: not a HEIC
        byte[] avif = new byte[64];
        byte[] box = {0, 0, 0, 32, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'm', 'i', 'a', 'f',
                'a', 'v', 'i', 'f', 'h', 'e', 'i', 'c'};
        System.arraycopy(box, 0, avif, 0, box.length);
        upload(patient, "image/heic", avif, "other").then().statusCode(415);
        assertEquals(0, documentCount(patient));
        // a PDF is no insurance card
        String coverage = coverage(patient);
        given().contentType("application/pdf").body(pdf(4000, 3)).when().put("/api/v1/coverages/" + coverage + "/card/front")
                .then().statusCode(415).body("detail", containsString("an image"));
    }

    @Test
    void aFileOverTheLimitIsRefused() {
        String patient = Coverages.patient();
        // with its length declared: refused before the body is read
        upload(patient, "image/jpeg", jpeg(LIMIT + 1, 4), "other").then().statusCode(413)
                .body("type", equalTo("/problems/body-too-large"));
        // sent chunked, without a length: refused while it is counted
        given().contentType("image/jpeg").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(new ByteArrayInputStream(jpeg(LIMIT + 70_000, 5)))
                .when().post("/api/v1/patients/" + patient + "/documents").then().statusCode(413);
        // exactly at the limit is taken
        upload(patient, "image/jpeg", jpeg(LIMIT, 6), "other").then().statusCode(201);
        assertEquals(1, documentCount(patient));
    }

    @Test
    void aCardImageRoundTripsByteForByteAsByteaAndAsLargeObject() throws Exception {
        String patient = Coverages.patient();
        String coverage = coverage(patient);
        byte[] front = jpeg(100_000, 7);       // below the large-object threshold
        byte[] back = png(600_000, 8);         // above it
        given().contentType("image/jpeg").body(front).when().put("/api/v1/coverages/" + coverage + "/card/front")
                .then().statusCode(200).body("cardFront.contentType", equalTo("image/jpeg"))
                .body("cardFront.size", equalTo(100_000)).body("cardBack", nullValue());
        var view = given().contentType("image/png").body(back).when().put("/api/v1/coverages/" + coverage + "/card/back")
                .then().statusCode(200).extract().jsonPath();
        String frontId = view.getString("cardFront.documentId");
        String backId = view.getString("cardBack.documentId");
        assertEquals(sha256(back), view.getString("cardBack.sha256"));

        for (var side : List.of(Map.entry(frontId, front), Map.entry(backId, back))) {
            Response r = given().when().get("/api/v1/patients/" + patient + "/documents/" + side.getKey() + "/content");
            r.then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                    .header("Content-Disposition", containsString("attachment"))
                    .header("Content-Length", String.valueOf(side.getValue().length))
                    .header("ETag", "\"" + sha256(side.getValue()) + "\"");
            assertArrayEquals(side.getValue(), r.asByteArray());
        }
        given().when().get("/api/v1/patients/" + patient + "/documents/" + frontId + "/content").then()
                .contentType("image/jpeg");
        given().header("If-None-Match", "\"" + sha256(front) + "\"")
                .when().get("/api/v1/patients/" + patient + "/documents/" + frontId + "/content").then().statusCode(304);
        // the small front is kept as bytea, the back above the threshold as a large object
        String kept = "select count(*) from stored_content s join document d on d.content_id = s.id where d.id = ?1 and ";
        assertEquals(1L, tx(() -> count(kept + "s.content is not null and s.content_oid is null", UUID.fromString(frontId))));
        assertEquals(1L, tx(() -> count(kept + "s.content_oid is not null and s.content is null", UUID.fromString(backId))));

        // the documents list shows both, attached to the coverage, with who added them
        var list = given().queryParam("kind", "insurance-card-back").when()
                .get("/api/v1/patients/" + patient + "/documents").then().statusCode(200).extract().jsonPath();
        assertEquals(1, list.getInt("total"));
        assertEquals(coverage, list.getString("items[0].coverageId"));
        assertEquals("desk-user-1", list.getString("items[0].createdBy"));
        // another patient can't reach it through their own path
        String stranger = Coverages.patient();
        given().when().get("/api/v1/patients/" + stranger + "/documents/" + backId + "/content").then().statusCode(404);
    }

    @Test
    void theFrontAndTheBackSentAtOnceAreBothKept() throws Exception {
        String patient = Coverages.patient();
        String coverage = coverage(patient);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var front = pool.submit(() -> given().contentType("image/jpeg").body(jpeg(300_000, 17))
                    .when().put("/api/v1/coverages/" + coverage + "/card/front").statusCode());
            var back = pool.submit(() -> given().contentType("image/png").body(png(300_000, 18))
                    .when().put("/api/v1/coverages/" + coverage + "/card/back").statusCode());
            assertEquals(200, front.get());
            assertEquals(200, back.get());
        } finally {
            pool.shutdown();
        }
        given().when().get("/api/v1/coverages/" + coverage).then().statusCode(200)
                .body("cardFront.contentType", equalTo("image/jpeg")).body("cardBack.contentType", equalTo("image/png"));
    }

    @Test
    void aCardCantBeAddedAsALooseDocument() {
        String patient = Coverages.patient();
        upload(patient, "image/jpeg", jpeg(2000, 9), "insurance-card-front").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/kind"));
        upload(patient, "image/jpeg", jpeg(2000, 9), "no-such-kind").then().statusCode(400);
    }

    @Test
    void everyReadOfContentAndOfTheListIsAudited() {
        String patient = Coverages.patient();
        String id = upload(patient, "application/pdf", pdf(3000, 10), "referral").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/patients/" + patient + "/documents/" + id + "/content")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/patients/" + patient + "/documents").then().statusCode(200);
        List<Map<String, Object>> trail = given().auth().oauth2(Tokens.admin()).queryParam("patient", patient)
                .queryParam("size", 100).when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath()
                .getList("items");
        Map<String, Object> read = trail.stream().filter(e -> String.valueOf(e.get("path")).endsWith("/content"))
                .findFirst().orElseThrow(() -> new AssertionError("no audit record of the content read: " + trail));
        assertEquals("read", read.get("action"));
        assertEquals("DocumentReference", read.get("resourceType"));
        assertEquals(id, read.get("resourceId"));
        assertEquals("billing-user-1", read.get("subject"));
        assertEquals(200, read.get("status"));
        assertTrue(trail.stream().anyMatch(e -> "search".equals(e.get("action"))
                && "DocumentReference".equals(e.get("resourceType"))), "the list read is audited");
    }

    @Test
    void aLargeObjectGoesWithItsRow() {
        String patient = Coverages.patient();
        String id = upload(patient, "application/pdf", pdf(300_000, 11), "medical-record").then().statusCode(201)
                .extract().path("id");
        UUID content = tx(() -> documents.get(UUID.fromString(id)).contentId);
        long oid = tx(() -> ((Number) em.createNativeQuery("select cast(content_oid as bigint) from stored_content where id = ?1")
                .setParameter(1, content).getSingleResult()).longValue());
        assertEquals(1L, tx(() -> count("select count(*) from pg_largeobject_metadata where oid = cast(?1 as oid)", oid)));
        Sql.run(em, "delete from document where id = ?1", UUID.fromString(id));
        assertEquals(0L, tx(() -> count("select count(*) from pg_largeobject_metadata where oid = cast(?1 as oid)", oid)),
                "the large object was unlinked");
        assertEquals(0L, tx(() -> count("select count(*) from stored_content where id = ?1", content)));
    }

    @Test
    void anEhrCreatesReadsAndSearchesDocumentReferences() throws Exception {
        String patient = Coverages.patient();
        byte[] bytes = pdf(50_000, 12);
        DocumentReference d = new DocumentReference();
        d.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        d.setSubject(new Reference("Patient/" + patient));
        d.setType(new CodeableConcept(new Coding("urn:frontdesk:document-kind", "referral", null)));
        d.addContent().setAttachment(new Attachment().setContentType("application/pdf").setData(bytes)
                .setTitle("Referral to cardiology"));
        String location = given().contentType("application/fhir+json").body(FHIR.newJsonParser().encodeResourceToString(d))
                .when().post("/fhir/DocumentReference").then().statusCode(201).extract().header("Location");
        String id = location.replaceAll(".*/DocumentReference/([^/]+).*", "$1");

        DocumentReference read = FHIR.newJsonParser().parseResource(DocumentReference.class, given()
                .when().get("/fhir/DocumentReference/" + id).then().statusCode(200).extract().asString());
        Attachment a = read.getContentFirstRep().getAttachment();
        assertEquals("application/pdf", a.getContentType());
        assertEquals(50_000, a.getSize());
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes)),
                a.getHashElement().getValueAsString());
        assertTrue(!a.hasData(), "the answer never carries the bytes");
        assertEquals("/api/v1/patients/" + patient + "/documents/" + id + "/content", a.getUrl());
        assertEquals("Patient/" + patient, read.getSubject().getReference());
        // the EHR follows the url with its token and read scope
        byte[] fetched = given().auth().oauth2(Tokens.ehr("system/DocumentReference.rs")).when().get(a.getUrl())
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(bytes, fetched);
        given().auth().oauth2(Tokens.ehr("system/Patient.rs")).when().get(a.getUrl()).then().statusCode(403);

        given().queryParam("patient", "Patient/" + patient).when().get("/fhir/DocumentReference").then().statusCode(200)
                .body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
        given().queryParam("patient", patient).queryParam("type", "urn:frontdesk:document-kind|photo-id")
                .when().get("/fhir/DocumentReference").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aCoverageCardImagesAreFoundByTheirCoverage() {
        String patient = Coverages.patient();
        String coverage = coverage(patient);
        given().contentType("image/jpeg").body(jpeg(20_000, 13)).when().put("/api/v1/coverages/" + coverage + "/card/front")
                .then().statusCode(200);
        given().queryParam("related", "Coverage/" + coverage).when().get("/fhir/DocumentReference").then().statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.type.coding[0].code", equalTo("insurance-card-front"))
                .body("entry[0].resource.context.related[0].reference", equalTo("Coverage/" + coverage));
    }

    @Test
    void aBadDocumentReferenceGetsAnOperationOutcome() {
        String patient = Coverages.patient();
        // no data: a url to fetch is not taken
        DocumentReference noData = new DocumentReference();
        noData.setSubject(new Reference("Patient/" + patient));
        noData.addContent().setAttachment(new Attachment().setContentType("application/pdf").setUrl("https://x.example/a.pdf"));
        given().contentType("application/fhir+json").body(FHIR.newJsonParser().encodeResourceToString(noData))
                .when().post("/fhir/DocumentReference").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].expression[0]", containsString("attachment.data"));
        // HTML that says it is a PDF
        DocumentReference html = new DocumentReference();
        html.setSubject(new Reference("Patient/" + patient));
        html.addContent().setAttachment(new Attachment().setContentType("application/pdf")
                .setData("<html>%PDF-1.4</html>".getBytes(StandardCharsets.UTF_8)));
        given().contentType("application/fhir+json").body(FHIR.newJsonParser().encodeResourceToString(html))
                .when().post("/fhir/DocumentReference").then().statusCode(415)
                .body("resourceType", equalTo("OperationOutcome"));
        // a hash that is not the data's
        DocumentReference hash = new DocumentReference();
        hash.setSubject(new Reference("Patient/" + patient));
        hash.addContent().setAttachment(new Attachment().setContentType("application/pdf").setData(pdf(1000, 14))
                .setHash(new BigInteger("1234").toByteArray()));
        given().contentType("application/fhir+json").body(FHIR.newJsonParser().encodeResourceToString(hash))
                .when().post("/fhir/DocumentReference").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        // over the limit
        DocumentReference big = new DocumentReference();
        big.setSubject(new Reference("Patient/" + patient));
        big.addContent().setAttachment(new Attachment().setContentType("image/jpeg").setData(jpeg(LIMIT + 1, 15)));
        given().contentType("application/fhir+json").body(FHIR.newJsonParser().encodeResourceToString(big))
                .when().post("/fhir/DocumentReference").then().statusCode(413)
                .body("resourceType", equalTo("OperationOutcome"));
        assertEquals(0, documentCount(patient));
    }

    @Test
    void aRetriedUploadIsKeptOnce() {
        String patient = Coverages.patient();
        String key = UUID.randomUUID().toString();
        byte[] file = jpeg(10_000, 16);
        String first = given().contentType("image/jpeg").header("Idempotency-Key", key).body(file)
                .when().post("/api/v1/patients/" + patient + "/documents").then().statusCode(201).extract().path("id");
        given().contentType("image/jpeg").header("Idempotency-Key", key).body(file)
                .when().post("/api/v1/patients/" + patient + "/documents").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        assertEquals(1, documentCount(patient));
    }
}
