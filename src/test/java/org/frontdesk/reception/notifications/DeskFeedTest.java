package org.frontdesk.reception.notifications;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.frontdesk.reception.scheduling.Scheduling;
import org.frontdesk.reception.security.Tokens;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The desk's live feed: a screen connected to a location's stream sees its day list rows change
 * (a booking, an arrival, a payment), sees nothing of other locations, and a screen that comes
 * back with Last-Event-ID gets what it missed, in order. Role-checked; bad input is a 4xx.
 */
@QuarkusTest
class DeskFeedTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    /** One SSE event as the screen got it. */
    record Event(String id, String name, String data) {
    }

    /** A screen's connection: events as they arrive, read on a thread of its own. */
    static final class Screen implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final int status;
        private final java.io.InputStream body;

        Screen(String url, String token, String lastEventId) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                r.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<java.io.InputStream> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = response.body();
            if (status != 200) {
                return;
            }
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String id = null;
                    String name = null;
                    StringBuilder data = new StringBuilder();
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.isEmpty()) {
                            if (data.length() > 0 || name != null) {
                                events.add(new Event(id, name, data.toString()));
                            }
                            id = null;
                            name = null;
                            data.setLength(0);
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).trim());
                        }
                    }
                } catch (Exception closed) {
                    // the screen went away
                }
            }, "test-screen");
            reader.setDaemon(true);
            reader.start();
        }

        Event next() throws InterruptedException {
            Event e = events.poll(20, TimeUnit.SECONDS);
            assertNotNull(e, "no event came");
            return e;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private String feed(String location) {
        return base.toString() + "api/v1/locations/" + location + "/events";
    }

    private static String book(String location, String practitioner, String type, int hour) {
        String start = ZonedDateTime.of(LocalDate.now(CHICAGO).plusDays(2), LocalTime.of(hour, 0), CHICAGO).toInstant()
                .toString();
        return Scheduling.post("/api/v1/appointments", Scheduling.booking(Scheduling.patient(), practitioner, location,
                type, start), Tokens.frontDesk());
    }

    @Test
    void aScreenSeesItsLocationsRowsChangeAndResumesWithoutLossAfterAGap() throws Exception {
        String location = Scheduling.location(CHICAGO.getId());
        String elsewhere = Scheduling.location(CHICAGO.getId());
        String practitioner = Scheduling.practitioner();
        Scheduling.everyDay(practitioner, location, "07:00", "19:00");
        Scheduling.everyDay(practitioner, elsewhere, "07:00", "19:00");
        String type = Scheduling.visitType(20, 0, 0);
        String lastSeen;
        try (Screen screen = new Screen(feed(location), Tokens.frontDesk(), null)) {
            assertEquals(200, screen.status);
            book(elsewhere, practitioner, type, 8); // another location's: not on this screen
            String booked = book(location, practitioner, type, 9);
            Event e = screen.next();
            assertEquals("booked", e.name());
            assertTrue(e.data().contains("\"appointmentId\":\"" + booked + "\""), e.data());
            assertTrue(e.data().contains("\"row\":{"), "the row as the day list shows it: " + e.data());
            assertTrue(e.data().contains("\"visitType\":\"20 minute visit\""), e.data());
            lastSeen = e.id();
        }
        // while the screen is away: an arrival and a payment on the visit
        String second = book(location, practitioner, type, 10);
        given().auth().oauth2(Tokens.frontDesk()).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/api/v1/appointments/" + second + "/arrive").then().statusCode(200);
        try (Screen back = new Screen(feed(location), Tokens.frontDesk(), lastSeen)) {
            List<Event> missed = new ArrayList<>();
            missed.add(back.next());
            missed.add(back.next());
            assertEquals(List.of("booked", "arrived"), missed.stream().map(Event::name).toList());
            assertTrue(missed.get(1).data().contains("\"status\":\"arrived\""), missed.get(1).data());
            assertTrue(Long.parseLong(missed.get(0).id()) > Long.parseLong(lastSeen));
            assertTrue(Long.parseLong(missed.get(1).id()) > Long.parseLong(missed.get(0).id()));
            // and it goes on live
            String third = book(location, practitioner, type, 11);
            Event live = back.next();
            assertTrue(live.data().contains(third), live.data());
        }
    }

    @Test
    void theFeedIsRoleCheckedAndBadInputIsA4xx() throws Exception {
        String location = Scheduling.location(CHICAGO.getId());
        try (Screen billing = new Screen(feed(location), Tokens.billing(), null)) {
            assertEquals(403, billing.status);
        }
        try (Screen ehr = new Screen(feed(location), Tokens.ehr(), null)) {
            assertEquals(403, ehr.status);
        }
        try (Screen unknown = new Screen(feed(UUID.randomUUID().toString()), Tokens.frontDesk(), null)) {
            assertEquals(404, unknown.status);
        }
        try (Screen bad = new Screen(feed(location), Tokens.frontDesk(), "yesterday")) {
            assertEquals(400, bad.status);
        }
        // an id we never sent (ahead of every change): the screen is told to reload, then goes on
        try (Screen ahead = new Screen(feed(location), Tokens.frontDesk(), "999999999")) {
            assertEquals(200, ahead.status);
            assertEquals("reset", ahead.next().name());
        }
    }
}
