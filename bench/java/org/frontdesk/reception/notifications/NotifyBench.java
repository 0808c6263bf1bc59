package org.frontdesk.reception.notifications;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commit-to-notification latency under load (issue 18), run by bench/notifications.sh with
 * {@code java NotifyBench.java}: it is the EHR (an HTTP server taking notifications for its
 * subscriptions) and the desk screens (SSE connections), and it books at a constant rate.
 * Latency is the time from the change's own timestamp (taken in the changing transaction, just
 * before its commit) to its arrival, on the same machine's clock. It also checks that each
 * subscription's event numbers arrive without gaps.
 *
 * <p>Arguments, as key=value: base, ehrToken, deskToken, locations (comma-separated),
 * practitioners (location:practitioner,... ), patient, type, firstDay, port, subscriptions, sse,
 * rate, seconds, content (id-only|full-resource|mixed).
 */
public class NotifyBench {

    private static final Pattern EVENT = Pattern.compile(
            "\"name\":\"event-number\",\"valueString\":\"(\\d+)\"\\},\\{\"name\":\"timestamp\",\"valueInstant\":\"([^\"]+)\"");
    private static final Pattern SUB = Pattern.compile("/Subscription/([0-9a-f-]{36})\"");
    private static final Pattern TYPE = Pattern.compile("\"name\":\"type\",\"valueCode\":\"([a-z-]+)\"");
    private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new ConcurrentHashMap<>();
        for (String s : argv) {
            a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        String base = a.get("base");
        String[] locations = a.get("locations").split(",");
        String[] practitioners = a.get("practitioners").split(",");
        int subscriptions = Integer.parseInt(a.get("subscriptions"));
        int sse = Integer.parseInt(a.get("sse"));
        int rate = Integer.parseInt(a.get("rate"));
        int seconds = Integer.parseInt(a.get("seconds"));
        int port = Integer.parseInt(a.get("port"));
        String content = a.getOrDefault("content", "mixed");

        // the EHR: takes notifications, keeps each event's latency and number
        List<Long> notifyMs = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Long>> numbers = new ConcurrentHashMap<>();
        AtomicInteger handshakes = new AtomicInteger();
        AtomicInteger posts = new AtomicInteger();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/ehr", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.currentTimeMillis();
            String text = new String(body, StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            posts.incrementAndGet();
            Matcher type = TYPE.matcher(text);
            Matcher sub = SUB.matcher(text);
            if (!type.find() || !sub.find()) {
                return;
            }
            if (type.group(1).equals("handshake")) {
                handshakes.incrementAndGet();
                return;
            }
            Matcher e = EVENT.matcher(text);
            while (e.find()) {
                numbers.computeIfAbsent(sub.group(1), k -> new CopyOnWriteArrayList<>()).add(Long.parseLong(e.group(1)));
                long at = Instant.parse(e.group(2)).toEpochMilli();
                if (at >= measuring.get()) {
                    notifyMs.add(now - at);
                }
            }
        });
        server.start();

