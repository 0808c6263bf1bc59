package org.frontdesk.reception.reminders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.frontdesk.reception.shared.BoundedBody;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Sends through the provider's HTTP API ({@code POST <url>/messages}, Bearer API key, our
 * reminder id as Idempotency-Key so a resend after a crash is one message). A 2xx is accepted
 * (its JSON {@code id} kept); 408, 429 and 5xx and unreachable are worth retrying; other 4xx are not.
 */
class HttpReminderSender implements ReminderSender {

    private final MessagingClient client;
    private final String authorization;
    private final ObjectMapper json = new ObjectMapper();

    public HttpReminderSender(String url, String apiKey, int timeoutMs) {
        this.client = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                .connectTimeout(timeoutMs, TimeUnit.MILLISECONDS).readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(MessagingClient.class);
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
    }

    @Override
    public Result send(Message m) {
        Response r;
        try {
            r = client.send(json.writeValueAsString(m), m.reference(), authorization);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Result.failed("the message could not be written as JSON: " + e.getOriginalMessage(), false);
        } catch (WebApplicationException e) {
            r = e.getResponse();
        } catch (ProcessingException e) {
            return Result.failed("the provider could not be reached: " + rootMessage(e), true);
        }
        try (Response answer = r) {
            int status = answer.getStatus();
            String body;
            try {
                body = java.util.Objects.requireNonNullElse(BoundedBody.read(answer, 64 * 1024), "");
            } catch (BoundedBody.TooLarge e) {
                body = "";
            }
            if (status / 100 == 2) {
                String id = null;
                try {
                    JsonNode node = json.readTree(body);
                    id = node != null && node.hasNonNull("id") ? node.get("id").asText() : null;
                } catch (Exception unreadable) {
                    // accepted all the same; we keep no provider id
                }
                return Result.accepted(id);
            }
            boolean retry = status == 408 || status == 429 || status >= 500;
            return Result.failed("the provider answered HTTP " + status + (body.isBlank() ? ""
                    : ": " + (body.length() > 300 ? body.substring(0, 300) : body)), retry);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage());
    }
}
