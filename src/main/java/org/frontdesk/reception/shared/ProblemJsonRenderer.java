package org.frontdesk.reception.shared;

import jakarta.inject.Inject;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders problems as {@code application/problem+json} (RFC 9457), the format of the {@code /api} face. */
@ApplicationScoped
public class ProblemJsonRenderer {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Inject ObjectMapper json;

    public Response render(Problem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        if (problem.detail() != null) {
            body.put("detail", problem.detail());
        }
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>();
            for (FieldError e : problem.errors()) {
                Map<String, String> one = new LinkedHashMap<>();
                if (e.pointer() != null) {
                    one.put("pointer", e.pointer());
                }
                one.put("detail", e.detail());
                errors.add(one);
            }
            body.put("errors", errors);
        }
        problem.extensions().forEach(body::putIfAbsent);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"type\":\"/problems/internal\",\"title\":\"Internal error\",\"status\":500}";
        }
        Response.ResponseBuilder builder = Response.status(problem.status()).type(MEDIA_TYPE).entity(text);
        if ((problem.status() == 429 || problem.status() == 503) && problem.extensions().get("retryAfterSeconds") != null) {
            builder.header(HttpHeaders.RETRY_AFTER, problem.extensions().get("retryAfterSeconds"));
        }
        return builder.build();
    }
}
