package org.frontdesk.reception.shared;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where our outbound calls that carry PHI or credentials may go (payers, EHR subscription
 * endpoints): an https URL whose host resolves only to public addresses. The URLs come from an
 * admin or a client system, but they decide where data is sent, so a URL pointing at loopback, a
 * private network, link-local (cloud metadata) or the like is refused when it is saved and again
 * before each call (the name may resolve elsewhere later). Dev and tests lift this with their
 * own settings (a local fake).
 */
public final class OutboundUrls {

    private OutboundUrls() {
    }

    /** Why a URL may not be called, or null when it may; {@code allowInsecure} allows http and any address. */
    public static String problem(String url, boolean allowInsecure) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "must be an https URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || (allowInsecure && scheme.equals("http")))) {
            return allowInsecure ? "must be an http(s) URL" : "must be an https URL";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry a user name or password";
        }
        if (allowInsecure) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "names a host that does not resolve (" + uri.getHost() + ")";
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                return "points at a local or private address (" + a.getHostAddress() + "); it must be on the internet";
            }
        }
        return null;
    }

    /** Not loopback, any-local, link-local, site-local, multicast, carrier-grade NAT or IPv6 unique-local. */
    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return !(first == 100 && second >= 64 && second <= 127) // 100.64.0.0/10
                && first != 0 && !(first == 198 && (second == 18 || second == 19)) && first < 224;
    }
}
