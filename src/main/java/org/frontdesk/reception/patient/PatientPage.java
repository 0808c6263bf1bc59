package org.frontdesk.reception.patient;

import java.util.List;

/** One page of patients, in a stable order (name, birth date, id). */
record PatientPage(List<PatientView> items, int page, int size, long total) {
}
