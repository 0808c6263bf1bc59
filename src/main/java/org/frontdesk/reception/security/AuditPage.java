package org.frontdesk.reception.security;

import java.util.List;

/** One page of audit records, newest first. */
public record AuditPage(List<AuditView> items, int page, int size, long total) {
}
