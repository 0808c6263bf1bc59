package org.frontdesk.reception.scheduling;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.frontdesk.reception.scheduling.Scheduling.booking;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class BookingTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Inject
    EntityManager em;

    /** A weekday far enough ahead to be bookable, at a local time in New York, as an ISO instant. */
    static String at(LocalDate day, int hour, int minute) {
        return ZonedDateTime.of(day, java.time.LocalTime.of(hour, minute), NEW_YORK).toInstant().toString();
    }

    static LocalDate aWeekAhead() {
        return LocalDate.now(NEW_YORK).plusDays(7);
    }

    static Response book(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).when().post("/api/v1/appointments");
    }

    record Setup(String location, String practitioner, String type) {
    }

    static Setup clinic(int minutes, int before, int after) {
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "08:00", "12:00");
        return new Setup(location, practitioner, Scheduling.visitType(minutes, before, after));
    }

    @Test
    void thirtyTwoConcurrentBookingsOfOneSlotMakeExactlyOneAppointment() throws Exception {
        Setup s = clinic(30, 0, 0);
        String start = at(aWeekAhead(), 9, 0);
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            patients.add(Scheduling.patient());
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (String p : patients) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return book(booking(p, s.practitioner(), s.location(), s.type(), start)).statusCode();
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new HashMap<>();
            for (Future<Integer> a : answers) {
                byStatus.merge(a.get(), 1, Integer::sum);
            }
            assertEquals(Map.of(201, 1, 409, 31), byStatus);
        } finally {
            pool.shutdownNow();
        }
        Number stored = (Number) em.createNativeQuery("select count(*) from appointment where practitioner_id = ?1 "
                + "and status = 'booked'").setParameter(1, UUID.fromString(s.practitioner())).getSingleResult();
        assertEquals(1, stored.intValue(), "the database holds one booking");
    }

    @Test
    void overlappingBookingGets409AndBuffersCount() {
        Setup s = clinic(30, 0, 15);
        LocalDate day = aWeekAhead();
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(day, 9, 0))).then().statusCode(201);
        // 09:30 would start inside the 15-minute buffer after the 09:00 visit
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(day, 9, 30))).then()
                .statusCode(409).body("type", equalTo("/problems/slot-taken"));
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(day, 9, 45))).then()
                .statusCode(201);
    }

    @Test
    void freeSlotsLeaveOutBookedTimeBuffersAndBlockedTime() {
        Setup s = clinic(60, 0, 0);
        LocalDate day = aWeekAhead();
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(day, 9, 0))).then().statusCode(201);
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("practitionerId", s.practitioner(), "startsAt", at(day, 10, 0), "endsAt", at(day, 11, 0),
                        "reason", "staff meeting"))
                .when().post("/api/v1/availability-exceptions").then().statusCode(201);
        List<String> starts = given().queryParam("locationId", s.location()).queryParam("visitTypeId", s.type())
                .queryParam("practitionerId", s.practitioner()).queryParam("from", day.toString())
                .queryParam("to", day.toString()).when().get("/api/v1/slots").then().statusCode(200)
                .extract().jsonPath().getList("localStart", String.class);
        assertEquals(List.of(day + "T08:00:00", day + "T11:00:00"), starts);
    }

    @Test
    void aSlotSearchWindowIsBoundedOnBothFaces() {
        Setup s = clinic(30, 0, 0);
        LocalDate day = aWeekAhead();
        given().queryParam("locationId", s.location()).queryParam("visitTypeId", s.type())
                .queryParam("from", day.toString()).queryParam("to", day.minusDays(1).toString())
                .when().get("/api/v1/slots").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("locationId", s.location()).queryParam("visitTypeId", s.type())
                .queryParam("from", day.toString()).queryParam("to", day.plusDays(400).toString())
                .when().get("/api/v1/slots").then().statusCode(400);
        String code = given().auth().oauth2(Tokens.admin()).when().get("/api/v1/visit-types").then().extract()
                .jsonPath().getString("find { it.id == '" + s.type() + "' }.code");
        given().queryParam("start", day.toString()).queryParam("end", day.minusDays(1).toString())
                .queryParam("location", s.location()).queryParam("visit-type", code)
                .when().get("/fhir/Appointment/$find").then().statusCode(400)
                .body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("spans at most"));
    }

    @Test
    void outsideTheHoursIs422() {
        Setup s = clinic(30, 0, 0);
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(aWeekAhead(), 13, 0))).then()
                .statusCode(422).body("type", equalTo("/problems/outside-hours"));
    }

    @Test
    void aHeldSlotRefusesBookingsWithoutItsTokenAndTakesOneWithIt() {
        Setup s = clinic(30, 0, 0);
        String start = at(aWeekAhead(), 10, 0);
        Response hold = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("practitionerId", s.practitioner(), "locationId", s.location(), "visitTypeId", s.type(),
                        "start", start)).when().post("/api/v1/holds");
        hold.then().statusCode(201).body("holdToken", notNullValue()).body("expiresAt", notNullValue());
        String patient = Scheduling.patient();
        book(booking(patient, s.practitioner(), s.location(), s.type(), start)).then().statusCode(409);
        Map<String, Object> withToken = new HashMap<>(booking(patient, s.practitioner(), s.location(), s.type(), start));
        withToken.put("holdToken", hold.jsonPath().getString("holdToken"));
        book(withToken).then().statusCode(201).body("status", equalTo("booked"))
                .body("id", equalTo(hold.jsonPath().getString("appointmentId")))
                .body("history.to", equalTo(List.of("pending", "booked")));
    }

    @Test
    void anExpiredHoldFreesTheSlotWithoutAnyoneActing() {
        Setup s = clinic(30, 0, 0);
        String start = at(aWeekAhead(), 11, 0);
        String held = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("practitionerId", s.practitioner(), "locationId", s.location(), "visitTypeId", s.type(),
                        "start", start)).when().post("/api/v1/holds").then().statusCode(201).extract().path("appointmentId");
        // five minutes pass
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update appointment set hold_expires_at = now() - interval '1 second' where id = ?1")
                .setParameter(1, UUID.fromString(held)).executeUpdate());
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), start)).then().statusCode(201);
        given().when().get("/api/v1/appointments/" + held).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("cancellationReason", equalTo("hold expired"));
    }

    @Test
    void theDeskDayFollowsAVisitFromBookingToCheckOut() {
        Setup s = clinic(30, 0, 0);
        LocalDate day = aWeekAhead();
        String id = book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(day, 8, 30)))
                .then().statusCode(201).extract().path("id");
        given().header("If-Match", "W/\"0\"").when().post("/api/v1/appointments/" + id + "/arrive").then()
                .statusCode(200).body("status", equalTo("arrived"));
        given().when().post("/api/v1/appointments/" + id + "/check-in").then().statusCode(200)
                .body("status", equalTo("checked-in"));
        given().when().post("/api/v1/appointments/" + id + "/check-out").then().statusCode(200)
                .body("status", equalTo("fulfilled"))
                .body("history.to", equalTo(List.of("booked", "arrived", "checked-in", "fulfilled")))
                .body("history.changedBy", hasItem("desk-user-1"));
        given().contentType(ContentType.JSON).body(Map.of("reason", "patient asked"))
                .when().post("/api/v1/appointments/" + id + "/cancel").then()
                .statusCode(409).body("type", equalTo("/problems/status-transition"));
        given().queryParam("date", day.toString()).when().get("/api/v1/locations/" + s.location() + "/day").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("fulfilled"))
                .body("[0].localStart", equalTo("08:30:00")).body("[0].mrn", notNullValue());
    }

    @Test
    void cancellingNeedsAReasonAndFreesTheSlot() {
        Setup s = clinic(30, 0, 0);
        String start = at(aWeekAhead(), 9, 30);
        String id = book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), start)).then()
                .statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/appointments/" + id + "/cancel")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/reason"));
        given().contentType(ContentType.JSON).body(Map.of("reason", "feeling better"))
                .when().post("/api/v1/appointments/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), start)).then().statusCode(201);
    }

    @Test
    void rescheduleIsAtomic() {
        Setup s = clinic(30, 0, 0);
        LocalDate day = aWeekAhead();
        String patient = Scheduling.patient();
        String id = book(booking(patient, s.practitioner(), s.location(), s.type(), at(day, 9, 0))).then()
                .statusCode(201).extract().path("id");
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(day, 10, 0))).then()
                .statusCode(201);
        given().contentType(ContentType.JSON).header("If-Match", "W/\"0\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("start", at(day, 10, 0)))
                .when().post("/api/v1/appointments/" + id + "/reschedule").then().statusCode(409);
        given().when().get("/api/v1/appointments/" + id).then().body("status", equalTo("booked"))
                .body("history", hasSize(1));
        // moving by 15 minutes overlaps its own old time: the old one is released first, in the same step
        String moved = given().contentType(ContentType.JSON).header("If-Match", "W/\"0\"")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("start", at(day, 9, 15)))
                .when().post("/api/v1/appointments/" + id + "/reschedule").then().statusCode(201)
                .body("rescheduledFrom", equalTo(id)).body("patientId", equalTo(patient))
                .extract().path("id");
        given().when().get("/api/v1/appointments/" + id).then().body("status", equalTo("cancelled"))
                .body("cancellationReason", equalTo("rescheduled"));
        given().when().get("/api/v1/appointments/" + moved).then().body("status", equalTo("booked"));
    }

    @Test
    void overbookingNeedsTheApprovingRoleAndShowsWhoApproved() {
        Setup s = clinic(30, 0, 0);
        String start = at(aWeekAhead(), 11, 30);
        book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), start)).then().statusCode(201);
        Map<String, Object> over = new HashMap<>(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(),
                start));
        over.put("overbookReason", "urgent: chest pain");
        book(over).then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("manager-1", "front-desk", "admin")).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body(over)
                .when().post("/api/v1/appointments").then().statusCode(201)
                .body("overbooked", equalTo(true))
                .body("overbookApprovedBy", equalTo("manager-1"))
                .body("overbookReason", equalTo("urgent: chest pain"));
    }

    @Test
    void daylightSavingDaysHaveTheirRealLengthAndBook() {
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.hours(practitioner, location, 7, "01:00", "04:00");
        String type = Scheduling.visitType(30, 0, 0);
        // the next spring-forward and fall-back Sundays in New York, whatever year the test runs in
        LocalDate springDay = null;
        LocalDate fallDay = null;
        var rules = NEW_YORK.getRules();
        for (var t = rules.nextTransition(java.time.Instant.now()); springDay == null || fallDay == null;
             t = rules.nextTransition(t.getInstant())) {
            LocalDate day = t.getInstant().atZone(NEW_YORK).toLocalDate();
            if (t.isGap() && springDay == null) {
                springDay = day;
            } else if (t.isOverlap() && fallDay == null) {
                fallDay = day;
            }
        }
        // spring: clocks jump from 02:00 to 03:00, the window 01:00-04:00 is two real hours
        List<String> spring = slots(location, type, practitioner, springDay.toString());
        assertEquals(List.of(springDay + "T06:00:00Z", springDay + "T06:30:00Z", springDay + "T07:00:00Z",
                springDay + "T07:30:00Z"), spring);
        // fall: 01:00-02:00 happens twice, the window is four real hours
        List<String> fall = slots(location, type, practitioner, fallDay.toString());
        assertEquals(8, fall.size());
        assertEquals(fallDay + "T05:00:00Z", fall.get(0));
        assertEquals(fallDay + "T08:30:00Z", fall.get(7));
        book(booking(Scheduling.patient(), practitioner, location, type, springDay + "T07:00:00Z")).then()
                .statusCode(201).body("start", equalTo(springDay + "T07:00:00Z"))
                .body("end", equalTo(springDay + "T07:30:00Z"));
        // the second 01:30 of the fall-back day
        book(booking(Scheduling.patient(), practitioner, location, type, fallDay + "T06:30:00Z")).then().statusCode(201);
        assertEquals(7, slots(location, type, practitioner, fallDay.toString()).size());
    }

    @Test
    void aNightClinicBooksAcrossMidnight() {
        String location = Scheduling.location("America/New_York");
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "22:00", "02:00");
        String type = Scheduling.visitType(60, 0, 0);
        LocalDate day = aWeekAhead();
        String start = ZonedDateTime.of(day, java.time.LocalTime.of(23, 30), NEW_YORK).toInstant().toString();
        book(booking(Scheduling.patient(), practitioner, location, type, start)).then().statusCode(201)
                .body("end", equalTo(ZonedDateTime.of(day.plusDays(1), java.time.LocalTime.of(0, 30), NEW_YORK)
                        .toInstant().toString()));
    }

    @Test
    void aCancelledTimeIsOfferedToTheFirstMatchingWaitlistEntry() {
        Setup s = clinic(30, 0, 0);
        LocalDate day = aWeekAhead();
        String booked = book(booking(Scheduling.patient(), s.practitioner(), s.location(), s.type(), at(day, 10, 30)))
                .then().statusCode(201).extract().path("id");
        String first = Scheduling.patient();
        String second = Scheduling.patient();
        for (String p : List.of(first, second)) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("patientId", p, "practitionerId", s.practitioner(), "locationId", s.location(),
                            "visitTypeId", s.type(), "earliest", at(day, 8, 0), "latest", at(day, 12, 0)))
                    .when().post("/api/v1/waitlist").then().statusCode(201).body("status", equalTo("waitlist"));
        }
        given().contentType(ContentType.JSON).body(Map.of("reason", "patient travelling"))
                .when().post("/api/v1/appointments/" + booked + "/cancel").then().statusCode(200);
        Response offers = given().queryParam("patientId", first).when().get("/api/v1/appointments");
        offers.then().statusCode(200);
        List<Map<String, Object>> pending = offers.jsonPath().getList("findAll { it.status == 'pending' }");
        assertEquals(1, pending.size(), "the first waitlist entry got the freed time");
        assertEquals(at(day, 10, 30), pending.get(0).get("start"));
        given().queryParam("patientId", second).when().get("/api/v1/appointments").then()
                .body("status", not(hasItem("pending")));
        // someone else can't take the offered time without the token
        book(booking(second, s.practitioner(), s.location(), s.type(), at(day, 10, 30))).then().statusCode(409);
        Map<String, Object> accept = new HashMap<>(booking(first, s.practitioner(), s.location(), s.type(),
                at(day, 10, 30)));
        accept.put("holdToken", pending.get(0).get("holdToken"));
        book(accept).then().statusCode(201).body("status", equalTo("booked"));
        given().queryParam("patientId", first).when().get("/api/v1/appointments").then()
                .body("status", hasItem("booked")).body("status", not(hasItem("waitlist")));
    }

    static List<String> slots(String location, String type, String practitioner, String day) {
        return given().queryParam("locationId", location).queryParam("visitTypeId", type)
                .queryParam("practitionerId", practitioner).queryParam("from", day).queryParam("to", day)
                .when().get("/api/v1/slots").then().statusCode(200).extract().jsonPath().getList("start", String.class);
    }

    @Test
    void aPatientsAppointmentsAreListedAndUnknownOnesAre404() {
        Setup s = clinic(30, 0, 0);
        String patient = Scheduling.patient();
        book(booking(patient, s.practitioner(), s.location(), s.type(), at(aWeekAhead(), 8, 0))).then().statusCode(201);
        given().queryParam("patientId", patient).when().get("/api/v1/appointments").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].status", not(equalTo("cancelled")));
        given().when().get("/api/v1/appointments/" + UUID.randomUUID()).then().statusCode(404);
    }
}
