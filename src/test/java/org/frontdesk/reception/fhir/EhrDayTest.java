package org.frontdesk.reception.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.frontdesk.reception.claims.ClaimDispatcherAccess;
import org.frontdesk.reception.coding.CodeSets;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.coverage.FakeInsurer;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.Tokens;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One practice day driven entirely through HAPI's own FHIR client, as an EHR integrator would:
 * publish a location, a practitioner, a schedule and its free time; register a patient with their
 * coverage in one transaction; find a time and book it; arrive (the Encounter appears); cancel
 * another visit (its time is free again); sync what changed with {@code _lastUpdated} and
 * {@code _include}; submit a claim twice under one identifier (the insurer sees it once). Every
 * answer is checked against base R4.
 */
@QuarkusTest
@QuarkusTestResource(FakeInsurer.class)
class EhrDayTest {

    private static final FhirContext CTX = FhirContext.forR4();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String TIMEZONE = "http://hl7.org/fhir/StructureDefinition/timezone";
    private static final String NPI = "http://hl7.org/fhir/sid/us-npi";
    private static final String VISIT_TYPE = "urn:frontdesk:visit-type";

    @ConfigProperty(name = "reception.test.insurer-url")
    String insurerUrl;

    @Inject
    ClaimDispatcherAccess dispatcher;

    /** Every answer body, as it came over the wire, checked against base R4. */
    private final List<String> invalid = new java.util.ArrayList<>();
    private int answers;

