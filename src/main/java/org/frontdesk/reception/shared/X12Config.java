package org.frontdesk.reception.shared;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code reception.x12.*}: how the practice appears in the X12 interchanges it sends (837P, 270, 276). */
@ConfigMapping(prefix = "reception.x12")
public interface X12Config {

    /** Our interchange sender id (ISA06, GS02, submitter NM109): as the clearinghouse enrolled us. */
    @WithDefault("FRONTDESK")
    String senderId();

    /** The clearinghouse's receiver id (ISA08, GS03, receiver NM109). */
    @WithDefault("CLEARINGHOUSE")
    String receiverId();

    @WithDefault("Clearinghouse")
    String receiverName();

    @WithDefault("Billing Office")
    String contactName();

    @WithDefault("5555550100")
    String contactPhone();

    /** ISA15: true marks interchanges as test data (T), false as production (P). */
    @WithDefault("true")
    boolean test();

    /** The largest X12 file taken, uploaded or fetched from a clearinghouse (also the HTTP body limit). */
    @WithDefault("64M")
    io.quarkus.runtime.configuration.MemorySize maxFileSize();
}
