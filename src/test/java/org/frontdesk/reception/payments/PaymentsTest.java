package org.frontdesk.reception.payments;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.frontdesk.reception.coverage.Coverages;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Roles;
import org.frontdesk.reception.security.Tokens;
import org.frontdesk.reception.shared.Sql;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Money at the desk: what is due at check-in (copay from the insurer's answer or the card, self-pay
 * fee, older balance), payments with their method details, refunds and voids (reason, role,
 * limits), receipts, and a drawer's end of day with a cash difference, after which the day takes
 * nothing more.
 */
@QuarkusTest
class PaymentsTest {

    private static final ZoneId ZONE = ZoneId.of("America/Chicago");
    private static final AtomicInteger SLOT = new AtomicInteger();

    @Inject
    EntityManager em;

    record Desk(String location, String practitioner, String type) {
    }

    private static Desk desk() {
        String location = Scheduling.location(ZONE.getId());
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "07:00", "19:00");
        return new Desk(location, practitioner, Scheduling.visitType(15, 0, 0));
    }

    private static String book(Desk d, String patient, int daysAhead) {
        String start = ZonedDateTime.of(LocalDate.now(ZONE).plusDays(daysAhead),
                LocalTime.of(7, 0).plusMinutes(15L * (SLOT.incrementAndGet() % 40)), ZONE).toInstant().toString();
        return given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Scheduling.booking(patient, d.practitioner(), d.location(), d.type(), start))
                .when().post("/api/v1/appointments").then().statusCode(201).extract().path("id");
    }

    private static void arrive(String appointment) {
        given().auth().oauth2(Tokens.frontDesk()).when().post("/api/v1/appointments/" + appointment + "/arrive")
                .then().statusCode(200);
    }

    private static ValidatableResponse due(String appointment) {
        return given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + appointment + "/amount-due")
                .then().statusCode(200);
    }

    private static Map<String, Object> payment(String patient, String appointment, String method, String amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("patientId", patient);
        body.put("appointmentId", appointment);
        body.put("method", method);
        body.put("amount", amount);
        if (method.equals("card")) {
            body.put("cardLast4", "4242");
            body.put("processorReference", "ch_" + UUID.randomUUID().toString().substring(0, 8));
        }
        if (method.equals("check")) {
            body.put("checkNumber", "1107");
        }
        return body;
    }

    private static ValidatableResponse pay(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/payments").then();
    }

    private static String paid(String token, Map<String, Object> body) {
        return pay(token, body).statusCode(201).extract().path("id");
    }

    private static ValidatableResponse refund(String token, String payment, String amount, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("amount", amount);
        body.put("reason", reason);
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/payments/" + payment + "/refund").then();
    }

    private static ValidatableResponse voidIt(String token, String payment, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .when().post("/api/v1/payments/" + payment + "/void").then();
    }

    @Test
    void theCopayIsDueFromTheCoverageThenTheInsurersAnswerAndIsFixedAtArrival() {
        Desk d = desk();
        String patient = Coverages.patient();
        Map<String, Object> coverage = Coverages.coverage(Coverages.payer("commercial"), "MEM-PAY-1", "primary");
        coverage.put("copay", 25.00);
        String coverageId = Coverages.added(patient, coverage);
        String visit = book(d, patient, 2);

        due(visit).body("chargeKind", equalTo("copay")).body("visitCharge", equalTo(25.0f))
                .body("chargeFixed", equalTo(false)).body("chargeSource", containsString("coverage card"))
                .body("totalDue", equalTo(25.0f)).body("currency", equalTo("USD"));

        // the insurer's eligibility answer says 40: it wins over the card
        Sql.run(em, """
                insert into eligibility_check (id, coverage_id, benefit_category, service_date, state, result, copay,
                                               attempts, requested_at, completed_at, requested_by, request_json)
                values (?1, ?2, '98', current_date, 'complete', 'active', 40.00, 1, now(), now(), 'test', '{}')""",
                UUID.randomUUID(), UUID.fromString(coverageId));
        due(visit).body("visitCharge", equalTo(40.0f)).body("chargeSource", containsString("eligibility answer"));

        arrive(visit);
        due(visit).body("chargeFixed", equalTo(true)).body("visitCharge", equalTo(40.0f)).body("totalDue", equalTo(40.0f));
        // a change of card afterwards does not change what the desk asked for at arrival
        Sql.run(em, "update eligibility_check set copay = 10.00 where coverage_id = ?1", UUID.fromString(coverageId));
        due(visit).body("visitCharge", equalTo(40.0f));

        paid(Tokens.frontDesk(), payment(patient, visit, "card", "40.00"));
        due(visit).body("paidForVisit", equalTo(40.0f)).body("visitBalance", equalTo(0.0f)).body("totalDue", equalTo(0.0f));
    }

    @Test
    void withoutCoverageTheSelfPayFeeIsDueWithWhatIsLeftOfEarlierVisits() {
        Desk d = desk();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("amount", "150.00", "effectiveFrom", "2026-01-01"))
                .when().put("/api/v1/self-pay-fees/" + d.type()).then().statusCode(200).body("amount", equalTo(150.0f));
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .body(Map.of("amount", "150.00", "effectiveFrom", "2026-01-01"))
                .when().put("/api/v1/self-pay-fees/" + d.type()).then().statusCode(403);
        String patient = Coverages.patient();
        String first = book(d, patient, 1);
        arrive(first);
        due(first).body("chargeKind", equalTo("self-pay")).body("visitCharge", equalTo(150.0f))
                .body("earlierBalance", equalTo(0.0f)).body("totalDue", equalTo(150.0f));
        paid(Tokens.frontDesk(), payment(patient, first, "cash", "100.00"));

        String second = book(d, patient, 3);
        due(second).body("visitCharge", equalTo(150.0f)).body("chargeFixed", equalTo(false))
                .body("earlierBalance", equalTo(50.0f)).body("totalDue", equalTo(200.0f));
        // paying ahead for a visit not yet charged counts once, for that visit
        paid(Tokens.frontDesk(), payment(patient, second, "card", "30.00"));
        due(second).body("paidForVisit", equalTo(30.0f)).body("visitBalance", equalTo(120.0f))
                .body("earlierBalance", equalTo(50.0f)).body("totalDue", equalTo(170.0f));
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/patients/" + patient + "/balance").then()
                .statusCode(200).body("balance", equalTo(20.0f)).body("unappliedPayments", equalTo(30.0f))
                .body("visits[0].owed", equalTo(150.0f))
                .body("visits[0].paid", equalTo(100.0f));
        // a cancelled visit after arrival owes nothing
        given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON).body(Map.of("reason", "left before the visit"))
                .when().post("/api/v1/appointments/" + first + "/cancel").then().statusCode(200);
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/patients/" + patient + "/balance").then()
                .statusCode(200).body("visits[0].owed", equalTo(0.0f)).body("balance", equalTo(-130.0f));
    }

    @Test
    void aPaymentNeedsItsMethodDetailsInThePracticesCurrencyWithExactCents() {
        Desk d = desk();
        String patient = Coverages.patient();
        String visit = book(d, patient, 2);
        Map<String, Object> card = payment(patient, visit, "card", "20.00");
        card.remove("cardLast4");
        pay(Tokens.frontDesk(), card).statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/cardLast4"));
        Map<String, Object> check = payment(patient, visit, "check", "20.00");
        check.remove("checkNumber");
        pay(Tokens.frontDesk(), check).statusCode(400).body("errors.pointer", hasItem("/checkNumber"));
        Map<String, Object> euros = payment(patient, visit, "cash", "20.00");
        euros.put("currency", "EUR");
        pay(Tokens.frontDesk(), euros).statusCode(400).body("errors.pointer", hasItem("/currency"));
        pay(Tokens.frontDesk(), payment(patient, visit, "cash", "10.005")).statusCode(400)
                .body("errors.pointer", hasItem("/amount"));
        pay(Tokens.frontDesk(), payment(patient, visit, "cash", "0")).statusCode(400);
        pay(Tokens.frontDesk(), payment(patient, visit, "bitcoin", "5.00")).statusCode(400)
                .body("errors.pointer", hasItem("/method"));
        pay(Tokens.frontDesk(), payment(Coverages.patient(), visit, "cash", "5.00")).statusCode(400)
                .body("errors.pointer", hasItem("/appointmentId"));
        pay(Tokens.ehr(), payment(patient, visit, "cash", "5.00")).statusCode(403);
        // a hold has no patient yet: nothing is due on it and nothing is paid for it
        String holdStart = ZonedDateTime.of(LocalDate.now(ZONE).plusDays(4), LocalTime.of(18, 0), ZONE).toInstant().toString();
        String hold = given().auth().oauth2(Tokens.frontDesk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("practitionerId", d.practitioner(), "locationId", d.location(), "visitTypeId", d.type(),
                        "start", holdStart)).when().post("/api/v1/holds").then().statusCode(201).extract().path("appointmentId");
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/appointments/" + hold + "/amount-due").then()
                .statusCode(409).body("type", containsString("no-patient"));
        pay(Tokens.frontDesk(), payment(patient, hold, "cash", "5.00")).statusCode(400)
                .body("errors.pointer", hasItem("/appointmentId"));
        // exact decimals: three payments of 0.10 are 0.30, not 0.30000000000000004
        for (int i = 0; i < 3; i++) {
            paid(Tokens.frontDesk(), payment(patient, visit, "cash", "0.10"));
        }
        due(visit).body("paidForVisit", equalTo(0.3f));
        given().auth().oauth2(Tokens.frontDesk()).queryParam("appointmentId", visit).when().get("/api/v1/payments").then()
                .statusCode(200).body("size()", equalTo(3)).body("[0].amount", equalTo(0.1f));
    }

    @Test
    void refundsAndVoidsNeedAReasonAndARoleAndNeverRemoveARow() {
        Desk d = desk();
        String patient = Coverages.patient();
        String visit = book(d, patient, 2);
        String p = paid(Tokens.frontDesk(), payment(patient, visit, "card", "25.00"));

        refund(Tokens.frontDesk(), p, "5.00", "overcharged").statusCode(403).body("type", containsString("forbidden"));
        refund(Tokens.billing(), p, "5.00", " ").statusCode(400);
        refund(Tokens.billing(), p, "30.00", "too much").statusCode(422).body("refundable", equalTo(25.0f));
        String r = refund(Tokens.billing(), p, "10.00", "copay was 15").statusCode(201).body("kind", equalTo("refund"))
                .body("method", equalTo("card")).body("cardLast4", equalTo("4242")).body("originalId", equalTo(p))
                .extract().path("id");
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/payments/" + p).then().statusCode(200)
                .body("refundable", equalTo(15.0f));
        refund(Tokens.billing(), r, "1.00", "refund of a refund").statusCode(409);
        voidIt(Tokens.billing(), p, "entered twice").statusCode(409).body("type", containsString("payment-refunded"));

        String q = paid(Tokens.frontDesk(), payment(patient, visit, "cash", "15.00"));
        voidIt(Tokens.frontDesk(), q, "keyed wrong").statusCode(403);
        voidIt(Tokens.admin(), q, "").statusCode(400);
        voidIt(Tokens.admin(), q, "keyed wrong").statusCode(201).body("kind", equalTo("void"))
                .body("drawer", equalTo("desk-user-1"));
        given().auth().oauth2(Tokens.billing()).when().get("/api/v1/payments/" + q).then().statusCode(200)
                .body("voided", equalTo(true)).body("refundable", equalTo(0.0f));
        voidIt(Tokens.admin(), q, "again").statusCode(409);
        refund(Tokens.billing(), q, "1.00", "after void").statusCode(409);
        due(visit).body("paidForVisit", equalTo(15.0f));

        // the database itself refuses to change or delete money rows (its trigger, not another constraint)
        refusedAsPermanent("delete from payment where id = ?1", UUID.fromString(p));
        refusedAsPermanent("update payment set amount = 1 where id = ?1", UUID.fromString(p));
    }

    /** The statement fails because money rows are permanent (the trigger's message), not for another reason. */
    private void refusedAsPermanent(String sql, Object... params) {
        Exception e = assertThrows(Exception.class, () -> Sql.run(em, sql, params));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("never changed or deleted"), root.toString());
    }

    @Test
    void theReceiptIsAPdfWithThePaymentOnIt() throws Exception {
        Desk d = desk();
        String patient = Coverages.patient();
        String visit = book(d, patient, 2);
        var created = pay(Tokens.frontDesk(), payment(patient, visit, "card", "42.50")).statusCode(201)
                .header("Location", containsString("/api/v1/payments/")).extract();
        String id = created.path("id");
        long number = ((Number) created.path("receiptNumber")).longValue();
        byte[] pdf = given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/payments/" + id + "/receipt").then()
                .statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", containsString("receipt-" + number + ".pdf")).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("PAYMENT RECEIPT"), text);
            assertTrue(text.contains("Receipt no. " + number), text);
            assertTrue(text.contains("card ending 4242"), text);
            assertTrue(text.contains("Amount paid: 42.50 USD"), text);
            assertTrue(text.contains("Received by: desk-user-1"), text);
        }
        String r = refund(Tokens.billing(), id, "2.50", "discount").statusCode(201).extract().path("id");
        byte[] refundPdf = given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/payments/" + r + "/receipt")
                .then().statusCode(200).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(refundPdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("REFUND RECEIPT") && text.contains("Amount returned: 2.50 USD")
                    && text.contains("For receipt no. " + number) && text.contains("Reason: discount"), text);
        }
        given().auth().oauth2(Tokens.frontDesk()).when().get("/api/v1/payments/" + UUID.randomUUID() + "/receipt")
                .then().statusCode(404);
    }

    @Test
    void theEndOfDayTotalsEachMethodFlagsACashDifferenceAndAClosedDayTakesNothingMore() {
        Desk d = desk();
        String patient = Coverages.patient();
        String visit = book(d, patient, 2);
        String cashier = Tokens.of(Roles.FRONT_DESK, "cashier-" + UUID.randomUUID().toString().substring(0, 6), null);
        String other = Tokens.of(Roles.FRONT_DESK, "other-" + UUID.randomUUID().toString().substring(0, 6), null);
        paid(cashier, payment(patient, visit, "cash", "20.00"));
        String mistake = paid(cashier, payment(patient, visit, "cash", "30.00"));
        String card = paid(cashier, payment(patient, visit, "card", "25.00"));
        paid(cashier, payment(patient, visit, "check", "40.00"));
        voidIt(Tokens.billing(), mistake, "entered the wrong amount").statusCode(201);
        refund(Tokens.billing(), card, "5.00", "overcharged").statusCode(201); // from billing's own drawer
        paid(other, payment(patient, visit, "cash", "7.00"));

        String today = LocalDate.now(ZONE).toString();
        String drawer = cashierName(cashier);
        given().auth().oauth2(cashier).when().get("/api/v1/locations/" + d.location() + "/days/" + today).then()
                .statusCode(200).body("drawers.find { it.drawer == '" + drawer + "' }.expected.cash", equalTo(20.0f))
                .body("drawers.find { it.drawer == '" + drawer + "' }.expected.card", equalTo(25.0f))
                .body("drawers.find { it.drawer == '" + drawer + "' }.expected.check", equalTo(40.0f))
                .body("drawers.find { it.drawer == '" + drawer + "' }.entries", equalTo(5))
                .body("drawers.find { it.drawer == 'billing-user-1' }.expected.card", equalTo(-5.0f))
                .body("expected.cash", equalTo(27.0f));

        String close = close(cashier, d.location(), today, "18.00", null).statusCode(201)
                .body("expectedCash", equalTo(20.0f)).body("countedCash", equalTo(18.0f))
                .body("difference", equalTo(-2.0f)).body("flagged", equalTo(true)).extract().path("id");

        // closed: nothing more in that drawer that day, and no second close
        pay(cashier, payment(patient, visit, "cash", "1.00")).statusCode(409).body("type", containsString("day-closed"));
        paid(other, payment(patient, visit, "cash", "3.00")); // another drawer is still open
        String otherDrawer = cashierName(other);
        given().auth().oauth2(cashier).when().get("/api/v1/locations/" + d.location() + "/days/" + today).then()
                .statusCode(200).body("drawers.find { it.drawer == '" + otherDrawer + "' }.expected.cash", equalTo(10.0f))
                .body("drawers.find { it.drawer == '" + drawer + "' }.expected.cash", equalTo(20.0f));
        close(cashier, d.location(), today, "20.00", null).statusCode(409).body("type", containsString("day-already-closed"));
        // nobody else closes my drawer without an adjusting role
        close(other, d.location(), today, "0.00", drawer).statusCode(403);
        // a recount is a new entry; the close stays as it was
        given().auth().oauth2(cashier).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("countedCash", "20.00", "note", "two dollars were under the tray"))
                .when().post("/api/v1/day-closes/" + close + "/corrections").then().statusCode(201)
                .body("kind", equalTo("correction")).body("difference", equalTo(0.0f)).body("flagged", equalTo(false));
        given().auth().oauth2(cashier).when().get("/api/v1/locations/" + d.location() + "/days/" + today).then()
                .statusCode(200).body("drawers.find { it.drawer == '" + drawer + "' }.closed", equalTo(true))
                .body("drawers.find { it.drawer == '" + drawer + "' }.close.difference", equalTo(-2.0f))
                .body("drawers.find { it.drawer == '" + drawer + "' }.corrections[0].countedCash", equalTo(20.0f));
        refusedAsPermanent("update day_close set counted_cash = 20.00 where id = ?1", UUID.fromString(close));
        // a closed day's payment is not voided; its money goes back by a refund today
        String closedDayPayment = given().auth().oauth2(Tokens.billing()).queryParam("locationId", d.location())
                .queryParam("date", today).when().get("/api/v1/payments").then().statusCode(200)
                .extract().path("find { it.drawer == '" + drawer + "' && it.method == 'check' }.id");
        voidIt(Tokens.billing(), closedDayPayment, "wrong patient").statusCode(409).body("type", containsString("day-closed"));
        close(cashier, d.location(), LocalDate.now(ZONE).plusDays(1).toString(), "0.00", null).statusCode(400);
    }

    private static String cashierName(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return io.restassured.path.json.JsonPath.from(payload).getString("sub");
    }

    private static ValidatableResponse close(String token, String location, String day, String counted, String drawer) {
        Map<String, Object> body = new HashMap<>();
        body.put("countedCash", counted);
        if (drawer != null) {
            body.put("drawer", drawer);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/locations/" + location + "/days/" + day + "/close").then();
    }
}
