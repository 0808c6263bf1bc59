package org.frontdesk.reception.shared;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

/**
 * Which failures are "the database is away, retry" (503 with Retry-After) rather than a defect
 * (500). The restart under load itself is {@code bench/db-restart.sh}.
 */
class DatabaseUnavailableTest {

    @Test
    void connectionLossAndShutdownAreUnavailable() {
        assertTrue(ExceptionMappers.databaseUnavailable(
                new PersistenceException(new SQLException("An I/O error occurred while sending to the backend.", "08006"))));
        assertTrue(ExceptionMappers.databaseUnavailable(
                new PersistenceException(new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(ExceptionMappers.databaseUnavailable(
                new PersistenceException(new SQLException("the database system is starting up", "57P03"))));
        assertTrue(ExceptionMappers.databaseUnavailable(
                new RuntimeException(new SQLTransientConnectionException("no connection"))));
        assertTrue(ExceptionMappers.databaseUnavailable(
                new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void aCommitThatLostItsConnectionIsUnavailable() {
        // what Narayana throws when PostgreSQL goes away at commit (seen in bench/db-restart.sh)
        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(new IllegalStateException("Error trying to transactionCommit local transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        assertTrue(ExceptionMappers.databaseUnavailable(new RuntimeException(rollback)));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertFalse(ExceptionMappers.databaseUnavailable(
                new PersistenceException(new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(ExceptionMappers.databaseUnavailable(
                new PersistenceException(new SQLException("syntax error", "42601"))));
        assertFalse(ExceptionMappers.databaseUnavailable(new IllegalStateException("boom")));
    }
}
