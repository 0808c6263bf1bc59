package org.frontdesk.reception.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "reception.intake")
public interface IntakeConfig {

    /** How long a form's link may be used after it is sent. */
    @WithDefault("P7D")
    Duration linkValidFor();

    /**
     * The frontend's page that shows a form; the message carries {@code <link-base>#t=<token>}
     * (the token in the fragment, so it never reaches a server's or proxy's log).
     */
    @WithDefault("http://localhost:5173/intake")
    String linkBase();

    /** The most items (at every level) a published form may have. */
    @WithDefault("200")
    int maxItems();

    /** The deepest nesting of items a published form may have. */
    @WithDefault("6")
    int maxDepth();

    /** The most answers one item of a response may have. */
    @WithDefault("20")
    int maxAnswers();

    /** The longest text answer kept (an item's own maxLength may be shorter). */
    @WithDefault("2000")
    int maxAnswerLength();

    /**
     * How often the card photos of links that ended unused are deleted (a Quarkus scheduler
     * interval, read by {@code IntakeCards}' schedule).
     */
    @WithDefault("1h")
    String purgeEvery();
}
