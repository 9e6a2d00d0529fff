package dev.hubkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code hubkit --version}: the project version (filtered in at build time) and the JVM. */
public final class VersionProvider implements IVersionProvider {

    static final String RESOURCE = "/dev/hubkit/cli/version.properties";

    /** The version lines; picocli asks once per subcommand (they inherit them), the jar is read once. */
    private String[] lines;

    @Override
    public String[] getVersion() {
        if (lines == null) {
            lines = lines();
        }
        return lines.clone();
    }

    private static String[] lines() {
        return new String[] {
            "hubkit ".concat(version()), // no indy string concatenation: its first use costs start-up time
            "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})",
            "OS: ${os.name} ${os.version} ${os.arch}"
        };
    }

    /**
     * The hubkit version, e.g. {@code 0.1.0-SNAPSHOT}: the jar manifest's {@code Implementation-Version}, else
     * (classes run from a build folder, as in the tests) {@value #RESOURCE}. The build writes the project
     * version into both; the manifest comes first because it is already read (and, with a class-data-sharing
     * archive, archived), while the resource would be looked up in the modules and the jar on every start.
     */
    public static String version() {
        String fromManifest = Hubkit.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the hubkit jar", e);
        }
        return "unknown";
    }
}
