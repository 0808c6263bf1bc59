package org.frontdesk.reception.shared;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Picks the renderer of the face a request came in on. */
@ApplicationScoped
public class Errors {

    @Inject Instance<ErrorRenderer> renderers;
    @Inject ProblemJsonRenderer problemJson;

    public Response render(Problem problem, String path, HttpHeaders headers) {
        String p = path == null ? "" : (path.startsWith("/") ? path.substring(1) : path);
        for (ErrorRenderer r : renderers) {
            if (r.renders(p)) {
                return r.render(problem, headers);
            }
        }
        return problemJson.render(problem);
    }
}
