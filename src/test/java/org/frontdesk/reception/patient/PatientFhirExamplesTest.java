package org.frontdesk.reception.patient;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.junit.QuarkusTest;
import org.frontdesk.reception.fhir.R4Validator;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every official R4 Patient example can be created through {@code /fhir/Patient}, reads back
 * with its identifiers, names, telecom, gender, birth date and addresses intact, and our
 * output is valid base R4.
 */
@QuarkusTest
class PatientFhirExamplesTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final Path EXAMPLES = Path.of("src/test/resources/fhir/examples");

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("Patient-") && n.endsWith(".json"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void officialExampleRoundTripsAndValidates(String file) {
        String source = read(file);
        Patient sent = FHIR.newJsonParser().parseResource(Patient.class, source);

        String location = given().contentType("application/fhir+json; charset=UTF-8").body(source)
                .when().post("/fhir/Patient")
                .then().statusCode(201).extract().header("Location");
        String id = location.replaceAll(".*/Patient/([^/]+)/_history/.*", "$1");

        String stored = given().accept("application/fhir+json").when().get("/fhir/Patient/" + id)
                .then().statusCode(200).contentType("application/fhir+json").extract().asString();
        Patient read = FHIR.newJsonParser().parseResource(Patient.class, stored);

        List<Identifier> theirs = read.getIdentifier().stream()
                .filter(i -> !"urn:frontdesk:mrn".equals(i.getSystem())).toList();
        assertSame(file + " identifiers", sent.getIdentifier(), theirs);
        assertSame(file + " names", sent.getName(), read.getName());
        assertSame(file + " telecom", sent.getTelecom(), read.getTelecom());
        assertSame(file + " addresses", sent.getAddress(), read.getAddress());
        assertEquals(sent.getGender(), read.getGender(), file + " gender");
        assertEquals(sent.getBirthDateElement().getValueAsString(), read.getBirthDateElement().getValueAsString(),
                file + " birthDate");
        assertTrue(read.getIdentifier().stream().anyMatch(i -> "urn:frontdesk:mrn".equals(i.getSystem())),
                file + " carries our MRN");

        List<String> errors = R4Validator.errors(stored);
        assertTrue(errors.isEmpty(), file + " output is not valid R4: " + errors);
    }

    private static void assertSame(String what, List<? extends Base> sent, List<? extends Base> read) {
        assertEquals(sent.size(), read.size(), what + ": count");
        for (int i = 0; i < sent.size(); i++) {
            Base a = strip(sent.get(i).copy());
            Base b = strip(read.get(i).copy());
            assertTrue(a.equalsDeep(b), what + "[" + i + "] differs: sent "
                    + FHIR.newJsonParser().encodeToString(a) + " read " + FHIR.newJsonParser().encodeToString(b));
        }
    }

    /** Element ids are not data the examples carry meaning in; everything else must survive. */
    private static Base strip(Base b) {
        if (b instanceof HumanName n) {
            n.setId(null);
        } else if (b instanceof Identifier i) {
            i.setId(null);
        } else if (b instanceof ContactPoint c) {
            c.setId(null);
        } else if (b instanceof Address a) {
            a.setId(null);
        }
        return b;
    }

    private static String read(String file) {
        try {
            return Files.readString(EXAMPLES.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