    private IGenericClient ehr() {
        CTX.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = CTX.newRestfulGenericClient("http://localhost:" + RestAssured.port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.of(Roles.EHR_SYSTEM, "ehr-day",
                "system/*.cruds")));
        client.registerInterceptor(new IClientInterceptor() {
            @Override
            public void interceptRequest(IHttpRequest request) {
            }

            @Override
            public void interceptResponse(IHttpResponse response) throws java.io.IOException {
                response.bufferEntity();
                try (java.io.Reader r = response.createReader()) {
                    StringBuilder sb = new StringBuilder();
                    r.transferTo(new java.io.Writer() {
                        @Override
                        public void write(char[] c, int off, int len) {
                            sb.append(c, off, len);
                        }

                        @Override
                        public void flush() {
                        }

                        @Override
                        public void close() {
                        }
                    });
                    String body = sb.toString();
                    if (!body.isBlank()) {
                        answers++;
                        List<String> errors = R4Validator.errors(body);
                        if (!errors.isEmpty()) {
                            invalid.add(errors + "\n" + body);
                        }
                    }
                }
            }
        });
        return client;
    }

    /** Every answer so far was valid base R4, as it came over the wire. */
    private <T extends IBaseResource> T valid(T resource) {
        assertNotNull(resource, "an answer with a body");
        assertTrue(invalid.isEmpty(), "answers that are not valid R4: " + invalid);
        return resource;
    }

    @Test
    void anEhrRunsThePracticeDayThroughFhir() {
        IGenericClient ehr = ehr();
        Instant syncFrom = Instant.now().minusSeconds(1);
        String run = UUID.randomUUID().toString().substring(0, 8);

        // 1. publish a location, a practitioner (twice: conditional on the NPI), a schedule and free time
        Location location = new Location();
        location.setName("Riverside " + run);
        location.addExtension(TIMEZONE, new CodeType("America/New_York"));
        location.addIdentifier().setSystem("urn:ehr:location").setValue(run);
        location.getAddress().addLine("1 River Rd").setCity("Springfield").setState("NY").setPostalCode("10001");
        location.addHoursOfOperation().addDaysOfWeek(Location.DaysOfWeek.MON).addDaysOfWeek(Location.DaysOfWeek.TUE)
                .setOpeningTime("08:00:00").setClosingTime("18:00:00");
        MethodOutcome created = ehr.create().resource(location).execute();
        assertTrue(created.getCreated());
        String locationId = created.getId().getIdPart();
        Location readBack = valid(ehr.read().resource(Location.class).withId(locationId).execute());
        assertEquals("America/New_York", readBack.getExtensionByUrl(TIMEZONE).getValue().primitiveValue());
        assertEquals(1, readBack.getHoursOfOperation().size());

        String npi = Scheduling.npi();
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier().setSystem(NPI).setValue(npi);
        practitioner.addName().setFamily("Osler").addGiven("William").addPrefix("Dr.");
        MethodOutcome p1 = ehr.create().resource(practitioner).conditionalByUrl("Practitioner?identifier=" + NPI + "|" + npi)
                .execute();
        MethodOutcome p2 = ehr.create().resource(practitioner).conditionalByUrl("Practitioner?identifier=" + NPI + "|" + npi)
                .execute();
        String practitionerId = p1.getId().getIdPart();
        assertEquals(practitionerId, p2.getId().getIdPart(), "the second conditional create finds the first");
        valid(ehr.read().resource(Practitioner.class).withId(practitionerId).execute());

        Schedule schedule = new Schedule();
        schedule.addActor(new Reference("Practitioner/" + practitionerId));
        schedule.addActor(new Reference("Location/" + locationId));
        String scheduleId = ehr.create().resource(schedule).execute().getId().getIdPart();
        valid(ehr.read().resource(Schedule.class).withId(scheduleId).execute());

        LocalDate day = LocalDate.now(NEW_YORK).plusDays(2);
        Instant open = ZonedDateTime.of(day, LocalTime.of(9, 0), NEW_YORK).toInstant();
        Instant close = ZonedDateTime.of(day, LocalTime.of(12, 0), NEW_YORK).toInstant();
        Slot free = new Slot();
        free.setSchedule(new Reference("Schedule/" + scheduleId));
        free.setStatus(Slot.SlotStatus.FREE);
        free.setStart(Date.from(open));
        free.setEnd(Date.from(close));
        MethodOutcome slot = ehr.create().resource(free).execute();
        assertEquals("free", valid(ehr.read().resource(Slot.class).withId(slot.getId().getIdPart()).execute())
                .getStatus().toCode());

        // the practice's own set-up: a visit type, and a payer it reaches electronically
        String visitCode = "EHR" + run;
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("code", visitCode, "name", "Follow-up", "durationMinutes", 30, "bufferBeforeMinutes", 0,
                        "bufferAfterMinutes", 0))
                .when().post("/api/v1/visit-types").then().statusCode(201);
        String prefix = "ehr" + run;
        Map<String, Object> payerBody = Coverages.payerBody("commercial");
        payerBody.put("baseUrl", insurerUrl + "/" + prefix);
        String payerId = Coverages.payer(payerBody);
        FakeInsurer.server().stubFor(WireMock.post(urlEqualTo("/" + prefix + "/Claim/$submit"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json").withBody("""
                        {"resourceType":"ClaimResponse","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
                         "use":"claim","patient":{"display":"p"},"created":"2026-11-29","insurer":{"display":"i"},
                         "outcome":"queued"}""")));

        // 2. register a patient with their coverage in one transaction
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:ehr:mrn").setValue(run);
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Nightingale").addGiven("Florence");
        patient.setBirthDateElement(new DateType("1980-05-12"));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        Coverage coverage = new Coverage();
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setBeneficiary(new Reference("urn:uuid:patient-" + run));
        coverage.addPayor(new Reference("Organization/" + payerId));
        coverage.setSubscriberId("MEM-" + run);
        coverage.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-01-01"));
        Bundle intake = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        intake.addEntry().setFullUrl("urn:uuid:patient-" + run).setResource(patient).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist("identifier=urn:ehr:mrn|" + run);
        intake.addEntry().setResource(coverage).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Coverage");
        Bundle registered = valid(ehr.transaction().withBundle(intake).execute());
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, registered.getType());
        assertTrue(registered.getEntry().get(0).getResponse().getStatus().startsWith("201"));
        assertTrue(registered.getEntry().get(1).getResponse().getStatus().startsWith("201"));
        String patientId = registered.getEntry().get(0).getResource().getIdElement().getIdPart();
        Coverage kept = (Coverage) registered.getEntry().get(1).getResource();
        assertEquals("Patient/" + patientId, kept.getBeneficiary().getReference(), "the urn:uuid became the patient");
        String coverageId = kept.getIdElement().getIdPart();

        // 3. $find a time, then book it
        Parameters find = new Parameters();
        find.addParameter("start", new StringType(day.toString()));
        find.addParameter("end", new StringType(day.toString()));
        find.addParameter("location", new StringType("Location/" + locationId));
        find.addParameter("visit-type", new StringType(visitCode));
        Bundle proposals = valid(ehr.operation().onType(Appointment.class).named("$find").withParameters(find)
                .useHttpGet().returnResourceType(Bundle.class).execute());
        assertEquals(6, proposals.getTotal(), "09:00 to 12:00 in 30-minute visits");
        Appointment first = (Appointment) proposals.getEntry().get(0).getResource();
        assertEquals(open, first.getStart().toInstant());
        String visit = book(ehr, first, patientId);
        Appointment second = (Appointment) proposals.getEntry().get(1).getResource();
        String other = book(ehr, second, patientId);

        // 4. the patient arrives (JSON Patch, If-Match): the Encounter appears
        Appointment booked = valid(ehr.read().resource(Appointment.class).withId(visit).execute());
        ehr.patch().withBody("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"arrived\"}]")
                .withId("Appointment/" + visit)
                .withAdditionalHeader("If-Match", "W/\"" + booked.getMeta().getVersionId() + "\"").execute();
        Bundle encounters = valid(ehr.search().forResource(Encounter.class)
                .where(Encounter.APPOINTMENT.hasId("Appointment/" + visit)).returnBundle(Bundle.class).execute());
        assertEquals(1, encounters.getEntry().size());
        Encounter encounter = (Encounter) encounters.getEntry().get(0).getResource();
        assertEquals(Encounter.EncounterStatus.ARRIVED, encounter.getStatus());
        assertEquals("Patient/" + patientId, encounter.getSubject().getReference());

        // 5. cancel the other visit: its slot is free again
        Appointment toCancel = valid(ehr.read().resource(Appointment.class).withId(other).execute());
        String slotOfOther = toCancel.getSlotFirstRep().getReference();
        assertEquals("busy", valid(ehr.read().resource(Slot.class).withId(slotOfOther.substring(5)).execute())
                .getStatus().toCode());
        toCancel.setStatus(Appointment.AppointmentStatus.CANCELLED);
        toCancel.setCancelationReason(new CodeableConcept().setText("patient called, feeling better"));
        ehr.update().resource(toCancel)
                .withAdditionalHeader("If-Match", "W/\"" + toCancel.getMeta().getVersionId() + "\"").execute();
        assertEquals("free", valid(ehr.read().resource(Slot.class).withId(slotOfOther.substring(5)).execute())
                .getStatus().toCode());

        // 6. sync: what changed since the morning, with the patient and practitioner in the same answer
        Bundle changed = valid(ehr.search().byUrl("Appointment?patient=Patient/" + patientId + "&_lastUpdated=ge"
                        + syncFrom + "&_include=Appointment:patient&_include=Appointment:practitioner&_sort=date")
                .returnBundle(Bundle.class).execute());
        assertEquals(2, changed.getTotal());
        List<String> included = changed.getEntry().stream()
                .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .map(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()).toList();
        assertTrue(included.contains("Patient/" + patientId), "included: " + included);
        assertTrue(included.contains("Practitioner/" + practitionerId), "included: " + included);
        Bundle history = valid(ehr.history().onInstance("Appointment/" + visit).returnBundle(Bundle.class).execute());
        assertTrue(history.getEntry().size() >= 2, "booked, then arrived");
        Appointment v0 = valid(ehr.read().resource(Appointment.class).withIdAndVersion(visit, "0").execute());
        assertEquals(Appointment.AppointmentStatus.BOOKED, v0.getStatus());

        // 7. a claim submitted twice under one identifier reaches the insurer once
        CodeSets.ensure("icd10cm-order", "FY2027-CLAIMS-TEST", CodeSets.write("icd-claims.txt",
                        CodeSets.icdOrderLine(1, "E11", false, "Type 2 diabetes mellitus")
                                + CodeSets.icdOrderLine(2, "E119", true, "Type 2 diabetes mellitus without complications")
                                + CodeSets.icdOrderLine(3, "I10", true, "Essential (primary) hypertension")),
                "validFrom", "2026-01-01", "validTo", "2027-12-31");
        CodeSets.ensure("cpt", "CPT-CLAIMS-TEST", CodeSets.write("cpt-claims.txt",
                "99971\tInvented office visit\n99972\tInvented procedure\n"), "validFrom", "2026-01-01", "validTo", "2027-12-31");
        Claim claim = new Claim();
        claim.addIdentifier().setSystem("urn:ehr:claim").setValue("CLM-" + run);
        claim.setStatus(Claim.ClaimStatus.ACTIVE);
        claim.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional", null)));
        claim.setUse(Claim.Use.CLAIM);
        claim.setPatient(new Reference("Patient/" + patientId));
        claim.setCreated(new Date());
        claim.setProvider(new Reference().setDisplay("EHR clinic"));
        claim.setPriority(new CodeableConcept(new Coding(null, "normal", null)));
        claim.addInsurance().setSequence(1).setFocal(true).setCoverage(new Reference("Coverage/" + coverageId));
        claim.addDiagnosis().setSequence(1).setDiagnosis(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm",
                "E11.9", null)));
        claim.addItem().setSequence(1).addDiagnosisSequence(1)
                .setProductOrService(new CodeableConcept(new Coding(null, "99972", null)))
                .setServiced(new DateType(day.toString())).setNet(new Money().setValue(80).setCurrency("USD"));
        ClaimResponse once = submit(ehr, claim);
        ClaimResponse twice = submit(ehr, claim);
        assertEquals(once.getRequest().getReference(), twice.getRequest().getReference(), "the same claim");
        dispatcher.dispatchAll();
        dispatcher.dispatchAll();
        assertEquals(1, FakeInsurer.server().findAll(postRequestedFor(urlEqualTo("/" + prefix + "/Claim/$submit"))).size(),
                "the insurer was sent the claim once");
        Bundle claims = valid(ehr.search().byUrl("Claim?identifier=urn:ehr:claim|CLM-" + run).returnBundle(Bundle.class)
                .execute());
        assertEquals(1, claims.getTotal());
        assertFalse(claims.getEntry().isEmpty());
        assertTrue(answers > 25, "every step answered (" + answers + " answers checked)");
        valid(claims);
    }

    private String book(IGenericClient ehr, Appointment proposal, String patientId) {
        proposal.setStatus(Appointment.AppointmentStatus.BOOKED);
        proposal.addParticipant().setActor(new Reference("Patient/" + patientId))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        MethodOutcome o = ehr.create().resource(proposal).execute();
        assertTrue(o.getCreated());
        return o.getId().getIdPart();
    }

    private ClaimResponse submit(IGenericClient ehr, Claim claim) {
        Parameters in = new Parameters();
        in.addParameter().setName("resource").setResource(claim.copy());
        return valid(ehr.operation().onType(Claim.class).named("$submit").withParameters(in)
                .returnResourceType(ClaimResponse.class).execute());
    }
}
