package org.frontdesk.reception.security;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Gives every REST Assured call in the tests a fitting token unless the test chose one:
 * an EHR system with every scope on {@code /fhir}, an admin on {@code /api/v1/audit}, the
 * front desk elsewhere. A test that means to call anonymously sends {@code X-Test-Anonymous}.
 */
public class DefaultTokens implements QuarkusTestBeforeEachCallback, Filter {

    public static final String ANONYMOUS = "X-Test-Anonymous";
    private static volatile boolean installed;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!installed) {
            synchronized (DefaultTokens.class) {
                if (!installed) {
                    RestAssured.filters(new DefaultTokens());
                    installed = true;
                }
            }
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext ctx) {
        if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
            request.removeHeader(ANONYMOUS);
        } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            String path = request.getURI().replaceFirst("^https?://[^/]+", "");
            String token = path.startsWith("/fhir") ? Tokens.ehr()
                    : path.startsWith("/api/v1/audit") ? Tokens.admin() : Tokens.frontDesk();
            request.header("Authorization", "Bearer " + token);
        }
        return ctx.next(request, response);
    }
}
