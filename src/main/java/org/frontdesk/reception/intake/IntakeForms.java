package org.frontdesk.reception.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.frontdesk.reception.security.Actors;
import org.frontdesk.reception.shared.Criteria;
import org.frontdesk.reception.shared.ETags;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.frontdesk.reception.shared.Where;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Publishing intake forms, the same for every face: a form passes our checks, is named by its
 * {@code url|version} for ever (the database's unique key decides a race), and once active or
 * retired only its status may change: a new wording is a new version.
 */
@ApplicationScoped
class IntakeForms {

    private static final String UNIQUE_VIOLATION = "23505";

    @Inject IntakeFhirValidator validator;
    @Inject EntityManager em;
    @Inject Actors actors;
    @Inject Clock clock;

    @Transactional
    IntakeForm publish(String json) {
        IntakeFhirValidator.CheckedForm c = validator.form(json);
        if (byCanonical(c.url() + "|" + c.version()).isPresent()) {
            throw exists(c.url() + "|" + c.version());
        }
        IntakeForm f = new IntakeForm();
        f.id = UUID.randomUUID();
        Instant now = clock.instant();
        f.createdAt = now;
        f.createdBy = actors.current();
        copy(c, f);
        f.persist();
        flush(f);
        return f;
    }

    /** A change of a form: of its status once published; of anything but its url and version while a draft. */
    @Transactional
    IntakeForm update(UUID id, String json, String ifMatch) {
        IntakeForm f = get(id);
        ETags.check(ifMatch, f.version, false);
        IntakeFhirValidator.CheckedForm c = validator.form(json);
        if (!c.url().equals(f.url) || !c.version().equals(f.formVersion)) {
            throw new ProblemException(Problem.of(409, "/problems/form-renamed", "A form keeps its url and version",
                    "This form is " + f.canonical() + "; publish a new version as a new form.")
                    .withErrors(List.of(new FieldError("/version", "must stay " + f.formVersion))));
        }
        if (!f.status.equals("draft")) {
            if (c.status().equals("draft")) {
                throw published(f, "/status", "a published form can't go back to draft");
            }
            if (!validator.content(c.json()).equals(validator.content(f.body))) {
                throw published(f, "/item", "only the status of a published form may change");
            }
        }
        copy(c, f);
        flush(f);
        return f;
    }

    private void copy(IntakeFhirValidator.CheckedForm c, IntakeForm f) {
        f.url = c.url();
        f.formVersion = c.version();
        f.status = c.status();
        f.title = c.title();
        f.itemCount = c.itemCount();
        f.body = c.json();
        f.updatedAt = clock.instant();
        f.updatedBy = actors.current();
    }

    private void flush(IntakeForm f) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw exists(f.canonical());
                }
            }
            throw e;
        }
    }

    private static ProblemException exists(String canonical) {
        return new ProblemException(Problem.of(409, "/problems/form-exists", "This form version exists",
                canonical + " is already published; publish a new version.")
                .withErrors(List.of(new FieldError("/version", "is taken"))));
    }

    private static ProblemException published(IntakeForm f, String pointer, String why) {
        return new ProblemException(Problem.of(409, "/problems/form-published", "The form is published",
                f.canonical() + " is " + f.status + ": " + why + "; publish a new version.")
                .withErrors(List.of(new FieldError(pointer, why))));
    }

    IntakeForm get(UUID id) {
        return ProblemException.orNotFound(id == null ? null : IntakeForm.findById(id), "Questionnaire", id);
    }

    /**
     * The form a response or a link names: {@code url|version}, or a bare url for its latest
     * active version.
     */
    /** The forms a reference names: url|version, one; a url, all its versions. */
    List<UUID> idsNamed(String reference) {
        if (reference.contains("|")) {
            return byCanonical(reference).map(f -> List.of(f.id)).orElse(List.of());
        }
        return IntakeForm.getEntityManager().createQuery("select f.id from IntakeForm f where f.url = ?1", UUID.class)
                .setParameter(1, reference).getResultList();
    }

    Optional<IntakeForm> byCanonical(String canonical) {
        if (canonical == null || canonical.isBlank() || canonical.length() > 600) {
            return Optional.empty();
        }
        int bar = canonical.indexOf('|');
        if (bar >= 0) {
            return IntakeForm.find("url = ?1 and formVersion = ?2", canonical.substring(0, bar),
                    canonical.substring(bar + 1)).firstResultOptional();
        }
        return IntakeForm.find("url = ?1 and status = 'active' order by createdAt desc", canonical).firstResultOptional();
    }

    PageResult<IntakeForm> search(String url, String version, String status, Criteria c, int offset, int count) {
        Where w = c.applyTo(new Where(), "updatedAt").and("url = ?", url).and("formVersion = ?", version)
                .and("status = ?", status);
        return PageResult.of(IntakeForm.find(w.query() + c.orderBy(java.util.Map.of("_lastUpdated", "updatedAt"),
                "url, createdAt, id"), w.args()), offset, count);
    }
}
