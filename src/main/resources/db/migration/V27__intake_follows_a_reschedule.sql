-- A rescheduled visit keeps its intake form: its links, answers and proposed changes move to the
-- new appointment in the rescheduling transaction. A response by link names the link's visit, so
-- moving the link moves the response with it.
alter table intake_response drop constraint intake_response_of_link;
alter table intake_response add constraint intake_response_of_link foreign key (link_id, appointment_id, patient_id, form_id)
    references intake_link (id, appointment_id, patient_id, form_id) on update cascade;
