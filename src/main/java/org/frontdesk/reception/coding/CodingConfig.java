package org.frontdesk.reception.coding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/** {@code reception.coding.*}: where code files may be loaded from. */
@ConfigMapping(prefix = "reception.coding")
public interface CodingConfig {

    /**
     * Directories an admin may load code files from (a mounted volume in a cluster); a path
     * outside them is refused, so the endpoint can't be used to read other files.
     */
    @WithDefault("/var/lib/reception/code-files")
    List<String> importDirs();

    /** How often an instance checks whether another loaded a new version (its index is then rebuilt). */
    @WithDefault("60s")
    String refreshEvery();
}
