package org.frontdesk.reception.reminders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The messaging provider signs each reply it posts: the hex HMAC-SHA256 of the body with a secret
 * shared out of band ({@code reception.reminders.http.webhook-secret}, from the environment). A
 * messaging token alone can't make a patient cancel a visit; without a configured secret no reply
 * is taken.
 */
@ApplicationScoped
class ReplySignature {

    @Inject RemindersConfig config;

    void verify(byte[] body, String signed) {
        String secret = config.http().webhookSecret().filter(s -> !s.isBlank()).orElseThrow(() -> new ProblemException(
                Problem.of(503, "/problems/replies-not-configured", "Replies not accepted",
                        "No webhook secret is configured (reception.reminders.http.webhook-secret), so no reply can be "
                                + "verified.")));
        String given = signed == null ? "" : signed.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("^sha256=", "");
        byte[] expected = sign(secret, body == null ? new byte[0] : body);
        byte[] actual;
        try {
            actual = HexFormat.of().parseHex(given);
        } catch (IllegalArgumentException e) {
            actual = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new ProblemException(Problem.of(401, "/problems/bad-signature", "Unsigned reply",
                    "The reply's " + ReminderResource.SIGNATURE + " is missing or does not match its body."));
        }
    }

    static byte[] sign(String secret, byte[] body) {
        return org.frontdesk.reception.shared.Hmac.sha256(secret, body);
    }
}