        // the subscriptions: one topic (every appointment change) per subscription, each on one location
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < subscriptions; i++) {
            String location = locations[i % locations.length];
            String c = content.equals("mixed") ? (i % 2 == 0 ? "id-only" : "full-resource") : content;
            String json = """
                    {"resourceType":"Subscription","status":"requested","reason":"bench",
                     "criteria":"http://frontdesk.example.org/fhir/SubscriptionTopic/appointment-changed",
                     "_criteria":{"extension":[{"url":"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria","valueString":"Appointment?location=Location/%s"}]},
                     "channel":{"type":"rest-hook","endpoint":"http://localhost:%d/ehr/%d","payload":"application/fhir+json",
                      "_payload":{"extension":[{"url":"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content","valueCode":"%s"}]}}}"""
                    .formatted(location, port, i, c);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/fhir/Subscription"))
                    .header("Authorization", "Bearer " + a.get("ehrToken")).header("Content-Type", "application/fhir+json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("subscribe: " + r.statusCode() + " " + r.body());
            }
            Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(r.body());
            m.find();
            ids.add(m.group(1));
        }
        long until = System.currentTimeMillis() + 30_000;
        while (handshakes.get() < subscriptions && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        System.out.println("subscriptions=" + subscriptions + " handshakes=" + handshakes.get());

        // the desk screens: sse connections spread over the locations
        List<Long> deskMs = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger connected = new AtomicInteger();
        List<InputStream> open = new CopyOnWriteArrayList<>();
        AtomicLong deskEvents = new AtomicLong();
        for (int i = 0; i < sse; i++) {
            String location = locations[i % locations.length];
            boolean timed = i < locations.length * 2; // two screens a location are timed; every one is read
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/locations/" + location + "/events"))
                    .header("Authorization", "Bearer " + a.get("deskToken")).header("Accept", "text/event-stream").build();
            HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofInputStream()).thenAccept(resp -> {
                if (resp.statusCode() != 200) {
                    System.out.println("sse: HTTP " + resp.statusCode());
                    return;
                }
                connected.incrementAndGet();
                open.add(resp.body());
                Thread t = new Thread(() -> {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.startsWith("data:")) {
                                deskEvents.incrementAndGet();
                                if (!timed) {
                                    continue;
                                }
                                long now = System.currentTimeMillis();
                                Matcher m = AT.matcher(line);
                                if (m.find()) {
                                    long at = Instant.parse(m.group(1)).toEpochMilli();
                                    if (at >= measuring.get()) {
                                        deskMs.add(now - at);
                                    }
                                }
                            }
                        }
                    } catch (Exception closed) {
                        // done
                    }
                });
                t.setDaemon(true);
                t.start();
            });
        }
        until = System.currentTimeMillis() + 30_000;
        while (connected.get() < sse && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        System.out.println("sse connections=" + connected.get());

        // the load: bookings at a constant rate, each a distinct 5-minute slot
        LocalDate first = LocalDate.parse(a.get("firstDay"));
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Long> bookMs = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
        long periodNanos = 1_000_000_000L / rate;
        int warmSeconds = Integer.parseInt(a.getOrDefault("warmup", "30"));
        int warm = rate * warmSeconds;
        int total = warm + rate * seconds;
        long[] cpu0 = new long[2];
        long[] cpu1 = new long[2];
        AtomicInteger okAtStart = new AtomicInteger(-1);
        pace.scheduleAtFixedRate(() -> {
            int k = sent.getAndIncrement();
            if (k >= total) {
                return;
            }
            if (k == warm) {
                measuring.set(System.currentTimeMillis());
                long[] c = cpu(a.get("appPid"), a.get("pgPids"));
                cpu0[0] = c[0];
                cpu0[1] = c[1];
                okAtStart.set(ok.get());
            }
            if (k == total - 1) {
                long[] c = cpu(a.get("appPid"), a.get("pgPids"));
                cpu1[0] = c[0];
                cpu1[1] = c[1];
            }
            String[] pl = practitioners[k % practitioners.length].split(":");
            int slot = k / practitioners.length;
            Instant start = first.plusDays(slot / 287).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    .plus(Duration.ofMinutes((slot % 287) * 5L));
            String json = """
                    {"patientId":"%s","practitionerId":"%s","locationId":"%s","visitTypeId":"%s","start":"%s"}"""
                    .formatted(a.get("patient"), pl[1], pl[0], a.get("type"), start);
            long t0 = System.nanoTime();
            boolean timedBooking = k >= warm;
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/appointments"))
                            .header("Authorization", "Bearer " + a.get("deskToken")).header("Content-Type", "application/json")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        if (e == null && r.statusCode() == 201) {
                            ok.incrementAndGet();
                            if (timedBooking) {
                                bookMs.add((System.nanoTime() - t0) / 1_000_000);
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(100);
        }
        pace.shutdown();
        // let the last deliveries arrive
        long expected = (long) ok.get();
        until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            long delivered = numbers.values().stream().mapToLong(List::size).sum();
            if (delivered >= expected * subscriptions / locations.length && ok.get() + failed.get() >= total) {
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        long gaps = 0;
        long duplicates = 0;
        for (List<Long> got : numbers.values()) {
            List<Long> sorted = new ArrayList<>(got);
            Collections.sort(sorted);
            for (int i = 1; i < sorted.size(); i++) {
                long d = sorted.get(i) - sorted.get(i - 1);
                if (d == 0) {
                    duplicates++;
                } else if (d > 1) {
                    gaps += d - 1;
                }
            }
            if (!sorted.isEmpty() && sorted.get(0) != 1) {
                gaps += sorted.get(0) - 1;
            }
        }
        long measured = Math.max(1, (long) rate * seconds);
        System.out.printf("bookings sent=%d ok=%d failed=%d booking_p50_ms=%d booking_p99_ms=%d app_cpu_us=%d pg_cpu_us=%d%n",
                total, ok.get(), failed.get(), pct(bookMs, 50), pct(bookMs, 99), (cpu1[0] - cpu0[0]) * 1000 / measured,
                (cpu1[1] - cpu0[1]) * 1000 / measured);
        System.out.printf("notifications posts=%d events=%d measured=%d gaps=%d duplicates=%d p50_ms=%d p99_ms=%d max_ms=%d%n",
                posts.get(), numbers.values().stream().mapToLong(List::size).sum(), notifyMs.size(), gaps, duplicates,
                pct(notifyMs, 50), pct(notifyMs, 99), pct(notifyMs, 100));
        System.out.printf("desk events=%d timed=%d connections=%d p50_ms=%d p99_ms=%d max_ms=%d%n", deskEvents.get(),
                deskMs.size(), connected.get(),
                pct(deskMs, 50), pct(deskMs, 99), pct(deskMs, 100));
        for (InputStream in : open) {
            in.close();
        }
        server.stop(0);
        System.exit(0);
    }

    /** CPU (user + system, ms) so far of the app's process and of the PostgreSQL processes. */
    private static long[] cpu(String appPid, String pgPids) {
        long tick = 10; // ms per clock tick (CLK_TCK 100)
        long app = ticks(appPid) * tick;
        long pg = 0;
        // every postgres process now (the server and its backends; the pool's connections live long)
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        for (java.io.File proc : procs == null ? new java.io.File[0] : procs) {
            try {
                String stat = java.nio.file.Files.readString(proc.toPath().resolve("stat"));
                if (stat.contains("(postgres)")) {
                    pg += ticks(proc.getName()) * tick;
                }
            } catch (Exception gone) {
                // exited
            }
        }
        return new long[] {app, pg};
    }

    private static long ticks(String pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (Exception gone) {
            return 0;
        }
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }
}
